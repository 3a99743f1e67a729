"""Reads may use who a token or a session stood for a few seconds ago (`web.signed_in`);
what changes a user or a token through the app's engine applies at the next request, a
change by another process within the memory's few seconds, and a write always looks the
user up afresh."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from citydip.services import accounts
from citydip.store.accounts import User
from citydip.store.engine import Registry, make_engine
from citydip.store.listing import MAX_ID

Headers = Callable[[str], dict[str, str]]


def _role(api: TestClient, headers: dict[str, str]) -> str | int:
    response = api.get("/api/v1/me", headers=headers)
    return response.json()["user"]["role"] if response.status_code == 200 else response.status_code


def _set_role_elsewhere(web_registry: Registry, name: str, role: str) -> None:
    """As another process would: through an engine of its own."""
    engine = make_engine(web_registry.engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as conn:
            conn.execute(User.__table__.update().where(User.username == name).values(role=role))
    finally:
        engine.dispose()


def test_a_role_changed_here_applies_at_the_next_request(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    headers = token_for("viewer")
    assert _role(api, headers) == "viewer"
    with web_registry.session() as session:
        user = accounts.get_user(session, "viewer")
        assert user is not None
        accounts.set_role(session, user.id, "editor")
    assert _role(api, headers) == "editor"


def test_a_revoked_token_stops_at_once(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    mine = api.get("/api/v1/tokens", headers=headers).json()["items"]
    assert _role(api, headers) == "editor"
    other = token_for("editor")
    for row in mine:
        assert api.delete(f"/api/v1/tokens/{row['id']}", headers=other).status_code == 204
    assert _role(api, headers) == 401


def test_a_change_by_another_process_applies_within_the_ttl(
    app: FastAPI, api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    app.state.signed_in.ttl = 0.3
    headers = token_for("viewer")
    assert _role(api, headers) == "viewer"
    _set_role_elsewhere(web_registry, "viewer", "editor")
    assert _role(api, headers) == "viewer"  # remembered (for reads) ...
    time.sleep(0.4)
    assert _role(api, headers) == "editor"  # ... for ttl seconds at most


def test_a_write_looks_the_user_up_afresh(
    app: FastAPI, api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    app.state.signed_in.ttl = 3600.0
    headers = token_for("editor")
    assert _role(api, headers) == "editor"
    _set_role_elsewhere(web_registry, "editor", "viewer")
    assert _role(api, headers) == "editor"  # a read: remembered
    # a write: the user is a viewer now, so 403 (not the 404 of an editor deleting nothing)
    response = api.delete(f"/api/v1/engagements/{MAX_ID}", headers=headers)
    assert response.status_code == 403, response.text


def test_signing_out_ends_the_session_at_once(client_for: Callable[[str], TestClient]) -> None:
    browser = client_for("viewer")
    assert browser.get("/api/v1/me").status_code == 200
    page = browser.get("/")
    assert page.status_code == 200
    out = browser.post("/logout", follow_redirects=False)
    assert out.status_code in (302, 303), out.text
    assert browser.get("/api/v1/me").status_code == 401
