"""End to end: the first 500 pairs of the real twin-cities file, with the world gazetteer."""

from __future__ import annotations

import csv
from itertools import islice
from pathlib import Path

import pytest
from sqlalchemy import func, select

from citydip.exchange.pairs import import_pairs
from citydip.store.datasets import DatasetTie
from citydip.store.places import Place

RAW = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "sister-cities"
    / "twin_cities_raw.csv"
)
ROWS = 500


@pytest.fixture(scope="module")
def world():
    if not RAW.is_file():
        pytest.skip(f"no twin-cities file at {RAW}")
    module = pytest.importorskip("citydip.gazetteer.world")
    return module.load_world_gazetteer()


def test_first_500_rows(registry, tmp_path, world):
    path = tmp_path / "first500.csv"
    with RAW.open(encoding="utf-8") as src:
        lines = list(islice(src, ROWS + 1))
    path.write_text("".join(lines), "utf-8")
    report = import_pairs(registry, path, "city1,country1,city2,country2", resolver=world)

    # what the report says, counted again here from the rows and the gazetteer
    rows = list(csv.DictReader(lines))
    assert report.rows == len(rows) == ROWS
    statuses = [
        world.resolve(r[c], r[k]).status
        for r in rows
        for c, k in (("city1", "country1"), ("city2", "country2"))
    ]
    resolved = statuses.count("resolved")
    assert report.mentions["resolved"] == resolved
    assert report.mention_rate == pytest.approx(resolved / len(statuses))
    pairs = set()
    for r in rows:
        a, b = world.resolve(r["city1"], r["country1"]), world.resolve(r["city2"], r["country2"])
        if a.status == b.status == "resolved" and a.place.key != b.place.key:
            pairs.add(frozenset((a.place.key, b.place.key)))
    assert report.ties == len(pairs)

    with registry.session() as session:
        ties = session.execute(select(DatasetTie.a_id, DatasetTie.b_id, DatasetTie.rows)).all()
        assert len(ties) == report.ties
        assert all(a < b for a, b, _ in ties)  # so a mirror cannot be a second tie
        assert len({(a, b) for a, b, _ in ties}) == len(ties)
        ends = {p for a, b, _ in ties for p in (a, b)}
        assert session.scalar(select(func.count()).where(Place.id.in_(ends))) == len(ends)
        kept = report.rows - report.unresolved_rows - report.empty_rows - report.self_ties
        assert sum(n for _, _, n in ties) == kept
        assert kept == report.ties + report.duplicates + report.mirrors
