"""The timeline on the small registry of conftest.py."""

from __future__ import annotations

import pytest

from citydip.analytics import timeline
from citydip.errors import InputError
from citydip.store.engine import Registry


def rows(items: list[timeline.TimelineItem]) -> list[tuple[str, str, str | None]]:
    return [(i.date, i.kind, i.type) for i in items]


def test_everything_dated_newest_first(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        found = timeline.timeline(session)
    assert rows(found.items) == [
        ("2021", "engagement", "meeting"),
        ("2020-10-12", "engagement", "conference"),
        ("2019-05", "engagement", "meeting"),
        ("2015-02-03", "agreement", "mou"),
        ("2015-02-01", "engagement", "official_visit"),
        ("2005", "relationship", "strained"),
        ("2000", "relationship", "established"),  # t3 has no events: dated by its since
        ("1988", "relationship", "established"),
    ]
    assert not found.more
    visit = found.items[4]
    assert visit.record_id == small["e1"] and visit.status == "happened"
    assert [p.name for p in visit.partners] == ["Tokyo"]
    strained = found.items[5]
    assert strained.record_id == small["t1"] and strained.record_type == "sister"
    assert [p.name for p in strained.partners] == ["Tokyo"]


def test_filters(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        ties = timeline.timeline(session, kind="relationship")
        meetings = timeline.timeline(session, type="meeting")
        sister = timeline.timeline(session, type="sister")
        tokyo = timeline.timeline(session, place=small["Tokyo"])
        years = timeline.timeline(session, year_from=2015, year_to=2019)
        every = timeline.timeline(session, review="all", kind="agreement")
    assert {i.kind for i in ties.items} == {"relationship"} and len(ties.items) == 3
    assert rows(meetings.items) == [
        ("2021", "engagement", "meeting"),
        ("2019-05", "engagement", "meeting"),
    ]
    assert rows(sister.items) == [
        ("2005", "relationship", "strained"),
        ("1988", "relationship", "established"),
    ]
    assert [i.date for i in tokyo.items] == ["2021", "2015-02-03", "2015-02-01", "2005", "1988"]
    assert [i.date for i in years.items] == ["2019-05", "2015-02-03", "2015-02-01"]
    assert rows(every.items) == [
        ("2019", "agreement", "cooperation_agreement"),
        ("2015-02-03", "agreement", "mou"),
    ]


def test_limit_says_there_is_more(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        found = timeline.timeline(session, limit=2)
    assert [i.date for i in found.items] == ["2021", "2020-10-12"] and found.more


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"kind": "visit"}, "kind"),
        ({"year_from": 2020, "year_to": 2010}, "year_to"),
        ({"limit": 0}, "limit"),
        ({"year_from": 0}, "year_from"),
    ],
)
def test_bad_filters_name_their_field(
    registry: Registry, args: dict[str, object], field: str
) -> None:
    with registry.session() as session, pytest.raises(InputError) as err:
        timeline.timeline(session, **args)  # type: ignore[arg-type]
    assert err.value.field == field
