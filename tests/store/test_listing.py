"""Pages of records: counts stop at a cap on big lists, and the place filter's union.

A registry of 12 engagements of Seoul with Tokyo (9 dated 2001..2009, 3 undated) and
2 with Paris; the cap is set to 5 so that the capped count shows on a small list.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select

from citydip.analytics.cache import ViewCache
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store import listing
from citydip.store.engine import Registry
from citydip.store.listing import RecordFilter, in_many, page_records
from citydip.store.places import Place
from citydip.store.records import Record
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


def _counting(registry: Registry, reach: bool = False) -> list[str]:
    """The counts of a list's matches (or, with `reach`, of a place's records) run on the
    engine from now on."""
    seen: list[str] = []

    def executed(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        said = " ".join(statement.lower().split())
        if said.startswith("select count(") and ("where records.kind =" in said) != reach:
            seen.append(statement)

    event.listen(registry.engine, "after_cursor_execute", executed)
    return seen


def test_with_a_memo_a_list_past_the_cap_is_counted_once_until_a_write(
    twelve: Registry,
) -> None:
    memo = ViewCache()
    counts = _counting(twelve)
    paris = RecordFilter(place_id=_place(twelve, "Paris"))
    with twelve.session() as session:
        first = page_records(session, "engagements", per_page=4, memo=memo)
        assert (first.total, first.exact) == (5, False) and len(counts) == 1
        # its next pages, and the list asked again, are not counted again
        third = page_records(session, "engagements", per_page=4, page=3, memo=memo)
        again = page_records(session, "engagements", per_page=4, memo=memo)
        assert (third.total, third.exact) == (12, False)
        assert (again.total, again.exact) == (5, False) and len(counts) == 1
        # a list within the cap is counted every time: its total is exact
        for _ in range(2):
            found = page_records(session, "engagements", paris, memo=memo)
            assert (found.total, found.exact) == (2, True)
        assert len(counts) == 3
    with twelve.session() as session:  # a write: 14 → 4 engagements, within the cap
        for record in session.scalars(select(Record).where(Record.title.like("Tokyo%"))):
            session.delete(record)
        session.commit()
    with twelve.session() as session:
        after = page_records(session, "engagements", per_page=4, memo=memo)
        assert (after.total, after.exact) == (5, True)  # counted anew: 3 undated + 2 Paris
        assert [r.title for r in after.items] == ["with Paris", "at Paris", "U2", "U1"]
        assert len(counts) == 4


def test_with_a_memo_a_place_s_reach_is_counted_once_until_a_write(twelve: Registry) -> None:
    memo = ViewCache()
    reach = _counting(twelve, reach=True)
    tokyo = RecordFilter(place_id=_place(twelve, "Tokyo"))
    with twelve.session() as session:
        for page in (1, 2, 3):
            found = page_records(session, "engagements", tokyo, per_page=5, page=page, memo=memo)
        assert (found.total, found.exact) == (12, True)
        assert len(reach) == 2  # its parties and its locations, once for the three pages
        assert not in_many(session, tokyo.place_id, memo)  # the partner page's ask: kept too
        assert len(reach) == 2
    with twelve.session() as session:
        session.delete(session.scalars(select(Record).where(Record.title == "U0")).one())
        session.commit()
    with twelve.session() as session:
        found = page_records(session, "engagements", tokyo, per_page=5, page=3, memo=memo)
        assert [r.title for r in found.items] == ["U1"] and found.total == 11
        assert len(reach) == 4  # counted anew after the write
