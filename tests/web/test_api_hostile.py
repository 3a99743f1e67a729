"""Hostile input to the API: markup, very long and broken text, odd bodies, concurrent edits.

The same answer on SQLite and PostgreSQL: PostgreSQL refuses text longer than a column or
holding a NUL character where SQLite would keep it, so the API checks before writing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from .api_support import assert_error, everything, new_record, place

Headers = Callable[[str], dict[str, str]]
SCRIPT = "<script>alert(1)</script>"
MARKUP = '<b onclick="alert(2)">bold</b> & <img src=x onerror=alert(3)> &amp; </textarea>'


def test_markup_is_stored_and_returned_verbatim_as_json(
    api: TestClient, token_for: Headers
) -> None:
    headers = token_for("editor")
    body = new_record(
        "engagements",
        title=SCRIPT,
        summary=MARKUP,
        parties=[place("<i>Scriptville</i>", "NO")],
        people=[{"name": "<svg onload=alert(4)>", "title": SCRIPT, "of": "<i>Scriptville</i>"}],
    )
    made = api.post("/api/v1/engagements", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert made.headers["content-type"] == "application/json"
    for response in (
        made,
        api.get(f"/api/v1/engagements/{made.json()['item']['id']}", headers=headers),
    ):
        item = response.json()["item"]
        assert item["title"] == SCRIPT and item["summary"] == MARKUP
        assert item["parties"][0]["name"] == "<i>Scriptville</i>"
        assert item["people"] == body["people"]
    listed = everything(api, "engagements", headers, q="alert(1)")
    assert [i["title"] for i in listed] == [SCRIPT]


@pytest.mark.parametrize(
    ("changes", "field", "limit"),
    [
        ({"title": "T" * 5000}, "title", 500),
        ({"summary": "S" * 100_000}, "summary", 4000),
        ({"parties": [place("P" * 1000, "NO")]}, "parties[0].name", 150),
        ({"location": place("L" * 151)}, "location.name", 150),
        ({"people": [{"name": "N" * 151}]}, "people[0].name", 150),
        ({"people": [{"name": "Kim", "title": "t" * 201}]}, "people[0].title", 200),
        ({"people": [{"name": "Kim", "of": "o" * 400}]}, "people[0].of", 150),
        # NFKC makes one character of these eighteen: the name's key would not fit
        ({"parties": [place("\ufdfa" * 20, "SA")]}, "parties[0].name", 150),
        (
            {"parties": [place("Aliasville", "NO", aliases=["\ufdfa" * 20])]},
            "parties[0].aliases[0]",
            300,
        ),
        ({"parties": [place("Geoville", "NO", geonames_id=2**40)]}, "parties[0].geonames_id", None),
    ],
)
def test_text_too_long_to_store_is_422_naming_the_field(
    api: TestClient,
    token_for: Headers,
    changes: dict[str, Any],
    field: str,
    limit: int | None,
) -> None:
    headers = token_for("editor")
    before = len(everything(api, "engagements", headers))
    response = api.post(
        "/api/v1/engagements", json=new_record("engagements", **changes), headers=headers
    )
    body = assert_error(response, 422, field)
    if limit is not None:
        assert f"at most {limit:,} characters" in body["error"]
    assert len(everything(api, "engagements", headers)) == before


def test_text_at_the_limits_is_stored_whole(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    body = new_record(
        "agreements",
        title="T" * 500,
        summary="S" * 4000,
        parties=[place("Seoul", "KR"), place("P" * 150, "NO")],
    )
    response = api.post("/api/v1/agreements", json=body, headers=headers)
    assert response.status_code == 201, response.text
    item = api.get(f"/api/v1/records/{response.json()['item']['id']}", headers=headers).json()[
        "item"
    ]
    assert item["title"] == "T" * 500 and item["summary"] == "S" * 4000
    assert item["parties"][1]["name"] == "P" * 150


def test_an_edit_too_long_is_422_and_the_record_stays(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    old = everything(api, "engagements", headers)[0]
    url = f"/api/v1/engagements/{old['id']}"
    assert_error(api.put(url, json={**old, "title": "x" * 5000}, headers=headers), 422, "title")
    assert api.get(url, headers=headers).json()["item"]["version"] == old["version"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"type": "meeting", "title": "a\\u0000b"}', "title"),
        (b'{"type": "meeting", "parties": [{"name": "Nul\\u0000ville"}]}', "parties[0].name"),
        (b'{"type": "meeting", "summary": "half \\ud800 a pair"}', "summary"),
        (b'{"type": "meeting", "people": [{"name": "\\udfff"}]}', "people[0].name"),
    ],
)
def test_text_no_database_can_store_is_422(
    api: TestClient, token_for: Headers, raw: bytes, field: str
) -> None:
    headers = {**token_for("editor"), "Content-Type": "application/json"}
    assert_error(api.post("/api/v1/engagements", content=raw, headers=headers), 422, field)


@pytest.mark.parametrize("body", [[], ["a", "record"], "a record", 42, None, True])
def test_a_body_that_is_not_an_object_is_422(
    api: TestClient, token_for: Headers, body: Any
) -> None:
    headers = token_for("editor")
    assert_error(api.post("/api/v1/agreements", json=body, headers=headers), 422, "body")
    old = everything(api, "agreements", headers)[0]
    response = api.put(f"/api/v1/agreements/{old['id']}", json=body, headers=headers)
    assert_error(response, 422)


@pytest.mark.parametrize(
    "raw", [b"{not json", b'{"type": "meeting",', b"\xff\xfe", b"[" * 100_000, b""]
)
def test_broken_json_gets_the_error_shape(api: TestClient, token_for: Headers, raw: bytes) -> None:
    headers = {**token_for("editor"), "Content-Type": "application/json"}
    response = api.post("/api/v1/engagements", content=raw, headers=headers)
    assert response.status_code in (400, 422), response.text
    assert_error(response, response.status_code)


def test_two_editors_one_version_first_wins_second_gets_409(
    api: TestClient, token_for: Headers
) -> None:
    alice, bob = token_for("editor"), token_for("admin")
    read = everything(api, "agreements", alice)[0]
    assert everything(api, "agreements", bob)[0] == read
    url = f"/api/v1/agreements/{read['id']}"
    first = api.put(url, json={**read, "title": "Alice's title"}, headers=alice)
    assert first.status_code == 200, first.text
    second = api.put(url, json={**read, "title": "Bob's title", "areas": []}, headers=bob)
    body = assert_error(second, 409)
    assert body["current_version"] == read["version"] + 1
    now = api.get(url, headers=bob).json()["item"]
    assert now["title"] == "Alice's title" and now["areas"] == read["areas"]
    assert now["review"]["updated_by"] == "editor"


def test_simultaneous_edits_of_one_version_never_both_win(app: FastAPI, token_for: Headers) -> None:
    """Two edits sent at the same moment: one wins, the other is told (409), never a 500,
    and the record holds the winner's change (the version check is in the UPDATE itself)."""
    people = {"Alice": token_for("editor"), "Bob": token_for("admin")}
    with TestClient(app) as reader:
        read = everything(reader, "engagements", people["Alice"])[0]
    url = f"/api/v1/engagements/{read['id']}"
    start = threading.Barrier(len(people))
    results: dict[str, Any] = {}

    def edit(name: str) -> None:
        with TestClient(app) as client:
            start.wait()
            body = {**read, "title": f"{name}'s title"}
            results[name] = client.put(url, json=body, headers=people[name])

    threads = [threading.Thread(target=edit, args=(name,)) for name in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 409], {n: r.text for n, r in results.items()}
    winner = next(n for n, r in results.items() if r.status_code == 200)
    with TestClient(app) as reader:
        now = reader.get(url, headers=people["Alice"]).json()["item"]
    assert now["title"] == f"{winner}'s title" and now["version"] == read["version"] + 1


def test_simultaneous_creates_of_one_new_place_are_never_a_500(
    app: FastAPI, token_for: Headers
) -> None:
    """Two records naming a place the registry does not know yet, sent at the same moment:
    each is made, or told to send again (409); the place is made once."""
    people = [token_for("editor"), token_for("admin")]
    start = threading.Barrier(len(people))
    codes: list[int] = []

    def create(n: int) -> None:
        body = new_record("engagements", start=f"2024-02-0{n + 1}", end=None)
        body["parties"] = [place("Racetown", "FR")]
        with TestClient(app, raise_server_exceptions=False) as client:  # a 500 is a code
            start.wait()
            response = client.post("/api/v1/engagements", json=body, headers=people[n])
            codes.append(response.status_code)
            if response.status_code == 409:
                assert_error(response, 409)

    threads = [threading.Thread(target=create, args=(n,)) for n in range(len(people))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(codes) == len(people) and 201 in codes and set(codes) <= {201, 409}, codes
    with TestClient(app) as client:
        found = client.get("/api/v1/places", params={"q": "Racetown"}, headers=people[0])
        assert found.json()["total"] == 1
        made = everything(client, "engagements", people[0], q="Racetown")
        assert len(made) == codes.count(201)
