"""The Tokyo dossier draws in headless Chromium, offline: from the partner page's button to
the standalone page with its activity chart, its tables and the Tokyo facts of the demo
(the 1988 tie, the 1999–2012 strain, the 2014-07 normalization, the 2015 joint declaration
with six areas and its 7 open commitments)."""

from __future__ import annotations

from sqlalchemy import select

from citydip.store.places import Place


def test_partner_page_button_opens_the_dossier_which_draws(
    page_for, live_server, screenshot
) -> None:
    with live_server.registry.session() as session:
        tokyo = session.scalar(select(Place.id).where(Place.key == "tokyo-jp"))
    page = page_for("viewer")
    page.goto(f"/places/{tokyo}")
    page.click("#dossier-link")
    page.wait_for_url(f"**/places/{tokyo}/dossier")
    page.wait_for_function("window.citydipReady === true")
    assert page.locator("#activity-chart svg .mark-rect path").count() >= 1
    periods = page.locator("#tie .periods li").all_inner_texts()
    assert periods == ["1988 Established", "1999–2012 Strained", "2014-07 Normalized"]
    declaration = page.locator("#agreements tbody tr", has_text="Joint declaration")
    assert declaration.locator(".badge").count() == 6
    assert page.locator("#commitments tbody tr").count() == 7
    assert page.locator("#engagements tbody tr.engagement").count() == 5
    assert page.locator("#sources ol.documents li").count() == 3
    assert (
        page.locator("#dossier-pdf")
        .get_attribute("href")
        .startswith(f"/places/{tokyo}/dossier.pdf")
    )
    screenshot(page, "dossier")
    assert page.outside_requests == []
