"""Pages of accounts: users and their roles (admins), and one's own API tokens (anyone)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from citydip.errors import InputError
from citydip.services import accounts
from citydip.store.accounts import ROLES, ApiToken
from citydip.web import forms
from citydip.web.deps import DB, Admin, Reader, Viewer

router = APIRouter()
USER_FIELDS = ("username", "password", "role")


def _users_page(
    request: Request,
    session: Session,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    ctx = {
        "users": accounts.list_users(session),
        "roles": ROLES,
        "values": values or {"username": "", "role": "viewer"},
        "errors": errors or {},
        "flash": request.session.pop("flash", None),
    }
    return request.app.state.render(request, "users.html", ctx, status=status)


@router.get("/users")
def users(request: Request, session: DB, who: Admin) -> Response:
    return _users_page(request, session)


@router.post("/users")
def add_user(
    request: Request,
    session: DB,
    who: Admin,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "viewer",
) -> Response:
    values = {"username": username, "role": role}  # never the password back
    try:
        forms.check_text({"username": username, "password": password, "role": role})
        user = accounts.add_user(session, username, password, role)
    except InputError as exc:
        session.rollback()
        errors = forms.messages(exc, USER_FIELDS)
        return _users_page(request, session, values=values, errors=errors, status=422)
    session.commit()
    request.session["flash"] = {"key": "users.flash.added", "values": {"username": user.username}}
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id:int}/role")
def change_role(
    request: Request,
    user_id: int,
    session: DB,
    who: Admin,
    role: Annotated[str, Form()] = "",
) -> Response:
    try:
        user = accounts.set_role(session, user_id, role)
    except InputError as exc:
        session.rollback()
        errors = {f"role-{user_id}": exc.message}
        return _users_page(request, session, errors=errors, status=422)
    session.commit()
    values = {"username": user.username, "role": role}
    request.session["flash"] = {"key": "users.flash.role", "values": values}
    return RedirectResponse("/users", status_code=303)


# -- API tokens -------------------------------------------------------------------------


def _tokens_page(
    request: Request,
    session: Session,
    who: Viewer,
    *,
    new: tuple[ApiToken, str] | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    ctx: dict[str, Any] = {
        "tokens": accounts.list_tokens(session, who.user),
        "new_token": new[1] if new else None,
        "new_row": new[0] if new else None,
        "values": values or {"name": ""},
        "errors": errors or {},
        "flash": request.session.pop("flash", None),
    }
    response: Response = request.app.state.render(request, "tokens.html", ctx, status=status)
    if new:
        response.headers["Cache-Control"] = "no-store"  # the token is shown this once
    return response


@router.get("/tokens")
def tokens(request: Request, session: DB, who: Reader) -> Response:
    return _tokens_page(request, session, who)


@router.post("/tokens")
def make_token(
    request: Request, session: DB, who: Reader, name: Annotated[str, Form()] = ""
) -> Response:
    try:
        forms.check_text({"name": name})
        if not name.strip() or len(name.strip()) > 100:
            raise InputError("a name of 1 to 100 characters, to tell tokens apart", field="name")
        made = accounts.make_token(session, who.user, name)
    except InputError as exc:
        session.rollback()
        errors = forms.messages(exc, ("name",))
        return _tokens_page(request, session, who, values={"name": name}, errors=errors, status=422)
    session.commit()
    return _tokens_page(request, session, who, new=made)


@router.post("/tokens/{token_id:int}/revoke")
def revoke_token(request: Request, token_id: int, session: DB, who: Reader) -> Response:
    row = accounts.revoke_token(session, who.user, token_id)
    session.commit()
    request.session["flash"] = {"key": "tokens.flash.revoked", "values": {"name": row.name}}
    return RedirectResponse("/tokens", status_code=303)
