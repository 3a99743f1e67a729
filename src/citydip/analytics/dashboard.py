"""Dashboard figures: counts, records by year, partners by region, types, cooperation areas,
the latest activity and open commitments.

Every figure is a GROUP BY in the database: one scan of the records gives the counts by
kind, type and year together; no record is loaded except the few that are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from citydip.analytics.briefs import RecordBrief
from citydip.analytics.regions import ORDER as REGION_ORDER
from citydip.analytics.regions import region_of
from citydip.analytics.scope import RECORD_DATE, check_review, home_id, in_review, year_of
from citydip.store.agreements import Agreement, Commitment
from citydip.store.documents import Document
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty

KINDS = ("relationship", "agreement", "engagement", "membership")
DATED_KINDS = ("relationship", "agreement", "engagement")  # by_year: since, date, start


@dataclass(frozen=True)
class YearCount:
    year: str
    kind: str
    n: int


@dataclass(frozen=True)
class TypeCount:
    kind: str
    type: str
    n: int


@dataclass(frozen=True)
class AreaCount:
    area: str
    n: int


@dataclass(frozen=True)
class RegionCount:
    region: str
    n: int  # partner places (not records) in the region


@dataclass(frozen=True)
class Activity:
    record: RecordBrief
    at: dt.datetime
    updated: bool  # changed after it was created (else: new)
    by: str | None


@dataclass(frozen=True)
class OpenCommitment:
    id: int
    text: str
    area: str | None
    due: str | None
    agreement: RecordBrief


@dataclass(frozen=True)
class Stats:
    review: str  # the scope counted: accepted, proposed, rejected or all
    counts: dict[str, int]  # records of each kind in scope
    review_counts: dict[str, int]  # records in each review state (whatever the scope)
    places: int
    documents: int
    by_year: list[YearCount]
    by_region: list[RegionCount]
    by_type: list[TypeCount]
    by_area: list[AreaCount]
    latest: list[Activity]
    open_commitments: list[OpenCommitment]
    open_commitments_total: int


def _kind_type_year(session: Session, review: str) -> list[tuple[str, str | None, str | None, int]]:
    year = year_of(RECORD_DATE)
    query = (
        select(Record.kind, Record.type, year, func.count())
        .where(in_review(review))
        .group_by(Record.kind, Record.type, year)
    )
    return [(k, t, y, n) for k, t, y, n in session.execute(query)]


def _by_region(session: Session, review: str, home: int | None) -> list[RegionCount]:
    conds = [RecordParty.place_id == Place.id]
    if review != "all":
        conds += [RecordParty.record_id == Record.id, in_review(review)]
    took_part = exists().where(*conds)
    query = (
        select(Place.country, func.count())
        .where(Place.level != "organization", took_part)
        .group_by(Place.country)
    )
    if home is not None:
        query = query.where(Place.id != home)
    regions: Counter[str] = Counter()
    for country, n in session.execute(query):
        regions[region_of(country)] += n
    order = {r: i for i, r in enumerate(REGION_ORDER)}
    return [
        RegionCount(r, n) for r, n in sorted(regions.items(), key=lambda x: (-x[1], order[x[0]]))
    ]


def _by_area(session: Session, review: str) -> list[AreaCount]:
    query = select(RecordArea.area, func.count()).group_by(RecordArea.area)
    if review != "all":
        query = query.join(Record, Record.id == RecordArea.record_id).where(in_review(review))
    rows = session.execute(query).all()
    return [AreaCount(a, n) for a, n in sorted(rows, key=lambda x: (-x[1], x[0]))]


def latest_activity(session: Session, limit: int = 10) -> list[Activity]:
    """The records created or changed last (every review state), newest first."""
    home = home_id(session)
    # the newest additions and the newest edits (two top-N queries, each one an index
    # walk where created_at and updated_at are indexed), merged
    new_ids = list(
        session.scalars(
            select(Record.id).order_by(Record.created_at.desc(), Record.id.desc()).limit(limit)
        )
    )
    edited_ids = list(
        session.scalars(
            select(Record.id)
            .where(Record.updated_at.is_not(None))
            .order_by(Record.updated_at.desc(), Record.id.desc())
            .limit(limit)
        )
    )
    ids = set(new_ids) | set(edited_ids)
    if not ids:
        return []
    records = list(session.scalars(select(Record).where(Record.id.in_(ids))))
    out = []
    for r in records:
        updated = r.updated_at is not None and r.updated_at > r.created_at
        at = r.updated_at if updated and r.updated_at is not None else r.created_at
        by = r.updated_by if updated else r.created_by
        out.append(Activity(RecordBrief.of(r, home), at, updated, by))
    out.sort(key=lambda a: (a.at, a.record.id), reverse=True)
    return out[:limit]


def open_commitments(
    session: Session, review: str = "accepted", limit: int = 20
) -> tuple[list[OpenCommitment], int]:
    """Open commitments of agreements in scope, soonest due first; and how many in all."""
    review = check_review(review)
    conds = [Commitment.status == "open", in_review(review)]
    base = select(Commitment).join(Agreement, Agreement.id == Commitment.agreement_id)
    total = (
        session.scalar(
            select(func.count())
            .select_from(Commitment)
            .join(Record, Record.id == Commitment.agreement_id)
            .where(*conds)
        )
        or 0
    )
    rows = list(
        session.scalars(
            base.where(*conds)
            .order_by(Commitment.due.is_(None), Commitment.due, Commitment.id)
            .limit(limit)
        )
    )
    home = home_id(session)
    agreements = {
        a.id: RecordBrief.of(a, home)
        for a in session.scalars(
            select(Agreement).where(Agreement.id.in_({c.agreement_id for c in rows}))
        )
    }
    return [
        OpenCommitment(c.id, c.text, c.area, c.due, agreements[c.agreement_id]) for c in rows
    ], total


def stats(
    session: Session, review: str | None = None, latest: int = 10, commitments: int = 20
) -> Stats:
    """Every dashboard figure for records in the review scope (accepted by default)."""
    scope = check_review(review)
    home = home_id(session)
    counts: Counter[str] = Counter()
    types: Counter[tuple[str, str]] = Counter()
    years: Counter[tuple[str, str]] = Counter()
    for kind, type_, year, n in _kind_type_year(session, scope):
        counts[kind] += n
        if type_:
            types[(kind, type_)] += n
        if year and kind in DATED_KINDS:
            years[(year, kind)] += n
    review_counts = dict(
        session.execute(
            select(Record.review_state, func.count()).group_by(Record.review_state)
        ).all()
    )
    kind_order = {k: i for i, k in enumerate(KINDS)}
    items, total = open_commitments(session, scope, commitments)
    return Stats(
        review=scope,
        counts={k: counts[k] for k in KINDS},
        review_counts={s: review_counts.get(s, 0) for s in ("proposed", "accepted", "rejected")},
        places=session.scalar(select(func.count()).select_from(Place)) or 0,
        documents=session.scalar(select(func.count()).select_from(Document)) or 0,
        by_year=[
            YearCount(y, k, n)
            for (y, k), n in sorted(years.items(), key=lambda x: (x[0][0], kind_order[x[0][1]]))
        ],
        by_region=_by_region(session, scope, home),
        by_type=[
            TypeCount(k, t, n)
            for (k, t), n in sorted(
                types.items(), key=lambda x: (kind_order[x[0][0]], -x[1], x[0][1])
            )
        ],
        by_area=_by_area(session, scope),
        latest=latest_activity(session, latest),
        open_commitments=items,
        open_commitments_total=total,
    )
