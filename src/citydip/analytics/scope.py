"""What every view is narrowed to: the review state of the records it counts, and the home.

Views count accepted records unless asked otherwise (`review="all"`, or one state): the
figures an office reports are the ones a person has checked.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select, true
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler

import citydip.store.models  # noqa: F401  (the records table with every kind's columns)
from citydip.errors import InputError
from citydip.store.records import Record
from citydip.store.registry import home_id as home_id  # the analyses' home city id

DEFAULT_REVIEW = "accepted"
REVIEW_CHOICES = ("accepted", "proposed", "rejected", "all")
T = Record.__table__.c

# the date a record of each kind is placed in time by
RECORD_DATE = case(
    (Record.kind == "agreement", T.date),
    (Record.kind == "engagement", T.start),
    else_=T.since,
)


def scanned(column: Any) -> Any:
    """A column compared as an expression, which keeps SQLite from reading the records
    through its index (an index walk with a table lookup per row is several times slower
    than a scan of the table when most rows qualify: 2 s against 0.2 s for a million
    engagements)."""
    return column.concat("")


def in_scope(session: Session, review: str) -> ColumnElement[bool]:
    """The review scope; on SQLite the accepted (most records) read by a scan, the others by
    index. (On PostgreSQL an expression would hide the column's statistics from the planner,
    which then expects a few rows and picks nested loops over a million.)"""
    if review == "accepted" and on_sqlite(session):
        return scanned(Record.review_state) == review
    return in_review(review)


def kind_in(session: Session, kinds: tuple[str, ...]) -> ColumnElement[bool]:
    """Records of some kinds, on SQLite read by a scan (see `scanned`)."""
    column = scanned(Record.kind) if on_sqlite(session) else Record.kind
    return column == kinds[0] if len(kinds) == 1 else column.in_(kinds)


def on_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _sqlite_from_hint(self: SQLCompiler, table: Any, text: str | None) -> str | None:
    return text


# SQLAlchemy renders no table hint on SQLite; this renders `with_hint(t, "INDEXED BY ix",
# "sqlite")` after the table's name (hints for other dialects are still left out)
if SQLiteCompiler.get_from_hint_text is SQLCompiler.get_from_hint_text:
    setattr(SQLiteCompiler, "get_from_hint_text", _sqlite_from_hint)  # noqa: B010


def indexed(query: Select[Any], table: Any, index: str) -> Select[Any]:
    """The query reading `table` through `index` on SQLite (INDEXED BY: the planner has no
    statistics of the analysis indexes and would otherwise pick by guess); unchanged on
    other databases."""
    return query.with_hint(table, f"INDEXED BY {index}", "sqlite")


SEP = "\x1f"  # the unit separator, between the tokens of `tally` (in no code or name)


def tally(session: Session, query: Select[Any]) -> Counter[str]:
    """token → rows of a query of one string column (NULL tokens are left out).

    SQLite has no hash aggregation: a GROUP BY sorts every row (≈ 0.4 µs a row, more than
    the query's own reading), so there the rows are read in the index's order as
    one string and counted in Python (a Counter of a million tokens: ≈ 0.1 s); other
    databases GROUP BY."""
    rows = query.subquery("tokens")
    token = rows.c[0]
    if on_sqlite(session):
        joined = session.scalar(select(func.group_concat(token, SEP)).select_from(rows))
        return Counter(joined.split(SEP)) if joined else Counter()
    found: Counter[str] = Counter()
    for value, n in session.execute(
        select(token, func.count()).where(token.is_not(None)).group_by(token)
    ):
        found[value] = int(n)
    return found


def check_review(review: str | None) -> str:
    """A review scope ('accepted', 'proposed', 'rejected' or 'all'); None means the default."""
    review = review or DEFAULT_REVIEW
    if review not in REVIEW_CHOICES:
        raise InputError(f"review must be one of {', '.join(REVIEW_CHOICES)}", field="review")
    return review


def review_states(session: Session, review: str) -> list[str]:
    """The review states of a scope, one by one (so that a query per state reads an index
    on (kind, review_state, ...) in the order of what follows)."""
    if review != "all":
        return [review]
    return sorted(session.scalars(select(Record.review_state).distinct()))


def in_review(review: str, column: Any = None) -> ColumnElement[bool]:
    """The condition on a review_state column (the records' by default) for a scope."""
    col = Record.review_state if column is None else column
    return true() if review == "all" else col == review


def year_of(column: Any) -> Any:
    """The year (4 characters) of a partial ISO date column."""
    return func.substr(column, 1, 4)


def check_year(value: int | None, field: str = "year") -> int | None:
    if value is not None and not 1 <= value <= 9999:
        raise InputError("a year is a number from 1 to 9999", field=field)
    return value
