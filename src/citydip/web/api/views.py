"""`/api/v1/stats`, `/map`, `/network`, `/timeline`: the views' data as JSON (the charts,
the map and the graph draw from these; the pages render the same analytics results).

Codes come with their labels in the asked-for language, places with their name in it
(where the registry has one) and with the URL of their partner page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from citydip.analytics import dashboard, geo, network, timeline
from citydip.analytics.briefs import PlaceBrief, RecordBrief
from citydip.analytics.cache import Encoded, views_cache
from citydip.analytics.scope import home_id
from citydip.i18n import code_label, translate
from citydip.store.queries import local_names
from citydip.web.api.replies import encoded_reply
from citydip.web.deps import DB, Lang, Reader

router = APIRouter(tags=["views"])
Review = Annotated[
    Literal["accepted", "proposed", "rejected", "all"],
    Query(description="review state of the records counted ('all': every state)"),
]
Year = Annotated[int | None, Query(ge=1, le=9999)]


def place_url(place_id: int) -> str:
    return f"/places/{place_id}"


def record_url(record_id: int, partners: Iterable[PlaceBrief], home: int | None) -> str:
    """A record's place: its anchor on the page of its first partner (else the home's)."""
    first = next(iter(partners), None)
    owner = first.id if first else home
    return f"{place_url(owner)}#record-{record_id}" if owner else f"/places#record-{record_id}"


class Names:
    """Place names in a language: the registry's name in it where known, else the usual one."""

    def __init__(self, session: Session, lang: str, places: Iterable[PlaceBrief]) -> None:
        self.local = local_names(session, [p.id for p in places], lang)

    def __call__(self, place: PlaceBrief) -> str:
        return self.local.get(place.id, place.name)


def record_title(brief: RecordBrief | timeline.TimelineItem, names: Names, lang: str) -> str:
    """A record's title, else '<type> · <partners>' ('<tie type>: <event> · ...' for an
    event of a tie)."""
    if brief.title:
        return brief.title
    if isinstance(brief, timeline.TimelineItem) and brief.kind == "relationship":
        what = f"{code_label(brief.record_type, lang)}: {code_label(brief.type, lang)}"
    else:
        what = code_label(brief.type or brief.kind, lang)
    with_ = ", ".join(names(p) for p in brief.partners)
    return f"{what} · {with_}" if with_ else what


def partners_json(partners: Iterable[PlaceBrief], names: Names) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": names(p), "url": place_url(p.id)} for p in partners]


def stats_json(session: Session, stats: dashboard.Stats, lang: str) -> dict[str, Any]:
    home = home_id(session)
    briefs = [a.record for a in stats.latest] + [c.agreement for c in stats.open_commitments]
    names = Names(session, lang, [p for b in briefs for p in b.partners])
    return {
        "ok": True,
        "review": stats.review,
        "counts": {
            "relationships": stats.counts["relationship"],
            "agreements": stats.counts["agreement"],
            "engagements": stats.counts["engagement"],
            "memberships": stats.counts["membership"],
            "places": stats.places,
            "documents": stats.documents,
        },
        "review_counts": stats.review_counts,
        "by_year": [{"year": y.year, "kind": y.kind, "n": y.n} for y in stats.by_year],
        "by_region": [
            {"region": code_label(r.region, lang), "code": r.region, "n": r.n}
            for r in stats.by_region
        ],
        "by_type": [
            {"kind": t.kind, "type": t.type, "label": code_label(t.type, lang), "n": t.n}
            for t in stats.by_type
        ],
        "by_area": [
            {"area": a.area, "label": code_label(a.area, lang), "n": a.n} for a in stats.by_area
        ],
        "latest": [
            {
                "id": a.record.id,
                "kind": a.record.kind,
                "type": a.record.type,
                "title": record_title(a.record, names, lang),
                "date": a.record.date,
                "review": a.record.review_state,
                "at": a.at.isoformat(),
                "updated": a.updated,
                "by": a.by,
                "url": record_url(a.record.id, a.record.partners, home),
                "partners": partners_json(a.record.partners, names),
            }
            for a in stats.latest
        ],
        "open_commitments": [
            {
                "id": c.id,
                "text": c.text,
                "area": c.area,
                "area_label": code_label(c.area, lang),
                "due": c.due,
                "agreement": {
                    "id": c.agreement.id,
                    "type": c.agreement.type,
                    "title": record_title(c.agreement, names, lang),
                    "date": c.agreement.date,
                    "review": c.agreement.review_state,
                    "url": record_url(c.agreement.id, c.agreement.partners, home),
                    "partners": partners_json(c.agreement.partners, names),
                },
            }
            for c in stats.open_commitments
        ],
        "open_commitments_total": stats.open_commitments_total,
    }


