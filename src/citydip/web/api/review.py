"""`/api/v1/review`: accept or reject proposed records, one or many."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from citydip.services import editing
from citydip.store.listing import MAX_ID
from citydip.web.api.records import RecordId, record_out
from citydip.web.deps import DB, Editor

router = APIRouter(tags=["review"])
State = Literal["proposed", "accepted", "rejected"]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class OneReview(BaseModel):
    state: State
    version: int | None = Field(None, description="fail with 409 if the record changed since")


class ManyReview(BaseModel):
    ids: list[Id] = Field(min_length=1, max_length=5000)
    state: State


@router.post("/records/{record_id}/review", summary="Accept, reject or re-propose a record")
def review_one(record_id: RecordId, body: OneReview, session: DB, who: Editor) -> dict[str, Any]:
    record = editing.set_review(session, record_id, body.state, who.stamp(), body.version)
    session.commit()
    return {"ok": True, "item": record_out(session, record)}


@router.post(
    "/review",
    summary="Set the review state of many records at once (all or none: 404 if one is missing)",
)
def review_many(body: ManyReview, session: DB, who: Editor) -> dict[str, Any]:
    n = editing.review_many(session, body.ids, body.state, who.stamp())
    session.commit()
    return {"ok": True, "updated": n}
