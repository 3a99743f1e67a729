"""What routes depend on: the registry session, the signed-in user, roles, CSRF, language."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from citydip.errors import AuthError, ForbiddenError
from citydip.i18n import LANGS, best_language
from citydip.services import accounts
from citydip.store.accounts import User
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp
from citydip.web.signed_in import SignedIn

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


def registry(request: Request) -> Registry:
    reg: Registry = request.app.state.registry
    return reg


async def db(request: Request) -> AsyncIterator[Session]:
    """A session for this request; routes that write call `session.commit()` themselves.

    On the event loop (not the thread pool, as a plain generator's two steps would run:
    two thread hops a request): making a session does no I/O, and closing it only ends its
    transaction and hands the connection back, never waiting for one."""
    session = registry(request).sessions()
    try:
        yield session
    finally:
        session.close()


DB = Annotated[Session, Depends(db)]


def language(request: Request) -> str:
    """The language chosen in the header switch (a cookie), else the browser's."""
    chosen = request.cookies.get("lang")
    if chosen in LANGS:
        return chosen
    return best_language(request.headers.get("accept-language"))


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def check_csrf(request: Request) -> None:
    """A write from a browser session must carry the session's token (header or form)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not secrets.compare_digest(str(expected), sent):
        raise ForbiddenError(
            "the form has expired or did not come from this site (CSRF check); "
            "reload the page and try again"
        )


@dataclass
class Viewer:
    """Who is asking: the user, and whether they came with a token (no CSRF) or a cookie."""

    user: User
    by_token: bool

    @property
    def name(self) -> str:
        return self.user.username

    def stamp(self, review: str = "accepted") -> Stamp:
        return Stamp(self.user.username, dt.datetime.now(dt.UTC), review)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _token_user(session: Session, token: str) -> User:
    user = accounts.user_for_token(session, token)
    # last_used_at (at most once a minute); and always: no pooled connection is held while
    # the route waits (on the views' cache lock, 20 waiters took every connection)
    session.commit()
    return user


def _session_user(session: Session, uid: int) -> User | None:
    found = session.get(User, uid)
    session.commit()  # as above: end the read, give the connection back
    return found


def _signed_in(request: Request) -> SignedIn | None:
    """The app's memory of users found, for a read (GET, HEAD); None for a write."""
    if request.method not in ("GET", "HEAD"):
        return None
    found: SignedIn | None = getattr(request.app.state, "signed_in", None)
    return found


async def viewer(request: Request, session: DB) -> Viewer:
    """The signed-in user (session cookie) or the owner of the Bearer token; else 401.

    A read may use who a look-up found a few seconds ago (`web.signed_in`). The look-ups
    run in the thread pool: a query on the event loop that waits for a pooled connection
    would stop the requests that hold them from finishing (a deadlock).
    """
    known = _signed_in(request)
    token = _bearer(request)
    if token is not None:
        key = SignedIn.token_key(token)
        user = known.get(key) if known else None
        if user is None:
            user = await run_in_threadpool(_token_user, session, token)
            if known:
                known.put(key, user)
        request.state.user = user
        return Viewer(user, by_token=True)
    uid = request.session.get("uid")
    found = None
    if isinstance(uid, int):
        found = known.get(SignedIn.session_key(uid)) if known else None
        if found is None:
            found = await run_in_threadpool(_session_user, session, uid)
            if known and found is not None:
                known.put(SignedIn.session_key(uid), found)
    if found is None:
        raise AuthError("sign in first (or send an API token as 'Authorization: Bearer ...')")
    request.state.user = found
    await check_csrf(request)
    return Viewer(found, by_token=False)


def require(role: str) -> Callable[[Viewer], Awaitable[Viewer]]:
    """A dependency: the viewer, if their role is `role` or above; else 403."""

    async def dependency(who: Annotated[Viewer, Depends(viewer)]) -> Viewer:
        if not who.user.can(role):
            raise ForbiddenError(f"this needs the {role} role; you are a {who.user.role}")
        return who

    return dependency


Reader = Annotated[Viewer, Depends(require("viewer"))]
Editor = Annotated[Viewer, Depends(require("editor"))]
Admin = Annotated[Viewer, Depends(require("admin"))]


async def _language(request: Request) -> str:
    """`language` as a dependency: async, so that it runs without a thread-pool hop."""
    return language(request)


Lang = Annotated[str, Depends(_language)]
