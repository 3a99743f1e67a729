"""The slow statements of the web benchmark, as they are and as they could be: each pair
timed on a scratch copy of the generated registry (where the proposed indexes are made).

    nice -n 10 python benchmarks/web_sql.py [--backend sqlite|postgres|both] [--quick]

Run benchmarks/web.py first (it generates the registries). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from citydip.config import sqlite_url
from citydip.store.engine import make_engine

HOME, PLACE = 1, 2500  # the home city (in ~45% of engagements) and a place in few records

# (name, statement now, statement proposed); :p is a place id
PAIRS: list[tuple[str, str, str]] = [
    (
        "count of a page: all engagements",
        "SELECT count(*) FROM records WHERE kind = 'engagement'",
        "SELECT count(*) FROM (SELECT 1 FROM records WHERE kind = 'engagement' LIMIT 10001) t",
    ),
    (
        "count of a page: type=meeting",
        "SELECT count(*) FROM records WHERE kind = 'engagement' AND type = 'meeting'",
        "SELECT count(*) FROM (SELECT 1 FROM records WHERE kind = 'engagement' "
        "AND type = 'meeting' LIMIT 10001) t",
    ),
    (
        "page of type=meeting by date (index kind, type, start)",
        "SELECT id FROM records WHERE kind = 'engagement' AND type = 'meeting' "
        "AND start IS NOT NULL ORDER BY start DESC, id DESC LIMIT 50",
        "SELECT id FROM records WHERE kind = 'engagement' AND type = 'meeting' "
        "AND start IS NOT NULL ORDER BY start DESC, id DESC LIMIT 50",
    ),
    (
        "ties by date (index kind, since)",
        "SELECT id FROM records WHERE kind = 'relationship' AND since IS NOT NULL "
        "ORDER BY since DESC, id DESC LIMIT 50",
        "SELECT id FROM records WHERE kind = 'relationship' AND since IS NOT NULL "
        "ORDER BY since DESC, id DESC LIMIT 50",
    ),
    (
        "count of ties",
        "SELECT count(*), count(since) FROM records WHERE kind = 'relationship'",
        "SELECT count(*), count(since) FROM records WHERE kind = 'relationship'",
    ),
    (
        "engagements of a place: page (OR vs UNION)",
        "SELECT id FROM records WHERE kind = 'engagement' AND (id IN (SELECT record_id FROM "
        "record_parties WHERE place_id = :p) OR location_id = :p OR member_id = :p "
        "OR network_id = :p) AND start IS NOT NULL ORDER BY start DESC, id DESC LIMIT 50",
        "SELECT id FROM records WHERE kind = 'engagement' AND id IN (SELECT record_id FROM "
        "record_parties WHERE place_id = :p UNION SELECT id FROM records WHERE location_id = :p "
        "UNION SELECT id FROM records WHERE member_id = :p UNION SELECT id FROM records "
        "WHERE network_id = :p) AND start IS NOT NULL ORDER BY start DESC, id DESC LIMIT 50",
    ),
    (
        "engagements of a place: count (OR vs UNION)",
        "SELECT count(*) FROM records WHERE kind = 'engagement' AND (id IN (SELECT record_id "
        "FROM record_parties WHERE place_id = :p) OR location_id = :p OR member_id = :p "
        "OR network_id = :p)",
        "SELECT count(*) FROM records WHERE kind = 'engagement' AND id IN (SELECT record_id "
        "FROM record_parties WHERE place_id = :p UNION SELECT id FROM records "
        "WHERE location_id = :p UNION SELECT id FROM records WHERE member_id = :p "
        "UNION SELECT id FROM records WHERE network_id = :p)",
    ),
]
INDEXES = [
    "CREATE INDEX ix_records_kind_type_start ON records (kind, type, start)",
    "CREATE INDEX ix_records_kind_since ON records (kind, since)",
]


def timed(engine: Engine, sql: str, params: dict[str, Any], runs: int) -> float:
    with engine.connect() as conn:
        conn.execute(text(sql), params).fetchall()  # warm
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            conn.execute(text(sql), params).fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def scratch(backend: str, data_dir: Path, name: str, pg_url: str) -> tuple[Engine, Any]:
    """An engine on a scratch copy of the benchmark registry, and how to drop it."""
    if backend == "sqlite":
        source = data_dir / f"registry-{name}.db"
        copy = data_dir / f"scratch-{name}.db"
        shutil.copy(source, copy)
        engine = make_engine(sqlite_url(copy))
        return engine, lambda: (engine.dispose(), copy.unlink())
    url = make_url(pg_url)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    target = f"{url.database}_scratch"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target}" TEMPLATE "{url.database}"'))
    engine = create_engine(url.set(database=target))

    def drop() -> None:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        admin.dispose()

    return engine, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/citydip-bench"))
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    name = "quick" if args.quick else "full"
    pg_url = args.pg_url or (
        "postgresql+psycopg://postgres@127.0.0.1:5432/citydip_bench"
        + ("_quick" if args.quick else "")
    )
    out = Console(width=160)
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        engine, drop = scratch(backend, args.data_dir, name, pg_url)
        try:
            now: dict[tuple[str, int], float] = {}
            for label, before, _ in PAIRS:
                for p in (PLACE, HOME) if ":p" in before else (0,):
                    now[(label, p)] = timed(engine, before, {"p": p}, args.runs)
            with engine.begin() as conn:
                for ddl in INDEXES:
                    conn.execute(text(ddl))
                conn.execute(text("ANALYZE"))
            table = Table(title=f"{backend}: statements now and proposed (median ms)")
            for h in ("statement", "place", "now ms", "proposed ms", "×"):
                table.add_column(h, justify="left" if h == "statement" else "right")
            for label, _, after in PAIRS:
                for p in (PLACE, HOME) if ":p" in after else (0,):
                    new = timed(engine, after, {"p": p}, args.runs)
                    old = now[(label, p)]
                    where = {0: "", HOME: "home", PLACE: f"#{PLACE}"}[p]
                    table.add_row(label, where, f"{old:.2f}", f"{new:.2f}", f"{old / new:.1f}")
            out.print(table)
        finally:
            drop()


if __name__ == "__main__":
    main()
