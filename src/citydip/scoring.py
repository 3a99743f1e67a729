"""Scoring answers against gold answers, exactly as shared/spec/extraction.md says.

Matching is per document and one-to-one (a maximum matching, so the order of records does
not change the score); precision, recall and F1 are micro-averaged over a corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from citydip.schema import (
    AgreementRecord,
    Answer,
    EngagementRecord,
    MembershipRecord,
    PlaceRef,
    RelationshipRecord,
)

KINDS = ("relationship", "agreement", "engagement", "membership")


def _names(place: PlaceRef) -> set[str]:
    return {n.casefold() for n in (place.name, *place.aliases)}


def same_place(a: PlaceRef, b: PlaceRef) -> bool:
    """Same country, and the names equal after case folding or one is a listed alias.

    `a` is the answer's place, `b` the gold one: aliases count on the gold side only (the
    spec: "aliases appear in gold files only"), so an answer cannot match by listing names.
    """
    if a.country != b.country:
        return False
    return a.name.casefold() in _names(b)


def date_ok(pred: str | None, gold: str | None) -> bool:
    """Compatible: gold has none, or the less precise date is a prefix of the other."""
    if gold is None:
        return True
    if pred is None:
        return False
    return pred.startswith(gold) or gold.startswith(pred)


def _others(places: Iterable[PlaceRef], home: PlaceRef | None) -> list[PlaceRef]:
    return [p for p in places if home is None or not same_place(p, home)]


def _share(a: Sequence[PlaceRef], b: Sequence[PlaceRef]) -> bool:
    return any(same_place(x, y) for x in a for y in b)


def record_match(pred: Any, gold: Any, home: PlaceRef | None) -> bool:
    if pred.kind != gold.kind:
        return False
    if isinstance(gold, MembershipRecord):
        nets = {gold.network.casefold(), *(n.casefold() for n in gold.network_aliases)}
        return pred.network.casefold() in nets and same_place(pred.member, gold.member)
    if pred.type != gold.type:
        return False
    p_parties, g_parties = _others(pred.parties, home), _others(gold.parties, home)
    if isinstance(gold, RelationshipRecord):
        same_parties = len(p_parties) == len(g_parties) and all(
            any(same_place(p, g) for p in p_parties) for g in g_parties
        )
        return same_parties and date_ok(pred.since, gold.since)
    if isinstance(gold, AgreementRecord):
        return _share(p_parties, g_parties) and date_ok(pred.date, gold.date)
    assert isinstance(gold, EngagementRecord)
    same_location = (
        pred.location is not None
        and gold.location is not None
        and same_place(pred.location, gold.location)
    )
    return (_share(p_parties, g_parties) or same_location) and date_ok(pred.start, gold.start)


def max_matching(preds: Sequence[Any], golds: Sequence[Any], ok: Callable[[Any, Any], bool]) -> int:
    """Size of a maximum one-to-one matching (Kuhn's augmenting paths; lists are short)."""
    edges = [[j for j, g in enumerate(golds) if ok(p, g)] for p in preds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(preds)))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, matched: int, predicted: int, gold: int) -> None:
        self.tp += matched
        self.fp += predicted - matched
        self.fn += gold - matched

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Miss:
    doc_id: str | None
    what: str  # "missed" (gold not found) or "extra" (predicted, not in gold)
    record: dict[str, Any]


@dataclass
class Score:
    kinds: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    partners: Tally = field(default_factory=Tally)
    areas: Tally = field(default_factory=Tally)
    misses: list[Miss] = field(default_factory=list)
    documents: int = 0

    @property
    def overall(self) -> Tally:
        total = Tally()
        for t in self.kinds.values():
            total.tp, total.fp, total.fn = total.tp + t.tp, total.fp + t.fp, total.fn + t.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "overall": self.overall.as_dict(),
            "kinds": {k: t.as_dict() for k, t in self.kinds.items()},
            "partners": self.partners.as_dict(),
            "areas": self.areas.as_dict(),
        }


def _partners(answer: Answer) -> list[PlaceRef]:
    found: list[PlaceRef] = []
    for rec in answer.records:
        places: list[PlaceRef] = []
        if isinstance(rec, MembershipRecord):
            places = [rec.member]
        else:
            places = list(rec.parties)
            if isinstance(rec, EngagementRecord) and rec.location is not None:
                places.append(rec.location)
        for p in _others(places, answer.home):
            if not any(same_place(p, q) for q in found):
                found.append(p)
    return found


def _areas(answer: Answer) -> set[str]:
    return {
        a
        for rec in answer.records
        if isinstance(rec, AgreementRecord | EngagementRecord)
        for a in rec.areas
    }


def _unmatched(
    preds: Sequence[Any], golds: Sequence[Any], ok: Callable[[Any, Any], bool]
) -> tuple[list[Any], list[Any]]:
    """Which golds and preds are left over by a greedy pass (for listing misses only)."""
    left = list(golds)
    extra = []
    for p in preds:
        hit = next((g for g in left if ok(p, g)), None)
        if hit is None:
            extra.append(p)
        else:
            left.remove(hit)
    return left, extra


def score_document(pred: Answer, gold: Answer, score: Score) -> None:
    home = gold.home or pred.home
    score.documents += 1

    def ok(p: Any, g: Any) -> bool:
        return record_match(p, g, home)

    for kind in KINDS:
        ps = [r for r in pred.records if r.kind == kind]
        gs = [r for r in gold.records if r.kind == kind]
        score.kinds[kind].add(max_matching(ps, gs, ok), len(ps), len(gs))
        missed, extra = _unmatched(ps, gs, ok)
        score.misses += [Miss(gold.doc_id, "missed", r.model_dump(mode="json")) for r in missed]
        score.misses += [Miss(gold.doc_id, "extra", r.model_dump(mode="json")) for r in extra]
    pp, gp = _partners(pred), _partners(gold)
    score.partners.add(max_matching(pp, gp, same_place), len(pp), len(gp))
    pa, ga = _areas(pred), _areas(gold)
    score.areas.add(len(pa & ga), len(pa), len(ga))


def score_corpus(pairs: Iterable[tuple[Answer, Answer]]) -> Score:
    """Score (predicted, gold) answer pairs of the same documents."""
    score = Score()
    for pred, gold in pairs:
        score_document(pred, gold, score)
    return score
