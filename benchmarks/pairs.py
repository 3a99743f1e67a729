"""The pairs import on the whole twin-cities file, into a fresh registry.

    python benchmarks/pairs.py [--file ../shared/data/sister-cities/twin_cities_raw.csv]
                               [--backend sqlite|postgres] [--pg-url URL] [--runs 1]

Prints the time to load the world gazetteer and to import the file, the rows, ties and
merges, the resolution rate per mention and per distinct name, and the share of names
that citydip and the geocoded twin_cities.csv place within 25 km of each other
(citydip.exchange.geocheck). Goals (issue 6): import ≤ 30 s, ≥ 97 % of names resolved,
≥ 95 % within 25 km. Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from citydip.config import sqlite_url
from citydip.exchange.pairs import PairsReport, import_pairs
from citydip.gazetteer.world import load_world_gazetteer
from citydip.store.engine import open_registry

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sister-cities"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _goal(ok: bool) -> str:
    return "meets the goal" if ok else "BELOW the goal"


def _import(url: str, path: Path) -> PairsReport:
    registry = open_registry(url)
    try:
        return import_pairs(
            registry,
            path,
            "city1,country1,city2,country2",
            licence="CC BY-SA 4.0 (Wikipedia contributors; github.com/Hekman/twincities)",
            user="bench",
        )
    finally:
        registry.close()


def run_once(backend: str, pg_url: str, path: Path, tmp: Path) -> PairsReport:
    if backend == "sqlite":
        return _import(sqlite_url(tmp / f"pairs-{uuid.uuid4().hex[:6]}.db"), path)
    name = f"citydip_bench_pairs_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        open_registry(url).close()  # migrate before the clock starts
        return _import(url, path)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=DATA / "twin_cities_raw.csv")
    parser.add_argument("--geocoded", type=Path, default=DATA / "twin_cities.csv")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("CITYDIP_TEST_PG_URL", PG_DEFAULT))
    parser.add_argument("--runs", type=int, default=1, help="Imports to time (fresh each).")
    args = parser.parse_args()

    print(f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores")
    t = time.perf_counter()
    load_world_gazetteer()
    print(f"world gazetteer loaded in {time.perf_counter() - t:.1f} s (once per process)")

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            t = time.perf_counter()
            r = run_once(args.backend, args.pg_url, args.file, Path(tmp))
            times.append(time.perf_counter() - t)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    best = min(times)
    print(f"\nfile: {args.file.name}, backend: {args.backend}")
    print(
        f"import: {best:.1f} s (read + resolve {r.read_seconds:.1f} s, write "
        f"{r.write_seconds:.1f} s){'' if len(times) == 1 else f'; runs {times}'} — "
        f"goal ≤ 30 s: {_goal(best <= 30)}"
    )
    print(f"peak memory of the process: {peak:,.0f} MB")
    print(
        f"rows {r.rows:,} → ties {r.ties:,}; merged {r.duplicates:,} duplicates, "
        f"{r.mirrors:,} mirrors; dropped {r.self_ties:,} self-ties, {r.unresolved_rows:,} "
        f"rows with an unresolved side, {r.empty_rows:,} with an empty name"
    )
    print(f"places: {r.places_created:,} created, {r.places_reused:,} reused")
    m, n = r.mentions, r.names
    print(
        f"resolved per mention: {100 * r.mention_rate:.2f} % of {sum(m.values()):,} "
        f"(ambiguous {m['ambiguous']:,}, unresolved {m['unresolved']:,}, unknown country "
        f"{m['unknown_country']:,}) — goal ≥ 97 %: {_goal(r.mention_rate >= 0.97)}"
    )
    print(
        f"resolved per distinct name: {100 * r.name_rate:.2f} % of {r.distinct_names:,} "
        f"(ambiguous {n['ambiguous']:,}, unresolved {n['unresolved']:,}, unknown country "
        f"{n['unknown_country']:,}) — goal ≥ 97 %: {_goal(r.name_rate >= 0.97)}"
    )
    print("most-named unresolved or ambiguous:")
    for p in r.problems[:10]:
        print(f"  {p.rows:>3} × {p.city} ({p.label}) — {p.status}, first on line {p.line}")

    try:
        from citydip.exchange.geocheck import compare
    except ImportError:
        print("\n25 km agreement: citydip.exchange.geocheck is not there yet")
        return
    t = time.perf_counter()
    check = compare(args.geocoded)
    print(
        f"\n25 km agreement with {args.geocoded.name}: {100 * check.share:.2f} % of "
        f"{check.compared:,} names both place ({time.perf_counter() - t:.1f} s) — "
        f"goal ≥ 95 %: {_goal(check.share >= 0.95)}; disagreements by likely right side: "
        f"{check.verdicts}"
    )
    print(
        f"  of the names citydip resolved (its guesses among homonyms left out): "
        f"{100 * check.share_resolved:.2f} % of {check.compared_resolved:,}"
    )


if __name__ == "__main__":
    main()
