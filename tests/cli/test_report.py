"""`citydip report` end to end (SQLite), on records added by hand (accepted).

Seoul (the default home) – Tokyo sister city since 2015-03; an MOU with Tokyo on
2015-02-03 (safety) with two commitments: due 2015-06 (open) and 2016 (open); an official
visit to Tokyo from 2015-02-01; a meeting with Paris in 2014-05 (the year before).
So 2015 has 1 tie + 1 agreement + 1 engagement = 3 records, against 1 in 2014.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from citydip.reports.pdf import PdfError, chromium_path


@pytest.fixture
def cli(fresh_cli: Any) -> Any:
    run = fresh_cli

    run("add", "tie", "sister", "Seoul,KR", "Tokyo,JP", "--since", "2015-03")
    run("add", "agreement", "mou", "-p", "Tokyo,JP", "--date", "2015-02-03", "-a", "safety",
        "--title", "Sinkhole technology")  # fmt: skip
    run("add", "commitment", "2", "Joint sinkhole research", "--area", "safety", "--due", "2015-06")
    run("add", "commitment", "2", "Staff exchange", "--due", "2016")
    run("add", "engagement", "official_visit", "-p", "Tokyo,JP", "--start", "2015-02-01",
        "--location", "Tokyo,JP")  # fmt: skip
    run("add", "engagement", "meeting", "-p", "Paris,FR", "--start", "2014-05")
    return run


def test_report_writes_the_html_and_prints_the_counts(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    shown = cli("report", "--year", "2015", "-o", str(out), "--today", "2016-01-01")
    assert f"Wrote {out}" in " ".join(shown.stdout.split())
    html = out.read_text(encoding="utf-8")
    assert "<title>Seoul city diplomacy in 2015</title>" in html
    assert 'id="figure-total"><b>3</b>' in html  # the tie, the MOU, the visit
    assert "Joint sinkhole research" in html and "Staff exchange" not in html  # due 2016
    assert "Overdue" in html  # 2015-06, still open on 2016-01-01
    ko = tmp_path / "ko.html"
    cli("report", "--year", "2015", "--lang", "ko", "-o", str(ko))
    assert "Seoul 도시외교 2015년 연간 보고서" in ko.read_text(encoding="utf-8")


def test_report_json(cli: Any, tmp_path: Path) -> None:
    data = json.loads(
        cli("report", "--year", "2015", "-o", str(tmp_path / "r.html"), "--json",
            "--today", "2015-03-01").stdout
    )  # fmt: skip
    assert [(c["kind"], c["n"], c["previous"]) for c in data["counts"]] == [
        ("relationship", 1, 0),
        ("agreement", 1, 0),
        ("engagement", 1, 1),  # the visit; the Paris meeting in 2014
        ("membership", 0, 0),
    ]
    # Tokyo: the tie, the MOU and the visit (a party and the location: once) = 3
    (tokyo,) = data["partners"]
    assert (tokyo["place"]["name"], tokyo["records"]) == ("Tokyo", 3)
    # on 2015-03-01 June is still ahead: the commitment is open, not overdue
    assert data["commitment_status"] == {"open": 1, "overdue": 0, "done": 0, "dropped": 0}


def test_a_year_without_records_and_bad_options(cli: Any, tmp_path: Path) -> None:
    empty = cli("report", "--year", "1999", "-o", str(tmp_path / "x.html"), ok=False)
    assert empty.exit_code == 1
    message = " ".join(empty.output.split())
    assert "no accepted records dated 1999: the accepted records are dated 2014–2015" in message
    assert not (tmp_path / "x.html").exists()
    bad = cli("report", "--year", "2015", "--lang", "fr", ok=False)
    assert bad.exit_code == 1 and "--lang must be one of en, ko" in bad.output
    assert cli("report", "--year", "2015", "--today", "soon", ok=False).exit_code == 1


def test_report_pdf(cli: Any, tmp_path: Path) -> None:
    try:
        chromium_path()
    except PdfError as exc:
        pytest.skip(str(exc))
    pdf = tmp_path / "report-2015.pdf"
    cli("report", "--year", "2015", "-o", str(tmp_path / "r.html"), "--pdf", str(pdf))
    text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "Seoul city diplomacy in 2015" in " ".join(text.split())
