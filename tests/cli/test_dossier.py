"""`citydip dossier NAME` end to end (SQLite), on records added by hand.

Seoul (the default home) – Tokyo sister tie since 1988, strained 1999–2012, normalized
2014-07; a joint declaration with Tokyo on 2015-02-03 (safety, culture) with one open
commitment due 2016 (overdue on 2026-06-01); an official visit to Tokyo from 2015-02-01
with the mayor. A second "Paris" (Paris, US) makes the name Paris ambiguous.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def cli(fresh_cli: Any) -> Any:
    run = fresh_cli

    run("add", "tie", "sister", "Seoul,KR", "Tokyo,JP", "--since", "1988")
    tie = json.loads(run("ties", "--json").stdout)[0]["id"]
    run("add", "event", str(tie), "established", "--date", "1988")
    run("add", "event", str(tie), "strained", "--start", "1999", "--end", "2012")
    run("add", "event", str(tie), "normalized", "--date", "2014-07")
    run(
        "add", "agreement", "joint_declaration", "-p", "Tokyo,JP", "--date", "2015-02-03",
        "-a", "safety", "-a", "culture",
    )  # fmt: skip
    agreement = json.loads(run("agreements", "--json").stdout)[0]["id"]
    run(
        "add",
        "commitment",
        str(agreement),
        "Joint fire drills",
        "--area",
        "safety",
        "--due",
        "2016",
    )
    run(
        "add", "engagement", "official_visit", "-p", "Tokyo,JP", "--start", "2015-02-01",
        "--location", "Tokyo,JP", "--person", "Park Won Soon|Mayor|Seoul",
    )  # fmt: skip
    run("add", "place", "Paris", "--country", "FR")
    run("add", "place", "Paris", "--country", "US")
    return run


def test_summary_table(cli: Any) -> None:
    out = cli("dossier", "Tokyo", "--today", "2026-06-01").stdout
    assert "Briefing: Tokyo (JP) as of 2026-06-01" in out
    assert "established 1988, strained 1999–2012, normalized 2014-07" in out
    assert "Joint fire drills (safety, due 2016) OVERDUE" in out
    assert "official_visit — Park Won Soon" in out


def test_json(cli: Any) -> None:
    data = json.loads(
        cli("dossier", "Tokyo", "--country", "JP", "--json", "--today", "2026-06-01").stdout
    )
    assert data["place"]["name"] == "Tokyo" and data["overdue"] == 1
    assert [p["type"] for p in data["ties"][0]["periods"]] == [
        "established",
        "strained",
        "normalized",
    ]
    assert data["agreements"][0]["areas"] == ["safety", "culture"]


def test_html_file_in_korean(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out" / "tokyo.html"
    shown = cli("dossier", "tokyo-jp", "--lang", "ko", "-o", str(out))
    assert "wrote" in shown.stdout and out.exists()
    html = out.read_text(encoding="utf-8")
    assert "결연 관계와 그 역사" in html and "1999–2012" in html and "Joint fire drills" in html


def test_clear_errors(cli: Any) -> None:
    ambiguous = cli("dossier", "Paris", ok=False)
    assert ambiguous.exit_code == 1
    assert "paris-fr" in ambiguous.output and "paris-us" in ambiguous.output
    assert cli("dossier", "Paris", "--country", "US", "--json").exit_code == 0
    unknown = cli("dossier", "Atlantis", ok=False)
    assert unknown.exit_code == 1 and "no place called 'Atlantis'" in unknown.output
    assert len(unknown.output.strip().splitlines()) == 1
    bad = cli("dossier", "Tokyo", "--lang", "fr", ok=False)
    assert bad.exit_code == 1 and "--lang must be one of en, ko" in bad.output
