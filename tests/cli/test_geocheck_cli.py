"""`citydip geocheck` on a tiny CSV, with a hand-made world gazetteer."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from citydip.cli import geocheck as geocheck_cli
from citydip.gazetteer.world import Candidate, WorldGazetteer

SIRACUSA = Candidate("gn1", "Siracusa", "IT", "15", 121605, 37.08, 15.29, 1)
SYRACUSE_NY = Candidate("gn2", "Syracuse", "US", "NY", 142327, 43.05, -76.15, 2)
SEOUL = Candidate("gn3", "Seoul", "KR", "11", 10349312, 37.57, 126.98, 3)


@pytest.fixture
def pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    world = WorldGazetteer.of([SIRACUSA, SYRACUSE_NY, SEOUL], {"gn1": ["Syracuse"]})
    monkeypatch.setattr(geocheck_cli, "load_world_gazetteer", lambda: world)
    path = tmp_path / "pairs.csv"
    path.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
        "Syracuse,Italy,43.05,-76.15,Seoul,South Korea,37.57,126.98\n",
        encoding="utf-8",
    )
    return path


def test_prints_the_share_and_the_disagreements(
    fresh_cli: Callable[..., Result], pairs: Path
) -> None:
    out = fresh_cli("geocheck", str(pairs)).output
    assert "1 of 2 names placed by both within 25 km: 50.0%" in out
    assert "of the 2 citydip resolved rather than guessed: 50.0%" in " ".join(out.split())
    assert "1 citydip likely right" in out
    assert "Syracuse (Italy)" in out and "Siracusa, IT" in out


def test_json_and_csv(fresh_cli: Callable[..., Result], pairs: Path, tmp_path: Path) -> None:
    out_csv = tmp_path / "dis.csv"
    result = fresh_cli("geocheck", str(pairs), "--json", "-o", str(out_csv))
    data = json.loads(result.output)
    assert (data["compared"], data["within"], data["verdicts"]) == (2, 1, {"citydip": 1})
    assert (data["compared_resolved"], data["share_resolved"]) == (2, 0.5)
    assert [r["city"] for r in data["shown"]] == ["Syracuse"]
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert [(r["city"], r["verdict"]) for r in rows] == [("Syracuse", "citydip")]


def test_a_missing_column_is_one_error_line(fresh_cli: Callable[..., Result], pairs: Path) -> None:
    result = fresh_cli("geocheck", str(pairs), "--columns", "city1,country1,lat9,lng1", ok=False)
    assert result.exit_code == 1
    assert "lat9" in result.output and "pairs.csv" in result.output
