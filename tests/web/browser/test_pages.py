"""In the browser: every page draws, with the demo registry, and nothing leaves the machine.

Each test also saves a screenshot of its page (the README shows them).
"""

from __future__ import annotations

from sqlalchemy import select

from citydip.store.records import Record, RecordParty
from citydip.store.registry import get_home


def test_dashboard_draws_its_charts(page_for, screenshot) -> None:
    page = page_for("viewer")
    charts = page.locator(".chart[data-vega-src]")
    assert charts.count() >= 4
    page.wait_for_function(
        "[...document.querySelectorAll('.chart[data-vega-src]')]"
        ".every(c => c.dataset.ready === '1')"
    )
    assert page.locator(".chart svg, .chart canvas").count() >= 4
    screenshot(page, "dashboard")
    assert page.outside_requests == []


def test_map_draws_partner_markers_and_opens_a_partner(page_for, live_server, screenshot) -> None:
    page = page_for("viewer")
    page.goto("/map")
    page.wait_for_selector("#map[data-ready='1']")
    markers = int(page.locator("#map").get_attribute("data-markers") or 0)
    assert markers >= 5
    assert page.locator("path.city-marker").count() == markers
    assert page.locator("path.tie-line").count() >= 1
    screenshot(page, "map")
    page.locator("path.city-marker:not(.home)").first.click(force=True)
    page.wait_for_url("**/places/*")
    assert page.locator("#place-name").inner_text()
    screenshot(page, "partner")
    assert page.outside_requests == []


def test_network_draws_nodes(page_for, screenshot) -> None:
    page = page_for("viewer")
    page.goto("/network")
    page.wait_for_selector("#network[data-ready='1']")
    assert int(page.locator("#network").get_attribute("data-nodes") or 0) >= 5
    screenshot(page, "network")


def test_timeline_draws(page_for, screenshot) -> None:
    page = page_for("viewer")
    page.goto("/timeline")
    page.wait_for_selector(".chart[data-ready='1']")
    screenshot(page, "timeline")


def test_records_list_and_form(page_for, screenshot) -> None:
    page = page_for("editor")
    page.goto("/records/engagements")
    rows = page.locator("table tbody tr")
    assert rows.count() > 5
    screenshot(page, "records")
    page.goto("/records/agreements/new")
    page.select_option("#f-type", "mou")
    page.fill("#f-date", "2019-13-45")  # no such month: a message next to the field
    page.fill("#f-parties", "Tokyo, JP")
    page.click("#record-form button[type=submit]")
    error = page.locator("#err-date")
    assert error.is_visible() and "2019-13-45" in page.locator("#f-date").input_value()
    screenshot(page, "record-form")


def _proposed_with_partner(registry) -> tuple[int, int]:
    """A proposed record and one of its places other than the home city."""
    with registry.session() as session:
        home = get_home(session)
        rows = session.execute(
            select(Record.id, RecordParty.place_id)
            .join(RecordParty, RecordParty.record_id == Record.id)
            .where(Record.review_state == "proposed", RecordParty.place_id != home.id)
            .order_by(Record.id)
        ).all()
    assert rows, "the demo registry has proposed records with a partner"
    return rows[0][0], rows[0][1]


def test_accept_in_review_queue_then_see_it_on_the_partner_page(
    page_for, live_server, screenshot
) -> None:
    record_id, partner_id = _proposed_with_partner(live_server.registry)
    page = page_for("editor")
    page.goto(f"/places/{partner_id}")
    assert page.locator(f"#record-{record_id} .badge.proposed").count() == 1
    page.goto("/review")
    item = page.locator(f"#item-{record_id}")
    assert item.locator("mark.evidence").count() >= 1
    screenshot(page, "review")
    item.locator(".item-head .muted").click()  # select it, then the keyboard: a = accept
    page.keyboard.press("a")
    page.wait_for_selector(f"#item-{record_id}.review-done .badge.accepted")
    page.goto(f"/places/{partner_id}")
    assert page.locator(f"#record-{record_id} .badge.accepted").count() == 1
    with live_server.registry.session() as session:
        assert session.get(Record, record_id).review_state == "accepted"


def test_korean_pages(page_for, screenshot) -> None:
    page = page_for("viewer", locale="ko-KR")
    page.wait_for_function(
        "[...document.querySelectorAll('.chart[data-vega-src]')]"
        ".every(c => c.dataset.ready === '1')"
    )
    assert "대시보드" in page.locator("header").inner_text()
    screenshot(page, "dashboard-ko")
    page.goto("/map")
    page.wait_for_selector("#map[data-ready='1']")
    assert "지도" in page.locator("h1").inner_text()


UPLOAD = """Seoul and Daejeon partner Vilnius sign MOU on smart city cooperation

Seoul Mayor met the Mayor of Vilnius, Lithuania, at Seoul City Hall on 14 March 2024.
The two cities signed a memorandum of understanding on smart city and transport cooperation.
"""


def test_upload_a_document_and_see_its_records_in_the_queue(
    page_for, live_server, screenshot, tmp_path
) -> None:
    path = tmp_path / "vilnius-mou.txt"
    path.write_text(UPLOAD, encoding="utf-8")
    page = page_for("editor")
    page.goto("/documents")
    page.set_input_files("#upload-files", str(path))
    assert "vilnius-mou.txt" in page.locator("#upload .file-list").inner_text()
    page.click("#upload button[type=submit]")
    page.wait_for_selector(".job[data-status='done']", timeout=60_000)
    outcome = page.locator(".job-outcome").inner_text()
    assert "1" in outcome
    screenshot(page, "upload")
    page.click(".job-outcome a[href='/review']")
    page.wait_for_url("**/review")
    assert "Vilnius" in page.locator(".review-list, #queue, main").first.inner_text()
