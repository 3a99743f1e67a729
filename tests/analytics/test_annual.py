"""The year report on a small registry written by hand, on both backends.

Home: Seoul (with coordinates). Tokyo, Paris and Beijing have coordinates; Hanoi and the
network C40 have none.

    #   kind          type                   date        with / where                review
    t1  relationship  sister                 1988        Tokyo; established 1988,    accepted
                                                         strained 2013–2015
    t2  relationship  friendship             2015-05     Paris (no events)           accepted
    t3  relationship  partnership            2015-03-01  Hanoi; established 2015-03-01 accepted
    t4  relationship  friendship             2014        Beijing                     proposed
    a1  agreement     mou                    2015-02-03  Tokyo; safety, environment; accepted
                                                         3 commitments (below)
    a2  agreement     cooperation_agreement  2014-11     Paris; culture; 2 commitments accepted
    a3  agreement     mou                    2015-07     Paris; 1 commitment         rejected
    e1  engagement    official_visit         2015-02-01  Tokyo, at Tokyo; safety     accepted
    e2  engagement    meeting                2015-02     Hanoi, at Seoul; economy    accepted
    e3  engagement    conference             2015        C40, at Paris; environment  accepted
    e4  engagement    meeting                2014-09-10  Tokyo                       accepted
    e5  engagement    meeting                2015-10-05  Beijing                     proposed
    m1  membership    -                      2015        Seoul in C40                accepted

    commitments  a1: Share flood maps (safety, due 2015-06, open)
                     Joint air study (environment, due 2015-12, done)
                     Exchange staff (due 2016, open)
                 a2: Art fair (culture, due 2015, dropped)
                     Museum loans (culture, due 2014-12, open)
                 a3: Rejected promise (due 2015-03, open)

doc-1 gives evidence for a1 and e1; doc-2 for e4 (2014).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from citydip.analytics.annual import (
    AreaCount,
    KindCount,
    MonthCount,
    RegionCount,
    TypeCount,
    YearTotal,
    report_years,
    require_records,
    year_report,
)
from citydip.errors import InputError, NotFoundError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.resolve import Stamp

from .conftest import T0, review

SEOUL = {"name": "Seoul", "country": "KR", "lat": 37.5665, "lon": 126.978}
TOKYO = {"name": "Tokyo", "country": "JP", "lat": 35.6895, "lon": 139.6917}
PARIS = {"name": "Paris", "country": "FR", "lat": 48.8534, "lon": 2.3488}
BEIJING = {"name": "Beijing", "country": "CN", "lat": 39.9042, "lon": 116.4074}
HANOI = {"name": "Hanoi", "country": "VN"}
C40 = {"name": "C40", "level": "organization"}
AFTER = dt.date(2016, 1, 1)
TEXT = "Seoul and Tokyo signed an MOU. The mayor visited Tokyo."
TEXT2 = "Seoul met Tokyo in September 2014."


def bundle() -> list[dict[str, Any]]:
    return [
        {
            "kind": "relationship",
            "type": "sister",
            "parties": [SEOUL, TOKYO],
            "since": "1988",
            "events": [
                {"type": "established", "date": "1988"},
                {"type": "strained", "start": "2013", "end": "2015"},
            ],
            "review": review("accepted", 1),
        },
        {
            "kind": "relationship",
            "type": "friendship",
            "parties": [SEOUL, PARIS],
            "since": "2015-05",
            "review": review("accepted", 2, updated=100),
        },
        {
            "kind": "relationship",
            "type": "partnership",
            "parties": [SEOUL, HANOI],
            "since": "2015-03-01",
            "events": [{"type": "established", "date": "2015-03-01"}],
            "review": review("accepted", 3),
        },
        {
            "kind": "relationship",
            "type": "friendship",
            "parties": [SEOUL, BEIJING],
            "since": "2014",
            "review": review("proposed", 4, updated=200),  # later, but not in scope
        },
        {
            "kind": "agreement",
            "type": "cooperation_agreement",
            "date": "2014-11",
            "parties": [SEOUL, PARIS],
            "areas": ["culture"],
            "commitments": [
                {"text": "Art fair", "area": "culture", "due": "2015", "status": "dropped"},
                {"text": "Museum loans", "area": "culture", "due": "2014-12", "status": "open"},
            ],
            "review": review("accepted", 6),
        },
        {
            "kind": "agreement",
            "type": "mou",
            "date": "2015-07",
            "parties": [SEOUL, PARIS],
            "commitments": [{"text": "Rejected promise", "due": "2015-03", "status": "open"}],
            "review": review("rejected", 7),
        },
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2015-02",
            "parties": [SEOUL, HANOI],
            "location": SEOUL,
            "areas": ["economy"],
            "review": review("accepted", 9),
        },
        {
            "kind": "engagement",
            "type": "conference",
            "start": "2015",
            "parties": [SEOUL, C40],
            "location": PARIS,
            "areas": ["environment"],
            "review": review("accepted", 30),
        },
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2015-10-05",
            "parties": [SEOUL, BEIJING],
            "review": review("proposed", 11),
        },
        {
            "kind": "membership",
            "network": "C40",
            "member": SEOUL,
            "role": "member",
            "since": "2015",
            "review": review("accepted", 12),
        },
    ]


def doc1_records() -> list[dict[str, Any]]:
    return [
        {
            "kind": "agreement",
            "type": "mou",
            "date": "2015-02-03",
            "parties": [SEOUL, TOKYO],
            "areas": ["safety", "environment"],
            "commitments": [
                {"text": "Share flood maps", "area": "safety", "due": "2015-06", "status": "open"},
                {
                    "text": "Joint air study",
                    "area": "environment",
                    "due": "2015-12",
                    "status": "done",
                },
                {"text": "Exchange staff", "due": "2016", "status": "open"},
            ],  # fmt: skip
            "evidence": [{"start": 0, "end": 30}],
            "review": review("accepted", 5),
        },
        {
            "kind": "engagement",
            "type": "official_visit",
            "start": "2015-02-01",
            "parties": [SEOUL, TOKYO],
            "location": TOKYO,
            "areas": ["safety"],
            "evidence": [{"start": 31, "end": len(TEXT)}],
            "review": review("accepted", 8),
        },
    ]


def doc2_records() -> list[dict[str, Any]]:
    return [
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2014-09-10",
            "parties": [SEOUL, TOKYO],
            "evidence": [{"start": 0, "end": len(TEXT2)}],
            "review": review("accepted", 10),
        }
    ]


@pytest.fixture
def year_registry(registry: Registry) -> dict[str, int]:
    """The registry above; the ids of its places by name."""
    answers = [
        Answer.model_validate({"doc_id": None, "records": bundle()}),
        Answer.model_validate(
            {
                "doc_id": "doc-1",
                "lang": "en",
                "published": "2015-02-04",
                "text": TEXT,
                "home": SEOUL,
                "records": doc1_records(),
            }
        ),  # fmt: skip
        Answer.model_validate(
            {
                "doc_id": "doc-2",
                "lang": "en",
                "published": "2014-09-11",
                "text": TEXT2,
                "home": SEOUL,
                "records": doc2_records(),
            }
        ),  # fmt: skip
    ]
    write_answers(registry, answers, Stamp("tester", T0, "accepted"))
    with registry.session() as session:
        places = {p.name: p.id for p in session.scalars(select(Place))}
        kinds = sorted(k for k in session.scalars(select(Record.kind)))
    # 4 ties, 3 agreements, 5 engagements, 1 membership; one place for C40 (party, network)
    assert kinds == ["agreement"] * 3 + ["engagement"] * 5 + ["membership"] + ["relationship"] * 4
    assert sorted(places) == ["Beijing", "C40", "Hanoi", "Paris", "Seoul", "Tokyo"]
    return places


def test_counts_of_the_year_against_the_year_before(
    registry: Registry, year_registry: dict[str, int]
) -> None:
    with registry.session() as session:
        r = year_report(session, 2015, today=AFTER)
    # 2015: ties t2, t3; agreement a1 (a3 rejected); engagements e1, e2, e3 (e5 proposed);
    # membership m1. 2014: agreement a2, engagement e4 (the tie t4 is only proposed).
    assert r.counts == [
        KindCount("relationship", 2, 0),
        KindCount("agreement", 1, 1),
        KindCount("engagement", 3, 1),
        KindCount("membership", 1, 0),
    ]
    assert (r.total, r.previous_total) == (7, 2)  # 2 + 1 + 3 + 1; 0 + 1 + 1 + 0
    # by kind, most first, then most the year before, then by code; memberships have no type
    assert r.types == [
        TypeCount("relationship", "friendship", 1, 0),
        TypeCount("relationship", "partnership", 1, 0),
        TypeCount("agreement", "mou", 1, 0),
        TypeCount("agreement", "cooperation_agreement", 0, 1),
        TypeCount("engagement", "meeting", 1, 1),  # e2; e4 in 2014
        TypeCount("engagement", "conference", 1, 0),
        TypeCount("engagement", "official_visit", 1, 0),
    ]
    # e1 (2015-02-01) and e2 (2015-02) in February; e3 (2015) has no month
    assert r.months[1] == MonthCount(2, 2)
    assert sum(m.n for m in r.months[:12]) == 2 and r.months[12] == MonthCount(None, 1)
    # safety: a1, e1; environment: a1, e3; economy: e2 (culture is a2's, of 2014)
    assert r.areas == [AreaCount("environment", 2), AreaCount("safety", 2), AreaCount("economy", 1)]
    assert r.documents == 1  # doc-1 (a1, e1); doc-2 supports e4, of 2014
    # the latest creation or change of a 2015 record in scope: t2 updated at +100 minutes
    # (t4's +200 is a proposed 2014 tie)
    assert r.reviewed_to == T0 + dt.timedelta(minutes=100)
    assert r.years == [1988, 2014, 2015]  # t1; a2 and e4; the rest (t4 is proposed)


def test_partners_ranked_by_activity_without_the_home_city(
    registry: Registry, year_registry: dict[str, int]
) -> None:
    with registry.session() as session:
        r = year_report(session, 2015, today=AFTER)
    # Tokyo: a1, e1 (a party and the location: once) → 2, with 1 agreement
    # Hanoi: t3, e2 → 2 (1 tie, 1 engagement); Paris: t2, e3 (its location) → 2 (the same)
    # C40: e3 (a party), m1 (the network) → 2 (no agreement, no tie). Seoul is the home.
    # Ranked: 2 records each; agreements: Tokyo first; new ties: Hanoi, Paris before C40;
    # engagements tie (1 each) between Hanoi and Paris: by name.
    ranked = [
        (p.place.name, p.records, p.ties, p.agreements, p.engagements, p.memberships)
        for p in r.partners
    ]
    assert ranked == [
        ("Tokyo", 2, 0, 1, 1, 0),
        ("Hanoi", 2, 1, 0, 1, 0),
        ("Paris", 2, 1, 0, 1, 0),
        ("C40", 2, 0, 0, 1, 1),
    ]
    assert r.partners_total == 4 and r.unplaced == 2  # Hanoi and C40 have no coordinates
    assert r.partners[0].lat == pytest.approx(35.6895) and r.partners[0].region == "east_asia"
    # places, not records; C40 (an organization) has no region
    assert r.regions == [
        RegionCount("east_asia", 1),
        RegionCount("southeast_asia", 1),
        RegionCount("europe", 1),
    ]
    assert r.home is not None and r.home.name == "Seoul"
    assert r.home_at == (pytest.approx(126.978), pytest.approx(37.5665))


def test_agreements_commitments_and_ties_of_the_year(
    registry: Registry, year_registry: dict[str, int]
) -> None:
    with registry.session() as session:
        r = year_report(session, 2015, today=AFTER)
        early = year_report(session, 2015, today=dt.date(2015, 6, 15))
    (a1,) = r.agreements
    assert (a1.type, a1.date, a1.areas, a1.commitments) == (
        "mou",
        "2015-02-03",
        ("safety", "environment"),
        3,
    )
    assert [p.name for p in a1.partners] == ["Tokyo"] and r.agreements_total == 1
    # due in 2015, of agreements in scope (a3's is rejected): Art fair (2015), Share flood
    # maps (2015-06), Joint air study (2015-12); by due date
    assert [(c.text, c.due, c.status, c.overdue) for c in r.commitments] == [
        ("Art fair", "2015", "dropped", False),
        ("Share flood maps", "2015-06", "open", True),  # June 2015 is past on 2016-01-01
        ("Joint air study", "2015-12", "done", False),
    ]
    assert r.commitments_total == 3
    assert r.commitment_status == {"open": 1, "overdue": 1, "done": 1, "dropped": 1}
    assert r.carried_over == 1  # Museum loans, due 2014-12, still open
    # on 2015-06-15 June is not over yet: nothing is overdue
    assert early.commitment_status["overdue"] == 0
    assert not any(c.overdue for c in early.commitments)
    # new ties t3 (2015-03-01), t2 (2015-05), by date
    assert [(t.type, t.since, [p.name for p in t.partners]) for t in r.new_ties] == [
        ("partnership", "2015-03-01", ["Hanoi"]),
        ("friendship", "2015-05", ["Paris"]),
    ]
    # t1's strained period ends in 2015; t3's established event; t2 has no event: its since
    assert [(e.date, e.event, e.ends, e.tie_type) for e in r.tie_events] == [
        ("2015", "strained", True, "sister"),
        ("2015-03-01", "established", False, "partnership"),
        ("2015-05", "established", False, "friendship"),
    ]


def test_other_review_scopes_and_years(registry: Registry, year_registry: dict[str, int]) -> None:
    with registry.session() as session:
        everything = year_report(session, 2015, review="all", today=AFTER)
        proposed = year_report(session, 2015, review="proposed", today=AFTER)
        accepted_years = report_years(session)
        all_years = report_years(session, "all")
    # all: + a3 (rejected), + e5 (proposed); 2014: + t4
    assert [c.n for c in everything.counts] == [2, 2, 4, 1]
    assert [c.previous for c in everything.counts] == [1, 1, 1, 0]
    assert "Beijing" in [p.place.name for p in everything.partners]  # e5
    # proposed: e5 in 2015 (Beijing); t4 in 2014
    assert [(c.n, c.previous) for c in proposed.counts] == [(0, 1), (0, 0), (1, 0), (0, 0)]
    assert [p.place.name for p in proposed.partners] == ["Beijing"]
    assert proposed.months[9] == MonthCount(10, 1)  # e5 on 2015-10-05
    assert accepted_years == [
        YearTotal(1988, {"relationship": 1, "agreement": 0, "engagement": 0, "membership": 0}, 1),
        YearTotal(2014, {"relationship": 0, "agreement": 1, "engagement": 1, "membership": 0}, 2),
        YearTotal(2015, {"relationship": 2, "agreement": 1, "engagement": 3, "membership": 1}, 7),
    ]
    assert [(y.year, y.total) for y in all_years] == [(1988, 1), (2014, 3), (2015, 9)]


def test_a_year_without_records_and_bad_input(
    registry: Registry, year_registry: dict[str, int]
) -> None:
    with registry.session() as session:
        empty = year_report(session, 1990, today=AFTER)
        assert empty.total == 0 and empty.partners == [] and empty.commitments == []
        assert require_records(year_report(session, 2015, today=AFTER)).total == 7
        with pytest.raises(NotFoundError, match=r"no accepted records dated 1990: .*1988–2015"):
            require_records(empty)
        with pytest.raises(InputError) as bad_year:
            year_report(session, 0)
        assert bad_year.value.field == "year"
        with pytest.raises(InputError) as bad_review:
            year_report(session, 2015, review="maybe")
        assert bad_review.value.field == "review"
