"""Benchmark cases of the partner briefing dossier (run by benchmarks/analytics.py).

The partner: the home city's busiest tie partner (the place tied to the home city that is a
party to the most records), found once per process by one GROUP BY (its time is in the
first, cold run only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics.briefing import briefing
from citydip.reports.dossier import html_for
from citydip.store.records import Record, RecordParty
from citydip.store.registry import get_home

TODAY = dt.date(2026, 12, 31)  # the generated registry's last year
_busiest: dict[str, int] = {}


def busiest_partner(session: Session) -> int:
    if "id" not in _busiest:
        home = get_home(session)
        assert home is not None, "the benchmark registry has a home city"
        mine, other = aliased(RecordParty), aliased(RecordParty)
        partners = (
            select(other.place_id)
            .join(Record, Record.id == other.record_id)
            .join(mine, (mine.record_id == Record.id) & (mine.place_id == home.id))
            .where(Record.kind == "relationship", other.place_id != home.id)
        )
        found = session.execute(
            select(RecordParty.place_id, func.count().label("n"))
            .where(RecordParty.place_id.in_(partners))
            .group_by(RecordParty.place_id)
            .order_by(func.count().desc(), RecordParty.place_id)
            .limit(1)
        ).first()
        assert found is not None, "the home city has ties"
        _busiest["id"] = found[0]
    return _busiest["id"]


def _briefing(session: Session) -> object:
    return briefing(session, busiest_partner(session), TODAY)


def _html(session: Session) -> object:
    return html_for(session, briefing(session, busiest_partner(session), TODAY), "en")


CASES: list[tuple[str, Callable[[Session], object]]] = [
    ("briefing.busiest_partner", _briefing),
    ("dossier_html.busiest_partner", _html),
]
