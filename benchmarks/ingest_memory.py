"""What grows in an ingest worker's memory: one process extracts the first N documents of a
folder with `citydip.extraction.extract_file` (what a local or Dask worker runs per file)
and prints, every --every documents, the documents done, the resident memory (VmRSS), the
heap as glibc sees it (mallinfo2: in use and free inside its arenas; C and C++ allocations
and Python blocks over 512 bytes: Python's small objects live in its own mmapped arenas,
seen in RSS only) and tracemalloc's traced size.

    nice -n 10 python benchmarks/ingest_memory.py [--docs /tmp/ingest-docs] [-n 20000]
        [--every 2000] [--top] [--key-type lineno|traceback] [--frames 4] [--no-trace]
        [--late-trace] [--trim] [--collect] [--lang en|ko] [--types]

The first --every documents are the warm-up: the gazetteer, the Korean analyser's model and
the first documents' one-off allocations come before the baseline, and every figure after
is a difference from it. --top prints tracemalloc's snapshot diff against the baseline
snapshot (the 15 lines that gained most, by file:line or, with --key-type traceback, by a
few frames). At the end: the growth per 1,000 documents (RSS, heap in use, traced), the
size of every `functools.cache` / `lru_cache` in citydip's modules (currsize / maxsize,
module functions and class methods), and the module-level and extractor-held containers
(dicts, sets, lists) whose length changed since the baseline; --types adds the object
types whose count grew most (`gc.get_objects()`).

tracemalloc does not see native allocations (kiwipiepy's C++, the Aho-Corasick automaton):
RSS growth well above the traced growth is theirs, or fragmentation (--trim calls
`malloc_trim(0)` before each reading, so what it gives back was held by glibc but unused;
compare with MALLOC_ARENA_MAX=2 in the environment). --collect runs a full garbage
collection before each reading (a large heap leaves cyclic garbage for long: a full
collection waits until a quarter as many objects as the long-lived ones have survived
younger collections). --no-trace runs without tracemalloc (about twice as fast);
--late-trace starts it at the baseline (start-up and warm-up at full speed; the traced size
is then what was allocated since and is still held). --lang keeps the documents of one
language (by file name prefix, "en-" / "ko-").

What a Dask worker adds is not measured here: its statistical profiler keeps one call tree
a second for 1,000 seconds (`distributed.worker.profile.enabled`, the length of
`distributed.admin.low-level-log-length`). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import gc
import itertools
import linecache
import os
import re
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from citydip.extraction import default_extractor, document_files, extract_file

SIZED = (dict, set, list)  # (and their subclasses: defaultdict, Counter, OrderedDict)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


try:
    _libc: Any = ctypes.CDLL("libc.so.6")
    _libc.mallinfo2.restype = _Mallinfo2
except (OSError, AttributeError):  # not glibc, or glibc < 2.33
    _libc = None


def heap_mb() -> tuple[float, float]:
    """glibc's heap (all arenas, and mmapped blocks): MB in use, MB free but held."""
    if _libc is None:
        return 0.0, 0.0
    m = _libc.mallinfo2()
    return (m.uordblks + m.hblkhd) / 2**20, m.fordblks / 2**20


def trim() -> None:
    if _libc is not None:
        _libc.malloc_trim(0)


def documents(folder: Path, n: int, lang: str | None) -> list[Path]:
    """The first n documents, listed before the start (a path's string, made on first use
    and kept, would otherwise count as growth: a worker is sent its paths)."""
    paths: Iterator[Path] = document_files([folder])
    if lang:
        paths = (p for p in paths if p.name.startswith(f"{lang}-"))
    out = list(itertools.islice(paths, n))
    for p in out:
        str(p)  # (the string each path keeps)
    return out


def _citydip_modules() -> list[tuple[str, Any]]:
    return sorted(
        (name, mod)
        for name, mod in list(sys.modules.items())
        if mod is not None and (name == "citydip" or name.startswith("citydip."))
    )


