"""Ingest at scale: documents/s, wall time and peak memory of `citydip ingest` on generated
documents, locally (--jobs 2) and on a Dask cluster of two workers, into SQLite and
PostgreSQL.

    python benchmarks/ingest_scale.py [--sizes 10000,100000] [--backends sqlite,postgres]
        [--modes local,dask] [--quick] [--docs DIR] [--out results.jsonl] [--send-files]

Documents are generated once (benchmarks/corpus_gen.py: the dev corpus and seeds with their
partner cities swapped and years shifted, 64 % English) into a temporary folder (or --docs,
kept for the next run); each run takes the first N of them into a fresh registry (a new
SQLite file; a new PostgreSQL database on --pg-url's server, dropped afterwards). Each run
is a process of its own, so that its peak memory is its own: the main process's (the
writer on SQLite) and the largest worker's (local workers are its children; Dask workers
report theirs). The Dask cluster is a LocalCluster (two worker processes of one thread),
started before the clock, as an existing cluster would be. Prints figures; asserts nothing.
Goal (issue 6): 100,000 documents in ≤ 10 minutes on two cores, memory flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
console = Console(stderr=True, soft_wrap=True)


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (VmRSS), or one part of it: RssAnon (its own heap),
    RssFile (file pages mapped in: on SQLite, the database pages read through its memory
    map, which the kernel may drop at any time)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children_rss_mb() -> float:
    """The largest resident memory of this process's children (local workers)."""
    pids = set()
    for task in Path("/proc/self/task").iterdir():
        pids.update((task / "children").read_text().split())
    sizes = [0.0]
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:  # ended meanwhile
            continue
        sizes += [
            int(ln.split()[1]) / 1024 for ln in status.splitlines() if ln.startswith("VmRSS:")
        ]
    return max(sizes)


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _worker_figures() -> tuple[float, float]:
    """A Dask worker's peak memory (MB) and CPU seconds (run on each worker)."""
    return peak_mb(), cpu_s()


# -- one run (a process of its own) -------------------------------------------------------


