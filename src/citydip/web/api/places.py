"""`/api/v1/places`: the places of the registry (cities, regions, countries, networks)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from citydip.errors import NotFoundError
from citydip.exchange.export import place_json
from citydip.store.listing import page_places
from citydip.store.places import Place
from citydip.web.deps import DB, Reader

router = APIRouter(tags=["places"])


@router.get("/places", summary="List places")
def list_places(
    session: DB,
    who: Reader,
    q: str | None = Query(None, description="the start of a name or alias"),
    country: str | None = None,
    level: str | None = None,
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    result = page_places(session, q, country, level, page, per_page)
    return {
        "ok": True,
        "items": [place_json(p) for p in result.items],
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
    }


@router.get("/places/{place_id}", summary="One place")
def get_place(place_id: int, session: DB, who: Reader) -> dict[str, Any]:
    place = session.get(Place, place_id)
    if place is None:
        raise NotFoundError(f"no place #{place_id}")
    return {"ok": True, "item": place_json(place)}
