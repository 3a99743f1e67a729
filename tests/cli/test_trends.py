"""`citydip health` and `citydip trends` end to end (SQLite), on records added by hand.

Seoul (the default home) – Tokyo sister city since 1988; with Tokyo: an MOU on 2015-02-03
(weight 3), an official visit to Tokyo from 2015-02-01 (2) and a meeting in 2025-03 (1).
As of 2026-06-01 the trend window is 2017-2026: only the meeting (x = 8) is in it.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def cli(fresh_cli: Any) -> Any:
    run = fresh_cli

    run("add", "tie", "sister", "Seoul,KR", "Tokyo,JP", "--since", "1988")
    run("add", "agreement", "mou", "-p", "Tokyo,JP", "--date", "2015-02-03", "-a", "safety")
    run(
        "add", "engagement", "official_visit", "-p", "Tokyo,JP", "--start", "2015-02-01",
        "--location", "Tokyo,JP",
    )  # fmt: skip
    run("add", "engagement", "meeting", "-p", "Tokyo,JP", "--start", "2025-03")
    return run


def test_health_table_json_and_csv(cli: Any, tmp_path: Path) -> None:
    shown = cli("health", "--today", "2026-06-01")
    assert "1 of 1 ties" in shown.stdout and "Tokyo (JP)" in shown.stdout
    data = json.loads(cli("health", "--today", "2026-06-01", "--json").stdout)
    (tie,) = data["ties"]
    assert (tie["agreements"], tie["engagements"]) == (1, 2)
    # 2025 is one year before 2026: weight 0.5^(1/5) = 0.870551
    assert tie["score"] == pytest.approx(0.870551, abs=1e-5)
    assert (tie["last_year"], tie["years_since"], tie["dormant"]) == (2025, 1, False)
    out = tmp_path / "health.csv"
    cli("health", "--today", "2026-06-01", "--csv", str(out))
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    # one meeting at x = 8: sxy = 3.5 · 0.9 + 0.1 · 3.5 = 3.5; slope 3.5 / 82.5 = 0.042 < 0.1
    assert row["partner"] == "Tokyo" and row["trend"] == "steady" and row["slope"] == "0.042"
    # dormant after 1 year: nothing in 2026 — and 2015's weighted 5 is long gone
    data = json.loads(
        cli("health", "--today", "2026-06-01", "--dormant-years", "1", "--json").stdout
    )
    assert data["ties"][0]["dormant"] is True


def test_trends_by_direction_and_errors(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "trends.csv"
    shown = cli("trends", "--by", "direction", "--csv", str(out))
    assert "Trends by direction" in shown.stdout
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["n"] != "0"]
    # the visit at Tokyo (a party): outbound; the meeting has no location: unknown
    assert [(r["year"], r["direction"], r["n"], r["share"]) for r in rows] == [
        ("2015", "outbound", "1", "1.0000"),
        ("2025", "unknown", "1", "1.0000"),
    ]
    data = json.loads(
        cli("trends", "--by", "area", "--from", "2015", "--to", "2015", "--json").stdout
    )
    # 2015: the MOU (safety) and the visit (no area): safety 1 of 2
    assert data["rows"] == [{"year": 2015, "group": "safety", "n": 1, "share": 0.5}]
    bad = cli("trends", "--by", "colour", ok=False)
    assert bad.exit_code == 1 and "by must be one of" in bad.output
