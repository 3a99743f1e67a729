"""The citydip command end to end (SQLite), as an officer would use it."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from citydip.cli import app

runner = CliRunner()


@pytest.fixture
def cli(tmp_path: Path):
    db = tmp_path / "registry.db"

    def run(*args: str, ok: bool = True):
        result = runner.invoke(
            app, ["--db", str(db), *args], env={"CITYDIP_USER": "officer", "COLUMNS": "200"}
        )
        if ok:
            assert result.exit_code == 0, result.output + str(result.exception)
        return result

    return run


def _json(result) -> object:
    return json.loads(result.stdout)


def test_import_seeds_then_ties_shows_seoul_tokyo(cli, seed_gold):
    cli("import", *map(str, seed_gold))
    table = cli("ties").stdout
    assert "Tokyo (JP)" in table and "1988" in table and "strained 1999–2012" in table
    ties = _json(cli("ties", "--place", "Tokyo,JP", "--json"))
    sister = [t for t in ties if t["type"] == "sister"]
    assert len(sister) == 1
    assert sister[0]["since"] == "1988"
    assert {"type": "normalized", "date": "2014-07"} in sister[0]["events"]
    assert {"type": "strained", "start": "1999", "end": "2012"} in sister[0]["events"]


def test_graphml_export_opens_in_networkx(cli, seed_gold, tmp_path):
    cli("import", *map(str, seed_gold))
    out = tmp_path / "ties.graphml"
    cli("export", "--format", "graphml", "-o", str(out))
    graph = nx.read_graphml(out)
    edges = graph.get_edge_data("seoul-kr", "tokyo-jp")
    assert any(e["type"] == "sister" and e["since"] == "1988" for e in edges.values())


def test_export_formats_write_files(cli, seed_gold, tmp_path):
    cli("import", *map(str, seed_gold))
    for fmt in ("json", "jsonl", "geojson"):
        cli("export", "-f", fmt, "-o", str(tmp_path / f"all.{fmt}"))
    assert isinstance(json.loads((tmp_path / "all.json").read_text()), list)
    assert json.loads((tmp_path / "all.geojson").read_text())["type"] == "FeatureCollection"
    lines = (tmp_path / "all.jsonl").read_text().splitlines()
    assert len(lines) == 1 + 5  # the registry bundle, then the five seed documents
    cli("export", "-f", "csv", "-o", str(tmp_path / "csv"))
    assert (tmp_path / "csv" / "relationships.csv").read_text().count("sister") >= 2
    bad = cli("export", "-f", "xlsx", ok=False)
    assert bad.exit_code == 1 and "unknown export format 'xlsx'" in bad.stderr


def test_stdout_json_export_is_importable(cli, seed_gold, tmp_path):
    cli("import", *map(str, seed_gold))
    out = tmp_path / "dump.json"
    out.write_text(cli("export").stdout, encoding="utf-8")
    other = runner.invoke(app, ["--db", str(tmp_path / "other.db"), "import", str(out)])
    assert other.exit_code == 0, other.output


def test_add_records_by_hand(cli):
    cli("init", "--home", "Seoul,KR")
    cli(
        "add",
        "place",
        "Paris",
        "--country",
        "FR",
        "--alias",
        "파리",
        "--lat",
        "48.8566",
        "--lon",
        "2.3522",
    )
    tie = _json(cli("add", "tie", "sister", "Seoul,KR", "paris-fr", "--since", "1991", "--json"))
    assert tie["review"]["state"] == "accepted" and tie["review"]["created_by"] == "officer"
    cli("add", "event", str(tie["id"]), "strained", "--start", "2020")
    shown = _json(cli("show", str(tie["id"]), "--json"))
    assert shown["status"] == "strained"
    assert [e["type"] for e in shown["events"]] == ["established", "strained"]

    mou = _json(
        cli(
            "add",
            "agreement",
            "mou",
            "-p",
            "파리",
            "--date",
            "2015-02-03",
            "-a",
            "safety",
            "--json",
        )
    )
    cli(
        "add",
        "commitment",
        str(mou["id"]),
        "Joint sinkhole research",
        "--area",
        "safety",
        "--due",
        "2016",
    )
    shown = _json(cli("show", mou["key"], "--json"))
    assert shown["commitments"][0]["text"] == "Joint sinkhole research"
    assert shown["parties"] == [{"name": "Paris", "country": "FR", "level": "city"}]

    visit = _json(
        cli(
            "add",
            "engagement",
            "official_visit",
            "-p",
            "Paris,FR",
            "--start",
            "2015-02-01",
            "--end",
            "2015-02-06",
            "--location",
            "Paris,FR",
            "--person",
            "Park Won Soon|Mayor|Seoul",
            "--json",
        )
    )
    assert visit["direction"] == "outbound" and visit["mode"] == "bilateral"
    assert visit["people"] == [{"name": "Park Won Soon", "title": "Mayor", "of": "Seoul"}]

    cli("add", "membership", "Mayors for Peace", "Seoul,KR", "--role", "member", "--since", "2009")
    assert len(_json(cli("memberships", "--json"))) == 1
    cli("add", "plan", "Ten-project partnership plan", "--of", "Seoul,KR", "--start", "2023")
    cli(
        "add",
        "project",
        "1",
        "Smart city exchange",
        "--area",
        "smart_city",
        "--partner",
        "paris-fr",
        "--blocker",
        "budget",
    )
    bundle = _json(cli("export"))[0]
    assert bundle["plans"][0]["projects"][0]["title"] == "Smart city exchange"
    assert bundle["plans"][0]["projects"][0]["blockers"] == ["budget"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["add", "tie", "twin", "Seoul,KR", "Paris,FR"], "type"),
        (["add", "agreement", "mou", "-p", "Paris,FR", "--date", "2015-02-30"], "2015-02-30"),
        (["add", "agreement", "mou", "-p", "Paris,FR", "-a", "space"], "areas"),
        (["show", "999"], "no record with id or key '999'"),
        (["ties", "--place", "Atlantis"], "no place called 'Atlantis'"),
        (["add", "tie", "sister", "Seoul", "Paris,France"], "ISO 3166-1"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(cli, args, message):
    result = cli(*args, ok=False)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_demo_builds_a_registry(tmp_path):
    db = tmp_path / "demo.db"
    result = runner.invoke(app, ["--db", str(db), "demo", "--no-serve"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Tokyo (JP)" in result.stdout
    again = runner.invoke(app, ["--db", str(db), "agreements", "--json"])
    assert len(json.loads(again.stdout)) > 10


def test_db_upgrade_reports_revision(cli):
    from citydip.store.migrate import HEAD

    result = cli("db", "upgrade")
    assert HEAD in result.stdout


def _commands(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group)
    for name, command in click_group.commands.items():
        if hasattr(command, "commands"):
            for sub in command.commands:
                yield (*prefix, name, sub)
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("command", list(_commands(app)), ids=" ".join)
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) > 3


def test_batch_with_bad_files_imports_the_good_ones(cli, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "doc_id": "g",
                "records": [
                    {
                        "kind": "agreement",
                        "type": "mou",
                        "parties": [{"name": "Paris", "country": "FR"}],
                    }
                ],
            }
        )
    )
    half = tmp_path / "half.json"  # first record valid, second not: nothing of it is kept
    half.write_text(
        json.dumps(
            {
                "doc_id": "h",
                "records": [
                    {
                        "kind": "agreement",
                        "type": "mou",
                        "parties": [{"name": "Rome", "country": "IT"}],
                    },
                    {"kind": "relationship", "type": "sister", "parties": [{"name": "Oslo"}]},
                ],
            }
        )
    )
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\x00\x01\x02")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"doc_id": "b"}\n{"doc_id": \n')
    missing = tmp_path / "missing.json"
    result = cli("import", str(half), str(good), str(binary), str(broken), str(missing), ok=False)
    assert result.exit_code == 1
    assert "imported 1 of 5 files" in result.stderr and "4 failed" in result.stderr
    for path, words in (
        (half, "h record 2 (relationship): field 'parties'"),
        (binary, "binary file"),
        (broken, "broken.jsonl:2"),
        (missing, "cannot read"),
    ):
        assert any(str(path) in line and words in line for line in result.stderr.splitlines())
    agreements = _json(cli("agreements", "--json"))
    assert [a["parties"][0]["name"] for a in agreements] == ["Paris"]
    assert "Rome" not in cli("places").stdout


def test_evaluate_scores_a_folder_of_answers(cli, seed_gold, tmp_path):
    gold = json.loads(seed_gold[-1].read_text(encoding="utf-8"))
    assert len(gold["records"]) == 7
    pred = dict(gold, records=gold["records"][:3])
    folder = tmp_path / "pred"
    folder.mkdir()
    (folder / "p.json").write_text(json.dumps(pred), encoding="utf-8")
    figures = _json(cli("evaluate", str(seed_gold[-1]), "--answers", str(folder), "--json"))
    assert figures["overall"]["tp"] == 3 and figures["overall"]["fn"] == 4
    assert figures["overall"]["precision"] == 1.0
    assert len(figures["misses"]) == 4
    table = cli("evaluate", str(seed_gold[-1]), "--answers", str(folder)).stdout
    assert "missed seed-004: relationship sister 1988" in table
