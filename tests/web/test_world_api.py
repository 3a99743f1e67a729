"""`/api/v1/datasets`: the world views' JSON on the hand-made small world (world_small.py),
on SQLite and PostgreSQL; every expected figure is worked out by hand in the test.

The grid at zoom 0 has 4 x 4 cells (256 px / 64 px): x = (lon + 180) / 90, y from Web
Mercator. Alpha, Beta, Gamma and Delta (East Asia) share the cell x 3, y 1; Epsilon (x 2,
y 1), Zeta (x 1, y 1), Theta (x 3, y 2) and Iota (x 0, y 2) are alone in theirs; Eta has
no coordinates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from citydip.analytics import world_view as wv
from citydip.store.engine import Registry

from .api_support import assert_error
from .world_small import Small, add_small_world

Client = Callable[[str | None], TestClient]
API = "/api/v1/datasets/small-world"


@pytest.fixture
def small(web_registry: Registry) -> Small:
    return add_small_world(web_registry)


@pytest.fixture
def viewer(client_for: Client, small: Small) -> TestClient:
    return client_for("viewer")


def get(client: TestClient, path: str, **params: Any) -> dict[str, Any]:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["ok"] is True
    return body


def names(small: Small, places: list[dict[str, Any]]) -> list[str]:
    return [small.names[p["id"]] for p in places]


def pair(small: Small, a: int, b: int) -> tuple[str, str]:
    return (small.names[a], small.names[b])


def test_list_and_summary(viewer: TestClient, small: Small) -> None:
    items = get(viewer, "/api/v1/datasets")["items"]
    assert [d["key"] for d in items] == ["small-world"]
    assert items[0]["licence"] == "CC0" and items[0]["url"] == "/world?dataset=small-world"
    item = get(viewer, API)["item"]
    assert (item["places"], item["placed"], item["ties"], item["countries"]) == (9, 8, 11, 6)
    top = [(small.names[p["id"]], p["degree"]) for p in item["top"]]
    # degree desc; ties keep id order (the order of PLACES)
    assert top[:3] == [("Alpha", 6), ("Gamma", 3), ("Zeta", 3)]
    assert sum(d for _, d in top) == 2 * 11


def test_world_zoom_clusters_east_asia(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/places", zoom=0)
    assert (body["total"], body["unplaced"], body["more"]) == (8, 1, 0)
    (cluster,) = body["clusters"]
    assert cluster["n"] == 4 and cluster["ties"] == 6 + 2 + 3 + 2
    assert cluster["top"]["id"] == small.ids["Alpha"]
    assert cluster["lat"] == pytest.approx((37.5 + 35.1 + 35.7 + 34.7) / 4, abs=1e-4)
    assert cluster["lon"] == pytest.approx((127.0 + 129.0 + 139.7 + 135.5) / 4, abs=1e-4)
    # lone places, most ties first (Epsilon and Theta have 2 each: grid order, y then x)
    assert names(small, body["places"]) == ["Zeta", "Epsilon", "Theta", "Iota"]


def test_points_one_by_one_from_the_point_zoom(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/places", zoom=wv.POINT_ZOOM, bbox="126,34,130,38")
    assert body["clusters"] == [] and names(small, body["places"]) == ["Alpha", "Beta"]
    assert body["places"][0] == {
        "id": small.ids["Alpha"], "name": "Alpha", "country": "KR", "lat": 37.5, "lon": 127.0,
        "degree": 6,
    }  # fmt: skip


def test_ties_bundled_between_cells(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/ties", zoom=0, level="cells")
    # Zeta–Eta is not drawn (Eta has no coordinates): 10 of 11 ties; the five inside East
    # Asia's cell make no line; the other five join two cells each, one tie per bundle
    assert (body["level"], body["total"], body["more"], body["ties"]) == ("cells", 10, 0, [])
    assert sorted(b["n"] for b in body["bundles"]) == [1, 1, 1, 1, 1]
    ends = sorted(tuple(sorted((b["a_key"], b["b_key"]))) for b in body["bundles"])
    ea, eps, zeta, theta, iota = "0/3/1", "0/2/1", "0/1/1", "0/3/2", "0/0/2"
    expected = [(ea, eps), (ea, zeta), (ea, theta), (eps, zeta), (iota, theta)]
    assert ends == sorted(tuple(sorted(p)) for p in expected)


def test_ties_bundled_between_countries(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/ties", zoom=1, level="countries")
    got = [(b["a_key"], b["b_key"], b["n"]) for b in body["bundles"]]
    # KR–JP: Alpha–Gamma, Alpha–Delta, Beta–Gamma; the rest one each, in code order
    assert got == [
        ("JP", "KR", 3), ("FJ", "NZ", 1), ("FR", "KR", 1), ("FR", "US", 1), ("KR", "NZ", 1),
        ("KR", "US", 1),
    ]  # fmt: skip
    us = next(b for b in body["bundles"] if b["b_key"] == "US")
    assert us["b"] == [40.7, -74.0]  # the mean of the US places that have coordinates: Zeta


def test_few_ties_are_drawn_one_by_one_at_any_zoom(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/ties", zoom=0)
    assert body["level"] == "ties" and body["bundles"] == []
    assert len(body["ties"]) == body["total"] == 10
    first = body["ties"][0]
    # the best-connected first: Alpha (6) with Gamma (3) or Zeta (3), the first by tie id
    assert pair(small, first["a"]["id"], first["b"]["id"]) == ("Alpha", "Gamma")


def test_ties_capped_with_the_number_left_out(
    viewer: TestClient, small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wv, "MAX_TIES", 2)
    body = get(viewer, f"{API}/ties", zoom=wv.DETAIL_ZOOM)
    assert (body["level"], body["total"], body["more"]) == ("ties", 10, 8)
    got = [pair(small, t["a"]["id"], t["b"]["id"]) for t in body["ties"]]
    assert got == [("Alpha", "Gamma"), ("Alpha", "Zeta")]  # degree sums 9 and 9


@pytest.mark.parametrize(
    ("bbox", "inside", "ties"),
    [
        ("-10,35,30,60", ["Epsilon"], {("Alpha", "Epsilon"), ("Epsilon", "Zeta")}),
        # across the 180th meridian, written either way round
        ("170,-40,200,-10", ["Theta", "Iota"], {("Theta", "Iota"), ("Alpha", "Theta")}),
        ("-190,-40,-170,-10", ["Theta", "Iota"], {("Theta", "Iota"), ("Alpha", "Theta")}),
        ("-360,-90,360,90", None, None),  # wider than the world: everything
    ],
)
def test_bbox_filters_places_and_ties(
    viewer: TestClient, small: Small, bbox: str, inside: list[str] | None, ties: set[Any] | None
) -> None:
    places = get(viewer, f"{API}/places", zoom=wv.POINT_ZOOM, bbox=bbox)
    lines = get(viewer, f"{API}/ties", zoom=wv.DETAIL_ZOOM, bbox=bbox)
    if inside is None:
        assert places["total"] == 8 and lines["total"] == 10
        return
    assert sorted(names(small, places["places"])) == sorted(inside)
    got = {tuple(sorted(pair(small, t["a"]["id"], t["b"]["id"]))) for t in lines["ties"]}
    assert got == {tuple(sorted(p)) for p in ties or ()}


def test_ego_network(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/places/{small.ids['Alpha']}/ego")
    assert body["place"]["url"] == f"/places/{small.ids['Alpha']}"
    assert names(small, body["partners"]) == ["Gamma", "Zeta", "Beta", "Delta", "Epsilon", "Theta"]
    among = sorted(tuple(sorted(pair(small, t["a"], t["b"]))) for t in body["ties"])
    # Zeta–Eta and Theta–Iota reach outside the partners: not drawn
    assert among == [("Beta", "Gamma"), ("Delta", "Gamma"), ("Epsilon", "Zeta")]
    capped = get(viewer, f"{API}/places/{small.ids['Alpha']}/ego", limit=2)
    assert names(small, capped["partners"]) == ["Gamma", "Zeta"] and capped["more"] == 4
    assert capped["ties"] == []


def test_country_graph(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/countries")
    got = [(c["code"], c["places"], c["ties"], c["domestic"]) for c in body["countries"]]
    assert got == [
        ("KR", 2, 7, 1), ("JP", 2, 4, 1), ("US", 2, 3, 1), ("FR", 1, 2, 0), ("NZ", 1, 2, 0),
        ("FJ", 1, 1, 0),
    ]  # fmt: skip
    assert body["countries"][0]["name"] == "South Korea"
    edges = [(e["a"], e["b"], e["n"]) for e in body["edges"]]
    assert edges[0] == ("JP", "KR", 3) and len(edges) == 6 and body["more"] == 0
    top2 = get(viewer, f"{API}/countries", top=2)
    assert len(top2["edges"]) == 2 and top2["more"] == 4


def test_a_country_expanded(viewer: TestClient, small: Small) -> None:
    body = get(viewer, f"{API}/countries/kr")
    assert body["country"]["code"] == "KR"
    assert names(small, body["cities"]) == ["Alpha", "Beta"] and body["more"] == 0
    assert [pair(small, d["a"], d["b"]) for d in body["domestic"]] == [("Alpha", "Beta")]
    abroad = sorted((small.names[a["city"]], a["country"], a["n"]) for a in body["abroad"])
    assert abroad == [
        ("Alpha", "FR", 1), ("Alpha", "JP", 2), ("Alpha", "NZ", 1), ("Alpha", "US", 1),
        ("Beta", "JP", 1),
    ]  # fmt: skip
    assert [(c["code"], c["ties"]) for c in body["partners"]][0] == ("JP", 4)
    assert [c["code"] for c in body["partners"]] == ["JP", "FR", "NZ", "US"]  # ties with KR


def test_search_by_name(viewer: TestClient, small: Small) -> None:
    items = get(viewer, f"{API}/search", q="eta")["items"]
    # starts with "eta" first, then contains it, most ties first: Zeta 3, Beta 2, Theta 2
    assert names(small, items) == ["Eta", "Zeta", "Beta", "Theta"]
    assert get(viewer, f"{API}/search", q="nowhere")["items"] == []


def test_unknown_things_are_404_in_the_error_shape(viewer: TestClient, small: Small) -> None:
    assert_error(viewer.get("/api/v1/datasets/no-such-set"), 404)
    assert_error(viewer.get("/api/v1/datasets/no-such-set/places"), 404)
    assert_error(viewer.get(f"{API}/countries/ZZ"), 404)
    assert_error(viewer.get(f"{API}/places/999999/ego"), 404)


def test_bad_parameters_are_422_naming_the_field(viewer: TestClient, small: Small) -> None:
    assert_error(viewer.get(f"{API}/places", params={"bbox": "1,2,3"}), 422, "bbox")
    assert_error(viewer.get(f"{API}/places", params={"bbox": "a,b,c,d"}), 422, "bbox")
    assert_error(viewer.get(f"{API}/ties", params={"bbox": "10,50,0,40"}), 422, "bbox")
    assert_error(viewer.get(f"{API}/ties", params={"bbox": "nan,0,1,1"}), 422, "bbox")
    assert_error(viewer.get(f"{API}/places", params={"zoom": 99}), 422, "zoom")
    assert_error(viewer.get(f"{API}/ties", params={"level": "galaxy"}), 422, "level")
    assert_error(viewer.get(f"{API}/countries/KOR"), 422, "code")


def test_permissions(
    client_for: Client, api: TestClient, token_for: Callable[[str], dict[str, str]], small: Small
) -> None:
    for path in ("/api/v1/datasets", API, f"{API}/places", f"{API}/ties", f"{API}/countries"):
        assert_error(client_for(None).get(path), 401)
        assert_error(api.get(path), 401)
        assert api.get(path, headers=token_for("viewer")).status_code == 200
    assert_error(api.get(API, headers={"Authorization": "Bearer not-a-token"}), 401)


def test_an_import_after_a_read_is_seen(viewer: TestClient, web_registry: Registry) -> None:
    assert len(get(viewer, "/api/v1/datasets")["items"]) == 1
    add_small_world(web_registry, key="second-world", name="Second")
    assert get(viewer, "/api/v1/datasets/second-world")["item"]["ties"] == 11
    assert len(get(viewer, "/api/v1/datasets")["items"]) == 2
