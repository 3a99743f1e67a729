"""The annual reports draw in headless Chromium, offline: the list's chart and table, and
a year's report — its charts, the map's country outlines and points, the partners table."""

from __future__ import annotations


def test_reports_list_and_a_year_report_draw(page_for, screenshot) -> None:
    page = page_for("viewer")
    page.goto("/reports")
    page.wait_for_selector("#chart-report-years[data-ready='1'] svg")
    assert page.locator("#chart-report-years svg .mark-rect path").count() >= 10
    assert page.locator("#reports-table tbody tr").count() >= 10
    page.click("tr[data-year='2015'] a.report-html")
    page.wait_for_url("**/reports/2015")
    page.wait_for_function("window.citydipReady === true")
    for chart in ("chart-months", "chart-types", "chart-regions", "chart-areas"):
        assert page.locator(f"#{chart} svg .mark-rect path").count() >= 1, chart
    assert page.locator("#chart-map svg .mark-shape path").count() > 150  # the countries
    assert page.locator("#chart-map svg g.mark-symbol.role-mark path").count() >= 2
    assert page.locator("#partners-table tbody tr").count() >= 1
    screenshot(page, "report")
    assert page.outside_requests == []
