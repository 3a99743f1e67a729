"""`citydip plans`, `plans show` and `plans set-status` end to end (SQLite)."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

SEED = Path(str(resources.files("citydip.sample").joinpath("data", "seed-000.gold.json")))


@pytest.fixture
def cli(fresh_cli: Any) -> Any:
    run = fresh_cli

    return run


def test_sample_plan_listed_shown_and_changed(cli: Any, tmp_path: Path) -> None:
    cli("import", str(SEED))  # imported as proposed: not in the default (accepted) scope
    assert "0 plans" in cli("plans").stdout
    listed = json.loads(cli("plans", "--review", "proposed", "--json").stdout)
    assert [p["title"][:26] for p in listed] == ["Comprehensive Plans for a "]
    plan = listed[0]
    # 3 projects (one per component the text names): 2 stalled, 1 in progress
    assert plan["by_status"] == {
        "planned": 0,
        "in_progress": 1,
        "done": 0,
        "stalled": 2,
        "dropped": 0,
    }
    key = plan["key"]
    out = cli("plans", "show", key, "--review", "proposed", "--today", "2020-06-30").stdout
    assert "City infrastructure cooperation" in out and "Pyongyang (KP)" in out
    assert "No status change recorded yet." in out
    changed = cli(
        "plans", "set-status", key, "3", "done", "--note", "Festival held", "--date", "2019-05"
    )
    assert "project 3 (Socio-cultural interaction): in_progress → done since 2019-05" in (
        changed.stdout
    )
    shown = json.loads(
        cli("plans", "show", key, "--review", "proposed", "--today", "2020-06-30", "--json").stdout
    )
    third = shown["projects"][2]
    assert third["status"] == "done"
    assert [(c["date"], c["status"], c["by"]) for c in third["history"]] == [
        ("2016-11", "in_progress", "officer"),  # the importer wrote the project
        ("2019-05", "done", "officer"),
    ]
    # progress 2016..2020: 2016-2018 1 in progress + 2 stalled, 2019-2020 1 done + 2 stalled
    progress = {(p["year"], p["status"]): p["n"] for p in shown["progress"]}
    before = {
        (y, s): n for y in ("2016", "2017", "2018") for s, n in (("in_progress", 1), ("stalled", 2))
    }
    after = {(y, s): n for y in ("2019", "2020") for s, n in (("done", 1), ("stalled", 2))}
    assert progress == before | after
    out_csv = tmp_path / "projects.csv"
    cli("plans", "show", key, "--review", "proposed", "--csv", str(out_csv))
    rows = list(csv.reader(out_csv.open(encoding="utf-8")))
    assert rows[0][:4] == ["#", "project", "area", "status"]
    assert [r[3] for r in rows[1:]] == ["stalled", "stalled", "done"]


def test_errors_are_one_line(cli: Any) -> None:
    cli("add", "plan", "Green plan", "--of", "Seoul,KR", "--start", "2020")
    cli("add", "project", "1", "Trees", "--area", "environment")
    listed = json.loads(cli("plans", "--json").stdout)
    assert [(p["title"], p["projects"]) for p in listed] == [("Green plan", 1)]
    bad = cli("plans", "set-status", "1", "1", "finished", ok=False)
    assert bad.exit_code == 1
    assert "field 'status': status must be one of planned, in_progress" in bad.output
    bad = cli("plans", "set-status", "1", "1", "done", "--date", "2019", ok=False)
    assert "field 'date': 2019 is before the plan starts (2020)" in bad.output
    bad = cli("plans", "set-status", "1", "2", "done", ok=False)
    assert "has no project 2 (its projects: 1 to 1)" in bad.output
    bad = cli("plans", "show", "nope", ok=False)
    assert bad.exit_code == 1 and "no plan with id or key 'nope'" in bad.output
    bad = cli("plans", "--today", "tomorrow", ok=False)
    assert "--today must be a date" in bad.output
