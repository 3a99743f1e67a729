"""In the browser: the plans list leads to the plan's page, whose progress chart draws (SVG)
with the project rows in the table; an editor's status change shows in the history."""

from __future__ import annotations


def test_plan_page_draws_its_charts(page_for, screenshot) -> None:
    page = page_for("editor")
    page.goto("/plans")
    rows = page.locator("#plans-table tbody tr")
    assert rows.count() == 1  # the demo's Seoul–Pyongyang plan
    rows.first.locator("a").first.click()
    page.wait_for_url("**/plans/*")
    assert page.locator("#projects-table tbody tr").count() == 3
    page.wait_for_function(
        "['chart-progress', 'chart-activity']"
        ".every(id => document.getElementById(id).dataset.ready === '1')"
    )
    assert page.locator("#chart-progress svg").count() >= 1
    assert int(page.locator("#chart-progress").get_attribute("data-rows") or 0) > 0
    # the demo records no activity with Pyongyang since 2016-11 (the plan stalled): the
    # activity chart says so instead of drawing empty axes
    assert page.locator("#chart-activity").get_attribute("data-rows") == "0"
    assert page.locator("#chart-activity .chart-empty").count() == 1
    screenshot(page, "plan")
    page.select_option("#f-project", "3")
    page.select_option("#f-status", "done")
    page.fill("#f-date", "2019-05")
    page.fill("#f-note", "Joint festival held")
    page.click("#save-status")
    page.wait_for_selector("#flash")
    assert "Joint festival held" in page.locator("#history-table").inner_text()
    assert page.outside_requests == []
