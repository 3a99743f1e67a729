"""Places: the list with search and paging (`/places`), and a partner's page
(`/places/{id}`) with its ties, agreements, engagements, memberships, documents and the
sentences every fact came from."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from citydip.analytics import partner
from citydip.store.listing import page_places
from citydip.store.queries import local_names
from citydip.taxonomy import LEVELS
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()
Level = Literal["city", "region", "country", "organization", ""]


@router.get("/places")
def places_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    q: str | None = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    level: Level = "",
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=200),
) -> Response:
    result = page_places(session, q, country or None, level or None, page, per_page)
    local = local_names(session, [p.id for p in result.items], lang)
    query = {"q": q or "", "country": country or "", "level": level, "per_page": per_page}
    base = {k: v for k, v in query.items() if v not in ("", None)}
    ctx = {
        "places": [
            {
                "id": p.id,
                "url": f"/places/{p.id}",
                "name": local.get(p.id, p.name),
                "other_name": p.name if p.id in local else None,
                "country": p.country,
                "level": p.level,
                "mapped": p.lat is not None,
            }
            for p in result.items
        ],
        "result": result,
        "filters": query,
        "levels": LEVELS,
        "page_url": lambda n: "/places?" + urlencode(base | {"page": n}),
    }
    return request.app.state.render(request, "places.html", ctx, block="results")


def _names(session: Session, dossier: partner.Dossier, lang: str) -> dict[int, str]:
    """Names in the page's language of every place the dossier shows."""
    ids = {dossier.place.id}
    if dossier.home is not None:
        ids.add(dossier.home.id)
    for rec in (*dossier.ties, *dossier.agreements, *dossier.engagements, *dossier.memberships):
        ids.update(p.id for p in rec.partners(None))
    return local_names(session, sorted(ids), lang)


@router.get("/places/{place_id}")
def place_page(
    request: Request,
    place_id: int,
    session: DB,
    who: Reader,
    lang: Lang,
    rejected: bool = False,
    engagements: int = Query(50, ge=1, le=partner.MAX_ENGAGEMENTS),
) -> Response:
    found = partner.dossier(session, place_id, rejected, engagements)
    local = _names(session, found, lang)
    home_id = found.home.id if found.home else None

    def name(place: Any) -> str:
        return str(local.get(place.id, place.name)) if place is not None else ""

    ctx = {
        "d": found,
        "name": name,
        "place_name": name(found.place),
        "others": lambda rec: [p for p in rec.partners(home_id) if p.id != place_id],
        "direction": lambda e: e.direction(home_id),
        "home_id": home_id,
        "rejected": rejected,
        "engagements_limit": engagements,
    }
    return request.app.state.render(request, "place.html", ctx)
