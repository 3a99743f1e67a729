"""Analytics benchmark: the time of each analysis (dossier, health, trends, network, plans,
annual report) on the generated registry of the web benchmark, on SQLite (and PostgreSQL).

    nice -n 10 python benchmarks/analytics.py [--quick] [--backend sqlite|postgres|both]
        [--runs 3] [--only NAME] [--markdown FILE]

Registry: 30,000 places, 50,000 ties, 1,000,000 engagements, 5,000 agreements, 3,000
memberships (`--quick`: a tenth), made by benchmarks/web_data.py and kept under --data-dir
(the PostgreSQL database too); reused while complete. Each analysis is a case of a module
benchmarks/analytics_<part>.py (`CASES`: name → function of a session). Every case runs in
a fresh session: once cold (the first run after opening the registry) and then --runs
times; the median and the slowest warm run (wall time) and the median CPU time of the
process (SQLite works in-process; other jobs on a shared machine do not count) are printed
beside the goal (≤ 1 s on SQLite, issue 5, judged on the slowest warm run). The views'
in-process cache is cleared before every run, so nothing is served from it. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import web_data  # noqa: E402

import web  # noqa: E402
from citydip.analytics import facts  # noqa: E402
from citydip.analytics.cache import views_cache  # noqa: E402
from citydip.store.engine import Registry, open_registry  # noqa: E402

GOAL_S = 1.0
Case = tuple[str, Callable[[Session], object]]
console = Console(width=160)


def cases(only: list[str] | None) -> list[tuple[str, str, Callable[[Session], object]]]:
    """(part, name, function) of every benchmarks/analytics_<part>.py, in file order."""
    found = []
    for path in sorted(HERE.glob("analytics_*.py")):
        part = path.stem.removeprefix("analytics_")
        module = importlib.import_module(path.stem)
        for name, run in getattr(module, "CASES", []):
            if not only or any(o in f"{part}.{name}" for o in only):
                found.append((part, name, run))
    return found


def timed(registry: Registry, run: Callable[[Session], object]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run: the process's CPU time counts SQLite's work too
    (in-process) but not the other jobs' on a shared machine (PostgreSQL's server is
    another process: its CPU is left out)."""
    views_cache.clear()
    with registry.session() as session:
        start, cpu = time.perf_counter(), time.process_time()
        run(session)
        return time.perf_counter() - start, time.process_time() - cpu


def bring_facts_up_to_date(registry: Registry) -> float:
    """The records' facts (analytics.facts) brought up to date once, before the cases: the
    generator writes its million records straight into the tables, which the triggers
    note, so the first analysis would otherwise compute them all (once, like ANALYZE)."""
    start = time.perf_counter()
    with registry.session() as session:
        facts.refresh(session)
    return time.perf_counter() - start


def bench(url: str, runs: int, only: list[str] | None) -> list[list[str]]:
    registry = open_registry(url)
    rows = []
    try:
        took = bring_facts_up_to_date(registry)
        console.print(f"  records' facts brought up to date in {took:,.1f} s", highlight=False)
        for part, name, run in cases(only):
            cold, _ = timed(registry, run)
            found = [timed(registry, run) for _ in range(runs)]
            warm = [w for w, _ in found]
            median, worst = statistics.median(warm), max(warm)
            cpu = statistics.median(c for _, c in found)
            verdict = "ok" if worst <= GOAL_S else "OVER"
            rows.append(
                [
                    part,
                    name,
                    f"{cold * 1000:,.0f}",
                    f"{median * 1000:,.0f}",
                    f"{worst * 1000:,.0f}",
                    f"{cpu * 1000:,.0f}",
                    verdict,
                ]
            )
            console.print(
                f"  {part}.{name}: {median * 1000:,.0f} ms (CPU {cpu * 1000:,.0f} ms)",
                highlight=False,
            )
    finally:
        registry.close()
    return rows


HEADERS = ["part", "analysis", "cold ms", "median ms", "max ms", "CPU median ms", "≤ 1 s"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--quick", action="store_true", help="a tenth of the registry")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/citydip-bench"))
    parser.add_argument("--pg-url", default=None, help="default: .../citydip_bench[_quick]")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per analysis")
    parser.add_argument("--only", action="append", help="cases whose part.name has this")
    parser.add_argument("--markdown", type=Path, help="append the tables to this file")
    args = parser.parse_args()
    sizes = web_data.QUICK if args.quick else web_data.FULL
    name = "quick" if args.quick else "full"
    pg_url = args.pg_url or (
        "postgresql+psycopg://postgres@127.0.0.1:5432/citydip_bench"
        + ("_quick" if args.quick else "")
    )
    args.data_dir.mkdir(parents=True, exist_ok=True)
    report = [
        f"## {dt.date.today().isoformat()}, commit {web.commit()}, {name} registry "
        f"({sizes.places:,} places, {sizes.ties:,} ties, {sizes.engagements:,} engagements, "
        f"{sizes.agreements:,} agreements, {sizes.memberships:,} memberships)",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}; {args.runs} warm runs per analysis after a cold one.",
        "",
    ]
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    for backend in backends:
        url = (
            web.sqlite_registry(args.data_dir, sizes, name, False)
            if backend == "sqlite"
            else web.pg_registry(pg_url, sizes, False)
        )
        console.print(f"[bold]{backend}[/]")
        rows = bench(url, args.runs, args.only)
        table = Table(title=f"citydip analytics, {backend}, {name} registry")
        for h in HEADERS:
            table.add_column(h, justify="left" if h in ("part", "analysis") else "right")
        for row in rows:
            table.add_row(*row)
        console.print(table)
        report += [
            f"### {backend}",
            "",
            "| " + " | ".join(HEADERS) + " |",
            "|---|---|---:|---:|---:|---:|---|",
        ]
        report += ["| " + " | ".join(row) + " |" for row in rows]
        report.append("")
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as f:
            f.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
