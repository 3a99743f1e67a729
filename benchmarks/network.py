"""Times of each world-network analysis on the Wikipedia twin-town pairs, imported with the
real importer (`citydip.exchange.pairs.import_pairs`), beside the goal of 2 s each.

    python benchmarks/network.py                         # imports into a temp SQLite file
    python benchmarks/network.py --db /tmp/world.db      # imports there once, then reuses it
    python benchmarks/network.py --db postgresql+psycopg://postgres@127.0.0.1/x --runs 5

"load" is the dataset read into a graph and arrays (the cache's miss). Every other figure is
one analysis on the loaded graph with the graph's remembered metrics dropped first, so that
each is timed on its own (as the first call after a load); the median of --runs runs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from citydip.analytics import world as world_mod
from citydip.analytics import world_countries as wc
from citydip.analytics import world_pairs as wp
from citydip.analytics import world_place as wpl
from citydip.config import sqlite_url
from citydip.exchange.pairs import import_pairs
from citydip.store.datasets import find_dataset
from citydip.store.engine import Registry, open_registry

HERE = Path(__file__).resolve().parents[1]
CSV = HERE.parent / "shared" / "data" / "sister-cities" / "twin_cities_raw.csv"
COLUMNS = "city1,country1,city2,country2"
KEY = "twin-cities-raw"
GOAL = 2.0


def ensure_dataset(registry: Registry, path: Path, console: Console) -> None:
    with registry.session() as session:
        if find_dataset(session, KEY) is not None:
            console.print(f"dataset {KEY} already in the registry: reused")
            return
    t0 = time.perf_counter()
    report = import_pairs(registry, path, COLUMNS, key=KEY, name="Twin towns (Wikipedia)")
    console.print(
        f"imported {path.name}: {report.rows} rows → {report.ties} ties in "
        f"{time.perf_counter() - t0:.1f} s; names resolved {report.name_rate:.1%}",
        highlight=False,
    )


def timed(fn: Callable[[], Any], runs: int, reset: Callable[[], None]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(runs):
        reset()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="registry file or URL (default: a temp SQLite file)")
    parser.add_argument("--csv", type=Path, default=CSV)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--a", default="Seoul,KR", help="first city of path, shared, place")
    parser.add_argument("--b", default="Busan,KR", help="second city of shared and place")
    parser.add_argument("--far", default="Rio de Janeiro,BR", help="the path's other end")
    args = parser.parse_args()
    console = Console()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        url = sqlite_url(Path(tmp.name) / "world.db")
    elif "://" in args.db:
        url = args.db
    else:
        url = sqlite_url(args.db)
    registry = open_registry(url)
    try:
        ensure_dataset(registry, args.csv, console)
        run(registry, args, console)
    finally:
        registry.close()
        if tmp is not None:
            tmp.cleanup()


def run(registry: Registry, args: argparse.Namespace, console: Console) -> None:
    rows: list[tuple[str, float, str]] = []
    with registry.session() as s:
        dataset = world_mod.choose_dataset(s, KEY)
        load_s, world = timed(lambda: world_mod.read_graph(s, dataset), args.runs, lambda: None)
        rows.append(("load (graph + arrays)", load_s, f"{world.nodes} places, {world.ties} ties"))

        def add(label: str, fn: Callable[[], Any], note: Callable[[Any], str]) -> None:
            seconds, result = timed(fn, args.runs, world.forget)
            rows.append((label, seconds, note(result)))

        add("summary", lambda: world_mod.summary(world), lambda r: (
            f"{r.components.count} components, largest {r.components.largest}; "
            f"clustering {r.average_clustering:.3f}"))  # fmt: skip
        for by in world_mod.METRICS:
            add(f"rank by {by}", lambda by=by: world_mod.ranking(world, by, 20), lambda r: (
                f"1. {r.places[0].place.name} ({r.places[0].place.country})"
                + (f"; {r.sources} sources" if r.sources else "")))  # fmt: skip
        add("communities", lambda: world_mod.communities(world), lambda r: (
            f"{r.communities.count}, modularity {r.communities.modularity:.3f}; "
            f"largest {r.communities.groups[0].size}"))  # fmt: skip
        add(f"path {args.a} → {args.far}", lambda: wp.chains(s, world, args.a, args.far),
            lambda r: f"{r.hops} ties, {r.count} shortest chains")  # fmt: skip
        add(f"shared {args.a}, {args.b}", lambda: wp.shared(s, world, args.a, args.b),
            lambda r: f"{len(r.partners)} shared; Jaccard {r.jaccard:.3f}")  # fmt: skip
        add("country matrix", lambda: wc.matrix(world), lambda r: (
            f"{len(r.countries)} countries, {len(r.pairs)} pairs"))  # fmt: skip
        add("country ranking", lambda: wc.ranking(world), lambda r: (
            f"1. {r.rows[0].code} {r.rows[0].ties} ties"))  # fmt: skip
        for city in (args.a, args.b):
            add(f"place {city}", lambda city=city: wpl.profile(s, world, city), lambda r: (
                f"degree {r.degree} (rank {r.degree_rank}), betweenness rank "
                f"{r.betweenness_rank}, community {r.community}"))  # fmt: skip
        for fmt in world_mod.FORMATS:
            add(f"export {fmt}", lambda fmt=fmt: _export(world, fmt), lambda n: f"{n / 1e6:.1f} MB")
    table = Table(title=f"world network analyses, median of {args.runs}", header_style="bold")
    for col in ("analysis", "seconds", "goal", "result"):
        table.add_column(col, justify="right" if col in ("seconds", "goal") else "left")
    for label, seconds, note in rows:
        mark = "" if seconds <= GOAL else " (over)"
        table.add_row(label, f"{seconds:.2f}{mark}", f"≤ {GOAL:g}", note)
    console.print(table)


def _export(world: world_mod.WorldGraph, fmt: str) -> int:
    out = io.BytesIO()
    world_mod.write(world, out, fmt)
    return len(out.getvalue())


if __name__ == "__main__":
    main()
