"""The analysis hub: it leads to every analysis, in both languages, for signed-in readers only."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from citydip.web.pages.analysis import PARTS

Client = Callable[[str | None], TestClient]


def test_the_hub_links_every_analysis(client_for: Client) -> None:
    page = client_for("viewer").get("/analysis")
    assert page.status_code == 200
    links = dict(re.findall(r'<a class="card" href="([^"]+)" id="analysis-([a-z]+)"', page.text))
    assert sorted(links.values()) == sorted(part for part, _ in PARTS)
    assert 'href="/analysis" aria-current="page"' in page.text  # the menu marks where we are


def test_the_hub_in_korean(client_for: Client) -> None:
    page = client_for("viewer").get("/analysis", headers={"Accept-Language": "ko"})
    assert "<h1>분석</h1>" in page.text and "교류 관계 건강도" in page.text


def test_the_hub_needs_a_session(client_for: Client) -> None:
    response = client_for(None).get("/analysis", follow_redirects=False)
    assert response.status_code in (302, 303, 401)


def test_a_pdf_without_chromium_is_a_clear_503(
    client_for: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYDIP_CHROMIUM", "/nonexistent/chromium")
    viewer = client_for("viewer")
    response = viewer.get("/reports/2015.pdf", headers={"Accept": "application/json"})
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and "CITYDIP_CHROMIUM=/nonexistent/chromium" in body["error"]
