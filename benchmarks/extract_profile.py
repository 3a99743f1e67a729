"""Extraction CPU per document on generated documents, English, Korean and the 64/36 mix,
and where it goes (cProfile's top functions).

    python benchmarks/extract_profile.py [--docs 600] [--corpus ../shared/corpus] [--top 25]
                                         [--sort cumulative|tottime] [--no-profile]

Documents come from `corpus_gen.generate` (the corpus's texts with their cities swapped and
years shifted) and are read before the clock starts: the figures are the pipeline's own
(`Extractor.run`), in one process, with the gazetteer built and the Korean analyser loaded
beforehand. The mix is the generated corpus's own (64 % English, 36 % Korean). CPU time is
`time.process_time`; wall time and the load average are printed beside it. The profile runs
separately (cProfile slows what it measures). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus_gen import generate  # noqa: E402

from citydip.extraction import default_extractor  # noqa: E402
from citydip.pipeline.documents import read_document  # noqa: E402
from citydip.pipeline.runner import Extractor  # noqa: E402
from citydip.pipeline.text import detect_language  # noqa: E402
from citydip.types import Document  # noqa: E402


def load(corpus: Path, count: int, out: Path) -> dict[str, list[Document]]:
    docs: dict[str, list[Document]] = {"en": [], "ko": [], "mix": []}
    for path in generate(corpus, count, out):
        doc = read_document(path)
        docs["mix"].append(doc)
        docs[doc.lang or detect_language(doc.text)].append(doc)
    return docs


def timed(extractor: Extractor, docs: list[Document], rounds: int) -> tuple[float, float]:
    """CPU and wall milliseconds per document (the best of `rounds` passes)."""
    best_cpu = best_wall = float("inf")
    for _ in range(rounds):
        cpu, wall = time.process_time(), time.perf_counter()
        for doc in docs:
            extractor.run(doc)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu / len(docs) * 1000, best_wall / len(docs) * 1000


def profile(extractor: Extractor, docs: list[Document], top: int, sort: str) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for doc in docs:
        extractor.run(doc)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600, help="generated documents (mix)")
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).parents[1] / "../shared/corpus"
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed passes; the best is kept")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="citydip-profile-") as tmp:
        docs = load(args.corpus, args.docs, Path(tmp))
    extractor = default_extractor()
    for lang in ("en", "ko"):  # warm: the gazetteer, the analyser, cues, lazy caches
        for doc in docs[lang][:30]:
            extractor.run(doc)

    print(f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load {_load()}")
    print(f"{len(docs['mix'])} generated documents: {len(docs['en'])} en, {len(docs['ko'])} ko")
    print(f"{'set':<5} {'docs':>6} {'CPU ms/doc':>11} {'wall ms/doc':>12} {'docs/CPU-s':>11}")
    for lang in ("en", "ko", "mix"):
        cpu, wall = timed(extractor, docs[lang], args.rounds)
        print(f"{lang:<5} {len(docs[lang]):>6} {cpu:>11.2f} {wall:>12.2f} {1000 / cpu:>11.1f}")
    print(f"load after: {_load()}")
    if not args.no_profile:
        for lang in ("en", "ko"):
            print(f"\n== profile, {lang} ({len(docs[lang])} documents), by {args.sort} ==")
            print(profile(extractor, docs[lang], args.top, args.sort))


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
