"""The fast trends (every lens from the records' facts) count what the plain GROUP BY
queries count, on both backends; the analysis indexes are there and read as meant.

A busy day (2023-06-01) on top of the small registry of conftest, all accepted but p1:

    #   type            parties                   at      areas             mode   direction
    c1  conference      Seoul                     Paris   culture, sports   multi  elsewhere
    c2  conference      Seoul, Tokyo              Seoul   peace             multi  inbound
    v1  official_visit  Seoul, Tokyo              Tokyo   economy, tourism  bi     outbound
    v2  official_visit  Seoul, Tokyo              Seoul   -                 bi     inbound
    t3  meeting         Osaka, Beijing, Seoul     -       culture           bi     unknown
    p1  meeting         Seoul, Hanoi (proposed)   -       -                 bi     unknown

Two conferences and two visits on one day: a count by day counts each (the sums are of
conditions, not booleans). t3 has a party at position 2 but only two partners besides home.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from citydip.analytics import scope, trend_facts
from citydip.analytics import trends as trends_mod
from citydip.analytics.health import health
from citydip.analytics.trends import BY, TrendRow, trends
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.records import RECORD_INDEXES, Record, RecordParty
from citydip.store.resolve import Stamp

from .conftest import PARIS, SEOUL, T0, TOKYO, review

T = scope.T

OSAKA = {"name": "Osaka", "country": "JP"}
BEIJING = {"name": "Beijing", "country": "CN"}
JAKARTA = {"name": "Jakarta", "country": "ID"}
HANOI = {"name": "Hanoi", "country": "VN"}
DAY = "2023-06-01"


def _engagement(
    type_: str, parties: list[dict[str, Any]], at: dict[str, Any] | None, areas: list[str], n: int
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": "engagement",
        "type": type_,
        "start": DAY,
        "parties": parties,
        "areas": areas,
        "review": review("accepted", 40 + n),
    }
    if at is not None:
        out["location"] = at
    return out


@pytest.fixture
def busy(registry: Registry, small: dict[str, int]) -> Registry:
    extra = [
        _engagement("conference", [SEOUL], PARIS, ["culture", "sports"], 1),
        _engagement("conference", [SEOUL, TOKYO], SEOUL, ["peace"], 2),
        _engagement("official_visit", [SEOUL, TOKYO], TOKYO, ["economy", "tourism"], 3),
        _engagement("official_visit", [SEOUL, TOKYO], SEOUL, [], 4),
        _engagement("meeting", [OSAKA, BEIJING, SEOUL], None, ["culture"], 5),
        {**_engagement("meeting", [SEOUL, HANOI], None, [], 6), "review": review("proposed", 46)},
    ]
    answer = Answer.model_validate({"doc_id": None, "records": extra})
    write_answers(registry, [answer], Stamp("tester", T0, "accepted"))
    return registry


def in_2023(rows: list[TrendRow]) -> dict[str, int]:
    return {r.group: r.n for r in rows if r.year == 2023 and r.n}


def test_a_busy_day_by_mode_and_direction(busy: Registry) -> None:
    with busy.session() as session:
        mode = trends(session, "mode")
        direction = trends(session, "direction")
        direction_all = trends(session, "direction", review="all")
    # c1, c2 conferences; v1, v2 one partner; t3 two partners besides home
    assert in_2023(mode.rows) == {"multilateral": 2, "bilateral": 3}
    assert mode.totals[2023] == 5
    # c2, v2 at home; v1 at Tokyo, a party; c1 at Paris, no party; t3 nowhere
    assert in_2023(direction.rows) == {"inbound": 2, "outbound": 1, "elsewhere": 1, "unknown": 1}
    # the proposed p1 (no location) joins in every review state
    assert in_2023(direction_all.rows)["unknown"] == 2 and direction_all.totals[2023] == 6


def test_a_busy_day_by_dimension_area_and_region(busy: Registry) -> None:
    with busy.session() as session:
        dimension = trends(session, "dimension")
        area = trends(session, "area")
        region = trends(session, "region")
    # security c2 (peace); economic v1 (economy and tourism: once); cultural c1 (culture
    # and sports: once) and t3 (culture); networks c1, c2 (conferences); representation
    # v1, v2 (official visits) and t3 (meeting)
    assert in_2023(dimension.rows) == {
        "security": 1,
        "economic": 1,
        "cultural": 2,
        "networks": 2,
        "representation": 3,
    }
    # each area of a record counts: culture c1, t3
    assert in_2023(area.rows) == {
        "culture": 2,
        "sports": 1,
        "peace": 1,
        "economy": 1,
        "tourism": 1,
    }
    # c1 at Paris; c2, v1, v2 with Tokyo; t3 with Osaka and Beijing (East Asia once)
    assert in_2023(region.rows) == {"east_asia": 4, "europe": 1}
    assert region.totals[2023] == 5


def _grouped(session: Any, *args: Any, **kw: Any) -> trends_mod.Trends:
    """The trends by the plain GROUP BY queries, on any database."""
    original = trends_mod._fast
    trends_mod._fast = lambda _session, _by: False  # type: ignore[assignment]
    try:
        return trends(session, *args, **kw)
    finally:
        trends_mod._fast = original


@pytest.mark.parametrize("by", BY)
def test_the_fast_path_counts_what_group_by_counts(busy: Registry, by: str) -> None:
    # parties at any positions: t3's at 5, 6, 7; a multilateral record with its three
    # partners at 7, 8, 9 (none at 0 or 1)
    extra = [
        {
            "kind": "engagement",
            "type": "meeting",
            "start": "2022-01",
            "parties": [OSAKA, BEIJING, JAKARTA],
            "review": review("accepted", 50),
        }
    ]
    write_answers(busy, [Answer.model_validate({"doc_id": None, "records": extra})], stamp())
    with busy.session() as session:
        ids = session.scalars(
            select(Record.id).where(Record.kind == "engagement", T.start.in_(("2022-01",)))
        ).all()
        t3 = session.scalars(select(Record.id).where(Record.type == "meeting", T.start == DAY))
        for rid, shift in [(ids[0], 7), *[(r, 5) for r in t3]]:
            session.execute(
                update(RecordParty)
                .where(RecordParty.record_id == rid)
                .values(position=RecordParty.position + shift)
            )
    with busy.session() as session:
        for kw in ({}, {"review": "all"}, {"review": "proposed"}, {"year_from": 2016}):
            fast, grouped = trends(session, by, **kw), _grouped(session, by, **kw)
            assert fast == grouped, kw
        if by == "mode":  # the 2022 meeting: three partners at positions 7, 8, 9
            assert in_2023(trends(session, "mode").rows)["bilateral"] == 3
            found = trends(session, "mode", year_from=2022, year_to=2022)
            assert {r.group: r.n for r in found.rows} == {"bilateral": 0, "multilateral": 1}


def stamp() -> Stamp:
    return Stamp("tester", T0, "accepted")


def test_health_shows_the_years_of_the_ties_shown(busy: Registry) -> None:
    with busy.session() as session:
        every = health(session, limit=None)
        first = health(session, limit=1)
    # the years of a tie are the same whether or not the others are shown
    assert first.ties == every.ties[:1] and first.ties[0].years
    assert first.counts == every.counts and first.total == every.total


def test_tally_counts_tokens_and_leaves_out_null(busy: Registry) -> None:
    with busy.session() as session:
        token = func.coalesce(Record.type, None)
        found = scope.tally(
            session, select(token).where(Record.kind == "engagement", T.start == DAY)
        )
        nothing = scope.tally(session, select(Record.type).where(Record.kind == "none"))
    # c1, c2 conferences; v1, v2 visits; t3, p1 meetings
    assert found == {"conference": 2, "official_visit": 2, "meeting": 2}
    assert nothing == {}


def test_index_hints_render_on_sqlite_only() -> None:
    query = scope.indexed(select(Record.id), Record.__table__, "ix_records_review_id")
    assert "FROM records INDEXED BY ix_records_review_id" in str(
        query.compile(dialect=sqlite.dialect())
    )
    assert "INDEXED BY" not in str(query.compile(dialect=postgresql.dialect()))


def test_modes_stream_from_the_facts_index_with_no_sort(busy: Registry) -> None:
    if busy.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite query plan")
    names = {name for (name,) in busy.engine.connect().execute(
        text("SELECT name FROM sqlite_master WHERE type = 'index'")
    )}  # fmt: skip
    assert (
        set(RECORD_INDEXES)
        | {
            "ix_record_parties_record_place",
            "ix_record_parties_place_record",
            trend_facts.BY_MODE,
        }
        <= names
    )
    f = trend_facts.F
    query = scope.indexed(
        select(f.year, f.mode, f.direction, func.count())
        .where(*trend_facts._where("engagement", "accepted", (None, None)))
        .group_by(f.year, f.mode, f.direction),
        trend_facts.FACTS,
        trend_facts.BY_MODE,
    )
    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with busy.session() as session:
        plan = " ".join(row[3] for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "COVERING INDEX ix_record_facts_scope_mode" in plan
    assert "TEMP B-TREE" not in plan  # no sort for the GROUP BY
