"""The timeline: engagements, agreements and the events of ties (established, upgraded,
renewed, ...) in time, newest first, narrowed by kind, type, place and years.

Each source is read newest first through its date index, `limit` at most, as rows (no
record is loaded), then merged; the places of the items kept are read last. Undated
records have no place on a timeline and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session

from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.scope import T, check_review, check_year, home_id, in_review
from citydip.errors import InputError
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.relationships import RelationshipEvent

TIMELINE_KINDS = ("engagement", "agreement", "relationship")
MAX_ITEMS = 2000


@dataclass(frozen=True)
class TimelineItem:
    date: str
    kind: str  # engagement | agreement | relationship (an event of a tie)
    type: str | None  # the engagement's or agreement's type, the event's type for a tie
    record_id: int
    record_type: str | None  # the tie's type for an event; else the same as type
    title: str | None
    status: str | None
    review_state: str
    partners: tuple[PlaceBrief, ...]


@dataclass(frozen=True)
class Timeline:
    items: list[TimelineItem]
    more: bool  # there are older items beyond the limit


def _date_conds(column: Any, year_from: int | None, year_to: int | None) -> list[Any]:
    conds = [column.is_not(None), column != ""]
    if year_from is not None:
        conds.append(column >= f"{year_from:04d}")
    if year_to is not None:
        conds.append(column < f"{year_to + 1:04d}")
    return conds


def _place_cond(place_id: int | None) -> list[ColumnElement[bool]]:
    if place_id is None:
        return []
    parties = select(RecordParty.record_id).where(RecordParty.place_id == place_id)
    return [or_(Record.id.in_(parties), T.location_id == place_id)]


def _partners(
    session: Session, rows: list[_Row], home: int | None
) -> dict[int, tuple[PlaceBrief, ...]]:
    """Each record's places other than the home city: its parties in order, then where."""
    ids = sorted({r.record_id for r in rows})
    found: dict[int, list[int]] = {i: [] for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        parties = session.execute(
            select(RecordParty.record_id, RecordParty.place_id)
            .where(RecordParty.record_id.in_(chunk))
            .order_by(RecordParty.record_id, RecordParty.position)
        )
        for rid, pid in parties:
            found[rid].append(pid)
    for r in rows:
        if r.location_id is not None:
            found[r.record_id].append(r.location_id)
    place_ids = sorted({p for ps in found.values() for p in ps} - {home})
    places: dict[int, PlaceBrief] = {}
    for i in range(0, len(place_ids), 500):
        for pid, name, country, level in session.execute(
            select(Place.id, Place.name, Place.country, Place.level).where(
                Place.id.in_(place_ids[i : i + 500])
            )
        ):
            places[pid] = PlaceBrief(pid, name, country, level)
    return {
        rid: tuple(places[p] for p in dict.fromkeys(ps) if p in places) for rid, ps in found.items()
    }


@dataclass(frozen=True)
class _Row:
    date: str
    kind: str
    type: str | None
    record_id: int
    record_type: str | None
    title: str | None
    status: str | None
    review_state: str
    location_id: int | None = None


def timeline(
    session: Session,
    kind: str | None = None,
    type: str | None = None,
    place: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    review: str | None = None,
    limit: int = 500,
) -> Timeline:
    """Dated items of the registry in the review scope, newest first."""
    scope = check_review(review)
    check_year(year_from, "year_from")
    check_year(year_to, "year_to")
    if kind and kind not in TIMELINE_KINDS:
        raise InputError(f"kind must be one of {', '.join(TIMELINE_KINDS)}", field="kind")
    if not 1 <= limit <= MAX_ITEMS:
        raise InputError(f"limit must be between 1 and {MAX_ITEMS}", field="limit")
    if year_from is not None and year_to is not None and year_to < year_from:
        raise InputError("year_to is before year_from", field="year_to")
    rows: list[_Row] = []
    common = [in_review(scope), *_place_cond(place)]
    for one, column in (("engagement", T.start), ("agreement", T.date)):
        if kind and kind != one:
            continue
        conds = [Record.kind == one, *common, *_date_conds(column, year_from, year_to)]
        if type:
            conds.append(Record.type == type)
        query = (
            select(
                column,
                Record.type,
                Record.id,
                Record.title,
                T.status,
                Record.review_state,
                T.location_id,
            )
            .where(*conds)
            .order_by(column.desc(), Record.id.desc())
            .limit(limit + 1)
        )
        for date, type_, rid, title, status, state, location in session.execute(query):
            rows.append(_Row(date, one, type_, rid, type_, title, status, state, location))
    if not kind or kind == "relationship":
        rows.extend(_tie_events(session, common, type, year_from, year_to, limit))
    rows.sort(key=lambda r: (r.date, r.record_id), reverse=True)
    shown = rows[:limit]
    partners = _partners(session, shown, home_id(session))
    items = [
        TimelineItem(
            r.date,
            r.kind,
            r.type,
            r.record_id,
            r.record_type,
            r.title,
            r.status,
            r.review_state,
            partners.get(r.record_id, ()),
        )
        for r in shown
    ]
    return Timeline(items, len(rows) > limit)


def _tie_events(
    session: Session,
    common: list[Any],
    type_: str | None,
    year_from: int | None,
    year_to: int | None,
    limit: int,
) -> list[_Row]:
    """The dated events of ties (and 'established' at the since of a tie without one)."""
    when = func.coalesce(RelationshipEvent.date, RelationshipEvent.start)
    conds = [*common, *_date_conds(when, year_from, year_to)]
    if type_:
        conds.append(or_(RelationshipEvent.type == type_, Record.type == type_))
    columns = (Record.id, Record.type, Record.title, Record.review_state)
    found = [
        _Row(date, "relationship", event, rid, tie_type, title, None, state)
        for event, date, rid, tie_type, title, state in session.execute(
            select(RelationshipEvent.type, when, *columns)
            .join(Record, Record.id == RelationshipEvent.relationship_id)
            .where(*conds)
            .order_by(when.desc(), RelationshipEvent.id.desc())
            .limit(limit + 1)
        )
    ]
    established = exists().where(
        RelationshipEvent.relationship_id == Record.id, RelationshipEvent.type == "established"
    )
    since_conds = [*common, *_date_conds(T.since, year_from, year_to), ~established]
    if type_ and type_ != "established":
        since_conds.append(Record.type == type_)
    found += [
        _Row(date, "relationship", "established", rid, tie_type, title, None, state)
        for date, rid, tie_type, title, state in session.execute(
            select(T.since, *columns)
            .where(Record.kind == "relationship", *since_conds)
            .order_by(T.since.desc(), Record.id.desc())
            .limit(limit + 1)
        )
    ]
    return found
