"""The health and trends pages draw their charts and tables in headless Chromium, offline."""

from __future__ import annotations


def test_health_page_draws_its_charts_and_ranked_table(page_for, screenshot) -> None:
    page = page_for("viewer")
    page.goto("/health")
    page.wait_for_selector("#chart-health-score[data-ready='1'] svg")
    page.wait_for_selector("#chart-health-years[data-ready='1']")
    # one bar per tie listed (at most 20), and the table has as many rows as the API ties
    assert page.locator("#chart-health-score svg .mark-rect path").count() >= 1
    rows = page.locator("#health-table tbody tr").count()
    total = int(page.locator("#health-total .count").inner_text())
    assert rows == min(total, 200) > 0
    screenshot(page, "health")
    assert page.outside_requests == []


def test_trends_page_draws_each_lens(page_for, screenshot) -> None:
    page = page_for("viewer")
    for by in ("mode", "dimension", "region"):
        page.goto(f"/trends?by={by}")
        page.wait_for_selector("#chart-trends-share[data-ready='1'] svg")
        page.wait_for_selector("#chart-trends-count[data-ready='1'] svg")
        assert page.locator("#trends-table tbody tr").count() >= 1
        assert page.locator("#chart-trends-count svg .mark-rect path").count() >= 1
    screenshot(page, "trends-region")
    assert page.outside_requests == []
