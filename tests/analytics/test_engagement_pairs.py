"""The engagements' pairs of places (store.facts.EngagementPair) follow every write, on
both backends: what the refresh keeps by difference equals a computation from scratch
and the pairs the records' party rows give (the join the graph made before the table).

The small registry of conftest, its accepted engagements' pairs (a pair once per
engagement):

    e1 Seoul + Tokyo, at Tokyo (a party: no more pairs)   Seoul—Tokyo 1
    e2 Seoul + Hanoi                                       Seoul—Hanoi 1
    e3 Seoul, at Paris (the location with each party)      Seoul—Paris 1
    e4 Tokyo + Paris                                       Tokyo—Paris 1

The edits, row by row as the writers make them, and what they leave:

    e2 → rejected                 accepted Seoul—Hanoi 0 (deleted), rejected Seoul—Hanoi 1
    e4 + Hanoi (a party)          Tokyo—Hanoi 1, Paris—Hanoi 1 (Tokyo—Paris stays 1)
    e4 + Tokyo again (a party)    Tokyo twice: Tokyo—Paris 2 × 1 = 2, Tokyo—Hanoi 2
    e1 deleted                    Seoul—Tokyo 0 (deleted)
    e5 new: Hanoi, at Seoul       Hanoi—Seoul 1 (accepted: 0 + 1)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import delete, insert, select, update

from citydip.analytics import facts
from citydip.analytics.scope import T
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.facts import EngagementPair, FactsState
from citydip.store.records import Record, RecordParty
from citydip.store.resolve import Stamp

from .conftest import HANOI, SEOUL, T0, review


def _kept(session: Any, names: dict[int, str]) -> dict[tuple[str, str, str], int]:
    """The table as (state, name, name) → engagements, the names in id order."""
    facts.refresh(session)
    rows = session.execute(select(EngagementPair.__table__)).all()
    return {(state, names[a], names[b]): n for state, a, b, n in rows}


def _from_parties(session: Any, names: dict[int, str]) -> dict[tuple[str, str, str], int]:
    """The pairs from the records themselves: each two party rows (positions) of an
    engagement, and its location with each party row when it is no party."""
    found: Counter[tuple[str, str, str]] = Counter()
    engagements = session.execute(
        select(Record.id, Record.review_state, T.location_id).where(Record.kind == "engagement")
    ).all()
    for rid, state, location in engagements:
        parties = list(
            session.scalars(select(RecordParty.place_id).where(RecordParty.record_id == rid))
        )
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                if a != b:
                    found[(state, *sorted((names[a], names[b]), key=_ids(names)))] += 1
        if location is not None and location not in parties:
            for a in parties:
                found[(state, *sorted((names[a], names[location]), key=_ids(names)))] += 1
    return dict(found)


def _ids(names: dict[int, str]) -> Any:
    by_name = {v: k for k, v in names.items()}
    return lambda name: by_name[name]


def _from_scratch(registry: Registry, names: dict[int, str]) -> dict[tuple[str, str, str], int]:
    with registry.session() as session:
        session.execute(delete(FactsState))
    with registry.session() as session:
        return _kept(session, names)


def _engagement(session: Any, start: str) -> int:
    return int(session.scalar(select(Record.id).where(T.start == start)))


def test_pairs_follow_inserts_updates_and_deletes(
    registry: Registry, small: dict[str, int]
) -> None:
    names = {small[p]: p for p in ("Seoul", "Tokyo", "Paris", "Hanoi", "C40")}
    with registry.session() as session:
        first = _kept(session, names)
        assert first == _from_parties(session, names)
    assert first == {
        ("accepted", "Seoul", "Tokyo"): 1,
        ("accepted", "Seoul", "Hanoi"): 1,
        ("accepted", "Seoul", "Paris"): 1,
        ("accepted", "Tokyo", "Paris"): 1,
    }
    with registry.session() as s:
        e1, e2, e4 = (_engagement(s, d) for d in ("2015-02-01", "2019-05", "2021"))
        s.execute(update(Record).where(Record.id == e2).values(review_state="rejected"))
        s.execute(insert(RecordParty).values(record_id=e4, position=9, place_id=small["Hanoi"]))
        s.execute(insert(RecordParty).values(record_id=e4, position=10, place_id=small["Tokyo"]))
        s.execute(delete(Record).where(Record.id == e1))
    e5 = {"kind": "engagement", "type": "meeting", "start": "2022", "parties": [HANOI],
          "location": SEOUL, "review": review("accepted", 50)}  # fmt: skip
    write_answers(registry, [Answer.model_validate({"doc_id": None, "records": [e5]})],
                  Stamp("tester", T0, "accepted"))  # fmt: skip
    with registry.session() as session:
        kept = _kept(session, names)
        assert kept == _from_parties(session, names)
    assert kept == {
        ("rejected", "Seoul", "Hanoi"): 1,
        ("accepted", "Seoul", "Hanoi"): 1,  # e5: Hanoi at Seoul
        ("accepted", "Seoul", "Paris"): 1,
        ("accepted", "Tokyo", "Paris"): 2,
        ("accepted", "Tokyo", "Hanoi"): 2,
        ("accepted", "Paris", "Hanoi"): 1,
    }
    assert kept == _from_scratch(registry, names)
    with registry.session() as s:  # every engagement deleted: nothing is left
        s.execute(delete(Record).where(Record.kind == "engagement"))
    with registry.session() as session:
        assert _kept(session, names) == {}
