"""Pages of records and places: filters, search, sorting and paging, in one query each.

The web pages and the JSON API both list through here, so they show the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from citydip.errors import InputError
from citydip.store.agreements import Agreement
from citydip.store.engagements import Engagement
from citydip.store.names import norm_name
from citydip.store.networks import Membership
from citydip.store.places import Place, PlaceName
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import Relationship

MAX_PER_PAGE = 200
KINDS: dict[str, type[Record]] = {
    "relationships": Relationship,
    "agreements": Agreement,
    "engagements": Engagement,
    "memberships": Membership,
}
KIND_OF = {
    "relationships": "relationship",
    "agreements": "agreement",
    "engagements": "engagement",
    "memberships": "membership",
}
_T = Record.__table__.c
DATE_COLUMN = {
    "relationships": _T.since,
    "agreements": _T.date,
    "engagements": _T.start,
    "memberships": _T.since,
}
SORTS = ("-date", "date", "-id", "id", "type", "-type")


@dataclass(frozen=True)
class RecordFilter:
    """What a list of records is narrowed to; every field is optional."""

    q: str | None = None  # words in the title or summary, or a party's name
    type: str | None = None
    area: str | None = None
    review: str | None = None
    place_id: int | None = None  # a party, the location, the member or the network
    year: int | None = None  # of the record's date (since, date, start)
    status: str | None = None


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _check_paging(page: int, per_page: int) -> None:
    if page < 1:
        raise InputError("page numbers start at 1", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InputError(f"per_page must be between 1 and {MAX_PER_PAGE}", field="per_page")


def _place_match(place_id: int) -> ColumnElement[bool]:
    parties = select(RecordParty.record_id).where(RecordParty.place_id == place_id)
    return or_(
        Record.id.in_(parties),
        _T.location_id == place_id,
        _T.member_id == place_id,
        _T.network_id == place_id,
    )


def _where(what: str, f: RecordFilter) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Record.kind == KIND_OF[what]]
    if f.type:
        conds.append(Record.type == f.type)
    if f.review:
        conds.append(Record.review_state == f.review)
    if f.status and what in ("agreements", "engagements"):
        conds.append(_T.status == f.status)
    if f.area:
        conds.append(Record.id.in_(select(RecordArea.record_id).where(RecordArea.area == f.area)))
    if f.place_id is not None:
        conds.append(_place_match(f.place_id))
    if f.year is not None:
        column = DATE_COLUMN[what]
        conds.append(column >= f"{f.year:04d}")
        conds.append(column < f"{f.year + 1:04d}")
    if f.q and f.q.strip():
        words = f"%{f.q.strip().lower()}%"
        named = (
            select(RecordParty.record_id)
            .join(PlaceName, PlaceName.place_id == RecordParty.place_id)
            .where(PlaceName.norm == norm_name(f.q))
        )
        conds.append(
            or_(
                func.lower(Record.title).like(words),
                func.lower(Record.summary).like(words),
                Record.id.in_(named),
            )
        )
    return conds


def _ordered(query: Select[Any], what: str, sort: str) -> Select[Any]:
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}", field="sort")
    column = {"date": DATE_COLUMN[what], "id": Record.id, "type": Record.type}[sort.lstrip("-")]
    if sort.startswith("-"):
        return query.order_by(column.desc(), Record.id.desc())
    return query.order_by(column, Record.id)


def page_records(
    session: Session,
    what: str,
    filters: RecordFilter = RecordFilter(),
    sort: str = "-date",
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """One page of records of a kind ('engagements', ...) and how many match in all."""
    if what not in KINDS:
        raise InputError(f"no record kind {what!r}; one of {', '.join(KINDS)}", field="kind")
    _check_paging(page, per_page)
    conds = _where(what, filters)
    total = session.scalar(select(func.count()).select_from(Record).where(*conds)) or 0
    ids = list(
        session.scalars(
            _ordered(select(Record.id).where(*conds), what, sort)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    rows = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))}
    return Page([rows[i] for i in ids if i in rows], total, page, per_page)


def page_places(
    session: Session,
    q: str | None = None,
    country: str | None = None,
    level: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """One page of places (by name), narrowed by a name, a country and a level."""
    _check_paging(page, per_page)
    conds: list[ColumnElement[bool]] = []
    if country:
        conds.append(Place.country == country.strip().upper())
    if level:
        conds.append(Place.level == level)
    if q and q.strip():
        norm = norm_name(q)
        conds.append(
            Place.id.in_(select(PlaceName.place_id).where(PlaceName.norm.like(f"{norm}%")))
        )
    total = session.scalar(select(func.count()).select_from(Place).where(*conds)) or 0
    items = list(
        session.scalars(
            select(Place)
            .where(*conds)
            .order_by(Place.name, Place.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items, total, page, per_page)
