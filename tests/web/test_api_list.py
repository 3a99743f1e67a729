"""Listing records through the API: paging, every filter, every sort, and bad values.

Each expectation is computed here from the items themselves (the whole list of a kind,
read in one page), so a filter or sort that the registry gets wrong shows as a difference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from citydip.store import listing
from citydip.store.engine import Registry
from citydip.store.names import norm_name
from citydip.store.places import Place, PlaceName

from .api_support import KINDS, assert_error, everything, new_record, place

DATE_FIELD = {
    "relationships": "since",
    "agreements": "date",
    "engagements": "start",
    "memberships": "since",
}
Headers = Callable[[str], dict[str, str]]


def ids(items: list[dict[str, Any]]) -> list[int]:
    return [i["id"] for i in items]


def expected_order(items: list[dict[str, Any]], field: str, descending: bool) -> list[int]:
    """By the field then id, in the direction asked; items without the field last."""
    valued = [i for i in items if i.get(field) is not None]
    lacking = [i for i in items if i.get(field) is None]
    valued.sort(key=lambda i: (i[field], i["id"]), reverse=descending)
    lacking.sort(key=lambda i: i["id"], reverse=descending)
    return ids(valued + lacking)


def test_pages_walk_every_record_once_in_order(api: TestClient, token_for: Headers) -> None:
    headers = token_for("viewer")
    for kind in KINDS:
        whole = ids(everything(api, kind, headers))
        walked: list[int] = []
        page = 1
        while True:
            body = api.get(
                f"/api/v1/{kind}", params={"per_page": 7, "page": page}, headers=headers
            ).json()
            assert body["ok"] is True and body["total"] == len(whole)
            assert body["per_page"] == 7 and body["page"] == page
            assert body["pages"] == -(-len(whole) // 7)
            if not body["items"]:
                break
            assert len(body["items"]) == (
                7 if page < body["pages"] else len(whole) - 7 * (page - 1)
            )
            walked += ids(body["items"])
            page += 1
        assert page == body["pages"] + 1  # the page after the last is empty, not an error
        assert walked == whole, kind


@pytest.mark.parametrize("sort", ["-date", "date", "-id", "id", "type", "-type"])
def test_each_sort_orders_by_its_column_then_id_with_blanks_last(
    api: TestClient, token_for: Headers, sort: str
) -> None:
    headers = token_for("viewer")
    for kind in KINDS:
        items = everything(api, kind, headers)
        field = {"date": DATE_FIELD[kind], "id": "id", "type": "type"}[sort.lstrip("-")]
        sorted_ = everything(api, kind, headers, sort=sort)
        assert ids(sorted_) == expected_order(items, field, sort.startswith("-")), (kind, sort)


def test_default_order_is_newest_first(api: TestClient, token_for: Headers) -> None:
    headers = token_for("viewer")
    items = everything(api, "engagements", headers)
    assert ids(items) == expected_order(items, "start", descending=True)
    assert items[-1]["start"] is None and items[0]["start"] is not None


def _involves(item: dict[str, Any], who: dict[str, Any]) -> bool:
    ref = {"name": who["name"], "country": who["country"], "level": who["level"]}
    refs = [*item.get("parties", []), item.get("location"), item.get("member")]
    return ref in refs or item.get("network") == who["name"]


def test_filters_keep_exactly_the_matching_records(api: TestClient, token_for: Headers) -> None:
    headers = token_for("viewer")
    items = everything(api, "engagements", headers)
    found = api.get("/api/v1/places", params={"q": "Japan"}, headers=headers).json()["items"]
    japan = next(p for p in found if p["name"] == "Japan")
    cases: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        ({"type": "meeting"}, lambda i: i["type"] == "meeting"),
        ({"area": "culture"}, lambda i: "culture" in i["areas"]),
        ({"review": "proposed"}, lambda i: i["review"]["state"] == "proposed"),
        ({"review": "accepted"}, lambda i: i["review"]["state"] == "accepted"),
        ({"year": 2015}, lambda i: (i["start"] or "").startswith("2015")),
        ({"status": "planned"}, lambda i: i["status"] == "planned"),
        ({"place": japan["id"]}, lambda i: _involves(i, japan)),
        ({"q": "japan"}, lambda i: _involves(i, japan)),
        (
            {"type": "official_visit", "year": 2015, "review": "accepted"},
            lambda i: (
                i["type"] == "official_visit"
                and (i["start"] or "").startswith("2015")
                and i["review"]["state"] == "accepted"
            ),
        ),
    ]
    for params, keep in cases:
        want = [i["id"] for i in items if keep(i)]
        assert want, f"the demo has no engagement for {params}: the case proves nothing"
        assert len(want) < len(items), f"{params} keeps everything: the case proves nothing"
        got = everything(api, "engagements", headers, **params)
        assert ids(got) == want, params


def test_a_place_s_engagements_past_the_cap_are_at_least_the_cap(
    api: TestClient, token_for: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = token_for("viewer")
    items = everything(api, "engagements", headers)
    found = api.get("/api/v1/places", params={"q": "Seoul"}, headers=headers).json()["items"]
    seoul = next(p for p in found if p["key"] == "seoul-kr")
    ref = {"name": seoul["name"], "country": seoul["country"], "level": seoul["level"]}
    involved = [i for i in items if _involves(i, seoul)]
    located = [i for i in involved if i.get("location") == ref]
    cap = len(located) - 1  # fewer than the engagements at Seoul: the count stops there
    assert cap >= 2 and len(involved) > len(located), "the demo cannot show the cap here"
    monkeypatch.setattr(listing, "COUNT_CAP", cap)
    per = next(n for n in range(2, 10) if len(involved) % n)  # the last page is not full

    def page(n: int, **params: Any) -> dict[str, Any]:
        query = {"place": seoul["id"], "per_page": per, "page": n, **params}
        response = api.get("/api/v1/engagements", params=query, headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    first = page(1)
    assert (first["total"], first["total_exact"]) == (cap, False)
    assert first["pages"] == max(-(-cap // per), 2) and ids(first["items"]) == ids(involved[:per])
    last_page = -(-len(involved) // per)
    last = page(last_page)  # the last page: every match is before its end, so it is exact
    assert (last["total"], last["total_exact"]) == (len(involved), True)
    assert ids(last["items"]) == ids(involved[per * (last_page - 1) :])
    # with another filter the matches are counted, not assumed to be past the cap
    for kind in sorted({i["type"] for i in involved}):
        want = [i for i in involved if i["type"] == kind]
        body = page(1, type=kind)
        exact = len(want) <= cap
        assert (body["total"], body["total_exact"]) == (min(len(want), cap), exact), kind


def test_place_and_search_find_members_and_networks(api: TestClient, token_for: Headers) -> None:
    headers = token_for("viewer")
    members = everything(api, "memberships", headers)
    network = members[0]["network"]
    found = api.get(
        "/api/v1/places", params={"q": network, "level": "organization"}, headers=headers
    )
    org = found.json()["items"][0]
    want = [m["id"] for m in members if m["network"] == network]
    assert 0 < len(want) < len(members)
    assert ids(everything(api, "memberships", headers, place=org["id"])) == want
    assert ids(everything(api, "memberships", headers, q=network)) == want


def test_search_reads_title_and_summary_and_takes_wildcards_literally(
    api: TestClient, token_for: Headers
) -> None:
    headers = token_for("editor")
    made = {}
    for title, summary in [
        ("Harbour Lights MOU", None),
        ("Solar plan", "Aims at 100% renewable power"),
        ("Bus_lane pact", None),
    ]:
        body = new_record("agreements", title=title, summary=summary)
        response = api.post("/api/v1/agreements", json=body, headers=headers)
        assert response.status_code == 201, response.text
        made[title] = response.json()["item"]["id"]
    search = lambda q: ids(everything(api, "agreements", headers, q=q))  # noqa: E731
    assert search("harbour LIGHTS") == [made["Harbour Lights MOU"]]
    assert search("renewable") == [made["Solar plan"]]
    assert search("%") == [made["Solar plan"]]
    assert search("_") == [made["Bus_lane pact"]]
    assert search("no such words anywhere") == []


def test_tie_status_filter_follows_the_latest_event(api: TestClient, token_for: Headers) -> None:
    headers = token_for("editor")
    ties = {
        "ended": [
            {"type": "established", "date": "1990"},
            {"type": "terminated", "date": "2010"},
        ],
        "strained": [{"type": "established", "date": "1995"}, {"type": "strained", "date": "2019"}],
        "mended": [
            {"type": "established", "date": "1995"},
            {"type": "strained", "start": "2015", "end": "2016"},
        ],
        "renewed": [
            {"type": "terminated", "date": "2000"},
            {"type": "renewed", "date": "2005"},
        ],
        "sameday": [  # one date: the later event in the list says
            {"type": "established", "date": "2001-05"},
            {"type": "terminated", "date": "2001-05"},
        ],
        "undated": [  # an undated event sorts before every dated one
            {"type": "strained"},
            {"type": "established", "date": "1999"},
        ],
    }
    made = {}
    for name, events in ties.items():
        body = {"type": "friendship", "parties": [place("Seoul", "KR"), place(name.title(), "FI")]}
        response = api.post(
            "/api/v1/relationships", json={**body, "events": events}, headers=headers
        )
        assert response.status_code == 201, response.text
        made[name] = response.json()["item"]
    assert {n: t["status"] for n, t in made.items()} == {
        "ended": "terminated",
        "strained": "strained",
        "mended": "active",
        "renewed": "active",
        "sameday": "terminated",
        "undated": "active",
    }
    every = everything(api, "relationships", headers)
    for status in ("active", "strained", "terminated"):
        got = everything(api, "relationships", headers, status=status)
        assert ids(got) == [t["id"] for t in every if t["status"] == status], status
    terminated = everything(api, "relationships", headers, status="terminated")
    assert ids(terminated) == sorted([made["ended"]["id"], made["sameday"]["id"]], reverse=True)


@pytest.mark.parametrize(
    ("kind", "params", "field"),
    [
        ("engagements", {"type": "nonsense"}, "type"),
        ("relationships", {"type": "meeting"}, "type"),  # an engagement type, not a tie's
        ("memberships", {"type": "sister"}, "type"),
        ("agreements", {"area": "nonsense"}, "area"),
        ("engagements", {"review": "maybe"}, "review"),
        ("engagements", {"year": "abc"}, "year"),
        ("engagements", {"year": 0}, "year"),
        ("engagements", {"year": 10000}, "year"),
        ("engagements", {"status": "active"}, "status"),
        ("relationships", {"status": "planned"}, "status"),
        ("memberships", {"status": "active"}, "status"),
        ("engagements", {"place": "Seoul"}, "place"),
        ("engagements", {"place": 2**31}, "place"),
        ("engagements", {"sort": "title"}, "sort"),
        ("engagements", {"page": 0}, "page"),
        ("engagements", {"page": 10**8}, "page"),
        ("engagements", {"per_page": 0}, "per_page"),
        ("engagements", {"per_page": 201}, "per_page"),
        ("engagements", {"q": "a\x00b"}, "q"),
        ("engagements", {"q": "x" * 201}, "q"),
    ],
)
def test_bad_list_values_are_422_naming_the_field(
    api: TestClient, token_for: Headers, kind: str, params: dict[str, Any], field: str
) -> None:
    response = api.get(f"/api/v1/{kind}", params=params, headers=token_for("viewer"))
    assert_error(response, 422, field)


def test_an_unknown_kind_is_422(api: TestClient, token_for: Headers) -> None:
    assert_error(api.get("/api/v1/visits", headers=token_for("viewer")), 422, "kind")


def test_places_list_pages_and_filters(api: TestClient, token_for: Headers) -> None:
    headers = token_for("viewer")
    whole = api.get("/api/v1/places", params={"per_page": 200}, headers=headers).json()
    assert whole["total"] == len(whole["items"]) > 20
    assert [(p["name"], p["id"]) for p in whole["items"]] == sorted(
        (p["name"], p["id"]) for p in whole["items"]
    )
    second = api.get("/api/v1/places", params={"per_page": 10, "page": 2}, headers=headers)
    assert ids(second.json()["items"]) == ids(whole["items"][10:20])
    korean = api.get("/api/v1/places", params={"country": "kr", "per_page": 200}, headers=headers)
    assert ids(korean.json()["items"]) == [p["id"] for p in whole["items"] if p["country"] == "KR"]
    orgs = api.get(
        "/api/v1/places", params={"level": "organization", "per_page": 200}, headers=headers
    )
    want = [p["id"] for p in whole["items"] if p["level"] == "organization"]
    assert want and ids(orgs.json()["items"]) == want
    starts = api.get("/api/v1/places", params={"q": "seo"}, headers=headers).json()["items"]
    assert [p["key"] for p in starts] == ["seoul-kr"]
    by_alias = api.get("/api/v1/places", params={"q": "서울"}, headers=headers).json()["items"]
    assert [p["key"] for p in by_alias] == ["seoul-kr"]
    assert api.get("/api/v1/places", params={"q": "%"}, headers=headers).json()["total"] == 0


# Names at the edges of a prefix's range: the last code point (no character follows it),
# the one before the surrogates (its successor is U+E000), and Korean syllables.
EDGE_NAMES = (
    "Edge\U0010ffff", "Edge\U0010ffffx", "Edgf", "Ed\ud7ffa", "Ed\ue000", "서울숲", "서귀포",
)  # fmt: skip
PREFIXES = (
    "se", "Seo", "s", "edge\U0010ffff", "Edge", "edg", "ed\ud7ff", "ed\ue000", "\U0010ffff",
    "서", "서울", "섞", "서귀", "%", "_", "e_", "SEOUL Special City",
)  # fmt: skip


def test_place_search_finds_exactly_the_places_a_name_of_which_starts_so(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    with web_registry.session() as session:
        for i, name in enumerate(EDGE_NAMES):
            session.add(
                Place(
                    key=f"edge-{i}-no",
                    name=name,
                    country="NO",
                    names=[PlaceName(name=name, norm=norm_name(name))],
                )
            )
    headers = token_for("viewer")
    places: list[dict[str, Any]] = []
    while not places or len(places) % 200 == 0:
        params = {"per_page": 200, "page": len(places) // 200 + 1}
        got = api.get("/api/v1/places", params=params, headers=headers).json()["items"]
        if not got:
            break
        places += got
    for q in PREFIXES:
        start = norm_name(q)
        want = sorted(
            p["id"]
            for p in places
            if any(norm_name(n).startswith(start) for n in [p["name"], *p.get("aliases", [])])
        )
        body = api.get("/api/v1/places", params={"q": q, "per_page": 200}, headers=headers).json()
        assert sorted(ids(body["items"])) == want and body["total"] == len(want), q
    found = {
        q: {p["name"] for p in everything_named(api, q, headers)}
        for q in ("edge\U0010ffff", "ed\ud7ff", "서울", "\U0010ffff")
    }
    assert found["edge\U0010ffff"] == {"Edge\U0010ffff", "Edge\U0010ffffx"}  # not Edgf
    assert found["ed\ud7ff"] == {"Ed\ud7ffa"}  # not Ed\ue000
    assert found["서울"] == {"Seoul", "서울숲"}  # Seoul by its alias; not 서귀포
    assert found["\U0010ffff"] == set()


def everything_named(api: TestClient, q: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    body = api.get("/api/v1/places", params={"q": q, "per_page": 200}, headers=headers).json()
    return list(body["items"])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "planet"}, "level"),
        ({"country": "KOR"}, "country"),
        ({"per_page": 500}, "per_page"),
        ({"page": 0}, "page"),
        ({"q": "\x00"}, "q"),
    ],
)
def test_bad_place_list_values_are_422(
    api: TestClient, token_for: Headers, params: dict[str, Any], field: str
) -> None:
    assert_error(api.get("/api/v1/places", params=params, headers=token_for("viewer")), 422, field)


def test_one_place_and_a_missing_one(api: TestClient, token_for: Headers) -> None:
    headers = token_for("viewer")
    seoul = api.get("/api/v1/places", params={"q": "Seoul"}, headers=headers).json()["items"][0]
    item = api.get(f"/api/v1/places/{seoul['id']}", headers=headers).json()["item"]
    assert item == seoul
    assert item["name"] == "Seoul" and item["country"] == "KR" and "서울" in item["aliases"]
    assert_error(api.get("/api/v1/places/999999", headers=headers), 404)
    assert_error(api.get("/api/v1/places/0", headers=headers), 422, "place_id")
    assert_error(api.get(f"/api/v1/places/{2**40}", headers=headers), 422, "place_id")
