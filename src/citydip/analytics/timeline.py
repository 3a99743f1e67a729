"""The timeline: engagements, agreements and the events of ties (established, upgraded,
renewed, ...) in time, newest first, narrowed by kind, type, place and years.

Each source is read newest first through its date index, `limit` at most, then merged;
undated records have no place on a timeline and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from citydip.analytics.briefs import PlaceBrief, partners_of
from citydip.analytics.scope import T, check_review, check_year, home_id, in_review
from citydip.errors import InputError
from citydip.store.agreements import Agreement
from citydip.store.engagements import Engagement
from citydip.store.records import Record, RecordParty
from citydip.store.relationships import Relationship, RelationshipEvent

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


def _brief(record: Record, home: int | None) -> tuple[PlaceBrief, ...]:
    return tuple(PlaceBrief.of(p) for p in partners_of(record, home))


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
    home = home_id(session)
    items: list[TimelineItem] = []
    common = [in_review(scope), *_place_cond(place)]
    for model, column in ((Engagement, T.start), (Agreement, T.date)):
        if kind and kind != model.__mapper_args__["polymorphic_identity"]:
            continue
        conds = [*common, *_date_conds(column, year_from, year_to)]
        if type:
            conds.append(Record.type == type)
        ids = list(
            session.scalars(
                select(Record.id)
                .where(Record.kind == model.__mapper_args__["polymorphic_identity"], *conds)
                .order_by(column.desc(), Record.id.desc())
                .limit(limit + 1)
            )
        )
        for rec in session.scalars(select(model).where(Record.id.in_(ids))):
            date = rec.start if isinstance(rec, Engagement) else rec.date  # type: ignore[attr-defined]
            if not date:
                continue
            items.append(
                TimelineItem(
                    date,
                    rec.kind,
                    rec.type,
                    rec.id,
                    rec.type,
                    rec.title,
                    rec.status,  # type: ignore[attr-defined]
                    rec.review_state,
                    _brief(rec, home),
                )
            )
    if not kind or kind == "relationship":
        items.extend(_tie_events(session, common, type, year_from, year_to, limit, home))
    items.sort(key=lambda i: (i.date, i.record_id), reverse=True)
    return Timeline(items[:limit], len(items) > limit)


def _tie_events(
    session: Session,
    common: list[Any],
    type_: str | None,
    year_from: int | None,
    year_to: int | None,
    limit: int,
    home: int | None,
) -> list[TimelineItem]:
    when = func.coalesce(RelationshipEvent.date, RelationshipEvent.start)
    conds = [*common, *_date_conds(when, year_from, year_to)]
    if type_:
        conds.append(or_(RelationshipEvent.type == type_, Record.type == type_))
    rows: list[Any] = list(
        session.execute(
            select(RelationshipEvent.id, RelationshipEvent.type, when, Record.id)
            .join(Record, Record.id == RelationshipEvent.relationship_id)
            .where(*conds)
            .order_by(when.desc(), RelationshipEvent.id.desc())
            .limit(limit + 1)
        )
    )
    # a tie dated by its `since` but with no 'established' event: established then
    established = exists().where(
        RelationshipEvent.relationship_id == Record.id, RelationshipEvent.type == "established"
    )
    since_conds = [*common, *_date_conds(T.since, year_from, year_to), ~established]
    if type_ and type_ != "established":
        since_conds.append(Record.type == type_)
    rows += session.execute(
        select(literal(None), literal("established"), T.since, Record.id)
        .where(Record.kind == "relationship", *since_conds)
        .order_by(T.since.desc(), Record.id.desc())
        .limit(limit + 1)
    )
    ties = {
        r.id: r
        for r in session.scalars(
            select(Relationship).where(Record.id.in_({row[3] for row in rows}))
        )
    }
    out = []
    for _, event_type, date, tie_id in rows:
        tie = ties[tie_id]
        out.append(
            TimelineItem(
                date,
                "relationship",
                event_type,
                tie.id,
                tie.type,
                tie.title,
                tie.status,
                tie.review_state,
                _brief(tie, home),
            )
        )
    return out