def caches() -> dict[str, tuple[int, int | None]]:
    """name → (currsize, maxsize) of each functools cache of citydip's modules."""
    out: dict[str, tuple[int, int | None]] = {}
    for name, mod in _citydip_modules():
        for attr, value in list(vars(mod).items()):
            places = [(f"{name}.{attr}", value)]
            if isinstance(value, type) and value.__module__ == name:
                places += [(f"{name}.{attr}.{a}", v) for a, v in vars(value).items()]
            for where, obj in places:
                obj = getattr(obj, "__func__", obj)  # classmethod / staticmethod
                info = getattr(obj, "cache_info", None)
                if callable(info) and getattr(obj, "__module__", name) == name:
                    ci = info()
                    out[where] = (ci.currsize, ci.maxsize)
    return out


def containers() -> dict[str, int]:
    """name → len of module-level (and class-level) dicts, sets and lists of citydip, of
    the containers held by the default extractor and its gazetteer, and of `re`'s cache."""
    out: dict[str, int] = {"re._cache": len(re._cache)}  # type: ignore[attr-defined]
    for name, mod in _citydip_modules():
        for attr, value in list(vars(mod).items()):
            if attr.startswith("__"):
                continue
            if isinstance(value, SIZED):
                out[f"{name}.{attr}"] = len(value)
            elif isinstance(value, type) and value.__module__ == name:
                for a, v in vars(value).items():
                    if isinstance(v, SIZED):
                        out[f"{name}.{attr}.{a}"] = len(v)
    extractor = default_extractor()
    for label, obj in (("extractor", extractor), ("gazetteer", extractor.gazetteer)):
        for attr, value in vars(obj).items():
            if isinstance(value, SIZED):
                out[f"{label}.{attr}"] = len(value)
                if isinstance(value, dict) and value:
                    # one level down: lists or dicts kept per key (the sounds of a country)
                    inner = sum(len(v) for v in value.values() if isinstance(v, SIZED))
                    if inner:
                        out[f"{label}.{attr}[*]"] = inner
    return out


def type_counts() -> Counter[str]:
    return Counter(type(o).__qualname__ for o in gc.get_objects())


def _frame(frame: tracemalloc.Frame) -> str:
    code = linecache.getline(frame.filename, frame.lineno).strip()
    return f"{frame.filename}:{frame.lineno}" + (f"  {code[:60]}" if code else "")


