"""The partner briefing on the small hand-written registry of conftest.py (both backends).

Tokyo's records there (accepted unless said): t1 sister tie with Seoul, 1988 established,
2005 strained; a1 MOU 2015-02-03 (safety, environment) with 3 commitments: "Share flood
maps" open due 2016, "Joint air study" open due 2015-12, "Exchange staff" done; e1 official
visit 2015-02-01 at Tokyo with Park Won-soon (Mayor, Seoul) and Yuriko Koike (Governor,
Tokyo); e4 meeting 2021 of Tokyo and Paris; m2 Tokyo in C40 (board, 2010), and m1 Seoul in
C40 (member, 2006). a1 and e1 have their sentences in doc-1. Added here: Tokyo's people
with terms, and a proposed engagement of 2022.
"""

from __future__ import annotations

import datetime as dt

import pytest

from citydip.analytics.briefing import (
    Period,
    YearCount,
    briefing,
    office_of,
    periods_of,
    wholly_past,
)
from citydip.errors import InputError, NotFoundError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.relationships import Relationship, RelationshipEvent
from citydip.store.resolve import Stamp

from .conftest import MOU_SENTENCE, SEOUL, T0, TOKYO, VISIT_SENTENCE, review

MID_2016 = dt.date(2016, 6, 30)


@pytest.fixture
def tokyo(registry: Registry, small: dict[str, int]) -> dict[str, int]:
    extra = Answer.model_validate(
        {
            "doc_id": None,
            "people": [
                {"name": "Shintaro Ishihara", "title": "Governor", "of": TOKYO,
                 "term_start": "1999-04", "term_end": "2012-10"},
                {"name": "Yoichi Masuzoe", "title": "Governor", "of": TOKYO,
                 "term_start": "2014-02", "term_end": "2016-06"},
                {"name": "Next Governor", "title": "Governor", "of": TOKYO,
                 "term_start": "2030"},
                {"name": "Deputy Mayor", "title": "Vice Governor", "of": TOKYO,
                 "term_start": "2015"},
            ],
            "records": [
                {"kind": "engagement", "type": "meeting", "start": "2022-03-01",
                 "parties": [SEOUL, TOKYO], "review": review("proposed", 20)},
            ],
        }
    )  # fmt: skip
    write_answers(registry, [extra], Stamp("tester", T0, "accepted"))
    return small


def test_the_tie_its_periods_and_status(registry: Registry, tokyo: dict[str, int]) -> None:
    with registry.session() as session:
        b = briefing(session, tokyo["Tokyo"], MID_2016)
    assert [t.id for t in b.ties] == [tokyo["t1"]]
    tie = b.ties[0]
    assert (tie.type, tie.since, tie.status) == ("sister", "1988", "strained")  # 2005 is last
    assert [p.name for p in tie.partners] == ["Tokyo"]  # the home city is not a partner
    assert tie.periods == (
        Period("established", "1988", None, span=False, ongoing=False),
        Period("strained", "2005", None, span=False, ongoing=False),  # a date, not a span
    )
    assert b.other_ties == 0 and b.home is not None and b.home.name == "Seoul"


def test_agreements_and_open_commitments_overdue_by_today(
    registry: Registry, tokyo: dict[str, int]
) -> None:
    with registry.session() as session:
        mid = briefing(session, tokyo["Tokyo"], MID_2016)
        later = briefing(session, tokyo["Tokyo"], dt.date(2017, 1, 1))
    assert [(a.id, a.areas, a.commitments) for a in mid.agreements] == [
        (tokyo["a1"], ("safety", "environment"), 3)  # all 3, the done one too
    ]
    # open ones only (not "Exchange staff", done); on 2016-06-30 the 2015-12 one is wholly
    # past, 2016 is not: overdue first
    assert [(c.text, c.due, c.overdue) for c in mid.commitments] == [
        ("Joint air study", "2015-12", True),
        ("Share flood maps", "2016", False),
    ]
    assert mid.overdue == 1
    assert all(c.agreement_id == tokyo["a1"] for c in mid.commitments)
    assert [q.text for q in mid.commitments[0].sources] == [MOU_SENTENCE]
    assert later.overdue == 2  # on 2017-01-01 "2016" is wholly past too


def test_last_engagements_with_people_met(registry: Registry, tokyo: dict[str, int]) -> None:
    with registry.session() as session:
        b = briefing(session, tokyo["Tokyo"], MID_2016)
        one = briefing(session, tokyo["Tokyo"], MID_2016, last=1)
        every = briefing(session, tokyo["Tokyo"], MID_2016, review="all")
    # accepted: e4 (2021) then e1 (2015-02-01); the proposed 2022 meeting is not counted
    assert [e.id for e in b.engagements] == [tokyo["e4"], tokyo["e1"]]
    assert b.engagements_total == 2 and not b.more["engagement"]
    e1 = b.engagements[1]
    assert [(p.name, p.title, p.place.name if p.place else None) for p in e1.people] == [
        ("Park Won-soon", "Mayor", "Seoul"),
        ("Yuriko Koike", "Governor", "Tokyo"),
    ]
    assert e1.direction == "outbound"  # at Tokyo, a party: Seoul went there
    assert [q.text for q in e1.sources] == [VISIT_SENTENCE]
    assert b.engagements[0].direction is None  # e4 has no location
    assert [e.id for e in one.engagements] == [tokyo["e4"]] and one.more["engagement"]
    assert every.engagements_total == 3 and every.engagements[0].start == "2022-03-01"


