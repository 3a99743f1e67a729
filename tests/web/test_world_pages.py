"""The world pages (`/world`, `/world/map`, `/world/network`) over the demo registry, with no
dataset and with the hand-made small world (world_small.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from citydip.store.engine import Registry
from citydip.web.pages.world import IMPORT_COMMAND

from .world_small import add_small_world

Client = Callable[[str | None], TestClient]
PAGES = ("/world", "/world/map", "/world/network")


def test_with_no_dataset_each_page_says_how_to_import_one(client_for: Client) -> None:
    viewer = client_for("viewer")
    for path in PAGES:
        page = viewer.get(path)
        assert page.status_code == 200, path
        assert 'id="world-none"' in page.text
        assert "citydip import-pairs ../shared/data/sister-cities/twin_cities_raw.csv" in page.text
        assert "--columns city1,country1,city2,country2" in IMPORT_COMMAND
        assert 'id="world-map"' not in page.text and "world-map.js" not in page.text


def test_summary_page(client_for: Client, web_registry: Registry) -> None:
    small = add_small_world(web_registry)
    page = client_for("viewer").get("/world").text
    counts = dict(re.findall(r'id="world-count-(\w+)">.*?class="value">([\d,]+)<', page, re.S))
    assert counts == {"places": "9", "placed": "8", "ties": "11", "countries": "6"}
    rows = [int(i) for i in re.findall(r'<tr id="world-place-(\d+)"', page)]
    assert rows[0] == small.ids["Alpha"] and len(rows) == 9
    assert f'href="/places/{small.ids["Alpha"]}">Alpha</a>' in page
    assert f"/world/network?dataset=small-world&amp;place={small.ids['Alpha']}" in page
    assert "South Korea" in page and 'id="world-chooser"' not in page  # one dataset: no chooser


def test_map_and_network_pages_point_at_the_api(client_for: Client, web_registry: Registry) -> None:
    add_small_world(web_registry)
    viewer = client_for("viewer")
    page = viewer.get("/world/map").text
    assert 'data-api="/api/v1/datasets/small-world"' in page and "world-map.js" in page
    labels = json.loads(re.search(r'id="labels">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert labels["world"]["degree"] == "{n} ties"
    net = viewer.get("/world/network?country=kr&place=5").text
    assert 'data-country="KR"' in net and 'data-place="5"' in net and "world-network.js" in net


def test_several_datasets_get_a_chooser(client_for: Client, web_registry: Registry) -> None:
    add_small_world(web_registry)
    add_small_world(web_registry, key="another-world", name="Another world")
    viewer = client_for("viewer")
    page = viewer.get("/world").text
    assert 'id="world-chooser"' in page
    assert "<h2>Another world</h2>" in page  # the first by key
    chosen = viewer.get("/world/map?dataset=small-world").text
    assert 'data-api="/api/v1/datasets/small-world"' in chosen
    assert '<option value="small-world" selected>' in chosen


def test_an_unknown_dataset_is_a_404_page(client_for: Client, web_registry: Registry) -> None:
    add_small_world(web_registry)
    response = client_for("viewer").get("/world/map?dataset=nope")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]


def test_signed_out_goes_to_the_sign_in(client_for: Client) -> None:
    for path in PAGES:
        response = client_for(None).get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_korean_pages_and_the_links_to_them(client_for: Client, web_registry: Registry) -> None:
    add_small_world(web_registry)
    viewer = client_for("viewer")
    viewer.cookies.set("lang", "ko")
    page = viewer.get("/world").text
    assert "세계 자매도시 네트워크" in page and "대한민국" in page
    assert '<a href="/world"' in page  # the nav
    hub = viewer.get("/analysis").text
    assert 'id="analysis-world"' in hub and 'href="/world"' in hub
    labels = re.search(r'id="labels">(.*?)</script>', viewer.get("/world/network").text, re.S)
    assert labels and json.loads(labels.group(1))["world"]["back"] == "모든 국가로 돌아가기"
