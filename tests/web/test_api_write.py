"""Writing records through the API: create, update (versioned), delete and review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citydip.store.documents import Document, Evidence
from citydip.store.engine import Registry
from citydip.store.places import Place
from citydip.store.records import Record

from .api_support import KINDS, assert_error, everything, new_record, place

Headers = Callable[[str], dict[str, str]]
CONTENT_SKIP = {"id", "key", "version", "review", "evidence", "status", "direction", "mode"}


def content(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in CONTENT_SKIP}


def get(api: TestClient, headers: dict[str, str], record_id: int) -> dict[str, Any]:
    response = api.get(f"/api/v1/records/{record_id}", headers=headers)
    assert response.status_code == 200, response.text
    item: dict[str, Any] = response.json()["item"]
    return item


def test_create_each_kind(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    for kind in KINDS:
        before = everything(api, kind, headers)
        body = new_record(kind)
        response = api.post(f"/api/v1/{kind}", json=body, headers=headers)
        assert response.status_code == 201, response.text
        out = response.json()
        assert out["ok"] is True and out["created"] is True
        item = out["item"]
        assert item["kind"] == kind[:-1] and item["version"] == 1
        assert item["review"]["state"] == "accepted" and item["review"]["created_by"] == "editor"
        for field, value in body.items():
            if field in ("parties", "location", "member"):
                continue  # places come back with their level
            if field == "commitments":
                assert [c["text"] for c in item[field]] == [c["text"] for c in value]
                continue
            if field == "people":
                assert item[field] == value
                continue
            assert item[field] == value, (kind, field)
        assert get(api, headers, item["id"]) == item
        after = everything(api, kind, headers)
        assert len(after) == len(before) + 1 and item["id"] in [i["id"] for i in after]


def test_parties_come_back_as_places_of_the_registry(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    item = api.post("/api/v1/agreements", json=new_record("agreements"), headers=headers)
    parties = item.json()["item"]["parties"]
    assert parties == [
        {"name": "Seoul", "country": "KR", "level": "city"},
        {"name": "Testhaven", "country": "NO", "level": "city"},
    ]
    made = api.get("/api/v1/places", params={"q": "Testhaven"}, headers=headers).json()["items"]
    assert [p["key"] for p in made] == ["testhaven-no"]


def test_creating_the_same_fact_again_merges_into_it(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    first = api.post("/api/v1/engagements", json=new_record("engagements"), headers=headers)
    assert first.status_code == 201
    again = new_record("engagements", areas=["culture", "tourism"])
    second = api.post("/api/v1/engagements", json=again, headers=headers)
    assert second.status_code == 200, second.text
    out = second.json()
    assert out["created"] is False and out["item"]["id"] == first.json()["item"]["id"]
    assert out["item"]["areas"] == ["culture", "tourism"]
    assert out["item"]["version"] == 2  # it changed: whoever read version 1 must reload


def test_read_only_fields_sent_on_create_are_ignored(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    body = new_record("memberships")
    forged = {**body, "id": 1, "key": "0" * 16, "version": 99, "review": {"state": "rejected"}}
    forged["review"]["created_by"] = "someone else"
    item = api.post("/api/v1/memberships", json=forged, headers=headers).json()["item"]
    assert item["id"] != 1 and item["key"] != "0" * 16 and item["version"] == 1
    assert item["review"]["state"] == "accepted" and item["review"]["created_by"] == "editor"


@pytest.mark.parametrize(
    ("kind", "changes", "fields"),
    [
        (
            "relationships",
            {"type": "twins", "parties": [place("Seoul", "KR")]},
            ["type", "parties"],
        ),
        ("engagements", {"start": "2023-06-05", "end": "2023-06-01"}, ["end"]),
        ("engagements", {"start": "2023-13-45"}, ["start"]),
        ("agreements", {"areas": ["transport", "weather"]}, ["areas[1]"]),
        ("agreements", {"parties": []}, ["parties"]),
        ("agreements", {"type": "treaty", "status": "maybe"}, ["type", "status"]),
        ("agreements", {"parties": [place("Seoul", "Korea")]}, ["parties[0].country"]),
        ("memberships", {"member": None}, ["member"]),
        ("memberships", {"role": "emperor"}, ["role"]),
        ("engagements", {"colour": "red"}, ["colour"]),
        ("engagements", {"kind": "agreement"}, ["kind"]),
        ("engagements", {"people": [{"title": "Mayor"}]}, ["people[0].name"]),
        ("relationships", {"parties": [place("Seoul", "KR"), place("서울")]}, ["parties"]),
    ],
)
def test_invalid_records_are_422_naming_each_field_and_write_nothing(
    api: TestClient, token_for: Headers, kind: str, changes: dict[str, Any], fields: list[str]
) -> None:
    headers = token_for("editor")
    before = len(everything(api, kind, headers))
    response = api.post(f"/api/v1/{kind}", json=new_record(kind, **changes), headers=headers)
    body = assert_error(response, 422, *fields)
    assert len(body["errors"]) >= len(fields)
    assert len(everything(api, kind, headers)) == before


def test_update_with_the_version_read_makes_the_next_version(
    api: TestClient, token_for: Headers
) -> None:
    headers = token_for("editor")
    old = everything(api, "agreements", headers)[0]
    edited = {**old, "title": "Edited title", "areas": ["water"]}
    response = api.put(f"/api/v1/agreements/{old['id']}", json=edited, headers=headers)
    assert response.status_code == 200, response.text
    item = response.json()["item"]
    assert item["id"] == old["id"] and item["version"] == old["version"] + 1
    assert item["title"] == "Edited title" and item["areas"] == ["water"]
    assert item["key"] != old["key"]  # the key follows the content
    assert item["review"]["updated_by"] == "editor"
    assert get(api, headers, old["id"]) == item


def test_a_stale_version_is_409_and_changes_nothing(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    old = everything(api, "engagements", headers)[0]
    url = f"/api/v1/engagements/{old['id']}"
    assert api.put(url, json={**old, "title": "First"}, headers=headers).status_code == 200
    body = assert_error(api.put(url, json={**old, "title": "Second"}, headers=headers), 409)
    assert body["current_version"] == old["version"] + 1
    assert get(api, headers, old["id"])["title"] == "First"


@pytest.mark.parametrize("version", [None, "3", 1.5, True])
def test_an_update_needs_an_integer_version(
    api: TestClient, token_for: Headers, version: Any
) -> None:
    headers = token_for("editor")
    old = everything(api, "relationships", headers)[0]
    body = {k: v for k, v in old.items() if k != "version"}
    if version is not None:
        body["version"] = version
    response = api.put(f"/api/v1/relationships/{old['id']}", json=body, headers=headers)
    assert_error(response, 422, "version")
    assert get(api, headers, old["id"])["version"] == old["version"]


def test_each_kind_takes_back_what_it_gave(api: TestClient, token_for: Headers) -> None:
    """GET → PUT unchanged (every other record): each read-only field is accepted, and the
    content and the key stay."""
    headers = token_for("editor")
    for kind in KINDS:
        for old in everything(api, kind, headers)[::2]:
            response = api.put(f"/api/v1/{kind}/{old['id']}", json=old, headers=headers)
            assert response.status_code == 200, (kind, response.text)
            item = response.json()["item"]
            assert content(item) == content(old) and item["key"] == old["key"]
            assert item["version"] == old["version"] + 1


def test_a_record_seen_from_another_home_keeps_its_key(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    """An agreement of a Daejeon release is keyed without Daejeon among its parties (the
    home is left out): an edit keys it the same way, so the release merges into it again."""
    headers = token_for("editor")
    with web_registry.session() as session:
        query = (
            select(Evidence.record_id, Place.key)
            .join(Document, Document.id == Evidence.document_id)
            .join(Place, Place.id == Document.home_id)
            .join(Record, Record.id == Evidence.record_id)
            .where(Place.key != "seoul-kr", Record.kind.in_(["agreement", "engagement"]))
            .order_by(Evidence.record_id)
        )
        found = session.execute(query).first()
    assert found is not None, "the demo has releases of other homes than Seoul"
    old = get(api, headers, found[0])
    response = api.put(f"/api/v1/{old['kind']}s/{old['id']}", json=old, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["item"]["key"] == old["key"]
    changed = {**response.json()["item"], "title": "A title of its own"}
    again = api.put(f"/api/v1/{old['kind']}s/{old['id']}", json=changed, headers=headers)
    assert again.status_code == 200 and again.json()["item"]["key"] != old["key"]


def test_changing_a_record_into_another_is_422(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    first, second = everything(api, "engagements", headers)[:2]
    twin = {**second, "version": first["version"]}
    response = api.put(f"/api/v1/engagements/{first['id']}", json=twin, headers=headers)
    body = assert_error(response, 422)
    assert f"#{second['id']}" in body["error"]
    assert get(api, headers, first["id"])["version"] == first["version"]


def test_update_of_the_wrong_kind(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    tie = everything(api, "relationships", headers)[0]
    assert_error(api.put(f"/api/v1/agreements/{tie['id']}", json=tie, headers=headers), 404)
    body = {**tie, "kind": "agreement"}
    url = f"/api/v1/relationships/{tie['id']}"
    assert_error(api.put(url, json=body, headers=headers), 422, "kind")
    assert_error(api.put("/api/v1/relationships/999999", json=tie, headers=headers), 404)


def test_delete_then_404_and_its_evidence_goes(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    headers = token_for("editor")
    item = everything(api, "engagements", headers, review="proposed")[0]
    url = f"/api/v1/engagements/{item['id']}"

    def evidence() -> int:
        with web_registry.session() as session:
            query = select(func.count()).where(Evidence.record_id == item["id"])
            return session.scalar(query.select_from(Evidence)) or 0

    assert evidence() > 0
    response = api.delete(url, headers=headers)
    assert response.status_code == 204 and response.content == b""
    assert_error(api.get(url, headers=headers), 404)
    assert_error(api.delete(url, headers=headers), 404)
    assert evidence() == 0


def test_delete_with_a_stale_version_is_409(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    item = everything(api, "memberships", headers)[0]
    url = f"/api/v1/memberships/{item['id']}"
    body = assert_error(api.delete(f"{url}?version={item['version'] + 1}", headers=headers), 409)
    assert body["current_version"] == item["version"]
    assert get(api, headers, item["id"])["id"] == item["id"]
    assert api.delete(f"{url}?version={item['version']}", headers=headers).status_code == 204
    other = everything(api, "relationships", headers)[0]
    assert_error(api.delete(f"/api/v1/memberships/{other['id']}", headers=headers), 404)


def test_review_one_record(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    proposed = everything(api, "agreements", headers, review="proposed")
    item = proposed[0]
    url = f"/api/v1/records/{item['id']}/review"
    response = api.post(
        url, json={"state": "accepted", "version": item["version"]}, headers=headers
    )
    assert response.status_code == 200, response.text
    done = response.json()["item"]
    assert done["review"]["state"] == "accepted" and done["version"] == item["version"] + 1
    assert done["review"]["updated_by"] == "editor"
    left = everything(api, "agreements", headers, review="proposed")
    assert [i["id"] for i in left] == [i["id"] for i in proposed[1:]]
    stale = api.post(url, json={"state": "rejected", "version": item["version"]}, headers=headers)
    assert assert_error(stale, 409)["current_version"] == done["version"]
    again = api.post(url, json={"state": "rejected"}, headers=headers).json()["item"]
    assert again["review"]["state"] == "rejected" and again["version"] == done["version"] + 1
    assert_error(api.post(url, json={"state": "done"}, headers=headers), 422, "state")
    assert_error(api.post(url, json={}, headers=headers), 422, "state")
    missing = api.post("/api/v1/records/999999/review", json={"state": "accepted"}, headers=headers)
    assert_error(missing, 404)


def test_review_many_records_at_once(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    proposed = everything(api, "engagements", headers, review="proposed")
    chosen = [i["id"] for i in proposed[:3]]
    response = api.post(
        "/api/v1/review", json={"ids": chosen, "state": "rejected"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"ok": True, "updated": 3}
    for old in proposed[:3]:
        now = get(api, headers, old["id"])
        assert now["review"]["state"] == "rejected" and now["version"] == old["version"] + 1
    rest = [i["id"] for i in everything(api, "engagements", headers, review="proposed")]
    assert rest == [i["id"] for i in proposed[3:]]


def test_review_many_is_all_or_nothing(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    proposed = everything(api, "engagements", headers, review="proposed")
    ids = [proposed[0]["id"], 999999]
    body = assert_error(
        api.post("/api/v1/review", json={"ids": ids, "state": "accepted"}, headers=headers), 404
    )
    assert "#999999" in body["error"]
    assert get(api, headers, proposed[0]["id"])["review"]["state"] == "proposed"
    for bad, field in (([], "ids"), ([0], "ids.0"), (["x"], "ids.0"), ([2**31], "ids.0")):
        response = api.post(
            "/api/v1/review", json={"ids": bad, "state": "accepted"}, headers=headers
        )
        assert_error(response, 422, field)
    wrong = api.post("/api/v1/review", json={"ids": ids[:1], "state": "ok"}, headers=headers)
    assert_error(wrong, 422, "state")
