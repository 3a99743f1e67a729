"""The world map and network in headless Chromium on a generated world as large as the
Wikipedia twin-town lists (18,000 places, 26,000 ties; tests/web/world_data.py): they draw
clusters and bundles, not a node per place, zoom in to single ties, expand a country and
find a city; offline; in Korean too."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from citydip.analytics import world_view as wv

from ..world_data import KEY, generate_world

MAX_DOM = 2000  # elements under the map pane: clusters are divs, the rest is one canvas
DOM_UNDER_MAP = "document.querySelectorAll('#world-map .leaflet-map-pane *').length"


@pytest.fixture
def world(live_server: Any) -> dict[str, Any]:
    registry = live_server.registry
    made = generate_world(registry.engine)
    with registry.session() as session:
        arrays = wv.read_world(session, wv.dataset_or_404(session, KEY))
    hub = int(np.argmax(arrays.degree))
    return {
        "made": made,
        "hub": (int(arrays.ids[hub]), float(arrays.lat[hub]), float(arrays.lon[hub])),
        "countries": len({c for c in arrays.countries if c}),
    }


def drawn(page: Any, box: str, **expect: str) -> None:
    wanted = "".join(f"[data-{k}='{v}']" for k, v in expect.items())
    page.wait_for_selector(f"{box}[data-ready='1']{wanted}", timeout=30_000)


def test_the_map_draws_18k_places_as_clusters_and_zooms_in_to_ties(
    page_for: Any, world: dict[str, Any], screenshot: Any
) -> None:
    page = page_for("viewer")
    page.goto("/world/map")
    drawn(page, "#world-map", zoom="2", level="cells")
    box = page.locator("#world-map")
    assert int(box.get_attribute("data-clusters")) > 20
    assert int(box.get_attribute("data-lines")) > 100
    assert page.locator("#world-map .world-cluster").count() == int(
        box.get_attribute("data-clusters")
    )
    assert page.evaluate(DOM_UNDER_MAP) < MAX_DOM
    assert "Zoom 2:" in page.locator("#world-map-status").inner_text()
    page.wait_for_timeout(500)  # the country outlines
    screenshot(page, "world-map")

    # bundles between countries instead
    page.select_option("#world-map-options select[name=level]", "countries")
    drawn(page, "#world-map", level="countries")

    # close to the best-connected place: its ties one by one
    page.select_option("#world-map-options select[name=level]", "auto")
    place_id, lat, lon = world["hub"]
    page.evaluate(
        f"void document.getElementById('world-map')._citydipMap"
        f".setView([{lat}, {lon}], {wv.DETAIL_ZOOM})"
    )
    drawn(page, "#world-map", zoom=str(wv.DETAIL_ZOOM), level="ties")
    assert int(box.get_attribute("data-lines")) > 0
    assert page.evaluate(DOM_UNDER_MAP) < MAX_DOM

    # closer still, the place alone: click it for its figures and links
    page.evaluate(
        f"void document.getElementById('world-map')._citydipMap.setView([{lat}, {lon}], 12)"
    )
    drawn(page, "#world-map", zoom="12")
    assert int(box.get_attribute("data-points")) >= 1
    bounds = box.bounding_box()
    page.mouse.click(bounds["x"] + bounds["width"] / 2, bounds["y"] + bounds["height"] / 2)
    popup = page.locator(".world-popup")
    popup.wait_for(timeout=10_000)
    assert popup.locator(f"a[href$='/places/{place_id}']").count() == 1
    assert popup.locator(".world-ego-link").get_attribute("href").endswith(f"place={place_id}")
    assert page.outside_requests == []


def test_the_network_draws_countries_expands_one_and_finds_a_city(
    page_for: Any, world: dict[str, Any], screenshot: Any
) -> None:
    page = page_for("viewer")
    page.goto("/world/network")
    drawn(page, "#world-network", mode="countries")
    box = page.locator("#world-network")
    assert int(box.get_attribute("data-nodes")) == world["countries"] == 150
    assert int(box.get_attribute("data-edges")) == 400  # the 400 heaviest of many more
    page.wait_for_timeout(300)
    screenshot(page, "world-network")

    # the country with most ties (first in the side list): its cities
    page.locator("#world-side li button").first.click()
    drawn(page, "#world-network", mode="country")
    assert int(box.get_attribute("data-nodes")) > 30
    assert "country=" in page.url
    # a city of it: its partners
    page.locator("#world-side li button").first.click()
    drawn(page, "#world-network", mode="ego")
    assert "place=" in page.url
    assert page.locator("#world-side .world-place-link").count() == 1

    page.fill("#world-search input[name=q]", "gencity 17")
    page.click("#world-search button[type=submit]")
    page.locator("#world-search-results li button").first.wait_for()
    first = page.locator("#world-search-results li button").first.inner_text()
    assert first.startswith("Gencity 17")
    drawn(page, "#world-network", mode="ego")
    assert page.locator("#world-side h2").inner_text().startswith("Gencity 17")
    page.click("#world-side .world-back")
    drawn(page, "#world-network", mode="countries")
    assert page.outside_requests == []


def test_korean_world_map(page_for: Any, world: dict[str, Any]) -> None:
    page = page_for("viewer", locale="ko-KR")
    page.goto("/world/map")
    drawn(page, "#world-map")
    assert page.locator("h1").inner_text() == "세계 결연 지도"
    assert page.locator("#world-map-status").inner_text().startswith("확대 2:")
