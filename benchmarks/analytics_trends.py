"""Benchmark cases of relationship health and trends (run by benchmarks/analytics.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from citydip.analytics.health import health
from citydip.analytics.trends import trends

TODAY = dt.date(2026, 12, 31)  # the generated registry's last year


def _trends(by: str) -> Callable[[Session], object]:
    return lambda session: trends(session, by)


CASES: list[tuple[str, Callable[[Session], object]]] = [
    ("health", lambda session: health(session, limit=200, today=TODAY)),
    ("trends.mode", _trends("mode")),
    ("trends.direction", _trends("direction")),
    ("trends.dimension", _trends("dimension")),
    ("trends.area", _trends("area")),
    ("trends.region", _trends("region")),
]
