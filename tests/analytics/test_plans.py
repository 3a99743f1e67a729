"""Plans analytics on a small registry written by hand, on both backends.

Home Seoul. Plan A "Partnership plan" of Seoul, 2016-11 to 2019, accepted; five projects:

    #  title            area     partner  status       due      blockers
    1  Tokyo safety     safety   Tokyo    in_progress  2018     -
    2  Paris culture    culture  Paris    planned      2020     -
    3  Economy          economy  -        done         -        -
    4  Hanoi exchange   -        Hanoi    dropped      -        funding
    5  Water            water    -        stalled      2017-06  sanctions

Plan B "Draft plan" (no dates, proposed), one project.

Records (accepted unless said):

    r1  engagement 2016        Seoul+Tokyo      safety            in the period (2016 holds 2016-11)
    r2  engagement 2016-10     Seoul+Tokyo      culture           before the period
    r3  engagement 2017-03     Seoul+Paris      safety
    r4  agreement  2018-05-01  Seoul+Tokyo      culture, economy
    r5  engagement 2019-12     Seoul, at Tokyo  -                 (2019-12 is within "2019")
    r6  engagement 2020-01     Seoul+Tokyo      safety            after the period
    r7  engagement 2018        Seoul+Paris      culture           proposed
    r8  engagement 2017        Seoul+Hanoi      economy
    r9  relationship sister    Seoul+Tokyo      since 2017        not an engagement/agreement
    r10 engagement (undated)   Seoul+Tokyo      safety            undated: left out
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from citydip.analytics import plans as analysis
from citydip.errors import InputError, NotFoundError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.services import plans as service
from citydip.store.engine import Registry
from citydip.store.plans import Plan
from citydip.store.records import Record
from citydip.store.resolve import Stamp

SEOUL = {"name": "Seoul", "country": "KR"}
TOKYO = {"name": "Tokyo", "country": "JP"}
PARIS = {"name": "Paris", "country": "FR"}
HANOI = {"name": "Hanoi", "country": "VN"}
T0 = dt.datetime(2020, 1, 1, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2020, 3, 1)
PROPOSED = {"state": "proposed"}


def eng(start: str | None, parties: list[Any], areas: list[str], **more: Any) -> dict[str, Any]:
    return {"kind": "engagement", "type": "meeting", "start": start, "parties": parties} | {
        "areas": areas,
        **more,
    }


RECORDS = [
    eng("2016", [SEOUL, TOKYO], ["safety"], title="r1"),
    eng("2016-10", [SEOUL, TOKYO], ["culture"], title="r2"),
    eng("2017-03", [SEOUL, PARIS], ["safety"], title="r3"),
    {
        "kind": "agreement",
        "type": "mou",
        "date": "2018-05-01",
        "parties": [SEOUL, TOKYO],
        "areas": ["culture", "economy"],
        "title": "r4",
    },
    eng("2019-12", [SEOUL], [], location=TOKYO, title="r5"),
    eng("2020-01", [SEOUL, TOKYO], ["safety"], title="r6"),
    eng("2018", [SEOUL, PARIS], ["culture"], title="r7", review=PROPOSED),
    eng("2017", [SEOUL, HANOI], ["economy"], title="r8"),
    {"kind": "relationship", "type": "sister", "parties": [SEOUL, TOKYO], "since": "2017"},
    eng(None, [SEOUL, TOKYO], ["safety"], title="r10"),
]

PLANS = [
    {
        "title": "Partnership plan",
        "of": SEOUL,
        "start": "2016-11",
        "end": "2019",
        "summary": "Five projects.",
        "projects": [
            {"title": "Tokyo safety", "area": "safety", "partner": TOKYO, "status": "in_progress",
             "due": "2018"},
            {"title": "Paris culture", "area": "culture", "partner": PARIS, "due": "2020"},
            {"title": "Economy", "area": "economy", "status": "done"},
            {"title": "Hanoi exchange", "partner": HANOI, "status": "dropped",
             "blockers": ["funding"]},
            {"title": "Water", "area": "water", "status": "stalled", "due": "2017-06",
             "blockers": ["sanctions"]},
        ],
    },
    {"title": "Draft plan", "review": PROPOSED, "projects": [{"title": "Idea"}]},
]  # fmt: skip


@pytest.fixture
def plan_ids(registry: Registry) -> dict[str, int]:
    answer = Answer.model_validate({"doc_id": None, "records": RECORDS, "plans": PLANS})
    write_answers(registry, [answer], Stamp("tester", T0, "accepted"))
    with registry.session() as session:
        ids = {p.title: p.id for p in session.scalars(select(Plan))}
        ids |= {r.title: r.id for r in session.scalars(select(Record)) if r.title}
    return ids


def test_plans_list(registry: Registry, plan_ids: dict[str, int]) -> None:
    with registry.session() as session:
        found = analysis.plans(session, today=TODAY)
        everything = analysis.plans(session, "all", today=TODAY)
    assert [p.title for p in found] == ["Partnership plan"]  # the draft is proposed
    # newest start first, a plan without a start last
    assert [p.title for p in everything] == ["Partnership plan", "Draft plan"]
    a = found[0]
    assert a.projects == 5
    assert a.by_status == {"planned": 1, "in_progress": 1, "done": 1, "stalled": 1, "dropped": 1}
    assert a.done_share == 1 / 4  # 1 done of the 5 - 1 dropped
    # overdue on 2020-03-01: #1 (due 2018, in progress) and #5 (due 2017-06, stalled);
    # not #2 (due 2020: not wholly past), not #4 (dropped)
    assert a.overdue == 2
    assert a.blocked == 1  # #5; #4 has a blocker but is dropped
    assert (a.owner and a.owner.name, a.start, a.end) == ("Seoul", "2016-11", "2019")
    draft = everything[1]
    assert (draft.projects, draft.done_share, draft.overdue) == (1, 0.0, 0)


def test_linked_records_by_the_rule(registry: Registry, plan_ids: dict[str, int]) -> None:
    with registry.session() as session:
        view = analysis.plan(session, plan_ids["Partnership plan"], today=TODAY, linked_limit=5)
    assert view.period == ("2016-11", "2019")
    p1, p2, p3, p4, p5 = view.projects
    assert [p.number for p in view.projects] == [1, 2, 3, 4, 5]
    # 1 (Tokyo, safety): the partner's records r1, r4 (Tokyo), r5 (at Tokyo) = 3; not r3
    # (safety, but with Paris), r2 (before 2016-11), r6 (after 2019), r10 (undated), r9 (a tie)
    assert p1.linked == 3
    assert [(c.year, c.kind, c.n) for c in p1.linked_by_year] == [
        ("2016", "engagement", 1),
        ("2018", "agreement", 1),
        ("2019", "engagement", 1),
    ]
    # 2 (Paris, culture): r3 (Paris) = 1; r7 is proposed, r4 (culture) is with Tokyo
    assert p2.linked == 1
    # 3 (economy, no partner: by its area): r4, r8 = 2; 4 (Hanoi, no area): r8 = 1;
    # 5 (water, no partner): none
    assert (p3.linked, p4.linked, p5.linked) == (2, 1, 0)
    assert [(c.year, c.kind, c.n) for c in p3.linked_by_year] == [
        ("2017", "engagement", 1),
        ("2018", "agreement", 1),
    ]
    # the newest linked records, each with whether it is also in the project's area
    got = [(r.record.title, r.record.date, r.by_partner, r.by_area) for r in p1.latest]
    assert got == [
        ("r5", "2019-12", True, False),
        ("r4", "2018-05-01", True, False),
        ("r1", "2016", True, True),
    ]
    assert [(r.record.title, r.by_partner, r.by_area) for r in p2.latest] == [
        ("r3", True, False),
    ]
    assert [(r.record.title, r.by_partner, r.by_area) for r in p3.latest] == [
        ("r4", False, True),
        ("r8", False, True),
    ]
    assert p5.latest == ()
    assert (p1.overdue, p2.overdue, p5.overdue) == (True, False, True)
    assert p4.blockers == ("funding",) and p4.partner and p4.partner.name == "Hanoi"


def test_review_scope_and_limits(registry: Registry, plan_ids: dict[str, int]) -> None:
    with registry.session() as session:
        pid = plan_ids["Partnership plan"]
        every = analysis.plan(session, pid, "all", today=TODAY)
        # in every review state, r7 (2018, with Paris) links project 2 as well: 1 + 1
        assert every.projects[1].linked == 2
        two = analysis.plan(session, pid, today=TODAY, linked_limit=2)
        assert [r.record.title for r in two.projects[0].latest] == ["r5", "r4"]
        assert analysis.plan(session, pid, today=TODAY, linked_limit=0).projects[0].latest == ()
        with pytest.raises(NotFoundError):  # the draft plan is proposed, not accepted
            analysis.plan(session, plan_ids["Draft plan"])
        with pytest.raises(NotFoundError):
            analysis.plan(session, 10**6)
        with pytest.raises(InputError) as bad:
            analysis.plan(session, pid, linked_limit=51)
        assert bad.value.field == "linked"
        with pytest.raises(InputError) as bad:
            analysis.plan(session, pid, "maybe")
        assert bad.value.field == "review"


def test_an_open_plan_runs_to_today(registry: Registry, plan_ids: dict[str, int]) -> None:
    with registry.session() as session:
        plan = session.get(Plan, plan_ids["Partnership plan"])
        assert plan is not None
        plan.end = None
        session.flush()
        view = analysis.plan(session, plan.id, today=TODAY)
    assert view.period == ("2016-11", "2020-03-01")
    # r6 (2020-01, Tokyo, safety) is now in the period: project 1 has 3 + 1
    assert view.projects[0].linked == 4
    assert [p.year for p in view.progress][-1] == "2020"


def test_progress_from_the_status_history(registry: Registry, plan_ids: dict[str, int]) -> None:
    pid = plan_ids["Partnership plan"]
    editor = Stamp("editor", dt.datetime(2020, 3, 1, 12, 0, tzinfo=dt.UTC), "accepted")
    with registry.session() as session:
        service.set_status(session, pid, 2, "in_progress", editor, note="Started", date="2018-03")
        # written later, dated earlier: the status stays the latest by date (in progress)
        service.set_status(session, pid, 2, "stalled", editor, note="Paused", date="2017")
    with registry.session() as session:  # committed, read again
        view = analysis.plan(session, pid, today=TODAY)
    p2 = view.projects[1]
    assert p2.status == "in_progress"
    assert [(c.date, c.status, c.previous, c.note, c.initial) for c in p2.history] == [
        ("2016-11", "planned", None, None, True),  # the first change written kept "planned"
        ("2017", "stalled", "in_progress", "Paused", False),
        ("2018-03", "in_progress", "planned", "Started", False),
    ]
    assert p2.history[1].by == "editor"
    # end of each year 2016..2019 (the plan ends 2019); the others never change:
    # #1 in progress, #3 done, #4 dropped, #5 stalled; #2 planned → stalled → in progress
    by_year: dict[str, dict[str, int]] = {}
    for point in view.progress:
        by_year.setdefault(point.year, {})[point.status] = point.n
    assert by_year == {
        "2016": {"planned": 1, "in_progress": 1, "done": 1, "stalled": 1, "dropped": 1},
        "2017": {"in_progress": 1, "done": 1, "stalled": 2, "dropped": 1},
        "2018": {"in_progress": 2, "done": 1, "stalled": 1, "dropped": 1},
        "2019": {"in_progress": 2, "done": 1, "stalled": 1, "dropped": 1},
    }
    assert view.summary.by_status["in_progress"] == 2 and view.summary.done_share == 1 / 4


def test_overdue_rule() -> None:
    day = dt.date(2021, 1, 1)
    assert analysis.overdue("2020", "planned", day)  # 2020 is wholly past on 2021-01-01
    assert not analysis.overdue("2020", "planned", dt.date(2020, 12, 31))
    assert not analysis.overdue("2021", "planned", day)
    assert analysis.overdue("2020-12-31", "stalled", day)
    assert not analysis.overdue("2020", "done", day) and not analysis.overdue(None, "planned", day)


def test_partner_counts_from_the_facts_match_the_records(
    registry: Registry, plan_ids: dict[str, int]
) -> None:
    """A partner's counts: the years inside the period from `record_places`, the start's
    and end's years from the records — the same as every year from the records, for
    periods cut inside a year, spanning years or none, open at the start, in every scope.
    Tokyo, 2016-11 to 2019 (accepted): r1 2016 (its year holds 2016-11), r4 2018 (an inner
    year: from the facts), r5 2019-12 (at Tokyo: the location's row); r2 2016-10 is before."""
    from citydip.store.places import Place

    with registry.session() as session:
        places = {p.name: p.id for p in session.scalars(select(Place))}
        tokyo = places["Tokyo"]
        linker = analysis._Linker(session, "accepted", "2016-11", "2019")
        assert linker.by_partner(tokyo) == {
            ("2016", "engagement"): 1,
            ("2018", "agreement"): 1,
            ("2019", "engagement"): 1,
        }
        periods = [
            ("2016-11", "2019"),
            (None, "2020-01"),
            ("2017", "2017-12"),
            ("2016-10", "2016-10"),
            ("2015", "2021"),
            ("2018-05-01", "2019-12-31"),
        ]
        for scope in ("accepted", "proposed", "all"):
            for start, end in periods:
                linker = analysis._Linker(session, scope, start, end)
                for name in ("Tokyo", "Paris", "Hanoi"):
                    every = linker._by_partner_records(places[name], None)
                    assert linker.by_partner(places[name]) == every, (scope, start, end, name)
