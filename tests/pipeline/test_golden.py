"""Golden tests: citydip on the packaged sample documents, scored against their gold answers.

The floors sit below the figures in the README (measured with `citydip evaluate`): they
catch a change that makes extraction worse, and fail on a pipeline that finds nothing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from citydip.cli.evaluate import _with_metadata
from citydip.exchange.evaluation import gold_answers, score_predictions
from citydip.extraction import extract_files
from citydip.scoring import Score

SAMPLE = Path(str(resources.files("citydip.sample").joinpath("data")))


def score(prefix: str) -> Score:
    gold = sorted(SAMPLE.glob(f"{prefix}*.gold.json"))
    golds = gold_answers(gold, 10**8)
    docs = [SAMPLE / (g.name.removesuffix(".gold.json") + ".txt") for g in gold]
    preds = {}
    for outcome in extract_files(_with_metadata(docs, golds)):
        assert outcome.extraction is not None, outcome.error
        preds[outcome.extraction.answer.doc_id or ""] = outcome.extraction.answer
    return score_predictions(golds, preds)


# measured 2026-12-01: seeds 0.91 / 0.94 / 0.84, en 0.73 / 0.87 / 0.81, ko 0.83 / 0.95 / 0.81
@pytest.mark.parametrize(
    ("prefix", "overall", "partners", "areas"),
    [("seed-", 0.85, 0.88, 0.78), ("en-", 0.68, 0.82, 0.76), ("ko-", 0.78, 0.9, 0.76)],
)
def test_f1_stays_above_its_floor(prefix: str, overall: float, partners: float, areas: float):
    result = score(prefix)
    assert result.documents >= 5
    figures = result.as_dict()
    assert result.overall.f1 >= overall, figures["overall"]
    assert result.partners.f1 >= partners, figures["partners"]
    assert result.areas.f1 >= areas, figures["areas"]


def test_seed_004_tokyo_records() -> None:
    from citydip.extraction import Overrides, extract_file
    from citydip.types import Home

    outcome = extract_file(SAMPLE / "seed-004.txt", Overrides("2015-02-03", Home("Seoul", "KR")))
    assert outcome.extraction is not None
    records = outcome.extraction.answer.records
    tie = next(r for r in records if r.kind == "relationship")
    assert (tie.type, tie.since, tie.parties[1].name) == ("sister", "1988", "Tokyo")
    found = {(r.kind, r.type) for r in records if r.kind != "membership"}
    assert {
        ("agreement", "joint_declaration"),
        ("agreement", "mou"),
        ("agreement", "cooperation_agreement"),
        ("engagement", "meeting"),
    } <= found
    declaration = next(r for r in records if getattr(r, "type", "") == "joint_declaration")
    assert declaration.date == "2015-02-03"
    assert {"safety", "environment", "health_welfare", "sports", "tourism", "culture"} <= set(
        declaration.areas
    )
