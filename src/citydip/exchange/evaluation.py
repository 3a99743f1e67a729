"""Scoring a folder of answers against gold answers (spec/extraction.md), by doc_id."""

from __future__ import annotations

from pathlib import Path

from citydip.errors import InputError
from citydip.exchange.reader import expand_paths, read_answers
from citydip.schema import Answer
from citydip.scoring import Score, score_corpus


def _by_doc(paths: list[Path], max_bytes: int) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for path in expand_paths(paths):
        for answer in read_answers(path, max_bytes):
            if answer.doc_id is None:
                raise InputError("an answer without doc_id cannot be paired", file=str(path))
            answers[answer.doc_id] = answer
    return answers


def gold_answers(gold: list[Path], max_bytes: int) -> dict[str, Answer]:
    return _by_doc(gold, max_bytes)


def evaluate_answers(gold: list[Path], predicted: list[Path], max_bytes: int) -> Score:
    """Score predicted answers (files) against gold ones."""
    return score_predictions(gold_answers(gold, max_bytes), _by_doc(predicted, max_bytes))


def score_predictions(golds: dict[str, Answer], preds: dict[str, Answer]) -> Score:
    """Score predicted answers against gold ones, by doc_id; a document with no prediction
    scores as an empty answer (every gold record missed). Predictions for other documents
    are ignored."""
    pairs = [
        (preds.get(doc_id) or Answer(doc_id=doc_id, home=g.home), g)
        for doc_id, g in sorted(golds.items())
    ]
    return score_corpus(pairs)
