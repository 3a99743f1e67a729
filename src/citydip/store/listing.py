"""Pages of records and places: filters, search, sorting and paging, in a few queries each.

The web pages and the JSON API both list through here, so they show the same rows.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import Session, selectinload

from citydip.errors import FieldErrors, InputError
from citydip.store.agreements import Agreement
from citydip.store.datasets import registry_places
from citydip.store.engagements import Engagement
from citydip.store.names import after_prefix, norm_name
from citydip.store.networks import Membership
from citydip.store.places import Place, PlaceName
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import STATUS_OF_EVENT, Relationship, RelationshipEvent
from citydip.taxonomy import load_taxonomy

MAX_PER_PAGE = 200
MAX_PAGE = 10**7
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
MAX_QUERY = 200  # characters of a search
# A list counts its matches up to this many ("10,000+" beyond): an exact count of a million
# rows costs more than the page itself, and no one pages that far by number.
COUNT_CAP = 10_000
MANY = 20_000  # records of a place beyond which its list walks the records in order
REVIEW_STATES = ("proposed", "accepted", "rejected")
LEVELS = ("city", "region", "country", "organization")
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
TYPE_LIST = {
    "relationships": "relationship_types",
    "agreements": "agreement_types",
    "engagements": "engagement_types",
}
STATUSES = {
    "relationships": ("active", "strained", "terminated"),  # derived from the tie's events
    "agreements": ("happened", "planned", "cancelled"),
    "engagements": ("happened", "planned", "cancelled"),
}


V = TypeVar("V")


class Memo(Protocol):
    """What keeps a result until the registry changes (the web app's views' cache,
    `analytics.cache.ViewCache`, is one)."""

    def get(self, session: Session, key: Hashable, compute: Callable[[Session], V]) -> V: ...


@dataclass(frozen=True)
class RecordFilter:
    """What a list of records is narrowed to; every field is optional."""

    q: str | None = None  # words in the title or summary, or the name of a place in it
    type: str | None = None
    area: str | None = None
    review: str | None = None
    place_id: int | None = None  # a party, the location, the member or the network
    year: int | None = None  # of the record's date (since, date, start)
    status: str | None = None


@dataclass
class Page:
    items: list[Any]
    total: int  # matches counted (at least this many when not `exact`)
    page: int
    per_page: int
    exact: bool = True  # False: there are more than `total` (counted up to COUNT_CAP)

    @property
    def pages(self) -> int:
        """Pages of the matches counted (one more while there may be others beyond)."""
        counted = max(1, -(-self.total // self.per_page))
        return counted if self.exact else max(counted, self.page + 1)


def _check_paging(page: int, per_page: int) -> None:
    if not 1 <= page <= MAX_PAGE:
        raise InputError(f"page must be between 1 and {MAX_PAGE:,}", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InputError(f"per_page must be between 1 and {MAX_PER_PAGE}", field="per_page")


def _check_text(name: str, value: str | None, errors: list[tuple[str, str]]) -> None:
    if value is not None and ("\x00" in value or len(value) > MAX_QUERY):
        errors.append((name, f"at most {MAX_QUERY} characters, and no NUL character"))


def _check_filters(what: str, f: RecordFilter) -> None:
    """FieldErrors naming each filter whose value no record of `what` could have."""
    errors: list[tuple[str, str]] = []
    tax = load_taxonomy()
    _check_text("q", f.q, errors)
    if f.type:
        if what not in TYPE_LIST:
            errors.append(("type", f"{what} have no type"))
        elif f.type not in tax.codes(TYPE_LIST[what]):
            known = ", ".join(tax.codes(TYPE_LIST[what]))
            errors.append(("type", f"unknown type {f.type!r} of {what}; one of {known}"))
    if f.area and f.area not in tax.codes("cooperation_areas"):
        known = ", ".join(tax.codes("cooperation_areas"))
        errors.append(("area", f"unknown cooperation area {f.area!r}; one of {known}"))
    if f.review and f.review not in REVIEW_STATES:
        errors.append(("review", f"review must be one of {', '.join(REVIEW_STATES)}"))
    if f.status:
        allowed = STATUSES.get(what, ())
        if not allowed:
            errors.append(("status", f"{what} have no status"))
        elif f.status not in allowed:
            errors.append(("status", f"status of {what} must be one of {', '.join(allowed)}"))
    if f.year is not None and not 1 <= f.year <= 9999:
        errors.append(("year", "year must be between 1 and 9999"))
    if f.place_id is not None and not 1 <= f.place_id <= MAX_ID:
        errors.append(("place", f"place must be an id between 1 and {MAX_ID}"))
    if errors:
        raise FieldErrors(errors)


def _like(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere, its own % and _ taken literally."""
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


