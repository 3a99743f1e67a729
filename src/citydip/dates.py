"""Partial ISO dates: YYYY, YYYY-MM or YYYY-MM-DD, as precise as a text allows and no more.

They are kept as strings: ISO partial dates sort correctly as text, and a string keeps the
precision a document gave.
"""

from __future__ import annotations

import datetime as dt
import re

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: str) -> str:
    """Check `value` is a real partial ISO date and return it; raise ValueError otherwise."""
    m = _PARTIAL.match(value.strip()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"not a date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"impossible date {value!r}: month {month}")
    if day is not None:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"impossible date {value!r}: day {day} of {year}-{month}") from None
    return value.strip()


def compatible(a: str | None, b: str | None) -> bool:
    """True when one date is a prefix of the other (or either is unknown)."""
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def more_precise(a: str | None, b: str | None) -> str | None:
    """The more precise of two compatible dates (a wins ties)."""
    if a is None:
        return b
    if b is None:
        return a
    return b if len(b) > len(a) and b.startswith(a) else a
