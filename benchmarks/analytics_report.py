"""Benchmark cases of the annual report (run by benchmarks/analytics.py): the figures of one
year, the list of years, and the HTML laid out from them (no PDF: that is Chromium's time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from citydip.analytics.annual import report_years, year_report
from citydip.reports.annual import year_html

TODAY = dt.date(2026, 12, 31)  # the generated registry's last year
YEAR = 2015


def _html(session: Session) -> object:
    return year_html(year_report(session, YEAR, today=TODAY), "en")


CASES: list[tuple[str, Callable[[Session], object]]] = [
    ("year", lambda session: year_report(session, YEAR, today=TODAY)),
    ("year.all", lambda session: year_report(session, YEAR, review="all", today=TODAY)),
    ("years", report_years),
    ("year.html", _html),
]