def test_people_in_office_on_the_day(registry: Registry, tokyo: dict[str, int]) -> None:
    with registry.session() as session:
        b = briefing(session, tokyo["Tokyo"], MID_2016)
        later = briefing(session, tokyo["Tokyo"], dt.date(2016, 7, 1))
    # 2016-06-30: Masuzoe's term ends 2016-06 (not wholly past yet); the deputy since 2015
    assert [p.name for p in b.in_office] == ["Deputy Mayor", "Yoichi Masuzoe"]
    others = {p.name: p.office for p in b.other_people}
    assert others == {
        "Next Governor": "future",  # from 2030
        "Shintaro Ishihara": "former",  # ended 2012-10
        "Yuriko Koike": "unknown",  # met in 2015, no term recorded
    }
    assert [p.name for p in later.in_office] == ["Deputy Mayor"]  # 2016-06 is past on 07-01


def test_shared_networks_activity_and_sources(registry: Registry, tokyo: dict[str, int]) -> None:
    with registry.session() as session:
        b = briefing(session, tokyo["Tokyo"], MID_2016)
        paris = briefing(session, tokyo["Paris"], MID_2016)
    assert [(n.network.name, n.home.role, n.home.since, n.partner.role, n.partner.since)
            for n in b.networks] == [("C40", "member", "2006", "board", "2010")]  # fmt: skip
    assert paris.networks == ()  # Paris is in no network
    # accepted records involving Tokyo by year: t1 1988 (since); m2 2010; a1 and e1 2015;
    # e4 2021 (m1 is Seoul's only; the proposed 2022 meeting is out of scope)
    assert b.activity == (
        YearCount(1988, "relationship", 1),
        YearCount(2010, "membership", 1),
        YearCount(2015, "agreement", 1),
        YearCount(2015, "engagement", 1),
        YearCount(2021, "engagement", 1),
    )
    # only a1 and e1 have evidence, both in doc-1: one source, cited for 2 facts
    assert [(d.number, d.doc_id, d.facts) for d in b.documents] == [(1, "doc-1", 2)]
    assert b.cite(b.documents[0].id) == 1
    assert b.ties[0].sources == ()  # t1 came with no document


def test_paris_has_no_accepted_tie_and_the_proposed_one_shows_in_scope_all(
    registry: Registry, tokyo: dict[str, int]
) -> None:
    with registry.session() as session:
        accepted = briefing(session, tokyo["Paris"], MID_2016)
        every = briefing(session, tokyo["Paris"], MID_2016, review="all")
    assert accepted.ties == () and accepted.agreements == ()  # t2 proposed, a2 rejected
    assert [t.id for t in every.ties] == [tokyo["t2"]]
    assert [a.id for a in every.agreements] == [tokyo["a2"]]


def test_errors(registry: Registry, tokyo: dict[str, int]) -> None:
    with registry.session() as session:
        with pytest.raises(NotFoundError):
            briefing(session, 999_999)
        with pytest.raises(InputError) as bad:
            briefing(session, tokyo["Tokyo"], last=0)
        assert bad.value.field == "last"
        with pytest.raises(InputError):
            briefing(session, tokyo["Tokyo"], review="maybe")


def test_periods_of_a_span_and_an_ongoing_strain() -> None:
    tie = Relationship(
        events=[
            RelationshipEvent(type="normalized", date="2014-07", position=2),
            RelationshipEvent(type="established", date="1988", position=0),
            RelationshipEvent(type="strained", start="1999", end="2012", position=1),
            RelationshipEvent(type="strained", start="2019", position=3),
        ]
    )
    assert periods_of(tie) == (
        Period("established", "1988", None, span=False, ongoing=False),
        Period("strained", "1999", "2012", span=True, ongoing=False),
        Period("normalized", "2014-07", None, span=False, ongoing=False),
        Period("strained", "2019", None, span=True, ongoing=True),  # the latest, no end
    )


@pytest.mark.parametrize(
    ("start", "end", "office"),
    [
        (None, None, "unknown"),
        ("2014", None, "in_office"),
        ("2014", "2016", "in_office"),  # 2016 not wholly past on 2016-06-30
        ("2014", "2016-05", "former"),
        ("2016-07", None, "future"),
        (None, "2020", "in_office"),
    ],
)
def test_office_on_2016_06_30(start: str | None, end: str | None, office: str) -> None:
    assert office_of(start, end, MID_2016) == office


def test_wholly_past() -> None:
    assert wholly_past("2015-12", MID_2016) and not wholly_past("2016", MID_2016)
    assert not wholly_past("2016-06-30", MID_2016) and wholly_past("2016-06-29", MID_2016)
    assert not wholly_past(None, MID_2016)