# Collations that compare text by code point (SQLite's BINARY compares UTF-8 bytes, which
# is the same order): PostgreSQL's libc "C"/"POSIX", glibc's C.UTF-8, the builtin provider.
_CODE_POINT_COLLATIONS = frozenset({"c", "posix", "c.utf-8", "c.utf8"})
_code_point_order: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _sorts_by_code_point(session: Session) -> bool:
    """Whether the database orders text by code point (asked once per engine)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    known = _code_point_order.get(engine)
    if known is not None:
        return known
    if engine.dialect.name == "sqlite":
        known = True
    elif engine.dialect.name == "postgresql":
        version = session.connection().dialect.server_version_info or (0,)
        provider = "datlocprovider" if version >= (15,) else "'c'"  # before 15: libc only
        row = session.execute(
            text(
                f"SELECT {provider}, datcollate FROM pg_database WHERE datname = current_database()"
            )
        ).one()
        known = row[0] == "b" or (row[0] == "c" and row[1].lower() in _CODE_POINT_COLLATIONS)
    else:
        known = False
    _code_point_order[engine] = known
    return known


def _starts(session: Session, column: Any, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`. Where the database orders text by code point, as a
    range (`>= 'se' AND < 'sf'`), which an index on the column answers; `LIKE 'se%'` reads
    every row on SQLite (its LIKE ignores ASCII case, so it cannot use a binary index) and
    on PostgreSQL outside the "C" collation. Exact either way: the column holds normalised
    names (`norm_name`), as the prefix is."""
    if not _sorts_by_code_point(session):
        return cast(ColumnElement[bool], column.like(_like(prefix)[1:], escape="/"))
    after = after_prefix(prefix)
    return column >= prefix if after is None else and_(column >= prefix, column < after)


def _involves(place_ids: Select[Any]) -> ColumnElement[bool]:
    """The record involves one of `place_ids`: as a party, location, member or network."""
    parties = select(RecordParty.record_id).where(RecordParty.place_id.in_(place_ids))
    return or_(
        Record.id.in_(parties),
        _T.location_id.in_(place_ids),
        _T.member_id.in_(place_ids),
        _T.network_id.in_(place_ids),
    )


def involving(place_id: int, many: bool = False) -> ColumnElement[bool]:
    """Records a place is a party, the location, the member or the network of. For most
    places a union of four index lookups (an OR
    of them makes both backends walk every record of the kind and test each); for a place
    in `many` records (the home city) the OR, which a walk of the records in order meets
    at once, where the union would gather a million ids first."""
    if many:  # each record in turn: is the place among its parties (a primary-key probe)
        party = (
            select(RecordParty.record_id)
            .where(RecordParty.record_id == Record.id, RecordParty.place_id == place_id)
            .exists()
        )
        return or_(
            party,
            _T.location_id == place_id,
            _T.member_id == place_id,
            _T.network_id == place_id,
        )
    ids = union(
        select(RecordParty.record_id).where(RecordParty.place_id == place_id),
        select(Record.id).where(_T.location_id == place_id),
        select(Record.id).where(_T.member_id == place_id),
        select(Record.id).where(_T.network_id == place_id),
    )
    return Record.id.in_(ids)


def in_many(
    session: Session, place_id: int, memo: Memo | None = None, threshold: int = MANY
) -> bool:
    """Whether a place is a party to, or the location of, more than `threshold` records
    (each counted no further; with a `memo`, counted once until the registry changes)."""
    if threshold == MANY:
        return any(n > MANY for n in reach(session, place_id, memo))
    return any(n > threshold for n in _reach(session, place_id, threshold))


def reach(session: Session, place_id: int, memo: Memo | None = None) -> tuple[int, int]:
    """`_reach` up to MANY; kept in `memo` (if given) until the registry changes: it
    decides only how a place's records are walked, and the home city's count shortcut."""
    if memo is None:
        return _reach(session, place_id, MANY)
    return memo.get(session, ("a place's reach", place_id), lambda s: _reach(s, place_id, MANY))


