"""The map (`/map`), the network (`/network`) and the timeline (`/timeline`) pages.

The map and the graph are drawn by static/map.js and network.js from the JSON API; the
pages render the filters and, from the same analytics functions, what a list can show
(places not on the map, the most connected places, the timeline's events). An HTMX request
gets the named block that its filter form replaces.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from citydip.analytics import network
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.regions import ORDER as REGION_ORDER
from citydip.errors import NotFoundError
from citydip.i18n import code_label
from citydip.store.places import Place
from citydip.taxonomy import load_taxonomy
from citydip.web.api.views import (
    Names,
    cached_map,
    cached_network,
    cached_timeline,
    cached_years,
    labels_blob,
    network_json,
    timeline_rows,
)
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()
Scope = Literal["accepted", "proposed", "rejected", "all"]
Year = Annotated[int | None, Query(ge=1, le=9999)]


def _years(session: Session, review: str) -> list[int]:
    span = cached_years(session, review)
    return list(range(span[1], span[0] - 1, -1)) if span else []


def _blob(lang: str) -> dict[str, object]:
    blob = labels_blob(lang)
    tax = load_taxonomy()
    types = {
        code: code_label(code, lang)
        for name in ("engagement_types", "agreement_types", "relationship_events")
        for code in tax.codes(name)
    }
    blob["charts"]["types"] = types
    return blob


def _blank(value: str | None) -> str | None:
    return value or None


@router.get("/map")
def map_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    type: str | None = None,
    region: str | None = None,
    year: Annotated[str | None, Query()] = None,
    review: Scope = "accepted",
) -> Response:
    year_n = int(year) if year and year.isdigit() else None
    data = cached_map(session, _blank(type), _blank(region), year_n, review)
    names = Names(session, lang, data.unplaced)
    tax = load_taxonomy()
    ctx = {
        "filters": {"type": type or "", "region": region or "", "year": year_n, "review": review},
        "tie_types": tax.codes("relationship_types"),
        "engagement_types": tax.codes("engagement_types"),
        "regions": REGION_ORDER,
        "years": _years(session, review),
        "markers": sum(1 for p in data.points if not p.home),
        "lines": len(data.lines),
        "unplaced": [
            {"id": p.id, "name": names(p), "url": f"/places/{p.id}", "level": p.level}
            for p in data.unplaced
        ],
        "labels": labels_blob(lang),
    }
    return request.app.state.render(request, "map.html", ctx, block="unplaced")


@router.get("/network")
def network_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    review: Scope = "accepted",
    limit: int = Query(150, ge=1, le=network.MAX_NODES),
) -> Response:
    graph = network_json(session, cached_network(session, review, limit), lang)
    top = [n for n in graph["nodes"] if n["kind"] != "home"][:25]
    ctx = {
        "review": review,
        "limit": limit,
        "src": "/api/v1/network?" + urlencode({"review": review, "limit": limit}),
        "nodes": len(graph["nodes"]),
        "edges": len(graph["edges"]),
        "places": graph["places"],
        "top": top,
        "labels": labels_blob(lang),
    }
    return request.app.state.render(request, "network.html", ctx)


@router.get("/timeline")
def timeline_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    kind: Literal["engagement", "agreement", "relationship", ""] = "",
    type: str | None = None,
    place: Annotated[str | None, Query()] = None,
    year_from: Annotated[str | None, Query()] = None,
    year_to: Annotated[str | None, Query()] = None,
    review: Scope = "accepted",
) -> Response:
    place_id = int(place) if place and place.isdigit() else None
    y_from = int(year_from) if year_from and year_from.isdigit() else None
    y_to = int(year_to) if year_to and year_to.isdigit() else None
    place_row = session.get(Place, place_id) if place_id is not None else None
    if place_id is not None and place_row is None:
        raise NotFoundError(f"no place #{place_id}")
    found = cached_timeline(
        session, kind or None, _blank(type), place_id, y_from, y_to, review, 300
    )
    query = {
        k: v
        for k, v in {
            "kind": kind,
            "type": type or "",
            "place": place_id,
            "year_from": y_from,
            "year_to": y_to,
            "review": review,
        }.items()
        if v not in (None, "")
    }
    place_name = None
    if place_row is not None:
        brief = PlaceBrief.of(place_row)
        place_name = Names(session, lang, [brief])(brief)
    tax = load_taxonomy()
    ctx = {
        "filters": {
            "kind": kind,
            "type": type or "",
            "place": place_id,
            "year_from": y_from,
            "year_to": y_to,
            "review": review,
        },
        "place_name": place_name,
        "type_groups": [
            ("engagement", tax.codes("engagement_types")),
            ("agreement", tax.codes("agreement_types")),
            ("relationship", tax.codes("relationship_events") + tax.codes("relationship_types")),
        ],
        "years": _years(session, review),
        "src": "/api/v1/timeline?" + urlencode(query | {"limit": 300}),
        "items": timeline_rows(session, found.items, lang),
        "more": found.more,
        "labels": _blob(lang),
    }
    return request.app.state.render(request, "timeline.html", ctx, block="results")
