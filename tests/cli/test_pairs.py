"""`citydip import-pairs` and `citydip datasets` on a small CSV, with a fake resolver."""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest

from citydip.exchange import pairs


@dataclasses.dataclass(frozen=True, slots=True)
class Cand:
    key: str
    name: str
    country: str
    admin1: str | None
    population: int
    lat: float
    lon: float
    geonames_id: int


@dataclasses.dataclass(frozen=True, slots=True)
class Res:
    status: str
    place: Cand | None
    country: str | None
    candidates: tuple[Cand, ...] = ()


KNOWN = {
    ("Berat", "Albania"): Cand("gn1", "Berat", "AL", None, 60000, 40.7, 19.95, 1),
    ("Fermo", "Italy"): Cand("gn2", "Fermo", "IT", None, 37000, 43.16, 13.72, 2),
    ("Tokyo", "Japan"): Cand("gn3", "Tokyo", "JP", None, 9000000, 35.69, 139.69, 3),
}
SPRING = (
    Cand("gn4", "Springfield", "US", "IL", 116000, 39.8, -89.64, 4),
    Cand("gn5", "Springfield", "US", "MA", 155000, 42.1, -72.59, 5),
)


class Fake:
    def resolve(self, city: str, label: str) -> Res:
        if label == "Narnia":
            return Res("unknown_country", None, None)
        if city == "Springfield":
            return Res("ambiguous", SPRING[1], "US", SPRING)
        place = KNOWN.get((city, label))
        return Res("resolved", place, place.country) if place else Res("unresolved", None, None)


CSV = """From,Land,To,Land2
Berat,Albania,Fermo,Italy
Fermo,Italy,Berat,Albania
Tokyo,Japan,Berat,Albania
Springfield,United States,Tokyo,Japan
Springfield,United States,Fermo,Italy
Atlantis,Italy,Tokyo,Japan
,Italy,Tokyo,Japan
Paris,Narnia,Tokyo,Japan
"""
COLUMNS = "From,Land,To,Land2"


@pytest.fixture
def pairs_csv(tmp_path, monkeypatch):
    monkeypatch.setattr(pairs, "_default_resolver", Fake)
    path = tmp_path / "twins.csv"
    path.write_text(CSV, "utf-8")
    return path


def test_import_list_show_delete(fresh_cli, pairs_csv, tmp_path):
    ties_before = fresh_cli("ties", "--json").stdout
    out = tmp_path / "unresolved.csv"
    result = fresh_cli(
        "import-pairs",
        str(pairs_csv),
        "--columns",
        COLUMNS,
        "--unresolved-out",
        str(out),
        "--licence",
        "CC BY-SA 4.0",
    )
    # 8 rows: Berat–Fermo and its mirror, Tokyo–Berat; 4 rows with an unresolved side, 1 empty
    assert "8 rows → 2 sister ties" in result.stderr
    assert "1 mirrored" in result.stderr and "4 rows with an unresolved side" in result.stderr
    assert "empty names on lines 8" in result.stderr
    # 6 distinct names (Berat, Fermo, Tokyo resolve); 15 non-empty cells, 11 of them resolved
    # (Berat 3 times, Fermo 3, Tokyo 5)
    assert "73.3% of 15 mentions, 50.0% of 6 distinct names" in result.stderr
    assert "Springfield" in result.stdout and "Springfield (US)" in result.stdout
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["city"], r["status"], r["rows"], r["line"]) for r in rows] == [
        ("Springfield", "ambiguous", "2", "5"),
        ("Atlantis", "unresolved", "1", "7"),
        ("Paris", "unknown_country", "1", "9"),
    ]
    assert rows[0]["candidates"] == "Springfield (US, 116,000) | Springfield (US, 155,000)"

    # the registry's own ties are untouched
    assert fresh_cli("ties", "--json").stdout == ties_before

    listed = json.loads(fresh_cli("datasets", "--json").stdout)
    assert [(d["key"], d["ties"], d["places"], d["names"], d["licence"]) for d in listed] == [
        ("twins", 2, 3, 3, "CC BY-SA 4.0")
    ]
    assert listed[0]["mention_rate"] == round(11 / 15, 6)
    assert "twins" in fresh_cli("datasets").stdout
    shown = fresh_cli("datasets", "show", "twins", "--unresolved").stdout
    assert "2 sister between 3 places" in shown and "Atlantis" in shown
    shown_json = json.loads(fresh_cli("datasets", "show", "twins", "--unresolved", "--json").stdout)
    assert [u["city"] for u in shown_json["unresolved"]] == ["Springfield", "Atlantis", "Paris"]

    again = fresh_cli("import-pairs", str(pairs_csv), "--columns", COLUMNS, ok=False)
    assert again.exit_code == 1 and "--replace" in again.stderr
    fresh_cli("import-pairs", str(pairs_csv), "--columns", COLUMNS, "--replace", "--json")
    assert "deleted dataset twins: 2 ties" in fresh_cli("datasets", "delete", "twins").stderr
    assert json.loads(fresh_cli("datasets", "--json").stdout) == []
    gone = fresh_cli("datasets", "show", "twins", ok=False)
    assert gone.exit_code == 1 and "no dataset 'twins'" in gone.stderr


def test_json_report(fresh_cli, pairs_csv):
    data = json.loads(
        fresh_cli("import-pairs", str(pairs_csv), "-c", COLUMNS, "--key", "k", "--json").stdout
    )
    assert (data["key"], data["rows"], data["ties"], data["mirrors"]) == ("k", 8, 2, 1)
    assert data["names"] == {"resolved": 3, "ambiguous": 1, "unresolved": 1, "unknown_country": 1}
    assert data["empty_lines"] == [8]
    assert data["problems"][0]["guess"] == "Springfield (US)"


def test_missing_column_is_one_line_error(fresh_cli, pairs_csv):
    result = fresh_cli("import-pairs", str(pairs_csv), ok=False)  # default headers city1,...
    assert result.exit_code == 1
    assert f"{pairs_csv}:1: no column 'city1' (for city1)" in result.stderr
    assert "'From', 'Land', 'To', 'Land2'" in result.stderr
    assert json.loads(fresh_cli("datasets", "--json").stdout) == []


def test_unknown_type_is_refused(fresh_cli, pairs_csv):
    result = fresh_cli("import-pairs", str(pairs_csv), "-c", COLUMNS, "--type", "twin", ok=False)
    assert result.exit_code == 1 and "unknown relationship type code 'twin'" in result.stderr
