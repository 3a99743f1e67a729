"""Pages of records: counts stop at a cap on big lists, and the place filter's union.

A registry of 12 engagements of Seoul with Tokyo (9 dated 2001..2009, 3 undated) and
2 with Paris; the cap is set to 5 so that the capped count shows on a small list.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store import listing
from citydip.store.engine import Registry
from citydip.store.listing import RecordFilter, page_records
from citydip.store.places import Place
from citydip.store.resolve import Stamp

SEOUL = {"name": "Seoul", "country": "KR"}
TOKYO = {"name": "Tokyo", "country": "JP"}
PARIS = {"name": "Paris", "country": "FR"}


@pytest.fixture
def twelve(registry: Registry, stamp: Stamp, monkeypatch: pytest.MonkeyPatch) -> Registry:
    monkeypatch.setattr(listing, "COUNT_CAP", 5)
    records = [
        {
            "kind": "engagement",
            "type": "meeting",
            "start": f"{2000 + i}",
            "parties": [SEOUL, TOKYO],
            "title": f"Tokyo {i}",
        }
        for i in range(1, 10)
    ]
    records += [
        {"kind": "engagement", "type": "meeting", "parties": [SEOUL, TOKYO], "title": f"U{i}"}
        for i in range(3)
    ]
    records += [
        {
            "kind": "engagement",
            "type": "conference",
            "start": "2010",
            "location": PARIS,
            "parties": [SEOUL],
            "title": "at Paris",
        },
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2011",
            "parties": [SEOUL, PARIS],
            "title": "with Paris",
        },
    ]
    write_answers(registry, [Answer.model_validate({"home": SEOUL, "records": records})], stamp)
    return registry


def _place(registry: Registry, name: str) -> int:
    with registry.session() as session:
        found = session.scalar(select(Place.id).where(Place.name == name))
        assert found is not None
        return found


def test_a_count_past_the_cap_says_at_least(twelve: Registry) -> None:
    with twelve.session() as session:
        first = page_records(session, "engagements", per_page=4)
        # 14 engagements, cap 5: "at least 5", and a next page is offered
        assert (first.total, first.exact, first.pages) == (5, False, 2)
        assert [r.title for r in first.items] == ["with Paris", "at Paris", "Tokyo 9", "Tokyo 8"]
        third = page_records(session, "engagements", per_page=4, page=3)
        # rows 9-12 of the 14: Tokyo 3, 2, 1 (the last dated), then the newest undated
        assert [r.title for r in third.items] == ["Tokyo 3", "Tokyo 2", "Tokyo 1", "U2"]
        assert (third.total, third.exact) == (12, False)  # a full page: maybe more after
        last = page_records(session, "engagements", per_page=4, page=4)
        assert [r.title for r in last.items] == ["U1", "U0"]
        assert (last.total, last.exact, last.pages) == (14, True, 4)  # 12 before + 2 here


def test_under_the_cap_the_count_is_exact(twelve: Registry) -> None:
    with twelve.session() as session:
        paris = page_records(session, "engagements", RecordFilter(place_id=_place(twelve, "Paris")))
        # Paris is the location of one and a party of the other: the union finds both
        assert (paris.total, paris.exact) == (2, True)
        assert sorted(r.title for r in paris.items) == ["at Paris", "with Paris"]


def test_the_undated_come_after_a_page_that_ends_the_dated(twelve: Registry) -> None:
    tokyo = _place(twelve, "Tokyo")
    with twelve.session() as session:
        # Tokyo's 12: 9 dated; page 2 of 5 holds rows 6-10 = Tokyo 4..1, then U2
        second = page_records(
            session, "engagements", RecordFilter(place_id=tokyo), per_page=5, page=2
        )
        assert [r.title for r in second.items] == ["Tokyo 4", "Tokyo 3", "Tokyo 2", "Tokyo 1", "U2"]
        # page 3 starts past every dated one (offset 10 > 9 dated): U1, U0
        third = page_records(
            session, "engagements", RecordFilter(place_id=tokyo), per_page=5, page=3
        )
        assert [r.title for r in third.items] == ["U1", "U0"]
        assert (third.total, third.exact) == (12, True)
