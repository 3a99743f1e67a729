"""`/api/v1/places/{id}/briefing`: a place's briefing (the facts of its dossier) as JSON —
the tie's periods, agreements, open and overdue commitments, last engagements with the
people met, people in office, shared networks, activity by year, and the sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from citydip.analytics.briefing import MAX_LAST, briefing
from citydip.web.deps import DB, Reader

router = APIRouter(tags=["places"])
Review = Annotated[
    Literal["accepted", "proposed", "rejected", "all"],
    Query(description="review state of the records shown ('all': every state)"),
]


@router.get("/places/{place_id}/briefing", summary="A place's briefing dossier, as data")
def get_briefing(
    session: DB,
    who: Reader,
    place_id: Annotated[int, Path(ge=1, description="the place's id")],
    today: Annotated[dt.date | None, Query(description="as of this day")] = None,
    review: Review = "accepted",
    last: Annotated[int, Query(ge=1, le=MAX_LAST, description="engagements listed")] = 10,
) -> dict[str, Any]:
    found = briefing(session, place_id, today, review, last)
    return {
        "ok": True,
        **dataclasses.asdict(found),
        "html": f"/places/{place_id}/dossier",
        "pdf": f"/places/{place_id}/dossier.pdf",
    }
