"""`/api/v1/me` and `/api/v1/tokens`: who is calling, and API tokens for scripts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from citydip.services import accounts
from citydip.web.deps import DB, Reader

router = APIRouter(tags=["accounts"])


class NewToken(BaseModel):
    name: str = Field("script", min_length=1, max_length=100)


@router.get("/me", summary="The signed-in user")
def me(who: Reader) -> dict[str, Any]:
    return {"ok": True, "user": {"username": who.user.username, "role": who.user.role}}


@router.post("/tokens", status_code=201, summary="Make an API token (shown once)")
def new_token(body: NewToken, session: DB, who: Reader) -> dict[str, Any]:
    user = session.merge(who.user)
    row, token = accounts.make_token(session, user, body.name)
    session.commit()
    return {"ok": True, "id": row.id, "name": row.name, "token": token}
