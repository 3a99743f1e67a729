"""`citydip world ...` on a hand-drawn dataset written into the CLI's registry.

    Seoul, Busan, Daegu (KR)   a triangle
    Lyon, Paris, Nice (FR)     a triangle
    Daegu — Lyon               the bridge
    Hanoi — Hue (VN)           a pair apart

The registry's own ties: Seoul–Tokyo and Seoul–Busan (accepted).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import Result

from citydip.config import sqlite_url
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.datasets import Dataset, DatasetTie
from citydip.store.engine import open_registry
from citydip.store.names import norm_name
from citydip.store.places import Place, PlaceName
from citydip.store.resolve import Stamp

COUNTRY = {"Seoul": "KR", "Tokyo": "JP", "Busan": "KR", "Daegu": "KR", "Lyon": "FR",
           "Paris": "FR", "Nice": "FR", "Hanoi": "VN", "Hue": "VN"}  # fmt: skip
TIES = [("Seoul", "Busan"), ("Seoul", "Daegu"), ("Busan", "Daegu"), ("Lyon", "Paris"),
        ("Lyon", "Nice"), ("Paris", "Nice"), ("Daegu", "Lyon"), ("Hanoi", "Hue")]  # fmt: skip


def _party(name: str) -> dict[str, str]:
    return {"name": name, "country": COUNTRY[name]}


Run = Callable[..., Result]  # the conftest's fresh_cli


def add_dataset(db: Path, key: str = "hand") -> dict[str, int]:
    registry = open_registry(sqlite_url(db))
    stamp = Stamp("tester", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "accepted")
    if key == "hand":
        records = [{"kind": "relationship", "type": "sister", "parties": [_party("Seoul"),
                    _party(b)]} for b in ("Tokyo", "Busan")]  # fmt: skip
        write_answers(registry, [Answer.model_validate({"records": records})], stamp)
    with registry.session() as s:
        ids = {p.name: p.id for p in s.query(Place).all()}
        for name, code in COUNTRY.items():
            if name not in ids:
                place = Place(key=f"{name.lower()}-{code.lower()}", name=name, country=code)
                place.names.append(PlaceName(name=name, norm=norm_name(name)))
                s.add(place)
                s.flush()
                ids[name] = place.id
        dataset = Dataset(key=key, name=f"Hand {key}", source="test", tie_type="sister",
                          rows=len(TIES), report={})  # fmt: skip
        s.add(dataset)
        s.flush()
        for line, (a, b) in enumerate(TIES, start=2):
            lo, hi = sorted((ids[a], ids[b]))
            s.add(DatasetTie(dataset_id=dataset.id, a_id=lo, b_id=hi, type="sister", rows=1,
                             line=line))  # fmt: skip
    registry.close()
    return ids


@pytest.fixture
def world_cli(fresh_cli: Run, tmp_path: Path) -> Run:
    fresh_cli("places")  # creates the registry
    add_dataset(tmp_path / "registry.db")
    return fresh_cli


def _json(run: Run, *args: str) -> Any:
    return json.loads(run("world", *args, "--json").stdout)


def test_stats(world_cli: Run) -> None:
    found = _json(world_cli, "stats")
    assert (found["nodes"], found["ties"], found["countries"]) == (8, 8, 3)
    assert found["components"]["count"] == 2 and found["component_sizes"] == [[6, 1], [2, 1]]
    assert found["triangles"] == 2
    # clustering: Seoul, Busan, Paris, Nice 1; Daegu, Lyon 1/3; Hanoi, Hue 0
    assert found["average_clustering"] == pytest.approx((4 + 2 / 3) / 8)
    text = world_cli("world", "stats").stdout
    assert "8 places in 3 countries, 8 ties" in text and "2 components" in text


def test_rank(world_cli: Run) -> None:
    found = _json(world_cli, "rank", "--by", "betweenness", "--top", "2")
    # Daegu: Seoul, Busan x Lyon, Paris, Nice = 6 pairs; Lyon: Seoul, Busan, Daegu x Paris,
    # Nice = 6; of (7 x 6) / 2 = 21 pairs
    assert [(r["place"]["name"], r["value"]) for r in found["places"]] == [
        ("Daegu", pytest.approx(6 / 21)), ("Lyon", pytest.approx(6 / 21)),
    ]  # fmt: skip
    assert found["exact"] is True
    korea = _json(world_cli, "rank", "--country", "KR", "--top", "1")
    assert [r["place"]["name"] for r in korea["places"]] == ["Daegu"]
    text = world_cli("world", "rank", "--by", "pagerank").stdout
    assert "Daegu (KR)" in text and "PageRank" in text


def test_communities(world_cli: Run) -> None:
    found = _json(world_cli, "communities")
    groups = [{p["name"] for p in g["members"]} for g in found["communities"]["groups"]]
    assert groups == [{"Seoul", "Busan", "Daegu"}, {"Lyon", "Paris", "Nice"}, {"Hanoi", "Hue"}]
    assert "3 communities" in world_cli("world", "communities").stdout


def test_countries_and_the_matrix(world_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    found = _json(world_cli, "countries", "--matrix-csv", str(out))
    assert [(r["code"], r["ties"]) for r in found["ranking"]["rows"]] == [
        ("FR", 4), ("KR", 4), ("VN", 1),
    ]  # fmt: skip
    assert found["matrix"]["international"] == 1
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows == [["country", "FR", "KR", "VN"], ["FR", "3", "1", "0"], ["KR", "1", "3", "0"],
                    ["VN", "0", "0", "1"]]  # fmt: skip


def test_place_with_the_registry_comparison(world_cli: Run) -> None:
    found = _json(world_cli, "place", "Seoul,KR")
    assert (found["degree"], found["degree_rank"], found["within_two"]) == (2, 3, 3)
    comp = found["comparison"]
    assert [p["name"] for p in comp["both"]] == ["Busan"]
    assert [p["name"] for p in comp["only_dataset"]] == ["Daegu"]
    assert [p["name"] for p in comp["only_registry"]] == ["Tokyo"]
    text = world_cli("world", "place", "Seoul,KR").stdout
    assert "only in the registry: Tokyo (JP)" in text
    assert "The registry has no tie of it." in world_cli("world", "place", "Hue,VN").stdout


def test_path_and_shared(world_cli: Run) -> None:
    found = _json(world_cli, "path", "Seoul,KR", "Nice,FR")
    assert found["hops"] == 3 and found["count"] == 1
    assert [p["name"] for p in found["paths"][0]] == ["Seoul", "Daegu", "Lyon", "Nice"]
    assert "no chain" in world_cli("world", "path", "Seoul,KR", "Hue,VN").stdout
    shared = _json(world_cli, "shared", "Seoul,KR", "Busan,KR")
    assert [p["place"]["name"] for p in shared["partners"]] == ["Daegu"]
    assert shared["direct"] is not None


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export(world_cli: Run, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"w.{fmt}"
    text = world_cli("world", "export", "-o", str(out), "--format", fmt).stdout
    assert "8 places, 8 ties" in text
    back = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    assert back.number_of_nodes() == 8 and back.number_of_edges() == 8


def test_errors_are_one_line(world_cli: Run, tmp_path: Path) -> None:
    bad = world_cli("world", "export", "-o", str(tmp_path / "x"), "--format", "dot", ok=False)
    assert bad.exit_code == 1 and "format" in bad.output
    unknown = world_cli("world", "stats", "--dataset", "nope", ok=False)
    assert unknown.exit_code == 1 and "no dataset 'nope'; the datasets: hand" in unknown.output
    add_dataset(tmp_path / "registry.db", key="second")
    several = world_cli("world", "stats", ok=False)
    assert several.exit_code == 1 and "several datasets (hand, second)" in several.output
    assert _json(world_cli, "stats", "--dataset", "second")["nodes"] == 8


def test_no_dataset(fresh_cli: Run) -> None:
    result = fresh_cli("world", "stats", ok=False)
    assert result.exit_code == 1 and "citydip import-pairs" in result.output
