"""The views on the demo registry: dashboard, map, network, timeline, places and a partner's
page, as pages and as JSON; permissions, HTMX blocks, hostile names and Korean labels."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import func, select

from citydip.analytics.partner import quote_of
from citydip.i18n import labels
from citydip.store.documents import Evidence
from citydip.store.engine import Registry
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.registry import get_home
from citydip.taxonomy import (
    COMMITMENT_STATUSES,
    KINDS,
    LEVELS,
    REVIEW_STATES,
    ROLES,
    STATUSES,
    load_taxonomy,
)

Client = Callable[[str | None], TestClient]
PAGES = ("/", "/map", "/network", "/timeline", "/places")
APIS = ("/api/v1/stats", "/api/v1/map", "/api/v1/network", "/api/v1/timeline")
HOSTILE = "<script>alert(1)</script>"


def place_id(registry: Registry, name: str) -> int:
    with registry.session() as session:
        found = session.scalar(select(Place.id).where(Place.name == name))
    assert found is not None, name
    return found


def home_id(registry: Registry) -> int:
    with registry.session() as session:
        home = get_home(session)
        assert home is not None
        return home.id


def test_every_page_for_a_viewer(client_for: Client, web_registry: Registry) -> None:
    viewer = client_for("viewer")
    tokyo = place_id(web_registry, "Tokyo")
    for path in (*PAGES, f"/places/{tokyo}", "/places?q=to&level=city"):
        response = viewer.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        assert response.headers["content-type"].startswith("text/html")
    page = viewer.get("/map").text
    assert 'id="map" data-src="/api/v1/map"' in page and 'id="map-filters"' in page
    assert 'data-countries="/static/vendor/countries-' in page
    assert 'id="network" data-src="/api/v1/network?' in viewer.get("/network").text
    dashboard = viewer.get("/").text
    for chart in ("by_year", "by_region", "by_type", "by_area"):
        assert f'data-vega-src="/api/v1/stats?review=accepted" data-chart="{chart}"' in dashboard


def test_no_session_no_views(client_for: Client, api: TestClient) -> None:
    anonymous = client_for(None)
    for path in (*PAGES, "/places/1"):
        response = anonymous.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")
    for path in APIS:
        response = api.get(path)
        assert response.status_code == 401, path
        body = response.json()
        assert body["ok"] is False and body["status"] == 401 and body["error"]


def test_stats_shape_and_counts(
    api: TestClient, token_for: Callable[[str], dict[str, str]]
) -> None:
    headers = token_for("viewer")
    stats = api.get("/api/v1/stats", headers=headers).json()
    assert stats["ok"] and stats["review"] == "accepted"
    accepted = api.get("/api/v1/engagements?review=accepted&per_page=1", headers=headers).json()[
        "total"
    ]
    assert stats["counts"]["engagements"] == accepted > 0
    assert stats["review_counts"]["proposed"] == 18  # the demo: en-034, ko-023, ko-004 extracted
    assert {"year", "kind", "n"} == set(stats["by_year"][0])
    assert {r["kind"] for r in stats["by_year"]} == {"relationship", "agreement", "engagement"}
    assert sum(r["n"] for r in stats["by_year"] if r["kind"] == "engagement") <= accepted
    assert all({"region", "code", "n"} == set(r) for r in stats["by_region"])
    east_asia = next(r for r in stats["by_region"] if r["code"] == "east_asia")
    assert east_asia["region"] == "East Asia" and east_asia["n"] > 0
    assert all({"kind", "type", "label", "n"} == set(r) for r in stats["by_type"])
    sister = next(r for r in stats["by_type"] if r["type"] == "sister")
    assert sister == {
        "kind": "relationship",
        "type": "sister",
        "label": "Sister city",
        "n": sister["n"],
    }
    assert all({"area", "label", "n"} == set(r) for r in stats["by_area"])
    assert len(stats["latest"]) == 10
    assert all(item["url"].startswith("/places/") for item in stats["latest"])
    every = api.get("/api/v1/stats?review=all", headers=headers).json()
    assert every["counts"]["engagements"] > stats["counts"]["engagements"]


def test_accepting_a_record_counts_it(
    api: TestClient, token_for: Callable[[str], dict[str, str]], web_registry: Registry
) -> None:
    with web_registry.session() as session:
        proposed = session.scalar(
            select(Record.id)
            .where(Record.kind == "engagement", Record.review_state == "proposed")
            .order_by(Record.id)
        )
    assert proposed is not None
    before = api.get("/api/v1/stats", headers=token_for("viewer")).json()["counts"]
    done = api.post(
        f"/api/v1/records/{proposed}/review",
        json={"state": "accepted"},
        headers=token_for("editor"),
    )
    assert done.status_code == 200, done.text
    after = api.get("/api/v1/stats", headers=token_for("viewer")).json()["counts"]
    assert after["engagements"] == before["engagements"] + 1


def test_map_geojson(
    api: TestClient, token_for: Callable[[str], dict[str, str]], web_registry: Registry
) -> None:
    headers = token_for("viewer")
    data = api.get("/api/v1/map", headers=headers).json()
    assert data["type"] == "FeatureCollection"
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    home = [f for f in points if f["properties"]["home"]]
    assert len(home) == 1 and home[0]["properties"]["id"] == home_id(web_registry)
    assert len(points) > 10 and lines
    tokyo = next(f for f in points if f["properties"]["name"] == "Tokyo")["properties"]
    assert tokyo["ties"] == ["sister"] and tokyo["url"] == f"/places/{tokyo['id']}"
    assert set(tokyo) >= {"id", "name", "url", "country", "level", "home", "ties"}
    assert all(set(f["properties"]) >= {"id", "type", "since", "label"} for f in lines)
    assert {f["properties"]["type"] for f in lines} <= {"sister", "friendship", "partnership"}
    assert all(len(f["geometry"]["coordinates"]) == 2 for f in lines)
    assert data["unplaced"] and all(u["url"].startswith("/places/") for u in data["unplaced"])
    sister = api.get("/api/v1/map?type=sister", headers=headers).json()
    assert {f["properties"]["type"] for f in sister["features"] if "since" in f["properties"]} == {
        "sister"
    }
    europe = api.get("/api/v1/map?region=europe", headers=headers).json()
    countries = {
        f["properties"]["country"]
        for f in europe["features"]
        if f["geometry"]["type"] == "Point" and not f["properties"]["home"]
    }
    assert countries and "JP" not in countries and "CN" not in countries
    bad = api.get("/api/v1/map?region=atlantis", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "region"


def test_network_json(api: TestClient, token_for: Callable[[str], dict[str, str]]) -> None:
    data = api.get("/api/v1/network", headers=token_for("viewer")).json()
    ids = {n["id"] for n in data["nodes"]}
    assert [n["kind"] for n in data["nodes"]].count("home") == 1
    assert {n["kind"] for n in data["nodes"]} <= {"home", "partner", "network", "place"}
    assert "network" in {n["kind"] for n in data["nodes"]}  # the demo's city networks
    assert all({"id", "label", "kind", "url", "weight"} <= set(n) for n in data["nodes"])
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert {e["kind"] for e in data["edges"]} == {"tie", "engagement", "membership"}
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    small = api.get("/api/v1/network?limit=3", headers=token_for("viewer")).json()
    assert len(small["nodes"]) == 4  # the home city and the three most connected


def test_timeline_json_newest_first(
    api: TestClient, token_for: Callable[[str], dict[str, str]]
) -> None:
    headers = token_for("viewer")
    rows = api.get("/api/v1/timeline", headers=headers).json()
    assert rows and all({"date", "kind", "type", "title", "url"} <= set(r) for r in rows)
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    visits = api.get(
        "/api/v1/timeline?kind=engagement&year_from=2015&year_to=2016", headers=headers
    )
    found = visits.json()
    assert found and all(
        r["kind"] == "engagement" and r["date"][:4] in ("2015", "2016") for r in found
    )
    bad = api.get("/api/v1/timeline?kind=visit", headers=headers)
    assert bad.status_code == 422 and bad.json()["ok"] is False


def test_partner_page_shows_evidence_sentences(client_for: Client, web_registry: Registry) -> None:
    home = home_id(web_registry)
    with web_registry.session() as session:
        ev = session.scalars(  # a sentence behind one of the extracted (proposed) records
            select(Evidence)
            .join(Record, Record.id == Evidence.record_id)
            .where(Evidence.start.is_not(None), Record.review_state == "proposed")
            .order_by(Evidence.id)
        ).first()
        assert ev is not None
        sentence = quote_of(ev)
        partner = session.scalar(
            select(RecordParty.place_id)
            .where(RecordParty.record_id == ev.record_id, RecordParty.place_id != home)
            .order_by(RecordParty.position)
        )
        doc_id = ev.document_id
    assert sentence and partner is not None
    page = client_for("viewer").get(f"/places/{partner}").text
    assert str(escape(sentence)) in page
    assert f'id="record-{ev.record_id}"' in page
    assert f'href="/documents/{doc_id}"' in page
    assert 'class="badge proposed"' in page  # the demo's extracted records await review


def test_partner_page_sections(client_for: Client, web_registry: Registry) -> None:
    tokyo = place_id(web_registry, "Tokyo")
    page = client_for("viewer").get(f"/places/{tokyo}").text
    for section in ("ties", "agreements", "engagements", "memberships", "people", "documents"):
        assert f'id="{section}"' in page
    assert "Sister city" in page and "Established" in page  # the tie and its history
    assert "Yoichi Masuzoe" in page  # a person met
    assert client_for("viewer").get("/places/999999").status_code == 404


def test_places_list_searches_and_pages(client_for: Client, web_registry: Registry) -> None:
    viewer = client_for("viewer")
    with web_registry.session() as session:
        total = session.scalar(select(func.count()).select_from(Place))
    first = viewer.get("/places?per_page=10").text
    assert f"{total} places" in first and 'rel="next"' in first
    tokyo = viewer.get("/places?q=Tok").text
    assert ">Tokyo</a>" in tokyo and ">Seoul</a>" not in tokyo
    block = viewer.get("/places?q=Tok", headers={"HX-Request": "true"})
    assert block.text.lstrip().startswith('<section id="places-results">')
    assert "HX-Request" in block.headers["vary"]


def test_htmx_gets_the_block(client_for: Client) -> None:
    viewer = client_for("viewer")
    timeline = viewer.get("/timeline?kind=engagement", headers={"HX-Request": "true"})
    assert timeline.status_code == 200
    assert timeline.text.lstrip().startswith('<section id="timeline-results">')
    assert "<html" not in timeline.text
    assert 'data-vega-src="/api/v1/timeline?kind=engagement' in timeline.text
    kinds = re.findall(r'<span class="badge kind">([^<]+)</span>', timeline.text)
    assert kinds and set(kinds) == {"Engagement"}
    map_block = viewer.get("/map?region=europe", headers={"HX-Request": "true"})
    assert map_block.text.lstrip().startswith('<section class="panel" id="unplaced">')


def hostile_engagement(
    api: TestClient, token_for: Callable[[str], dict[str, str]]
) -> dict[str, Any]:
    body = {
        "kind": "engagement",
        "type": "meeting",
        "start": "2024-05-06",
        "parties": [{"name": "Seoul", "country": "KR"}, {"name": HOSTILE, "country": "JP"}],
        "title": f"<b>bold</b> {HOSTILE}",
    }
    created = api.post("/api/v1/engagements", json=body, headers=token_for("editor"))
    assert created.status_code == 201, created.text
    item: dict[str, Any] = created.json()["item"]
    return item


def test_hostile_names_render_as_text(
    api: TestClient,
    token_for: Callable[[str], dict[str, str]],
    client_for: Client,
    web_registry: Registry,
) -> None:
    item = hostile_engagement(api, token_for)
    hostile_id = place_id(web_registry, HOSTILE)
    viewer = client_for("viewer")
    for path in (
        f"/places/{hostile_id}",
        "/",
        "/timeline",
        "/network?review=all",
        "/places?q=%3Cscript",
        "/map?year=2024",
    ):
        page = viewer.get(path).text
        assert "<script>alert" not in page, path
        assert "<b>bold" not in page, path
    partner = viewer.get(f"/places/{hostile_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in partner
    assert f'id="record-{item["id"]}"' in partner
    assert "&lt;b&gt;bold&lt;/b&gt;" in viewer.get("/timeline").text
    assert "&lt;script&gt;alert(1)" in viewer.get("/").text  # the latest activity
    # JSON carries the name as it is (the scripts set it as text)
    rows = api.get("/api/v1/timeline?year_from=2024", headers=token_for("viewer")).json()
    mine = next(r for r in rows if r["record"] == item["id"])
    assert mine["title"] == f"<b>bold</b> {HOSTILE}"


def test_labels_in_korean(client_for: Client, web_registry: Registry) -> None:
    viewer = client_for("viewer")
    viewer.cookies.set("lang", "ko")
    dashboard = viewer.get("/").text
    assert "최근 활동" in dashboard and "승인된 기록만 집계합니다" in dashboard
    assert "Latest activity" not in dashboard
    home = viewer.get(f"/places/{home_id(web_registry)}").text
    assert '<h1 id="place-name">서울</h1>' in home  # the registry's Korean name
    assert "결연 관계" in home
    assert "교류 지도" in viewer.get("/map").text
    stats = viewer.get("/api/v1/stats").json()
    assert next(r for r in stats["by_region"] if r["code"] == "east_asia")["region"] == "동아시아"
    assert next(r for r in stats["by_type"] if r["type"] == "sister")["label"] == "자매도시"


def test_every_code_has_an_english_and_a_korean_label() -> None:
    tax = load_taxonomy()
    codes = [c for name in tax.lists for c in tax.codes(name)]
    codes += list(tax.dimensions) + list(tax.modes) + list(tax.channels)
    codes += [*KINDS, *LEVELS, *ROLES, *STATUSES, *REVIEW_STATES, *COMMITMENT_STATUSES]
    codes += ["active", "strained", "terminated"]  # a tie's status
    from citydip.analytics.regions import ORDER

    codes += list(ORDER)
    found = labels()
    missing = [
        c
        for c in codes
        if not (found.get(f"code.{c}", {}).get("en") and found[f"code.{c}"].get("ko"))
    ]
    assert missing == []


@pytest.mark.parametrize(
    "template",
    [
        "dashboard.html",
        "map.html",
        "network.html",
        "timeline.html",
        "place.html",
        "places.html",
        "_views.html",
    ],
)
def test_every_label_of_the_views_is_defined(template: str) -> None:
    from importlib import resources

    text = (resources.files("citydip.web") / "templates" / template).read_text(encoding="utf-8")
    keys = set(re.findall(r"""\bt\(["']([a-z_.]+)["']""", text))
    prefixes = set(re.findall(r"""\bt\(["']([a-z_.]+\.)["'] ~""", text))
    found = labels()
    assert keys and sorted(k for k in keys - prefixes if k not in found) == []
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in found), prefix


def test_codes_file_only_holds_codes() -> None:
    from importlib import resources

    data = yaml.safe_load(
        (resources.files("citydip") / "labels" / "codes.yaml").read_text(encoding="utf-8")
    )
    assert all(k.startswith("code.") for k in data)
