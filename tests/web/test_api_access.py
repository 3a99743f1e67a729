"""Who may call the API: sessions, tokens, roles, CSRF; and its OpenAPI description."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .api_support import KINDS, assert_error, everything, new_record

Headers = Callable[[str], dict[str, str]]
Client = Callable[[str | None], TestClient]
PUBLIC = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/oauth2-redirect"}


def api_routes(api: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route the OpenAPI description lists, path parameters
    filled in."""
    found = []
    for path, operations in api.get("/api/v1/openapi.json").json()["paths"].items():
        path = path.replace("{kind}", "engagements")
        while "{" in path:
            start = path.index("{")
            path = path[:start] + "1" + path[path.index("}", start) + 1 :]
        found += [(method.upper(), path) for method in sorted(operations)]
    return found


def writes(api: TestClient, headers: dict[str, str]) -> list[tuple[str, str, Any]]:
    """(method, path, body) of each write the records API has, on real records."""
    tie = everything(api, "relationships", headers)[0]
    proposed = everything(api, "agreements", headers, review="proposed")[0]
    done: list[tuple[str, str, Any]] = [
        ("POST", f"/api/v1/{kind}", new_record(kind)) for kind in KINDS
    ]
    return done + [
        ("PUT", f"/api/v1/relationships/{tie['id']}", {**tie, "since": "1901"}),
        ("POST", f"/api/v1/records/{proposed['id']}/review", {"state": "accepted"}),
        ("POST", "/api/v1/review", {"ids": [proposed["id"]], "state": "rejected"}),
        ("DELETE", f"/api/v1/relationships/{tie['id']}", None),
    ]


def test_every_api_route_needs_a_session_or_a_token(api: TestClient) -> None:
    routes = api_routes(api)
    mine = {
        ("GET", "/api/v1/engagements"),
        ("POST", "/api/v1/engagements"),
        ("GET", "/api/v1/engagements/1"),
        ("PUT", "/api/v1/engagements/1"),
        ("DELETE", "/api/v1/engagements/1"),
        ("GET", "/api/v1/records/1"),
        ("POST", "/api/v1/records/1/review"),
        ("POST", "/api/v1/review"),
        ("GET", "/api/v1/places"),
        ("GET", "/api/v1/places/1"),
        ("GET", "/api/v1/me"),
        ("GET", "/api/v1/tokens"),
        ("POST", "/api/v1/tokens"),
        ("DELETE", "/api/v1/tokens/1"),
    }
    assert mine <= set(routes)
    for method, path in routes:
        if path in PUBLIC:
            continue
        assert_error(api.request(method, path, json={}), 401)
        bad = {"Authorization": "Bearer cdp_not-a-token"}
        assert_error(api.request(method, path, json={}, headers=bad), 401)


def test_a_viewer_reads_but_cannot_write(api: TestClient, token_for: Headers) -> None:
    viewer, editor = token_for("viewer"), token_for("editor")
    for kind in KINDS:
        assert api.get(f"/api/v1/{kind}", headers=viewer).status_code == 200
    before = {kind: len(everything(api, kind, editor)) for kind in KINDS}
    for method, path, body in writes(api, editor):
        response = api.request(method, path, json=body, headers=viewer)
        error = assert_error(response, 403)
        assert "editor" in error["error"], (method, path)
    assert {kind: len(everything(api, kind, editor)) for kind in KINDS} == before


def test_an_editor_writes_with_a_token_and_no_csrf_token(
    api: TestClient, token_for: Headers
) -> None:
    editor = token_for("editor")
    for method, path, body in writes(api, editor):
        response = api.request(method, path, json=body, headers=editor)
        assert response.status_code in (200, 201, 204), (method, path, response.text)


def test_an_admin_can_do_what_an_editor_can(api: TestClient, token_for: Headers) -> None:
    admin = token_for("admin")
    response = api.post("/api/v1/engagements", json=new_record("engagements"), headers=admin)
    assert (
        response.status_code == 201 and response.json()["item"]["review"]["created_by"] == "admin"
    )