def run_one(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from citydip.config import DEFAULT_HOME, sqlite_url
    from citydip.extraction import document_files
    from citydip.ingest import ingest
    from citydip.store.engine import open_registry
    from citydip.store.registry import ensure_home
    from citydip.store.resolve import Stamp

    files = sorted(document_files([args.docs]))[: args.size]
    stamp = Stamp("bench", dt.datetime.now(dt.UTC))
    tmp = Path(tempfile.mkdtemp(prefix="citydip-scale-"))
    admin = None
    database = None
    if args.backend == "sqlite":
        url = sqlite_url(tmp / "registry.db")
    else:
        admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
        database = f"citydip_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        url = make_url(args.pg_url).set(database=database).render_as_string(hide_password=False)
    cluster = client = None
    try:
        registry = open_registry(url)
        with registry.session() as session:
            ensure_home(session, DEFAULT_HOME, stamp)
        scheduler = None
        if args.mode == "dask":
            from distributed import Client, LocalCluster

            cluster = LocalCluster(
                n_workers=args.jobs,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                memory_limit=0,
            )
            client = Client(cluster)
            scheduler = cluster.scheduler_address
        memory: dict[str, float] = {}
        seen = 0
        marks = {max(1, len(files) // 5): "20pc", len(files): "100pc"}

        def counted(_outcome: Any) -> None:
            nonlocal seen
            seen += 1
            if seen in marks or seen % args.every == 0:  # memory as the corpus grows: flat?
                workers = client.run(rss_mb).values() if client else [children_rss_mb()]
                main, worker = rss_mb(), max(workers)
                anon = rss_mb("RssAnon")
                if seen in marks:
                    memory[f"rss_main_{marks[seen]}"] = main
                    memory[f"anon_main_{marks[seen]}"] = anon
                    memory[f"rss_worker_{marks[seen]}"] = worker
                took = time.perf_counter() - start
                console.print(
                    f"  {seen:,} documents in {took:,.0f} s ({seen / took:.1f}/s); "
                    f"RSS main {main:.0f} MB (anonymous {anon:.0f}), "
                    f"largest worker {worker:.0f} MB; "
                    f"load {os.getloadavg()[0]:.1f}"
                )

        load_before = os.getloadavg()
        cpu0 = cpu_s() + cpu_s(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        send_files = args.send_files and scheduler is not None
        summary = ingest(
            registry,
            files,
            stamp,
            jobs=args.jobs,
            on_outcome=counted,
            scheduler=scheduler,
            send_files=send_files,
        )
        elapsed = time.perf_counter() - start
        load_after = os.getloadavg()
        cpu = cpu_s() + cpu_s(resource.RUSAGE_CHILDREN) - cpu0  # local workers are reaped
        worker_peak = peak_mb(resource.RUSAGE_CHILDREN)
        if client is not None:
            figures = client.run(_worker_figures).values()
            worker_peak = max(p for p, _ in figures)
            cpu += sum(c for _, c in figures)
        registry.close()
        return {
            "documents": len(files),
            "mode": args.mode + (" --send-files" if send_files else ""),
            "backend": args.backend,
            "stored": summary.documents,
            "skipped": summary.skipped,
            "failed": len(summary.failures),
            "records": sum(summary.records.values()),
            "seconds": round(elapsed, 1),
            "docs/s": round(len(files) / elapsed, 1),
            "CPU s": round(cpu, 1),
            "peak main MB": round(peak_mb()),
            **{k: round(v) for k, v in memory.items()},
            "peak worker MB": round(worker_peak),
            "load before": round(load_before[0], 2),
            "load after (1 min)": round(load_after[0], 2),
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
        }
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            admin.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


# -- the driver ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--modes", default="local,dask")
    parser.add_argument("--quick", action="store_true", help="1,000 documents, to try it out")
    parser.add_argument("--jobs", type=int, default=2, help="local worker processes / Dask workers")
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--docs", type=Path, help="folder of generated documents (kept)")
    parser.add_argument("--pg-url", default=os.environ.get("CITYDIP_BENCH_PG_URL", PG_DEFAULT))
    parser.add_argument(
        "--send-files", action="store_true", help="Dask: send the files' bytes with the tasks"
    )
    parser.add_argument("--out", type=Path, help="append each run's figures (JSON lines)")
    parser.add_argument("--every", type=int, default=5000, help="progress line every N")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args)))
        return

    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    docs = args.docs or Path(tempfile.mkdtemp(prefix="citydip-docs-"))
    have = sum(1 for _ in docs.rglob("*.txt")) if docs.is_dir() else 0
    if have < max(sizes):
        sys.path.insert(0, str(HERE))
        from corpus_gen import generate

        t = time.perf_counter()
        generate(args.corpus, max(sizes) - have, docs, start=have)
        took = time.perf_counter() - t
        console.print(f"generated {max(sizes) - have:,} documents in {took:.0f} s")
    console.print(f"machine: {os.cpu_count()} cores; uptime: {_uptime()}")
    results = []
    try:
        for size in sizes:
            for mode in args.modes.split(","):
                for backend in args.backends.split(","):
                    console.print(f"{size:,} documents, {mode}, {backend} …")
                    result = _run_in_process(args, docs, size, mode, backend)
                    console.print(result)
                    results.append(result)
                    if args.out:
                        with args.out.open("a") as f:
                            f.write(json.dumps(result) + "\n")
    finally:
        if args.docs is None:
            shutil.rmtree(docs, ignore_errors=True)
    if results:
        _table(results)


def _run_in_process(
    args: argparse.Namespace, docs: Path, size: int, mode: str, backend: str
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", "--docs", str(docs), "--size", str(size)]
    command += ["--mode", mode, "--backend", backend, "--jobs", str(args.jobs)]
    command += ["--pg-url", args.pg_url, "--every", str(args.every)]
    command += ["--send-files"] if args.send_files else []
    # progress lines (stderr) pass through; the figures come back on stdout
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        return {"documents": size, "mode": mode, "backend": backend, "error": done.returncode}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _uptime() -> str:
    return "load average " + ", ".join(Path("/proc/loadavg").read_text().split()[:3])


def _table(results: list[dict[str, Any]]) -> None:
    table = Table(title=f"ingest at scale, {dt.date.today()}", title_justify="left")
    keys = list(dict.fromkeys(k for r in results for k in r if k != "date"))
    for key in keys:
        table.add_column(key, justify="left" if key in ("mode", "backend", "error") else "right")
    for r in results:
        table.add_row(*(_fmt(r.get(k, "")) for k in keys))
    Console().print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


if __name__ == "__main__":
    main()