def _diff_lines(
    snapshot: tracemalloc.Snapshot, base: tracemalloc.Snapshot, key_type: str, top: int
) -> list[str]:
    ignore = [
        tracemalloc.Filter(False, tracemalloc.__file__),
        tracemalloc.Filter(False, "<frozen importlib._bootstrap*>"),
        tracemalloc.Filter(False, "<unknown>"),
    ]
    stats = snapshot.filter_traces(ignore).compare_to(base.filter_traces(ignore), key_type)
    lines = []
    for stat in stats[:top]:
        frames = list(reversed(stat.traceback))  # the allocating line first
        size = f"{stat.size_diff / 2**20:+8.2f} MB {stat.count_diff:+9,d} blocks"
        lines.append(f"  {size}  {_frame(frames[0])}")
        if key_type == "traceback":
            lines += [f"{'':37}< {_frame(f)}" for f in frames[1:]]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=Path, default=Path("/tmp/ingest-docs"))
    ap.add_argument("-n", type=int, default=20_000, help="documents (the first N of --docs)")
    ap.add_argument("--every", type=int, default=2000)
    ap.add_argument("--top", action="store_true", help="tracemalloc diff's top lines")
    ap.add_argument("--key-type", choices=("lineno", "traceback"), default="lineno")
    ap.add_argument("--frames", type=int, default=4, help="frames kept (--key-type traceback)")
    ap.add_argument("--no-trace", action="store_true", help="no tracemalloc (native figures)")
    ap.add_argument(
        "--late-trace", action="store_true", help="tracemalloc from the baseline on (faster)"
    )
    ap.add_argument("--trim", action="store_true", help="malloc_trim(0) before each reading")
    ap.add_argument("--lang", choices=("en", "ko"), help="only documents of this language")
    ap.add_argument("--types", action="store_true", help="object types whose count grew most")
    ap.add_argument("--collect", action="store_true", help="gc.collect() before each reading")
    args = ap.parse_args()

    trace = not args.no_trace
    if trace and not args.late_trace:
        tracemalloc.start(args.frames if args.key_type == "traceback" else 1)
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC  pid {os.getpid()}  "
        f"load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}  "
        f"MALLOC_ARENA_MAX={os.environ.get('MALLOC_ARENA_MAX', '-')}  "
        f"tracemalloc {'on' if trace else 'off'}  trim {'on' if args.trim else 'off'}",
        flush=True,
    )
    t0 = time.perf_counter()
    default_extractor()  # the gazetteer (the Korean analyser: on the first Korean document)
    print(f"start-up {time.perf_counter() - t0:.1f} s, RSS {rss_mb():.0f} MB", flush=True)
    print(
        f"{'docs':>7} {'RSS MB':>8} {'heap used':>10} {'heap free':>10} {'traced MB':>10} "
        f"{'errors':>7} {'docs/s':>7}  load",
        flush=True,
    )

    paths = documents(args.docs, args.n, args.lang)
    base: dict[str, Any] = {}
    rows: list[tuple[int, float, float, float]] = []  # docs, RSS, heap in use, traced
    errors = 0
    done = 0
    t = time.perf_counter()
    for done, path in enumerate(paths, 1):
        outcome = extract_file(path)
        errors += outcome.error is not None
        del outcome
        if done % args.every:
            continue
        collected = gc.collect() if args.collect else 0
        if args.trim:
            trim()
        rss, (used, free) = rss_mb(), heap_mb()
        traced = tracemalloc.get_traced_memory()[0] / 2**20 if trace else 0.0
        rate = args.every / (time.perf_counter() - t)
        print(
            f"{done:7,d} {rss:8.1f} {used:10.1f} {free:10.1f} {traced:10.1f} {errors:7,d} "
            f"{rate:7.1f}  {Path('/proc/loadavg').read_text().split()[0]}"
            + (f"  (gc: {collected:,d} unreachable)" if args.collect else ""),
            flush=True,
        )
        rows.append((done, rss, used, traced))
        if not base:  # the baseline: after the warm-up
            base = {"caches": caches(), "containers": containers()}
            if args.types:
                base["types"] = type_counts()
            if trace and args.late_trace:
                tracemalloc.start(args.frames if args.key_type == "traceback" else 1)
            if trace:
                base["snapshot"] = tracemalloc.take_snapshot()
        elif args.top and trace:
            snapshot = tracemalloc.take_snapshot()
            print(f"  tracemalloc, since {rows[0][0]:,d} documents ({args.key_type}):")
            print("\n".join(_diff_lines(snapshot, base["snapshot"], args.key_type, 15)))
            del snapshot
        t = time.perf_counter()

    print(f"\n{done:,d} documents, {errors:,d} errors")
    if len(rows) >= 2:
        (d0, r0, u0, m0), (d1, r1, u1, m1) = rows[0], rows[-1]
        k = (d1 - d0) / 1000
        print(
            f"growth from {d0:,d} to {d1:,d} documents, per 1,000 documents: "
            f"RSS {(r1 - r0) / k:+.2f} MB, heap in use {(u1 - u0) / k:+.2f} MB"
            + (f", traced {(m1 - m0) / k:+.2f} MB" if trace else "")
        )
    if not base:
        return
    print("\nfunctools caches of citydip (currsize / maxsize; at the baseline):")
    before = base["caches"]
    for name, (size, most) in sorted(caches().items()):
        was = before.get(name, (0, most))[0]
        print(f"  {size:8,d} / {most if most is not None else 'unbounded':>9}  ({was:,d})  {name}")
    print("\ncontainers whose length changed since the baseline (now, at the baseline):")
    before_c = base["containers"]
    changed = [
        (name, n, before_c.get(name, 0))
        for name, n in containers().items()
        if n != before_c.get(name, 0)
    ]
    for name, n, was in sorted(changed, key=lambda c: c[2] - c[1]):
        print(f"  {n:10,d} {was:10,d}  {name}")
    if not changed:
        print("  (none)")
    if args.types:
        print("\nobject types whose count grew most since the baseline:")
        grown = type_counts()
        grown.subtract(base["types"])
        for name, n in grown.most_common(15):
            print(f"  {n:+10,d}  {name}")


if __name__ == "__main__":
    main()
