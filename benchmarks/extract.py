"""Extraction benchmark: documents/s and MB/s per core for English and Korean, the ingest
rate with --jobs 2, and memory as the corpus grows.

    python benchmarks/extract.py [--docs 5000] [--corpus ../shared/corpus] [--skip-ingest]

The dev corpus (and seeds) is repeated, each copy made distinct by a line of its own, to at
least --docs documents per language, written as files, and read back through citydip's
readers. Goals (issue 3): ≥ 100 English and ≥ 50 Korean documents/s per core; memory flat
in the corpus size. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from citydip.config import sqlite_url
from citydip.extraction import default_extractor, extract_file
from citydip.ingest import ingest
from citydip.store.engine import open_registry
from citydip.store.resolve import Stamp

console = Console()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the ingest workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def fmt(value: float) -> str:
    # counts as integers; rates with enough digits that MB/s (≈0.1–1) is readable
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"


def make_corpus(corpus: Path, lang: str, docs: int, out: Path) -> list[Path]:
    sources = sorted((corpus / "dev" / lang).glob("*.txt"))
    if lang == "en":
        sources += sorted((corpus / "seeds").glob("*.txt"))
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(docs):
        src = sources[n % len(sources)]
        target = out / f"{src.stem}-{n:06d}.txt"
        target.write_text(src.read_text("utf-8") + f"\n\n({n})\n", "utf-8")
        meta = src.with_name(src.stem + ".meta.json")
        if meta.exists():
            data = json.loads(meta.read_text("utf-8"))
            data["doc_id"] = target.stem
            target.with_name(target.stem + ".meta.json").write_text(json.dumps(data), "utf-8")
        files.append(target)
    return files


def extract_rate(files: list[Path], label: str) -> dict[str, float]:
    # one process = one core; the gazetteer and analyser are built before the clock starts
    extract_file(files[0])
    size = 0
    records = 0
    memory: list[float] = []
    start = time.perf_counter()
    cpu = time.process_time()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"extract {label}", total=len(files))
        for n, path in enumerate(files, 1):
            outcome = extract_file(path)
            size += outcome.size
            if outcome.extraction:
                records += len(outcome.extraction.answer.records)
            if n in (len(files) // 5, len(files)):
                memory.append(rss_mb())
            progress.advance(task)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    return {
        "documents": len(files),
        "seconds": elapsed,
        "docs/s per core": len(files) / elapsed,
        "MB/s per core": size / 1e6 / elapsed,
        # CPU time: the per-core figures when other jobs share the machine's cores
        "CPU seconds": cpu,
        "docs per CPU-second": len(files) / cpu,
        "MB per CPU-second": size / 1e6 / cpu,
        "records": records,
        "RSS MB at 20%": memory[0],
        "RSS MB at 100%": memory[-1],
    }


def ingest_rate(files: list[Path], jobs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        registry = open_registry(sqlite_url(Path(tmp) / "bench.db"))
        stamp = Stamp("bench", dt.datetime.now(dt.UTC))
        start = time.perf_counter()
        cpu = cpu_seconds()
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"ingest --jobs {jobs}", total=len(files))
            summary = ingest(
                registry, files, stamp, jobs=jobs, on_outcome=lambda _o: progress.advance(task)
            )
        elapsed = time.perf_counter() - start
        cpu = cpu_seconds() - cpu  # the workers are reaped when ingest() returns
        again = time.perf_counter()
        repeat = ingest(registry, files[:1000], stamp, jobs=jobs)
        again = time.perf_counter() - again
        registry.close()
    return {
        "documents": len(files),
        "stored": summary.documents,
        "failed": len(summary.failures),
        "seconds": elapsed,
        "docs/s": len(files) / elapsed,
        "CPU seconds (main + workers)": cpu,
        "docs per CPU-second": len(files) / cpu,
        "re-ingest 1,000 (all skipped) s": again,
        "skipped on re-ingest": repeat.skipped,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).parents[1] / "../shared/corpus"
    )
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    t = time.perf_counter()
    default_extractor()
    console.print(f"gazetteer built in {time.perf_counter() - t:.2f} s")
    tmp = Path(tempfile.mkdtemp(prefix="citydip-bench-"))
    try:
        table = Table(title=f"extraction, {dt.date.today()}", title_justify="left")
        table.add_column("figure")
        results = {}
        files = {}
        for lang in ("en", "ko"):
            files[lang] = make_corpus(args.corpus, lang, args.docs, tmp / lang)
            results[lang] = extract_rate(files[lang], lang)
            table.add_column(lang, justify="right")
        for key in results["en"]:
            table.add_row(key, *(fmt(results[lang][key]) for lang in ("en", "ko")))
        console.print(table)
        if not args.skip_ingest:
            mixed = [p for pair in zip(files["en"], files["ko"], strict=False) for p in pair]
            figures = ingest_rate(mixed, jobs=2)
            t2 = Table(title="ingest (SQLite, en+ko mixed, --jobs 2)", title_justify="left")
            t2.add_column("figure")
            t2.add_column("value", justify="right")
            for key, value in figures.items():
                t2.add_row(key, fmt(value))
            console.print(t2)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        console.print(f"peak memory: this process {peak:.0f} MB, largest worker {kids:.0f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
