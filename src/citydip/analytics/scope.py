"""What every view is narrowed to: the review state of the records it counts, and the home.

Views count accepted records unless asked otherwise (`review="all"`, or one state): the
figures an office reports are the ones a person has checked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, true
from sqlalchemy.orm import Session

from citydip.errors import InputError
from citydip.store.records import Record
from citydip.store.registry import get_home

DEFAULT_REVIEW = "accepted"
REVIEW_CHOICES = ("accepted", "proposed", "rejected", "all")
T = Record.__table__.c

# the date a record of each kind is placed in time by
RECORD_DATE = case(
    (Record.kind == "agreement", T.date),
    (Record.kind == "engagement", T.start),
    else_=T.since,
)


def check_review(review: str | None) -> str:
    """A review scope ('accepted', 'proposed', 'rejected' or 'all'); None means the default."""
    review = review or DEFAULT_REVIEW
    if review not in REVIEW_CHOICES:
        raise InputError(f"review must be one of {', '.join(REVIEW_CHOICES)}", field="review")
    return review


def in_review(review: str, column: Any = None) -> ColumnElement[bool]:
    """The condition on a review_state column (the records' by default) for a scope."""
    col = Record.review_state if column is None else column
    return true() if review == "all" else col == review


def year_of(column: Any) -> Any:
    """The year (4 characters) of a partial ISO date column."""
    return func.substr(column, 1, 4)


def home_id(session: Session) -> int | None:
    home = get_home(session)
    return home.id if home else None


def check_year(value: int | None, field: str = "year") -> int | None:
    if value is not None and not 1 <= value <= 9999:
        raise InputError("a year is a number from 1 to 9999", field=field)
    return value
