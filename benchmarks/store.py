"""Store benchmark: import rate for generated records on SQLite and PostgreSQL, the time of
`citydip ties` and of an export of all records in each format.

    python benchmarks/store.py [--records 100000] [--skip-pg] [--pg-url URL]

Goal (issue 2): ≥ 5,000 records/s import on SQLite. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from citydip.config import sqlite_url
from citydip.exchange import formats
from citydip.exchange.importer import import_files
from citydip.store import queries
from citydip.store.engine import open_registry
from citydip.store.registry import ensure_home
from citydip.store.resolve import Stamp
from citydip.taxonomy import load_taxonomy

PER_DOC = 100
PER_FILE = 10_000
console = Console(stderr=True)

COUNTRIES = ["JP", "CN", "US", "FR", "DE", "VN", "BR", "TR", "MN", "ID", "IN", "ES", "IT"]
SYLLABLES = [
    "ka",
    "to",
    "mi",
    "ra",
    "shi",
    "na",
    "be",
    "lo",
    "san",
    "ver",
    "dam",
    "ber",
    "ling",
    "po",
    "ta",
    "ny",
    "va",
    "ha",
    "ri",
    "go",
]


def make_places(rng: random.Random, n: int) -> list[dict]:
    places, seen = [], set()
    while len(places) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        country = rng.choice(COUNTRIES)
        if (name, country) in seen:
            continue
        seen.add((name, country))
        place = {"name": name, "country": country}
        if rng.random() < 0.3:  # another spelling that must resolve to the same place
            place["aliases"] = [f"{name} Metropolitan Government"]
        if rng.random() < 0.5:
            place["lat"], place["lon"] = rng.uniform(-60, 70), rng.uniform(-170, 170)
        places.append(place)
    return places


def make_records(rng: random.Random, places: list[dict], n: int) -> list[dict]:
    tax = load_taxonomy()
    codes = {k: tax.codes(k) for k in tax.lists}
    home = {"name": "Seoul", "country": "KR"}
    out = []
    for i in range(n):
        p = rng.choice(places)
        ref = {
            "name": p["name"] if rng.random() < 0.7 else p.get("aliases", [p["name"]])[0],
            "country": p["country"],
        }
        year = rng.randint(1960, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.6 else str(year)
        areas = rng.sample(codes["cooperation_areas"], rng.randint(0, 3))
        span = {"start": (i % PER_DOC) * 200, "end": (i % PER_DOC) * 200 + 150}
        kind = rng.random()
        if kind < 0.15:
            rec = {
                "kind": "relationship",
                "type": rng.choice(codes["relationship_types"]),
                "parties": [home, ref],
                "since": str(year),
                "events": [{"type": "established", "date": str(year)}],
            }
        elif kind < 0.40:
            rec = {
                "kind": "agreement",
                "type": rng.choice(codes["agreement_types"]),
                "date": date,
                "parties": [ref],
                "areas": areas,
                "title": f"Agreement {i}",
            }
            if rng.random() < 0.2:
                rec["commitments"] = [{"text": f"Promise {i}", "due": str(year + 1)}]
        elif kind < 0.95:
            rec = {
                "kind": "engagement",
                "type": rng.choice(codes["engagement_types"]),
                "start": f"{date}-{rng.randint(1, 28):02d}" if len(date) == 7 else date,
                "parties": [ref],
                "location": rng.choice([home, ref]),
                "people": [{"name": f"{p['name']} Mayor", "title": "Mayor", "of": p["name"]}],
                "areas": areas,
                "title": f"Event {i}",
            }
        else:
            rec = {
                "kind": "membership",
                "network": rng.choice(["C40", "Metropolis", "UCLG"]),
                "member": ref,
                "role": "member",
                "since": str(year),
            }
        rec["evidence"] = span
        out.append(rec)
    return out


def write_files(folder: Path, n: int) -> list[Path]:
    rng = random.Random(0)
    records = make_records(rng, make_places(rng, 2_000), n)
    files = []
    for f in range(0, n, PER_FILE):
        path = folder / f"batch-{f // PER_FILE:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for d in range(f, min(f + PER_FILE, n), PER_DOC):
                answer = {
                    "doc_id": f"doc-{d // PER_DOC:06d}",
                    "lang": "en",
                    "home": {"name": "Seoul", "country": "KR"},
                    "records": records[d : d + PER_DOC],
                }
                out.write(json.dumps(answer) + "\n")
        files.append(path)
    return files


def bench(url: str, files: list[Path], n: int, label: str, folder: Path) -> dict[str, float]:
    registry = open_registry(url)
    stamp = Stamp("bench", dt.datetime.now(dt.UTC))
    with registry.session() as s:
        ensure_home(s, "Seoul,KR", stamp)
    figures: dict[str, float] = {}
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"import {label}", total=len(files))
        t0 = time.perf_counter()
        summary = import_files(
            registry, files, stamp, 2**31, on_file=lambda _: progress.advance(task)
        )
        elapsed = time.perf_counter() - t0
    if summary.failed:
        raise SystemExit(summary.failed[0].error)
    figures["import records/s"] = n / elapsed
    figures["import s"] = elapsed
    t0 = time.perf_counter()
    again = import_files(registry, files, stamp, 2**31)
    figures["re-import (adds nothing) s"] = time.perf_counter() - t0
    assert again.totals.records == 0
    with registry.session() as s:
        t0 = time.perf_counter()
        ties = queries.list_ties(s)
        _ = [(t.party_places, t.events, t.status) for t in ties]
        figures[f"list ties ({len(ties)}) s"] = time.perf_counter() - t0
    env = {**os.environ, "CITYDIP_DATABASE_URL": url, "COLUMNS": "200"}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "citydip", "ties", "--json"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    figures["`citydip ties --json` s"] = time.perf_counter() - t0
    with registry.session() as s:
        for name, writer in formats.STREAM_WRITERS.items():
            t0 = time.perf_counter()
            writer(s, io.StringIO())
            figures[f"export {name} s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        formats.write_csv(s, folder / f"csv-{label}")
        figures["export csv s"] = time.perf_counter() - t0
    registry.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "CITYDIP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_files(folder, args.records)
        results["sqlite"] = bench(
            sqlite_url(folder / "bench.db"), files, args.records, "sqlite", folder
        )
        if not args.skip_pg:
            admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
            name = f"citydip_bench_{uuid.uuid4().hex[:8]}"
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as exc:  # noqa: BLE001 - no server: say so and go on
                console.print(f"PostgreSQL skipped: {str(exc).splitlines()[0]}")
            else:
                url = make_url(args.pg_url).set(database=name).render_as_string(False)
                try:
                    results["postgresql"] = bench(url, files, args.records, "postgresql", folder)
                finally:
                    with admin.connect() as conn:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    table = Table(title=f"citydip store, {args.records:,} generated records")
    table.add_column("figure")
    for backend in results:
        table.add_column(backend, justify="right")
    for figure in results["sqlite"]:
        table.add_row(figure, *(f"{results[b].get(figure, float('nan')):,.2f}" for b in results))
    Console().print(table)
    rate = results["sqlite"]["import records/s"]
    print(
        f"goal ≥ 5,000 records/s on SQLite: {'met' if rate >= 5000 else 'NOT met'} "
        f"({rate:,.0f} records/s)"
    )


if __name__ == "__main__":
    main()
