"""The records' facts (store.facts) follow every kind of write, on both backends: the
triggers note the records, `facts.refresh` recomputes them, and what it keeps equals a
computation from scratch; the trends read from them count what the GROUP BY queries
over the records count, in a session that wrote too (its own changes, uncommitted).

Edits on the small registry of conftest (as the writers do them, row by row):

    e2 (2019-05 meeting, Seoul + Hanoi, economy)  → rejected
    Paris                                         → country DE
    e4 (2021 meeting, Tokyo + Paris)              + Hanoi as a party
    e1 (2015-02-01 visit)                         areas: safety left out
    e3 (2020-10-12 conference at Paris)           start 2018-03
    a1 (2015 MOU)                                 deleted
    Hanoi                                         → level organization (e4 multilateral)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import delete, func, insert, select, update

from citydip.analytics import facts
from citydip.analytics import trends as trends_mod
from citydip.analytics.health import health
from citydip.analytics.plans import _Linker
from citydip.analytics.scope import T
from citydip.analytics.trends import trends
from citydip.store.engine import Registry
from citydip.store.facts import FactsDirty, FactsState, RecordFact, RecordPlace
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty

LENSES = ("area", "region", "dimension", "mode", "direction")
TODAY = dt.date(2026, 12, 31)


def _grouped(session: Any, by: str, **kw: Any) -> trends_mod.Trends:
    original = trends_mod._fast
    trends_mod._fast = lambda _session, _by: False  # type: ignore[assignment]
    try:
        return trends(session, by, **kw)
    finally:
        trends_mod._fast = original


def _snapshot(session: Any) -> tuple[list[Any], list[Any]]:
    rows = session.execute(select(RecordFact.__table__).order_by(RecordFact.record_id)).all()
    places = session.execute(
        select(RecordPlace.__table__).order_by(RecordPlace.record_id, RecordPlace.place_id)
    ).all()
    return [tuple(r) for r in rows], [tuple(r) for r in places]


def _from_scratch(registry: Registry) -> tuple[list[Any], list[Any]]:
    with registry.session() as session:
        session.execute(delete(FactsState))
    with registry.session() as session:
        facts.refresh(session)
        return _snapshot(session)


def _edit(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as s:
        e2 = s.scalar(select(Record.id).where(T.start == "2019-05"))
        e3 = s.scalar(select(Record.id).where(T.start == "2020-10-12"))
        e4 = s.scalar(select(Record.id).where(T.start == "2021"))
        e1 = s.scalar(select(Record.id).where(T.start == "2015-02-01"))
        a1 = s.scalar(select(Record.id).where(T.date == "2015-02-03"))
        s.execute(update(Record).where(Record.id == e2).values(review_state="rejected"))
        s.execute(update(Place).where(Place.id == small["Paris"]).values(country="DE"))
        s.execute(insert(RecordParty).values(record_id=e4, position=9, place_id=small["Hanoi"]))
        s.execute(delete(RecordArea).where(RecordArea.record_id == e1, RecordArea.area == "safety"))
        s.execute(update(Record).where(Record.id == e3).values({T.start: "2018-03"}))
        s.execute(delete(Record).where(Record.id == a1))
        s.execute(update(Place).where(Place.id == small["Hanoi"]).values(level="organization"))


def test_facts_follow_every_write(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        for by in LENSES:  # the first use computes them all
            assert trends(session, by) == _grouped(session, by)
        before = health(session, limit=None, today=TODAY)
    with registry.session() as session:
        assert session.get(FactsState, 1) is not None
        assert session.scalar(select(func.count()).select_from(FactsDirty)) == 0
        n = session.scalar(select(func.count()).select_from(RecordFact))
    # the agreements, engagements and memberships of conftest (no tie)
    assert n == 8
    _edit(registry, small)
    with registry.session() as session:
        noted = set(session.scalars(select(FactsDirty.record_id)))
    assert len(noted) >= 6  # the five edited records and Paris's
    with registry.session() as session:
        for by in LENSES:
            for kw in ({}, {"review": "all"}, {"review": "rejected"}, {"year_from": 2016}):
                assert trends(session, by, **kw) == _grouped(session, by, **kw), (by, kw)
        after = health(session, limit=None, today=TODAY)
        kept = _snapshot(session)
        assert session.scalar(select(func.count()).select_from(FactsDirty)) == 0
    assert kept == _from_scratch(registry)
    with registry.session() as session:
        assert health(session, limit=None, today=TODAY) == after
    # e4 (2021): Tokyo, Paris and Hanoi, now an organization — multilateral, where it was
    # bilateral (two partners); at no location: direction unknown
    with registry.session() as session:
        mode = {(r.year, r.group): r.n for r in trends(session, "mode").rows}
        direction = {(r.year, r.group): r.n for r in trends(session, "direction").rows}
    assert (mode[(2021, "multilateral")], mode[(2021, "bilateral")]) == (1, 0)
    assert direction[(2021, "unknown")] == 1
    # the Hanoi tie: e2 rejected, e4 with Hanoi (2021) instead
    hanoi = {t.partner.name: t for t in before.ties}["Hanoi"]
    hanoi_after = {t.partner.name: t for t in after.ties}["Hanoi"]
    assert (hanoi.last_year, hanoi_after.last_year) == (2019, 2021)


def test_a_session_that_wrote_sees_its_own_changes(
    registry: Registry, small: dict[str, int]
) -> None:
    with registry.session() as session:
        trends(session, "region")  # computed and committed
    with registry.session() as session:
        session.execute(update(Place).where(Place.id == small["Tokyo"]).values(country="FR"))
        found = trends(session, "region")
        assert found == _grouped(session, "region")
        assert {r.group for r in found.rows if r.n} >= {"europe"}
        session.rollback()
    with registry.session() as session:  # rolled back: noted again, computed again
        assert trends(session, "region") == _grouped(session, "region")
        assert not any(r.group == "europe" and r.year == 2015 and r.n for r in
                       trends(session, "region").rows)  # fmt: skip


@pytest.mark.parametrize("change", ["home", "rules"])
def test_a_new_home_or_new_rules_recompute_all(
    registry: Registry, small: dict[str, int], change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with registry.session() as session:
        facts.refresh(session)
        state = session.get(FactsState, 1)
        assert state is not None
        if change == "home":
            state.home_id = small["Tokyo"]  # as if computed with another home
        else:
            state.rules = "old"
    with registry.session() as session:
        facts.refresh(session)
        state = session.get(FactsState, 1)
        assert state is not None
        assert (state.home_id, state.rules) == (small["Seoul"], facts.rules_digest())
        assert trends(session, "region") == _grouped(session, "region")


@pytest.mark.parametrize(
    ("start", "end", "review"),
    [("2015-02-02", "2021-06", "accepted"), ("2016", "2026-12-01", "all"), (None, "2020", "all")],
)
def test_a_plan_s_areas_by_year_from_the_facts(
    registry: Registry, small: dict[str, int], start: str | None, end: str, review: str
) -> None:
    # the years inside the period from the facts, its first and last from the records:
    # what the records of every year give
    areas = ["safety", "economy", "culture", "environment"]
    with registry.session() as session:
        linker = _Linker(session, review, start, end)
        whole: dict[str, Counter[tuple[str, str]]] = {a: Counter() for a in areas}
        linker._by_area_records(areas, whole, None)
        assert linker.by_area(areas) == whole
    assert sum(whole["economy"].values()) == 1  # e2, 2019-05
