"""The health and trends pages, their CSV downloads and their API, over the demo registry."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient


def _charts(html: str) -> list[dict[str, object]]:
    found = re.search(
        r'<script type="application/json" id="analysis-charts">(.*?)</script>', html, re.S
    )
    assert found, "the page has no chart specs"
    data: list[dict[str, object]] = json.loads(found.group(1))
    return data


def test_health_page_lists_the_ties_and_embeds_two_charts(
    client_for: Callable[[str | None], TestClient],
) -> None:
    client = client_for("viewer")
    page = client.get("/health")
    assert page.status_code == 200
    api = client.get("/api/v1/health").json()
    assert api["ok"] and api["total"] == len(api["ties"]) > 0
    # one table row per tie listed, ranked as the API ranks them
    rows = re.findall(r'<tr id="tie-(\d+)"', page.text)
    assert [int(r) for r in rows] == [t["id"] for t in api["ties"]]
    charts = _charts(page.text)
    assert [c["id"] for c in charts] == ["chart-health-score", "chart-health-years"]
    scores = [t["score"] for t in api["ties"]]
    assert scores == sorted(scores, reverse=True)


def test_health_csv_has_a_row_per_tie(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    response = client.get("/health.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    api = client.get("/api/v1/health").json()
    assert [int(r["tie_id"]) for r in rows] == [t["id"] for t in api["ties"]]


def test_trends_page_for_every_lens(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    for by in ("mode", "dimension", "area", "region", "direction"):
        page = client.get(f"/trends?by={by}")
        assert page.status_code == 200, by
        data = client.get(f"/api/v1/trends?by={by}").json()
        assert data["by"] == by and data["rows"]
        # one table row per year; each year's row shares sum to 1 where the groups divide it
        assert len(re.findall(r'<tr data-year="', page.text)) == len(data["years"])
        if by in ("mode", "direction"):
            for year in (y for y in data["years"] if data["totals"][str(y)]):
                shares = [r["share"] for r in data["rows"] if r["year"] == year]
                assert abs(sum(shares) - 1) < 0.001
        assert [c["id"] for c in _charts(page.text)] == ["chart-trends-share", "chart-trends-count"]


def test_trends_csv_and_korean_labels(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    response = client.get("/trends.csv?by=dimension")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and set(rows[0]) == {"year", "dimension", "n", "share", "total"}
    assert {r["dimension"] for r in rows} <= {
        "security",
        "development",
        "economic",
        "cultural",
        "networks",
        "representation",
    }
    client.cookies.set("lang", "ko")
    data = client.get("/api/v1/trends?by=mode").json()
    assert {g["label"] for g in data["groups"]} == {"양자", "다자"}


def test_bad_parameters_get_the_json_error_shape(
    client_for: Callable[[str | None], TestClient],
) -> None:
    client = client_for("viewer")
    response = client.get("/api/v1/trends?by=colour")
    assert response.status_code == 422
    assert response.json()["ok"] is False
    reversed_years = client.get("/api/v1/trends?year_from=2020&year_to=2010")
    assert reversed_years.status_code == 422  # the analysis' InputError, at the web edge
    assert "year_to" in json.dumps(reversed_years.json())
    assert client.get("/api/v1/health?dormant_years=0").status_code == 422


def test_pages_need_a_sign_in(client_for: Callable[[str | None], TestClient]) -> None:
    anonymous = client_for(None)
    assert anonymous.get("/api/v1/trends").status_code == 401
    assert anonymous.get("/health", follow_redirects=False).status_code in (302, 303, 401)