def test_a_signed_in_browser_write_needs_the_csrf_token(client_for: Client) -> None:
    editor = client_for("editor")
    token = editor.headers.pop("X-CSRF-Token")
    body = new_record("engagements")
    assert_error(editor.post("/api/v1/engagements", json=body), 403)
    wrong = {"X-CSRF-Token": token[:-2] + ("AA" if not token.endswith("AA") else "BB")}
    assert_error(editor.post("/api/v1/engagements", json=body, headers=wrong), 403)
    assert editor.get("/api/v1/engagements", params={"q": "Testhaven"}).json()["total"] == 0
    right = editor.post("/api/v1/engagements", json=body, headers={"X-CSRF-Token": token})
    assert right.status_code == 201, right.text
    item = right.json()["item"]
    put = {**item, "title": "Changed"}
    url = f"/api/v1/engagements/{item['id']}"
    assert_error(editor.put(url, json=put), 403)
    assert editor.put(url, json=put, headers={"X-CSRF-Token": token}).status_code == 200
    assert_error(editor.delete(url), 403)
    assert editor.delete(url, headers={"X-CSRF-Token": token}).status_code == 204


def test_a_signed_in_browser_reads_without_a_csrf_token(client_for: Client) -> None:
    viewer = client_for("viewer")
    viewer.headers.pop("X-CSRF-Token")
    me = viewer.get("/api/v1/me").json()
    assert me == {"ok": True, "user": {"username": "viewer", "role": "viewer"}, "by_token": False}
    assert viewer.get("/api/v1/places").status_code == 200


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_me_names_the_token_owner(api: TestClient, token_for: Headers, role: str) -> None:
    me = api.get("/api/v1/me", headers=token_for(role)).json()
    assert me == {"ok": True, "user": {"username": role, "role": role}, "by_token": True}


def test_a_token_made_in_a_session_works_until_revoked(client_for: Client, api: TestClient) -> None:
    browser = client_for("viewer")
    made = browser.post("/api/v1/tokens", json={"name": "nightly export"})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    assert token.startswith("cdp_") and made.json()["name"] == "nightly export"
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/me", headers=bearer).json()["user"]["username"] == "viewer"
    assert_error(
        api.post("/api/v1/engagements", json=new_record("engagements"), headers=bearer), 403
    )
    listed = api.get("/api/v1/tokens", headers=bearer).json()["items"]
    assert [t["name"] for t in listed] == ["nightly export"]
    assert listed[0]["last_used_at"] is not None and "token" not in listed[0]
    gone = browser.delete(f"/api/v1/tokens/{made.json()['id']}")
    assert gone.status_code == 204
    assert_error(api.get("/api/v1/me", headers=bearer), 401)
    assert_error(browser.delete(f"/api/v1/tokens/{made.json()['id']}"), 404)


def test_tokens_are_each_users_own(api: TestClient, token_for: Headers) -> None:
    editor, viewer = token_for("editor"), token_for("viewer")
    made = api.post("/api/v1/tokens", headers=editor)  # no body: the default name
    assert made.status_code == 201 and made.json()["name"] == "script"
    assert made.json()["id"] not in [
        t["id"] for t in api.get("/api/v1/tokens", headers=viewer).json()["items"]
    ]
    assert_error(api.delete(f"/api/v1/tokens/{made.json()['id']}", headers=viewer), 404)
    still = {"Authorization": f"Bearer {made.json()['token']}"}
    assert api.get("/api/v1/me", headers=still).status_code == 200
    for name in ("", " ", "a\x00b", "x" * 101):
        assert_error(api.post("/api/v1/tokens", json={"name": name}, headers=editor), 422, "name")


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer ", "Basic dmlld2VyOnZpZXdlci1wYXNzLTE=", "cdp_abc", "Token x"]
)
def test_other_authorization_headers_are_401(api: TestClient, header: str) -> None:
    assert_error(api.get("/api/v1/me", headers={"Authorization": header}), 401)


def test_openapi_lists_the_routes_and_the_docs_page_shows_it(api: TestClient) -> None:
    spec = api.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    expected = {
        "/api/v1/{kind}": {"get", "post"},
        "/api/v1/{kind}/{record_id}": {"get", "put", "delete"},
        "/api/v1/records/{record_id}": {"get"},
        "/api/v1/records/{record_id}/review": {"post"},
        "/api/v1/review": {"post"},
        "/api/v1/places": {"get"},
        "/api/v1/places/{place_id}": {"get"},
        "/api/v1/me": {"get"},
        "/api/v1/tokens": {"get", "post"},
        "/api/v1/tokens/{token_id}": {"delete"},
    }
    for path, methods in expected.items():
        assert path in paths and set(paths[path]) >= methods, path
    assert not [p for p in paths if not p.startswith("/api/v1/")], "pages are not in the API"
    kinds = paths["/api/v1/{kind}"]["get"]["parameters"][0]["schema"]
    assert set(kinds["enum"]) == set(KINDS)
    docs = api.get("/api/v1/docs")
    assert docs.status_code == 200 and docs.headers["content-type"].startswith("text/html")
    assert "/api/v1/openapi.json" in docs.text