def _reach(session: Session, place_id: int, threshold: int) -> tuple[int, int]:
    """How many records a place is a party to, and how many engagements it is the location
    of (only engagements have one), each counted up to `threshold` + 1; the second is 0,
    uncounted, when the first is past the threshold."""
    parties = _count(
        session,
        select(RecordParty.record_id).where(RecordParty.place_id == place_id),
        threshold + 1,
    )
    if parties > threshold:
        return parties, 0
    return parties, _count(
        session, select(Record.id).where(_T.location_id == place_id), threshold + 1
    )


def _tie_status_is(status: str) -> ColumnElement[bool]:
    """A tie's status is `status`, as `Relationship.status` derives it: its latest event
    that says (a strained period with an end is over), else active. Set-based (the latest
    event of every tie at once), so that it stays fast with many ties."""
    ev = RelationshipEvent.__table__.c
    ranked = (
        select(
            ev.relationship_id,
            ev.type,
            ev.end,
            func.row_number()
            .over(
                partition_by=ev.relationship_id,
                order_by=(func.coalesce(ev.date, ev.start, "").desc(), ev.position.desc()),
            )
            .label("n"),
        )
        .where(ev.type.in_(list(STATUS_OF_EVENT)))
        .subquery()
    )
    said = case(
        (and_(ranked.c.type == "strained", ranked.c.end.is_not(None)), "active"),
        (ranked.c.type.in_(["strained", "terminated"]), ranked.c.type),
        else_="active",
    )
    latest = select(ranked.c.relationship_id).where(ranked.c.n == 1)
    if status == "active":  # no event says otherwise, or none says anything
        return Record.id.not_in(latest.where(said != "active"))
    return Record.id.in_(latest.where(said == status))


def _where(what: str, f: RecordFilter, many: bool = False) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Record.kind == KIND_OF[what]]
    if f.type:
        conds.append(Record.type == f.type)
    if f.review:
        conds.append(Record.review_state == f.review)
    if f.status and what == "relationships":
        conds.append(_tie_status_is(f.status))
    elif f.status:
        conds.append(_T.status == f.status)
    if f.area:
        conds.append(Record.id.in_(select(RecordArea.record_id).where(RecordArea.area == f.area)))
    if f.place_id is not None:
        conds.append(involving(f.place_id, many))
    if f.year is not None:
        column = DATE_COLUMN[what]
        conds.append(column >= f"{f.year:04d}")
        conds.append(column < f"{f.year + 1:04d}")
    if f.q and f.q.strip():
        words = _like(f.q.strip().lower())
        named = select(PlaceName.place_id).where(PlaceName.norm == norm_name(f.q))
        conds.append(
            or_(
                func.lower(Record.title).like(words, escape="/"),
                func.lower(Record.summary).like(words, escape="/"),
                _involves(named),
            )
        )
    return conds


def _sort_column(what: str, sort: str) -> Any:
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}", field="sort")
    return {"date": DATE_COLUMN[what], "id": Record.id, "type": Record.type}[sort.lstrip("-")]


def _ids(session: Session, query: Select[Any], desc: bool, limit: int, offset: int) -> list[int]:
    if limit <= 0:
        return []
    order = Record.id.desc() if desc else Record.id
    return list(session.scalars(query.order_by(order).limit(limit).offset(offset)))


