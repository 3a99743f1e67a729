"""Dashboard figures: counts, records by year, partners by region, types, cooperation areas,
the latest activity and open commitments.

Every figure is a GROUP BY in the database, read from indexes where they serve (see
`figures`); no record is loaded except the few that are listed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from citydip.analytics.briefs import RecordBrief
from citydip.analytics.regions import ORDER as REGION_ORDER
from citydip.analytics.regions import region_of
from citydip.analytics.scope import (
    RECORD_DATE,
    T,
    check_review,
    home_id,
    in_review,
    year_of,
)
from citydip.store.agreements import Agreement, Commitment
from citydip.store.datasets import registry_places
from citydip.store.documents import Document
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.taxonomy import load_taxonomy

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


@dataclass
class Figures:
    """Counts of records: by kind, by (kind, type), by (year, kind) and by area."""

    kinds: Counter[str] = field(default_factory=Counter)
    types: Counter[tuple[str, str]] = field(default_factory=Counter)
    years: Counter[tuple[str, str]] = field(default_factory=Counter)
    areas: Counter[str] = field(default_factory=Counter)

    def __sub__(self, other: Figures) -> Figures:
        return Figures(
            self.kinds - other.kinds,
            self.types - other.types,
            self.years - other.years,
            self.areas - other.areas,
        )


@cache
def _kind_of_type() -> dict[str, str] | None:
    """The record kind of each type code (None if two kinds shared a code)."""
    tax = load_taxonomy()
    found: dict[str, str] = {}
    for kind, name in (
        ("relationship", "relationship_types"),
        ("agreement", "agreement_types"),
        ("engagement", "engagement_types"),
    ):
        for code in tax.codes(name):
            if code in found:
                return None
            found[code] = kind
    return found


def figures_of_all(session: Session) -> Figures:
    """Figures of every record, each from an index alone where there is one (the type
    index, the kind index, the (kind, start) index) rather than a scan of the table."""
    out = Figures()
    out.kinds.update(
        dict(session.execute(select(Record.kind, func.count()).group_by(Record.kind)).all())
    )
    kind_of = _kind_of_type()
    if kind_of is None:
        rows = session.execute(
            select(Record.kind, Record.type, func.count()).group_by(Record.kind, Record.type)
        )
        out.types.update({(k, t): n for k, t, n in rows if t})
    else:
        for type_, n in session.execute(select(Record.type, func.count()).group_by(Record.type)):
            if type_ in kind_of:
                out.types[(kind_of[type_], type_)] += n
    for kind, column in (("relationship", T.since), ("agreement", T.date), ("engagement", T.start)):
        year = year_of(column)
        by_year = session.execute(
            select(year, func.count()).where(Record.kind == kind).group_by(year)
        )
        out.years.update({(y, kind): n for y, n in by_year if y})
    out.areas.update(
        dict(session.execute(select(RecordArea.area, func.count()).group_by(RecordArea.area)).all())
    )
    return out


def figures_in(session: Session, states: Sequence[str]) -> Figures:
    """Figures of the records in some review states (through the review state index)."""
    out = Figures()
    year = year_of(RECORD_DATE)
    rows = session.execute(
        select(Record.kind, Record.type, year, func.count())
        .where(Record.review_state.in_(states))
        .group_by(Record.kind, Record.type, year)
    )
    for kind, type_, y, n in rows:
        out.kinds[kind] += n
        if type_:
            out.types[(kind, type_)] += n
        if y and kind in DATED_KINDS:
            out.years[(y, kind)] += n
    out.areas.update(
        dict(
            session.execute(
                select(RecordArea.area, func.count())
                .join(Record, Record.id == RecordArea.record_id)
                .where(Record.review_state.in_(states))
                .group_by(RecordArea.area)
            ).all()
        )
    )
    return out


def figures(session: Session, review: str, review_counts: dict[str, int]) -> Figures:
    """The figures of a review scope, read the cheaper way: for a scope holding most of the
    records (accepted, usually), every record's figures less the other states' (few rows,
    read through the review state index) instead of a scan that filters every row."""
    if review == "all":
        return figures_of_all(session)
    total = sum(review_counts.values())
    if 2 * review_counts.get(review, 0) <= total:
        return figures_in(session, [review])
    others = [s for s in review_counts if s != review]
    return figures_of_all(session) - (figures_in(session, others) if others else Figures())


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


def _registry_place_count(session: Session) -> int:
    """The registry's places: not those only an imported dataset names."""
    query = select(func.count()).select_from(Place)
    keep = registry_places(session)
    return session.scalar(query if keep is None else query.where(keep)) or 0


def stats(
    session: Session, review: str | None = None, latest: int = 10, commitments: int = 20
) -> Stats:
    """Every dashboard figure for records in the review scope (accepted by default)."""
    scope = check_review(review)
    home = home_id(session)
    review_counts = dict(
        session.execute(
            select(Record.review_state, func.count()).group_by(Record.review_state)
        ).all()
    )
    found = figures(session, scope, review_counts)
    kind_order = {k: i for i, k in enumerate(KINDS)}
    items, total = open_commitments(session, scope, commitments)
    return Stats(
        review=scope,
        counts={k: found.kinds[k] for k in KINDS},
        review_counts={s: review_counts.get(s, 0) for s in ("proposed", "accepted", "rejected")},
        places=_registry_place_count(session),
        documents=session.scalar(select(func.count()).select_from(Document)) or 0,
        by_year=[
            YearCount(y, k, n)
            for (y, k), n in sorted(
                found.years.items(), key=lambda x: (x[0][0], kind_order[x[0][1]])
            )
        ],
        by_region=_by_region(session, scope, home),
        by_type=[
            TypeCount(k, t, n)
            for (k, t), n in sorted(
                found.types.items(), key=lambda x: (kind_order[x[0][0]], -x[1], x[0][1])
            )
        ],
        by_area=[
            AreaCount(a, n) for a, n in sorted(found.areas.items(), key=lambda x: (-x[1], x[0]))
        ],
        latest=latest_activity(session, latest),
        open_commitments=items,
        open_commitments_total=total,
    )
