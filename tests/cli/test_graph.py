"""`citydip graph ...` end to end (SQLite), on ties and memberships added by hand.

    Seoul – Tokyo (sister), Seoul – Beijing (friendship), Tokyo – Paris (sister);
    Seoul and Paris members of C40.

Five places, five links. Degrees: Seoul 3; Tokyo, Paris, C40 2; Beijing 1.
Betweenness (exact; 4·3/2 = 6 pairs of the other places for each):
    Seoul:  Tokyo–Beijing 1, Tokyo–C40 ½ (also via Paris), Beijing–Paris 1, Beijing–C40 1
            → 3.5 / 6 = 0.583333
    Tokyo:  Seoul–Paris ½, Beijing–Paris ½ → 1 / 6 = 0.166667 (C40 the same, by symmetry)
    Paris:  Tokyo–C40 ½ → 0.5 / 6 = 0.083333; Beijing 0.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest


@pytest.fixture
def cli(fresh_cli: Any) -> Any:
    run = fresh_cli

    run("add", "tie", "sister", "Seoul,KR", "Tokyo,JP")
    run("add", "tie", "friendship", "Seoul,KR", "Beijing,CN")
    run("add", "tie", "sister", "Tokyo,JP", "Paris,FR")
    run("add", "membership", "C40", "Seoul,KR")
    run("add", "membership", "C40", "Paris,FR")
    return run


def test_stats_table_json_and_csv(cli: Any, tmp_path: Path) -> None:
    shown = cli("graph", "stats")
    assert "5 places, 5 links" in shown.stdout and "betweenness exact" in shown.stdout
    assert "1 components; the largest has 5 places (100%)" in shown.stdout
    data = json.loads(cli("graph", "stats", "--by", "betweenness", "--json").stdout)
    ranked = [(r["place"]["name"], round(r["betweenness"], 6)) for r in data["ranking"]]
    assert ranked == [
        ("Seoul", 0.583333), ("Tokyo", 0.166667), ("C40", 0.166667), ("Paris", 0.083333),
        ("Beijing", 0.0),
    ]  # fmt: skip
    assert data["edge_kinds"] == {"tie": 3, "membership": 2}
    out = tmp_path / "graph.csv"
    cli("graph", "stats", "--top", "2", "--no-communities", "--csv", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["place"], r["degree"]) for r in rows][0] == ("Seoul", "3")
    assert len(rows) == 2 and rows[1]["degree"] == "2"


def test_place_shared_and_path(cli: Any) -> None:
    tokyo = json.loads(cli("graph", "place", "Tokyo,JP", "--json").stdout)
    # Seoul has 3 partners, Tokyo 2: rank 2 of 5
    assert (tokyo["degree"], tokyo["degree_rank"], tokyo["nodes"]) == (2, 2, 5)
    assert sorted(n["place"]["name"] for n in tokyo["neighbours"]) == ["Paris", "Seoul"]
    # Tokyo's partners other than C40: Seoul, Paris; C40's other than Tokyo: Seoul, Paris
    shared = json.loads(cli("graph", "shared", "Tokyo,JP", "C40", "--json").stdout)
    assert sorted(p["place"]["name"] for p in shared["partners"]) == ["Paris", "Seoul"]
    assert (shared["jaccard"], shared["direct"]) == (1.0, None)
    table = cli("graph", "shared", "Tokyo,JP", "C40").stdout
    assert "2 shared partners" in table and "not linked directly" in table
    # Beijing – Seoul – (Tokyo or C40) – Paris: three steps
    chain = json.loads(cli("graph", "path", "Beijing,CN", "Paris,FR", "--json").stdout)
    names = [p["name"] for p in chain["places"]]
    assert chain["hops"] == 3 and names[:2] == ["Beijing", "Seoul"] and names[3] == "Paris"
    assert names[2] in ("Tokyo", "C40")
    assert (
        "3 steps: Beijing (CN) → Seoul (KR)"
        in cli("graph", "path", "Beijing,CN", "Paris,FR").stdout
    )


def test_export_gexf(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "net.gexf"
    assert "5 places, 5 links" in cli("graph", "export", "-o", str(out)).stdout
    graph = nx.read_gexf(out)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (5, 5)
    assert sorted(d["label"] for _, d in graph.nodes(data=True)) == [
        "Beijing", "C40", "Paris", "Seoul", "Tokyo"
    ]  # fmt: skip


def test_errors_are_one_line(cli: Any) -> None:
    same = cli("graph", "shared", "Seoul,KR", "seoul-kr", ok=False)
    assert same.exit_code == 1 and "choose two different places" in same.output
    assert len(same.output.strip().splitlines()) == 1
    kind = cli("graph", "stats", "--kinds", "tie,agreement", ok=False)
    assert kind.exit_code == 1 and "unknown edge kind agreement" in kind.output
    missing = cli("graph", "place", "Atlantis", ok=False)
    assert missing.exit_code == 1 and "no place called 'Atlantis'" in missing.output
