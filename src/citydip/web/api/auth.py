"""`/api/v1/me` and `/api/v1/tokens`: who is calling, and API tokens for scripts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from citydip.services import accounts
from citydip.store.accounts import ApiToken
from citydip.store.listing import MAX_ID
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


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _token_out(row: ApiToken) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "created_at": _iso(row.created_at),
        "last_used_at": _iso(row.last_used_at),
    }


@router.get("/tokens", summary="Your API tokens (names and dates; the tokens are never kept)")
def my_tokens(session: DB, who: Reader) -> dict[str, Any]:
    rows = accounts.list_tokens(session, who.user)
    return {"ok": True, "items": [_token_out(r) for r in rows]}


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke one of your API tokens")
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=MAX_ID)], session: DB, who: Reader
) -> Response:
    accounts.revoke_token(session, who.user, token_id)
    session.commit()
    return Response(status_code=204)
