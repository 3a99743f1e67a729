"""The annual report document: a YearReport written by hand, laid out as HTML (English and
Korean), printed to PDF by headless Chromium (its text read back with pypdf) and drawn in
Chromium for a screenshot (its charts, map outlines and points counted)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from citydip.analytics.annual import (
    AreaCount,
    DueCommitment,
    KindCount,
    MonthCount,
    NewTie,
    Partner,
    RegionCount,
    SignedAgreement,
    TieEvent,
    TypeCount,
    YearReport,
)
from citydip.analytics.briefs import PlaceBrief
from citydip.reports import charts
from citydip.reports.annual import year_charts, year_html, year_pdf
from citydip.reports.pdf import PdfError, chromium_path

SEOUL = PlaceBrief(1, "Seoul", "KR", "city")
TOKYO = PlaceBrief(2, "Tokyo", "JP", "city")
PARIS = PlaceBrief(3, "Paris", "FR", "city")
HANOI = PlaceBrief(4, "Hanoi", "VN", "city")
SPEC = re.compile(r'<script type="application/json" data-chart="([\w-]+)">(.*?)</script>', re.S)


def report(**changes: Any) -> YearReport:
    base: dict[str, Any] = {
        "year": 2015,
        "review": "accepted",
        "today": dt.date(2016, 1, 1),
        "home": SEOUL,
        "home_at": (126.978, 37.5665),
        "counts": [
            KindCount("relationship", 2, 0),
            KindCount("agreement", 1, 1),
            KindCount("engagement", 3, 1),
            KindCount("membership", 0, 2),
        ],
        "types": [
            TypeCount("relationship", "friendship", 2, 0),
            TypeCount("agreement", "mou", 1, 1),
            TypeCount("engagement", "official_visit", 3, 1),
        ],
        "months": [MonthCount(m, 3 if m == 2 else 0) for m in range(1, 13)],
        "areas": [AreaCount("safety", 2), AreaCount("economy", 1)],
        "regions": [RegionCount("east_asia", 1), RegionCount("europe", 1)],
        "partners": [
            Partner(TOKYO, "east_asia", 35.69, 139.69, 4, 0, 1, 3, 0),
            Partner(PARIS, "europe", 48.85, 2.35, 1, 1, 0, 0, 0),
            Partner(HANOI, "southeast_asia", None, None, 1, 1, 0, 0, 0),
        ],
        "partners_total": 3,
        "unplaced": 1,
        "agreements": [
            SignedAgreement(
                10,
                "mou",
                "2015-02-03",
                "Sinkhole technology",
                "signed",
                ("safety", "economy"),
                (TOKYO,),
                2,
            )
        ],  # fmt: skip
        "agreements_total": 1,
        "commitments": [
            DueCommitment(
                20,
                "Share flood maps",
                "safety",
                "2015-06",
                "open",
                True,
                10,
                "Sinkhole technology",
                "2015-02-03",
            ),
            DueCommitment(
                21, "Joint air study", None, "2015-12", "done", False, 10, None, "2015-02-03"
            ),
        ],  # fmt: skip
        "commitments_total": 2,
        "commitment_status": {"open": 1, "overdue": 1, "done": 1, "dropped": 0},
        "carried_over": 4,
        "new_ties": [
            NewTie(30, "friendship", "2015-05", (PARIS,)),
            NewTie(31, "friendship", "2015-07", (HANOI,)),
        ],
        "tie_events": [
            TieEvent(30, "friendship", "established", "2015-05", False, (PARIS,)),
            TieEvent(32, "sister", "strained", "2015", True, (TOKYO,)),
        ],
        "documents": 5,
        "reviewed_to": dt.datetime(2015, 12, 30, 8, 0, tzinfo=dt.UTC),
        "years": [1988, 2014, 2015],
    }
    base.update(changes)
    return YearReport(**base)


def specs(html: str) -> dict[str, Any]:
    return {cid: json.loads(body) for cid, body in SPEC.findall(html)}


def cells(html: str, table: str) -> list[list[str]]:
    """The text of each body row's cells of the table with this id."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    strip = re.compile(r"<[^>]+>")
    return [
        [" ".join(strip.sub("", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def test_html_holds_the_figures_tables_and_method() -> None:
    html = year_html(report(), "en")
    assert "<title>Seoul city diplomacy in 2015</title>" in html
    assert 'id="figure-total"><b>6</b>Records' in html  # 2 + 1 + 3 + 0
    assert cells(html, "partners-table")[0] == [
        "1",
        "Tokyo (JP)",
        "East Asia",
        "4",
        "0",
        "1",
        "3",
        "0",
    ]
    assert len(cells(html, "partners-table")) == 3
    assert cells(html, "agreements-table") == [
        ["2015-02-03", "Memorandum of understanding", "Tokyo (JP)", "Safety, Economy",
         "Sinkhole technology", "2"],
    ]  # fmt: skip
    due = cells(html, "commitments-table")
    assert due[0][:4] == ["2015-06", "Share flood maps", "Safety", "Overdue"]
    assert due[1][2:] == ["—", "Done", "Agreement of 2015-02-03"]
    assert "4 open commitments were due before 2015." in html
    assert cells(html, "ties-table")[1][:2] == ["2015", "Strained (ends)"]
    assert "accepted on review" in html and "the home city, left out" in html
    assert "wholly past on 2016-01-01" in html and "last added or changed on 2015-12-30" in html
    # nothing is fetched: no external script, style or image; the libraries are inline
    markup = re.sub(r"<script([^>]*)>.*?</script>", r"<script\1></script>", html, flags=re.S)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", markup)
    assert "vegaEmbed" in html and "window.citydipReady = true" in html


def test_the_total_change_is_against_the_previous_year() -> None:
    html = year_html(report(), "en")
    # 6 records against 0 + 1 + 1 + 2 = 4 the year before
    total = html.split('id="figure-total">', 1)[1].split("</div>", 1)[0]
    assert '<span class="change up">+2</span>' in total
    memberships = html.split('id="figure-membership">', 1)[1].split("</div>", 1)[0]
    assert '<span class="change down">-2</span>' in memberships


def test_korean_report() -> None:
    html = year_html(report(), "ko")
    assert '<html lang="ko">' in html
    assert "Seoul 도시외교 2015년 연간 보고서" in html
    assert "기한 경과" in html and "방법" in html
    assert specs(html)["chart-months"]["data"]["values"][1] == {"month": "2월", "n": 3}


def test_chart_specs_and_the_map() -> None:
    found = specs(year_html(report(), "en"))
    assert sorted(found) == [
        "chart-areas",
        "chart-map",
        "chart-months",
        "chart-regions",
        "chart-types",
    ]
    months = found["chart-months"]["data"]["values"]
    assert len(months) == 12 and months[1] == {"month": "Feb", "n": 3}
    geo, links, points = found["chart-map"]["layer"]
    assert geo["mark"]["type"] == "geoshape" and len(geo["data"]["values"]["features"]) > 150
    # Tokyo and Paris have coordinates (Hanoi not), then the home city, sized as the largest
    assert [(p["name"], p["n"]) for p in points["data"]["values"]] == [
        ("Tokyo", 4), ("Paris", 1), ("Seoul", 4),
    ]  # fmt: skip
    # a line from Seoul to each new tie's partner on the map: Paris (Hanoi has no place)
    assert links["data"]["values"] == [
        {"lon": 126.978, "lat": 37.5665, "lon2": 2.35, "lat2": 48.85}
    ]
    assert points["encoding"]["color"]["scale"]["domain"] == ["Partner", "Home city"]


def test_a_year_with_little_has_no_empty_charts() -> None:
    quiet = report(
        counts=[KindCount(k, 1 if k == "agreement" else 0, 0) for k in
                ("relationship", "agreement", "engagement", "membership")],
        types=[TypeCount("agreement", "mou", 1, 0)], areas=[], regions=[], partners=[],
        partners_total=0, unplaced=0, commitments=[], commitments_total=0, new_ties=[],
        tie_events=[], months=[MonthCount(m, 0) for m in range(1, 13)],
    )  # fmt: skip
    assert sorted(year_charts(quiet, "en")) == ["chart-types"]
    html = year_html(quiet, "en")
    assert 'id="commitments-table"' not in html and "Nothing this year." in html


def test_country_outlines_are_wound_for_vega() -> None:
    # a counterclockwise square (GeoJSON's outer ring) becomes clockwise; a hole the opposite
    outer = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]  # clockwise
    wound = charts._rewound([outer, hole])
    assert wound[0] == outer[::-1] and charts._area2(wound[0]) < 0
    assert wound[1] == hole[::-1] and charts._area2(wound[1]) > 0
    for feature in charts._countries()["features"]:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        assert all(charts._area2(p[0]) < 0 for p in polygons), feature["properties"]["name"]


def _chromium() -> str:
    try:
        return chromium_path()
    except PdfError as exc:
        pytest.skip(str(exc))


def test_pdf_prints_the_report(tmp_path: Path) -> None:
    _chromium()
    out = tmp_path / "report-2015.pdf"
    data = year_pdf(report(), "en", out)
    assert data.startswith(b"%PDF") and out.read_bytes() == data
    reader = PdfReader(out)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    words = " ".join(unicodedata.normalize("NFKC", text).split())  # ﬂ → fl
    assert "Seoul city diplomacy in 2015" in words
    assert "Share flood maps" in words and "Sinkhole technology" in words
    assert "Top 3 partners (of 3)" in words and "Method" in words
    assert 1 <= len(reader.pages) <= 6


def test_the_report_draws_in_chromium(tmp_path: Path) -> None:
    """Charts and the map draw (SVG marks counted) and a PNG of the page is written."""
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    path = tmp_path / "report.png"
    home = tempfile.mkdtemp(dir=tmp_path)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, args=["--no-sandbox"], env={**os.environ, "HOME": home}
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1200})
            page.route("**/*", lambda route: route.abort())
            page.set_content(year_html(report(), "en"), wait_until="load")
            page.wait_for_function("window.citydipReady === true", timeout=20_000)
            # 12 month bars (zeros included), 3 type bars, 2 region bars, 2 area bars
            assert page.locator("#chart-months .mark-rect path").count() == 12
            assert page.locator("#chart-types .mark-rect path").count() == 3
            assert page.locator("#chart-regions .mark-rect path").count() == 2
            # the countries, the line to Paris and three points (Tokyo, Paris, Seoul)
            assert page.locator("#chart-map .mark-shape path").count() > 150
            assert page.locator("#chart-map .mark-rule line").count() == 1
            assert page.locator("#chart-map g.mark-symbol.role-mark path").count() == 3
            page.emulate_media(media="print")
            page.screenshot(path=str(path), full_page=True)
        finally:
            browser.close()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
