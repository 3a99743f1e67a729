"""`/api/v1/places`: the places of the registry (cities, regions, countries, networks)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from citydip.errors import NotFoundError
from citydip.exchange.export import place_json
from citydip.store.listing import MAX_ID, MAX_PAGE, MAX_PER_PAGE, page_places
from citydip.store.places import Place
from citydip.web.api.replies import Json
from citydip.web.deps import DB, Reader

router = APIRouter(tags=["places"])
Level = Literal["city", "region", "country", "organization"]


@router.get("/places", summary="List places", response_model=dict[str, Any])
def list_places(
    session: DB,
    who: Reader,
    q: str | None = Query(None, description="the start of a name or alias"),
    country: str | None = Query(None, description="a two-letter country code such as KR"),
    level: Level | None = None,
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Response:
    result = page_places(session, q, country, level, page, per_page)
    return Json(
        {
            "ok": True,
            "items": [place_json(p) for p in result.items],
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
            "pages": result.pages,
        }
    )


@router.get("/places/{place_id}", summary="One place", response_model=dict[str, Any])
def get_place(
    place_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: DB, who: Reader
) -> Response:
    place = session.get(Place, place_id)
    if place is None:
        raise NotFoundError(f"no place #{place_id}")
    return Json({"ok": True, "item": place_json(place)})
