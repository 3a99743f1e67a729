"""The users page (admins) and the API tokens page (anyone signed in), on both backends."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from citydip.services import accounts
from citydip.store.engine import Registry

from .conftest import csrf_of, sign_in

Client = Callable[[str | None], TestClient]
TOKEN = re.compile(r'<code id="token-value">(cdp_[A-Za-z0-9_\-]+)</code>')


def role_of(reg: Registry, username: str) -> str | None:
    with reg.session() as session:
        user = accounts.get_user(session, username)
        return user.role if user else None


def user_id(reg: Registry, username: str) -> int:
    with reg.session() as session:
        user = accounts.get_user(session, username)
        assert user is not None
        return user.id


def test_the_users_page_lists_every_user_for_an_admin(client_for: Client) -> None:
    page = client_for("admin").get("/users")
    assert page.status_code == 200
    for name in ("admin", "editor", "viewer"):
        assert f'<tr data-user="{name}">' in page.text
    assert 'id="add-user"' in page.text


def test_the_users_page_is_for_admins_only(client_for: Client, web_registry: Registry) -> None:
    for role in ("editor", "viewer"):
        client = client_for(role)
        assert client.get("/users").status_code == 403
        csrf = csrf_of(client.get("/tokens").text)
        data = {"username": "sneaky", "password": "sneaky-pass-1", "role": "admin"}
        assert client.post("/users", data={**data, "csrf_token": csrf}).status_code == 403
        target = user_id(web_registry, role)
        response = client.post(f"/users/{target}/role", data={"role": "admin", "csrf_token": csrf})
        assert response.status_code == 403
        assert role_of(web_registry, role) == role
    assert role_of(web_registry, "sneaky") is None
    anonymous = client_for(None).get("/users", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login?next=/users"


def test_an_admin_adds_a_user_who_can_then_sign_in(
    client_for: Client, web_registry: Registry, app
) -> None:
    admin = client_for("admin")
    csrf = csrf_of(admin.get("/users").text)
    data = {"username": "minji", "password": "minji-pass-1", "role": "editor", "csrf_token": csrf}
    response = admin.post("/users", data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/users"
    assert "User minji added." in admin.get("/users").text
    assert role_of(web_registry, "minji") == "editor"
    with TestClient(app, base_url="http://testserver") as newcomer:
        login = newcomer.get("/login")
        signed = newcomer.post(
            "/login",
            data={
                "username": "minji",
                "password": "minji-pass-1",
                "csrf_token": csrf_of(login.text),
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        me = newcomer.get("/api/v1/me").json()
        assert me["user"] == {"username": "minji", "role": "editor"}


def test_adding_a_user_shows_each_error_next_to_its_field(
    client_for: Client, web_registry: Registry
) -> None:
    admin = client_for("admin")
    csrf = csrf_of(admin.get("/users").text)
    short = admin.post(
        "/users",
        data={"username": "jisoo", "password": "short", "role": "viewer", "csrf_token": csrf},
    )
    assert short.status_code == 422
    assert re.search(r'id="err-password">[^<]*at least 8 characters', short.text)
    assert 'name="username" value="jisoo"' in short.text
    assert "short" not in re.findall(r'name="password"[^>]*>', short.text)[0]  # never echoed
    taken = admin.post(
        "/users",
        data={
            "username": "Editor",
            "password": "long-enough-1",
            "role": "viewer",
            "csrf_token": csrf,
        },
    )
    assert taken.status_code == 422
    assert 'id="err-username">there is already a user called &#39;Editor&#39;' in taken.text
    role = admin.post(
        "/users",
        data={"username": "x", "password": "long-enough-1", "role": "king", "csrf_token": csrf},
    )
    assert role.status_code == 422 and 'id="err-role"' in role.text
    hostile = admin.post(
        "/users",
        data={"username": "<b>bold</b>", "password": "short", "csrf_token": csrf},
    )
    assert hostile.status_code == 422
    assert 'value="&lt;b&gt;bold&lt;/b&gt;"' in hostile.text and "<b>bold</b>" not in hostile.text
    for name in ("jisoo", "x", "<b>bold</b>"):
        assert role_of(web_registry, name) is None


def test_an_admin_changes_a_role_but_never_the_last_admins(
    client_for: Client, web_registry: Registry
) -> None:
    admin = client_for("admin")
    csrf = csrf_of(admin.get("/users").text)
    viewer = user_id(web_registry, "viewer")
    response = admin.post(
        f"/users/{viewer}/role", data={"role": "editor", "csrf_token": csrf}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "viewer is now editor." in admin.get("/users").text
    assert role_of(web_registry, "viewer") == "editor"
    me = user_id(web_registry, "admin")
    refused = admin.post(f"/users/{me}/role", data={"role": "viewer", "csrf_token": csrf})
    assert refused.status_code == 422
    assert re.search(rf'id="err-role-{me}">admin is the only admin', refused.text)
    assert role_of(web_registry, "admin") == "admin"
    missing = admin.post("/users/99999/role", data={"role": "viewer", "csrf_token": csrf})
    assert missing.status_code == 404


def test_a_token_made_on_the_tokens_page_works_once_shown(
    client_for: Client, api: TestClient
) -> None:
    client = client_for("viewer")
    page = client.get("/tokens")
    assert page.status_code == 200 and 'id="no-tokens"' in page.text
    made = client.post("/tokens", data={"name": "my script", "csrf_token": csrf_of(page.text)})
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    found = TOKEN.search(made.text)
    assert found
    token = found.group(1)
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["user"] == {"username": "viewer", "role": "viewer"}
    again = client.get("/tokens")
    assert token not in again.text and "<td>my script</td>" in again.text  # shown only once


def test_a_revoked_token_stops_working(client_for: Client, api: TestClient) -> None:
    client = client_for("editor")
    made = client.post(
        "/tokens", data={"name": "old", "csrf_token": csrf_of(client.get("/tokens").text)}
    )
    found = TOKEN.search(made.text)
    assert found
    headers = {"Authorization": f"Bearer {found.group(1)}"}
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    token_id = re.findall(r'<tr data-token="(\d+)">', made.text)[-1]
    csrf = csrf_of(made.text)
    response = client.post(
        f"/tokens/{token_id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert response.status_code == 303
    assert "Token &#39;old&#39; revoked." in client.get("/tokens").text
    assert api.get("/api/v1/me", headers=headers).status_code == 401


def test_nobody_revokes_another_users_token(
    client_for: Client, api: TestClient, token_for, web_registry: Registry
) -> None:
    headers = token_for("admin")
    with web_registry.session() as session:
        admin = accounts.get_user(session, "admin")
        assert admin is not None
        ids = [row.id for row in accounts.list_tokens(session, admin)]
    assert len(ids) == 1
    client = client_for("viewer")
    csrf = csrf_of(client.get("/tokens").text)
    response = client.post(f"/tokens/{ids[0]}/revoke", data={"csrf_token": csrf})
    assert response.status_code == 404
    assert api.get("/api/v1/me", headers=headers).status_code == 200


def test_a_token_needs_a_name(client_for: Client) -> None:
    client = client_for("viewer")
    csrf = csrf_of(client.get("/tokens").text)
    for name in ("", "   ", "n" * 101, "nul\x00"):
        response = client.post("/tokens", data={"name": name, "csrf_token": csrf})
        assert response.status_code == 422, name
        assert 'class="field-error" id="err-name"' in response.text
        assert not TOKEN.search(response.text)


def test_the_tokens_page_needs_a_sign_in_and_a_csrf_token(client_for: Client) -> None:
    anonymous = client_for(None).get("/tokens", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login?next=/tokens"
    client = client_for("viewer")
    client.headers.pop("X-CSRF-Token")
    assert client.post("/tokens", data={"name": "forged"}).status_code == 403
    assert "forged" not in client.get("/tokens").text


def test_sign_in_helper_is_the_login_form(client_for: Client) -> None:
    client = sign_in(client_for(None), "viewer")
    assert client.get("/tokens").status_code == 200
