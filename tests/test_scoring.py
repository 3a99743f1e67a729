"""The scorer of spec/extraction.md, checked on hand-made answers and the gold corpus."""

from __future__ import annotations

import json

import pytest

from citydip.schema import Answer
from citydip.scoring import date_ok, score_corpus

HOME = {"name": "Seoul", "country": "KR"}
TOKYO = {"name": "Tokyo", "country": "JP", "aliases": ["Tokyo Metropolitan Government", "도쿄"]}


def answer(*records: dict) -> Answer:
    return Answer.model_validate({"doc_id": "d", "home": HOME, "records": list(records)})


def tie(party: dict, since: str | None = None, type_: str = "sister") -> dict:
    return {"kind": "relationship", "type": type_, "parties": [HOME, party], "since": since}


def visit(
    parties: list[dict],
    start: str | None = None,
    location: dict | None = None,
    areas: list[str] | None = None,
) -> dict:
    return {
        "kind": "engagement",
        "type": "official_visit",
        "parties": parties,
        "start": start,
        "location": location,
        "areas": areas or [],
    }


def _matchable(record) -> bool:
    """The spec matches an engagement by a non-home party or its location: one with
    neither (a gold conference with no named party) can match nothing, not even itself."""
    if record.kind != "engagement":
        return True
    return bool(record.location) or any(p.name != "Seoul" for p in record.parties)


def test_gold_against_itself_is_perfect(all_gold):
    golds = [Answer.model_validate(json.loads(p.read_text(encoding="utf-8"))) for p in all_gold]
    score = score_corpus((g, g) for g in golds)
    assert score.documents == len(all_gold)
    assert score.partners.f1 == 1.0 and score.areas.f1 == 1.0
    unmatchable = sum(not _matchable(r) for g in golds for r in g.records)
    assert score.overall.tp == sum(len(g.records) for g in golds) - unmatchable
    assert score.overall.fp == score.overall.fn == unmatchable


def test_alias_and_case_match_and_home_is_ignored():
    gold = answer(tie(TOKYO, "1988"))
    pred = answer(tie({"name": "tokyo metropolitan government", "country": "JP"}, "1988-05"))
    assert score_corpus([(pred, gold)]).overall.f1 == 1.0
    wrong_country = answer(tie({"name": "Tokyo", "country": "US"}, "1988"))
    assert score_corpus([(wrong_country, gold)]).overall.tp == 0


def test_aliases_count_on_the_gold_side_only():
    gold = answer(tie({"name": "Tokyo", "country": "JP"}, "1988"))
    listing = answer(tie({"name": "Edo", "country": "JP", "aliases": ["Tokyo"]}, "1988"))
    assert score_corpus([(listing, gold)]).overall.tp == 0


@pytest.mark.parametrize(
    "pred, gold, ok",
    [
        ("1988", "1988", True),
        ("1988-05", "1988", True),
        ("1988", "1988-05-01", True),
        ("1989", "1988", False),
        (None, None, True),
        ("1988", None, True),
        (None, "1988", False),
    ],
)
def test_dates_compatible(pred, gold, ok):
    assert date_ok(pred, gold) is ok


def test_counts_missed_and_extra_records():
    gold = answer(tie(TOKYO), visit([TOKYO], "2015-02", areas=["safety", "tourism"]))
    pred = answer(
        visit([TOKYO], "2015-02-03", areas=["safety", "culture"]), tie(TOKYO, type_="friendship")
    )
    score = score_corpus([(pred, gold)])
    assert (score.kinds["engagement"].tp, score.kinds["engagement"].fp) == (1, 0)
    rel = score.kinds["relationship"]
    assert (rel.tp, rel.fp, rel.fn) == (0, 1, 1)
    assert score.overall.precision == 0.5 and score.overall.recall == 0.5
    assert (score.areas.tp, score.areas.fp, score.areas.fn) == (1, 1, 1)
    assert {m.what for m in score.misses} == {"missed", "extra"}


def test_engagement_matches_by_location_when_parties_differ():
    hokkaido = {"name": "Hokkaido", "country": "JP"}
    gold = answer(visit([hokkaido], location=TOKYO))
    pred = answer(visit([], location={"name": "도쿄", "country": "JP"}))
    assert score_corpus([(pred, gold)]).overall.f1 == 1.0


def test_matching_is_one_to_one_and_order_free():
    osaka = {"name": "Osaka", "country": "JP"}
    gold = answer(visit([TOKYO], "2015"), visit([osaka], "2015"))
    # the first prediction could match either gold visit; a greedy pass could waste it
    pred = answer(visit([TOKYO, osaka], "2015"), visit([TOKYO], "2015"))
    assert score_corpus([(pred, gold)]).overall.tp == 2
    twice = answer(visit([TOKYO], "2015"), visit([TOKYO], "2015"))
    s = score_corpus([(twice, answer(visit([TOKYO], "2015")))])
    assert (s.overall.tp, s.overall.fp) == (1, 1)


def test_partners_are_non_home_places_of_all_records():
    gold = answer(tie(TOKYO), visit([{"name": "Paris", "country": "FR"}], location=HOME))
    pred = answer(visit([{"name": "Tokyo Metropolitan Government", "country": "JP"}]))
    s = score_corpus([(pred, gold)]).partners
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)
