"""The JSON API of records: every route, on SQLite and PostgreSQL, with permissions."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

ERROR_KEYS = {"ok", "error", "errors", "status"}


def assert_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= ERROR_KEYS and body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_no_session_no_access(api: TestClient) -> None:
    for path in ("/api/v1/engagements", "/api/v1/places", "/api/v1/me"):
        assert_error(api.get(path), 401)


def test_list_engagements_pages_and_filters(api: TestClient, token_for) -> None:
    headers = token_for("viewer")
    first = api.get("/api/v1/engagements?per_page=5", headers=headers).json()
    assert first["ok"] and len(first["items"]) == 5 and first["total"] > 5
    second = api.get("/api/v1/engagements?per_page=5&page=2", headers=headers).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    dates = [i["start"] for i in first["items"] if i["start"]]
    assert dates == sorted(dates, reverse=True)
    visits = api.get("/api/v1/engagements?type=official_visit&per_page=200", headers=headers)
    items = visits.json()["items"]
    assert items and all(i["type"] == "official_visit" for i in items)
