"""Extraction accuracy: citydip run on the shared corpus and scored as spec/extraction.md says.

    python benchmarks/accuracy.py [--corpus ../shared/corpus]

Prints precision / recall / F1 per record kind, for partners and for areas, for English
(dev/en and seeds) and Korean (dev/ko), as the Markdown table kept in the README. Targets
(issue 3): overall F1 ≥ 0.75 English, ≥ 0.65 Korean; partners ≥ 0.90; areas ≥ 0.80.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from citydip.cli.evaluate import _beside, _with_metadata
from citydip.exchange.evaluation import gold_answers, score_predictions
from citydip.extraction import extract_files
from citydip.schema import Answer
from citydip.scoring import Score, Tally

SETS = {"English": ("dev/en", "seeds"), "Korean": ("dev/ko",), "all": ("dev/en", "seeds", "dev/ko")}
ROWS = ("relationship", "agreement", "engagement", "membership")


def score(corpus: Path, folders: tuple[str, ...]) -> Score:
    gold = [corpus / f for f in folders]
    golds = gold_answers(gold, 10**8)
    preds: dict[str, Answer] = {}
    for outcome in extract_files(_with_metadata(_beside(gold), golds), jobs=2):
        if outcome.extraction is not None and outcome.extraction.answer.doc_id:
            preds[outcome.extraction.answer.doc_id] = outcome.extraction.answer
    return score_predictions(golds, preds)


def _cell(t: Tally) -> str:
    if not (t.tp or t.fp or t.fn):
        return "— (none in gold or answers)"
    return f"{t.precision:.2f} / {t.recall:.2f} / **{t.f1:.2f}**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    args = parser.parse_args()
    scores = {name: score(args.corpus, folders) for name, folders in SETS.items()}
    print(f"measured {dt.date.today().isoformat()}; precision / recall / F1\n")
    docs = " | ".join(f"{name} ({s.documents} docs)" for name, s in scores.items())
    print(f"| | {docs} |")
    print("|---|" + "---|" * len(scores))
    for kind in ROWS:
        print(f"| {kind} | " + " | ".join(_cell(s.kinds[kind]) for s in scores.values()) + " |")
    for name in ("overall", "partners", "areas"):
        cells = " | ".join(_cell(getattr(s, name)) for s in scores.values())
        print(f"| **{name}** | {cells} |")


if __name__ == "__main__":
    main()
