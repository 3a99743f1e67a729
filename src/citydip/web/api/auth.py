"""`/api/v1/me` and `/api/v1/tokens`: who is calling, and API tokens for scripts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from citydip.services import accounts
from citydip.web.deps import DB, Reader

router = APIRouter(tags=["accounts"])


class NewToken(BaseModel):
    name: str = Field("script", min_length=1, max_length=100, description="what it is for")

    @field_validator("name")
    @classmethod
    def _printable(cls, name: str) -> str:
        if any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF for ch in name) or not name.strip():
            raise PydanticCustomError("printable", "a name of printable characters, please")
        return name


@router.get("/me", summary="The signed-in user")
def me(who: Reader) -> dict[str, Any]:
    user = {"username": who.user.username, "role": who.user.role}
    return {"ok": True, "user": user, "by_token": who.by_token}


@router.post("/tokens", status_code=201, summary="Make an API token (shown once)")
def new_token(session: DB, who: Reader, body: NewToken | None = None) -> dict[str, Any]:
    user = session.merge(who.user)
    row, token = accounts.make_token(session, user, (body or NewToken()).name)
    session.commit()
    return {"ok": True, "id": row.id, "name": row.name, "token": token}
