"""Sign in, sign out, and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from citydip.errors import AuthError
from citydip.i18n import LANGS
from citydip.services import accounts
from citydip.web.deps import DB, check_csrf

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //evil.example or https://...)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parsed = urlparse(target)
    return "/" if parsed.scheme or parsed.netloc else target


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    render = request.app.state.render
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login")
async def login(
    request: Request,
    session: DB,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    await check_csrf(request)
    try:
        user = accounts.authenticate(session, username, password)
    except AuthError as exc:
        render = request.app.state.render
        ctx = {"next": safe_next(next), "error": str(exc), "username": username}
        return render(request, "login.html", ctx, status=401)
    session.commit()
    csrf = request.session.get("csrf")
    request.session.clear()  # a new session on sign-in (no fixation)
    request.session.update({"uid": user.id, "csrf": csrf})
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await check_csrf(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGS:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return response
