"""The annual report pages over the demo registry, on both backends: the list of years,
the standalone report of a year (HTML, in either language) and its PDF."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from citydip.store.engine import Registry
from citydip.store.records import Record

Client = Callable[[str | None], TestClient]


def _accepted_engagements(registry: Registry, year: int) -> int:
    with registry.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(Record)
                .where(
                    Record.kind == "engagement",
                    Record.review_state == "accepted",
                    func.substr(Record.__table__.c.start, 1, 4) == str(year),
                )
            )
            or 0
        )


def test_reports_list_years_with_counts_and_links(
    client_for: Client, web_registry: Registry
) -> None:
    page = client_for("viewer").get("/reports")
    assert page.status_code == 200
    html = page.text
    row = html.split('<tr data-year="2015">', 1)[1].split("</tr>", 1)[0]
    # the engagements column (third of the four kinds) counts what the database holds
    cells = [c.split("</td>")[0] for c in row.split('<td class="num">')[1:]]
    assert int(cells[2]) == _accepted_engagements(web_registry, 2015) > 0
    assert 'href="/reports/2015"' in row and 'href="/reports/2015.pdf"' in row
    assert 'id="chart-report-years"' in html and '"id": "chart-report-years"' in html


def test_report_of_a_year_in_each_language(client_for: Client) -> None:
    client = client_for("viewer")
    en = client.get("/reports/2015")
    assert en.status_code == 200 and en.headers["content-type"].startswith("text/html")
    assert "<title>Seoul city diplomacy in 2015</title>" in en.text
    assert 'data-chart="chart-map"' in en.text and 'id="partners-table"' in en.text
    ko = client.get("/reports/2015?lang=ko")
    assert "Seoul 도시외교 2015년 연간 보고서" in ko.text


def test_a_year_without_records_is_not_found_and_readers_only(client_for: Client) -> None:
    client = client_for("viewer")
    missing = client.get("/reports/1900")
    assert missing.status_code == 404 and "no accepted records dated 1900" in missing.text
    assert client.get("/reports/0").status_code == 422
    assert client.get("/reports/2015?review=maybe").status_code == 422
    anonymous = client_for(None).get("/reports/2015", follow_redirects=False)
    assert anonymous.status_code in (303, 401)


def test_report_pdf(client_for: Client) -> None:
    response = client_for("viewer").get("/reports/2015.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="report-2015.pdf"' in response.headers["content-disposition"]
