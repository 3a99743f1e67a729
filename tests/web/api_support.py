"""Helpers of the API tests: the error shape, reading every record of a kind, and bodies."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

ERROR_KEYS = {"ok", "error", "errors", "status"}
KINDS = ("relationships", "agreements", "engagements", "memberships")


def assert_error(response: Response, status: int, *fields: str) -> dict[str, Any]:
    """The response is the API's error shape with `status`, naming each of `fields`."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= ERROR_KEYS, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    named = {e["field"] for e in body["errors"]}
    for field in fields:
        assert field in named, (field, body["errors"])
    return body


def everything(api: TestClient, kind: str, headers: dict[str, str], **params: Any) -> list[Any]:
    """Every record of `kind` (the demo has fewer than 200 of each), as the list gives them."""
    response = api.get(f"/api/v1/{kind}", params={"per_page": 200, **params}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["items"]) and body["pages"] == 1
    return list(body["items"])


def place(name: str, country: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, **({"country": country} if country else {}), **extra}


def new_record(kind: str, /, **changes: Any) -> dict[str, Any]:
    """A valid new record of `kind` (places of the demo's home and a made-up partner)."""
    seoul, partner = place("Seoul", "KR"), place("Testhaven", "NO")
    bodies: dict[str, dict[str, Any]] = {
        "relationships": {
            "type": "sister",
            "parties": [seoul, partner],
            "since": "2021-04-05",
            "events": [{"type": "established", "date": "2021-04-05"}],
        },
        "agreements": {
            "type": "mou",
            "date": "2022-03-04",
            "parties": [seoul, partner],
            "areas": ["transport", "environment"],
            "title": "Testhaven MOU on clean buses",
            "commitments": [{"text": "Trial of electric buses", "area": "transport"}],
        },
        "engagements": {
            "type": "official_visit",
            "start": "2023-06-01",
            "end": "2023-06-03",
            "parties": [partner],
            "location": seoul,
            "people": [{"name": "Kari Nordmann", "title": "Mayor", "of": "Testhaven"}],
            "areas": ["culture"],
            "title": "Mayor of Testhaven visits Seoul",
        },
        "memberships": {"network": "Test Cities Network", "member": seoul, "since": "2019"},
    }
    return {**bodies[kind], **changes}
