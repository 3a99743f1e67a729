"""The network analysis page draws its chart and tables in headless Chromium, offline, and
its form compares two places."""

from __future__ import annotations


def test_network_analysis_draws_and_compares_two_places(page_for, screenshot) -> None:
    page = page_for("viewer")
    page.goto("/network/analysis")
    page.wait_for_selector("#chart-graph-top[data-ready='1'] svg")
    # one bar per ranked place (20 listed: the chart draws them all)
    assert page.locator("#chart-graph-top svg .mark-rect path").count() == 20
    assert page.locator("#graph-table tbody tr").count() == 20
    assert page.locator("#graph-communities-list li").count() >= 1
    # Guangzhou – Metropolis – Seoul – Tokyo (demo registry: memberships and a sister tie)
    page.fill("#graph-pair-form input[name=a]", "Guangzhou,CN")
    page.fill("#graph-pair-form input[name=b]", "Tokyo,JP")
    page.click("#graph-pair-form button[type=submit]")
    page.wait_for_selector("#graph-chain")
    assert "Guangzhou → Metropolis → Seoul → Tokyo" in page.locator("#graph-chain").inner_text()
    page.wait_for_selector("#chart-graph-top[data-ready='1'] svg")
    screenshot(page, "network-analysis")
    assert page.outside_requests == []