def page_records(
    session: Session,
    what: str,
    filters: RecordFilter = RecordFilter(),
    sort: str = "-date",
    page: int = 1,
    per_page: int = 50,
    load: Callable[[Session, list[int]], list[Any]] | None = None,
    memo: Memo | None = None,
) -> Page:
    """One page of records of a kind ('engagements', ...) and how many match in all
    (counted up to COUNT_CAP: `Page.exact` says whether there are more). `load` reads the
    page's records from their ids (default: ORM records; the API reads rows).

    With a `memo`, that a list has more matches than COUNT_CAP is kept there, so that its
    next pages (and the same list asked again) are not counted again until the registry
    changes: the count was 20–25 % of a page of a million engagements. A list within the
    cap is counted every time (its total is exact, and shown as such). A place's reach (how
    many records it takes part in, up to MANY) is kept there too.

    Sorted by the column, then id; records without a value (an undated record) come last
    in either direction, on every backend. The records with a value and those without are
    read with a query each, so that each can read an index in order (on a big registry,
    `ORDER BY start DESC NULLS LAST` would sort every engagement for each page).
    """
    if what not in KINDS:
        raise InputError(f"no record kind {what!r}; one of {', '.join(KINDS)}", field="kind")
    _check_paging(page, per_page)
    _check_filters(what, filters)
    column = _sort_column(what, sort)
    desc = sort.startswith("-")
    parties = located = 0
    if filters.place_id is not None:
        parties, located = reach(session, filters.place_id, memo)
    conds = _where(what, filters, many=max(parties, located) > MANY)
    offset = (page - 1) * per_page
    if column is Record.id:
        ids = _ids(session, select(Record.id).where(*conds), desc, per_page, offset)
    else:
        have = select(Record.id).where(*conds, column.is_not(None))
        ordered = have.order_by(column.desc() if desc else column)
        ids = _ids(session, ordered, desc, per_page, offset)
        if len(ids) < per_page:  # past the records with a value: on to those without
            valued = offset + len(ids) if ids else _count(session, have, offset + 1)
            lacking = select(Record.id).where(*conds, column.is_(None))
            ids += _ids(session, lacking, desc, per_page - len(ids), max(0, offset - valued))
    if (
        what == "engagements"
        and located > COUNT_CAP
        and filters == RecordFilter(place_id=filters.place_id)
    ):
        # every engagement at the place matches (the home city's list): more than the cap,
        # known without walking the place's records again to count them
        counted = COUNT_CAP + 1
    else:
        counted = _count_matches(session, what, filters, conds, memo)
    if counted <= COUNT_CAP:
        total, exact = counted, True
    elif ids and len(ids) < per_page:  # the last page: every match is before its end
        total, exact = offset + len(ids), True
    else:
        total, exact = max(COUNT_CAP, offset + len(ids)), False
    return Page((load or _records)(session, ids), total, page, per_page, exact)


def _count_matches(
    session: Session,
    what: str,
    filters: RecordFilter,
    conds: list[ColumnElement[bool]],
    memo: Memo | None,
) -> int:
    """How many records match, counted no further than COUNT_CAP + 1."""
    query = select(literal(1)).select_from(Record).where(*conds)
    if memo is None:
        return _count(session, query, COUNT_CAP + 1)
    counted: int | None = None

    def over_cap(s: Session) -> bool:
        nonlocal counted
        counted = _count(s, query, COUNT_CAP + 1)
        return counted > COUNT_CAP

    if memo.get(session, ("records over the count cap", what, filters), over_cap):
        return COUNT_CAP + 1
    return counted if counted is not None else _count(session, query, COUNT_CAP + 1)


def _count(session: Session, query: Select[Any], limit: int) -> int:
    """How many rows `query` gives, counted no further than `limit`."""
    bounded = query.limit(limit).subquery()
    return int(session.scalar(select(func.count()).select_from(bounded)) or 0)


def _records(session: Session, ids: list[int]) -> list[Record]:
    """The records of `ids`, in that order, with what they show loaded in a few queries
    (one per collection for the whole page, never one per record)."""
    if not ids:
        return []
    rows = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def page_places(
    session: Session,
    q: str | None = None,
    country: str | None = None,
    level: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page:
    """One page of places (by name), narrowed by the start of a name, a country and a level."""
    _check_paging(page, per_page)
    errors: list[tuple[str, str]] = []
    _check_text("q", q, errors)
    if country and not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        errors.append(("country", "country must be a two-letter code such as KR"))
    if level and level not in LEVELS:
        errors.append(("level", f"level must be one of {', '.join(LEVELS)}"))
    if errors:
        raise FieldErrors(errors)
    conds: list[ColumnElement[bool]] = []
    keep = registry_places(session)  # not the places only an imported dataset names
    if keep is not None:
        conds.append(keep)
    if country:
        conds.append(Place.country == country.strip().upper())
    if level:
        conds.append(Place.level == level)
    if q and q.strip():
        named = select(PlaceName.place_id).where(_starts(session, PlaceName.norm, norm_name(q)))
        conds.append(Place.id.in_(named))
    total = session.scalar(select(func.count()).select_from(Place).where(*conds)) or 0
    items = list(
        session.scalars(
            select(Place)
            .options(selectinload(Place.names))  # its aliases: one query, not one per place
            .where(*conds)
            .order_by(Place.name, Place.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items, total, page, per_page)