def map_json(session: Session, data: geo.MapData, lang: str) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (points, then lines) and, apart, the places not on it."""
    names = Names(session, lang, [p.place for p in data.points] + data.unplaced)
    features: list[dict[str, Any]] = []
    for point in data.points:
        p = point.place
        features.append(
            {
                "type": "Feature",
                "id": f"place-{p.id}",
                "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
                "properties": {
                    "id": p.id,
                    "name": names(p),
                    "url": place_url(p.id),
                    "country": p.country,
                    "level": p.level,
                    "home": point.home,
                    "ties": list(point.ties),
                },
            }
        )
    for line in data.lines:
        features.append(
            {
                "type": "Feature",
                "id": f"tie-{line.id}",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [list(line.start), list(line.end)],
                },
                "properties": {
                    "id": line.id,
                    "type": line.type,
                    "since": line.since,
                    "label": code_label(line.type, lang),
                    "partner": line.partner_id,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "unplaced": [
            {"id": p.id, "name": names(p), "url": place_url(p.id), "level": p.level}
            for p in data.unplaced
        ],
    }


def network_json(session: Session, graph: network.Network, lang: str) -> dict[str, Any]:
    names = Names(session, lang, [n.place for n in graph.nodes])
    return {
        "ok": True,
        "nodes": [
            {
                "id": n.place.id,
                "label": names(n.place),
                "kind": n.kind,
                "url": place_url(n.place.id),
                "weight": n.weight,
                "level": n.place.level,
                "country": n.place.country,
            }
            for n in graph.nodes
        ],
        "edges": [
            {
                "id": f"{e.kind}-{e.source}-{e.target}",
                "source": e.source,
                "target": e.target,
                "kind": e.kind,
                "type": e.type,
                "label": code_label(e.type, lang),
                "weight": e.weight,
            }
            for e in graph.edges
        ],
        "places": graph.places,
    }


def timeline_rows(session: Session, items: list[timeline.TimelineItem], lang: str) -> list[Any]:
    """The timeline as rows for the chart and the list: date, kind, type, title, url, ..."""
    home = home_id(session)
    names = Names(session, lang, [p for i in items for p in i.partners])
    return [
        {
            "date": i.date,
            "kind": i.kind,
            "type": i.type,
            "type_label": code_label(i.type, lang),
            "title": record_title(i, names, lang),
            "url": record_url(i.record_id, i.partners, home),
            "record": i.record_id,
            "status": i.status,
            "review": i.review_state,
            "partners": partners_json(i.partners, names),
        }
        for i in items
    ]


def cached_stats(session: Session, review: str) -> dashboard.Stats:
    return views_cache.get(session, ("stats", review), lambda s: dashboard.stats(s, review))


def cached_map(
    session: Session, type_: str | None, region: str | None, year: int | None, review: str
) -> geo.MapData:
    key = ("map", type_, region, year, review)
    return views_cache.get(session, key, lambda s: geo.map_data(s, type_, region, year, review))


def cached_network(session: Session, review: str, limit: int) -> network.Network:
    key = ("network", review, limit)
    return views_cache.get(session, key, lambda s: network.network(s, review, limit))


def cached_timeline(
    session: Session,
    kind: str | None,
    type_: str | None,
    place: int | None,
    year_from: int | None,
    year_to: int | None,
    review: str,
    limit: int,
) -> timeline.Timeline:
    key = ("timeline", kind, type_, place, year_from, year_to, review, limit)
    return views_cache.get(
        session,
        key,
        lambda s: timeline.timeline(s, kind, type_, place, year_from, year_to, review, limit),
    )


def cached_years(session: Session, review: str) -> tuple[int, int] | None:
    return views_cache.get(session, ("years", review), lambda s: geo.year_range(s, review))


def _encode(content: Any) -> Encoded:
    return Encoded(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode())


def _json(
    request: Request, session: Session, key: tuple[Any, ...], build: Callable[[Session], Any]
) -> Response:
    """A view's JSON, serialised (and gzipped, when asked) once per registry generation (a
    big map is megabytes)."""
    body = views_cache.get(session, ("json", *key), lambda s: _encode(build(s)))
    return encoded_reply(request, body)


@router.get(
    "/stats",
    summary="Dashboard figures (counts by kind, year, region, type, area)",
    response_class=JSONResponse,
)
def get_stats(
    request: Request, session: DB, who: Reader, lang: Lang, review: Review = "accepted"
) -> Response:
    return _json(
        request,
        session,
        ("stats", review, lang),
        lambda s: stats_json(s, cached_stats(s, review), lang),
    )


@router.get(
    "/map", summary="The home city and its partners as GeoJSON", response_class=JSONResponse
)
def get_map(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    type: str | None = Query(None, description="a tie or engagement type code"),
    region: str | None = Query(None, description="a world region code such as east_asia"),
    year: Year = None,
    review: Review = "accepted",
) -> Response:
    type_, region_ = type or None, region or None
    return _json(
        request,
        session,
        ("map", type_, region_, year, review, lang),
        lambda s: map_json(s, cached_map(s, type_, region_, year, review), lang),
    )


@router.get(
    "/network",
    summary="Nodes and edges of the home city's network",
    response_class=JSONResponse,
)
def get_network(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    review: Review = "accepted",
    limit: int = Query(150, ge=1, le=network.MAX_NODES, description="places shown at most"),
) -> Response:
    return _json(
        request,
        session,
        ("network", review, limit, lang),
        lambda s: network_json(s, cached_network(s, review, limit), lang),
    )


@router.get(
    "/timeline",
    summary="Engagements, agreements and tie events, newest first",
    response_class=JSONResponse,
)
def get_timeline(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    kind: Literal["engagement", "agreement", "relationship"] | None = None,
    type: str | None = None,
    place: int | None = Query(None, description="id of a place taking part"),
    year_from: Year = None,
    year_to: Year = None,
    review: Review = "accepted",
    limit: int = Query(500, ge=1, le=timeline.MAX_ITEMS),
) -> Response:
    args = (kind, type or None, place, year_from, year_to, review, limit)
    return _json(
        request,
        session,
        ("timeline", *args, lang),
        lambda s: timeline_rows(s, cached_timeline(s, *args).items, lang),
    )


def labels_blob(lang: str) -> dict[str, Any]:
    """Labels for the JS of the views (charts, map, network), in a page's JSON script."""
    t = translate
    kinds = {k: code_label(k, lang) for k in dashboard.KINDS}
    return {
        "charts": {
            "year": t("views.year", lang),
            "count": t("views.count", lang),
            "region": t("views.region", lang),
            "type": t("views.type", lang),
            "area": t("views.area", lang),
            "kind": t("views.kind", lang),
            "date": t("views.date", lang),
            "title": t("views.title", lang),
            "error": t("views.chart_error", lang),
            "empty": t("views.no_data", lang),
            "kinds": kinds,
            "types": {},
        },
        "map": {
            "legend": t("views.map.legend", lang),
            "home": t("views.home_city", lang),
            "city": t("views.partner_place", lang),
            "outlines": t("views.map.outlines", lang),
            "cities": t("views.map.places", lang),
            "lines": t("views.map.legend", lang),
            "osm": t("views.map.osm", lang),
            "since": t("views.since", lang),
            "error": t("views.map.error", lang),
            "empty": t("views.map.empty", lang),
            "types": {c: code_label(c, lang) for c in ("sister", "friendship", "partnership")},
        },
        "network": {
            "error": t("views.network.error", lang),
            "empty": t("views.no_data", lang),
            "kinds": {
                "home": t("views.home_city", lang),
                "partner": t("views.network.partner", lang),
                "network": t("views.network.network", lang),
                "place": t("views.network.place", lang),
            },
            "edge_kinds": {
                "tie": code_label("relationship", lang),
                "engagement": code_label("engagement", lang),
                "membership": code_label("membership", lang),
            },
        },
    }
