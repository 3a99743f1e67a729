"""Relationship health: for every tie of the home city, its activity by year, its trend,
the years since the last contact; dormant and name-only ties; ranked by a score.

Definitions (the records counted are those in the review scope, accepted by default):

- **Tie**: a relationship (sister, friendship, partnership) between the home city and one
  partner place. Ties between two other places are not the home city's and are left out;
  without a home city there are no ties to look at.
- **Activity** of a tie in a year: the agreements (by their date) and engagements (by their
  start) that involve the partner — as a party, or as an engagement's location — dated in
  that year, each counted once and weighted by its type (`WEIGHTS`: an agreement weighs 3,
  a sister-city or friendship agreement 4, an official visit 2, policy sharing, training,
  aid and personnel exchange 2, a conference 0.5 — many cities at once —, any other
  engagement 1). The tie's own events (established, renewed, anniversary, ...) are not
  activity. Undated records have no year and are left out.
- **Years** of a tie: from the first of its since and its first activity to the current
  year (`today`, a parameter so that results are reproducible).
- **Trend**: the least-squares slope of the weighted activity over the last `window` years
  (default 10), relative to that window's mean activity (at least 1): rising at +10 % a year
  or more, falling at −10 % or less, steady in between; `none` with no activity in the window.
- **Years since last contact**: the current year less the year of the latest activity
  (None: never).
- **Dormant**: no activity in the last `dormant_years` years (default 5), for a tie at least
  that old and not terminated.
- **Name-only**: no agreement or engagement with the partner ever.
- **Score** (the ranking): the weighted activity of the last `window` years, each year
  weighing half as much as the one after it every 5 years back (a year k years ago weighs
  0.5^(k/5)); ties are ranked by score, then by the latest contact, then by id.

Two GROUP BY queries read the whole analysis (the ties with their partners and events; the
partners' activity by year, from the places of the records: `store.facts.RecordPlace`,
brought up to date by `analytics.facts.refresh`); nothing is read per tie.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from citydip.analytics import facts
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.collector import no_gc
from citydip.analytics.scope import (
    T,
    check_review,
    home_id,
    in_review,
)
from citydip.errors import InputError
from citydip.store.facts import RecordPlace
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.relationships import STATUS_OF_EVENT, RelationshipEvent

AGREEMENT_WEIGHT = 3.0
WEIGHTS: dict[str, float] = {
    "sister_city_agreement": 4.0,
    "friendship_agreement": 4.0,
    "official_visit": 2.0,
    "policy_sharing": 2.0,
    "training_program": 2.0,
    "aid": 2.0,
    "personnel_exchange": 2.0,
    "conference": 0.5,
}
ENGAGEMENT_WEIGHT = 1.0
TRENDS = ("rising", "steady", "falling", "none")
SLOPE_THRESHOLD = 0.10  # of the window's mean activity, per year
HALF_LIFE = 5.0  # years: the score's weight of a year halves every HALF_LIFE years back
MAX_LIMIT = 100_000
UNDATED = 0  # the year key of undated activity (no year on the chart, but not name-only)


def weight(kind: str, type_: str | None) -> float:
    """The weight of one agreement or engagement of a type."""
    default = AGREEMENT_WEIGHT if kind == "agreement" else ENGAGEMENT_WEIGHT
    return WEIGHTS.get(type_ or "", default)


@dataclass(frozen=True)
class YearActivity:
    year: int
    agreements: int
    engagements: int
    weighted: float


@dataclass(frozen=True)
class TieHealth:
    tie_id: int
    type: str | None
    since: str | None
    status: str  # active, strained or terminated (store.relationships)
    review_state: str
    partner: PlaceBrief
    years: tuple[YearActivity, ...]  # every year from the tie's start to today's year
    agreements: int  # in all years
    engagements: int
    score: float
    slope: float | None  # weighted activity per year over the window (None: one year)
    trend: str  # rising, steady, falling or none
    last_year: int | None  # of the latest activity
    years_since: int | None  # today's year less last_year
    dormant: bool
    name_only: bool


@dataclass(frozen=True)
class Health:
    today: dt.date
    review: str
    dormant_years: int
    window: int
    total: int  # ties of the home city in scope
    counts: dict[str, int]  # dormant, name_only, and each trend → ties
    ties: list[TieHealth]  # ranked, the first `limit`
    years: tuple[int, ...] = field(default=())  # the years of the window


def slope(values: list[float]) -> float | None:
    """The least-squares slope of equally spaced values (None for fewer than two)."""
    n = len(values)
    if n < 2:
        return None
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    sxx = sum((x - mean_x) ** 2 for x in range(n))
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    return sxy / sxx


def trend_of(values: list[float]) -> tuple[float | None, str]:
    """(slope, trend word) of a window's weighted activity, oldest year first."""
    if not any(values):
        return slope(values), "none"
    s = slope(values)
    if s is None:
        return None, "steady"
    level = max(sum(values) / len(values), 1.0)
    if s >= SLOPE_THRESHOLD * level:
        return s, "rising"
    if s <= -SLOPE_THRESHOLD * level:
        return s, "falling"
    return s, "steady"


def status_of(events: list[tuple[str, int, str, str | None]]) -> str:
    """A tie's status from its events (type, position, date, end) — the rule of
    store.relationships.Relationship.status, on rows instead of loaded events."""
    status = "active"
    for type_, _, _, end in sorted(events, key=lambda e: (e[2], e[1])):
        if type_ in STATUS_OF_EVENT:
            status = STATUS_OF_EVENT[type_]
            if type_ == "strained" and end:
                status = "active"
    return status


def _year(value: object) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


@dataclass
class _Tie:
    id: int
    type: str | None
    since: str | None
    review_state: str
    partner: int
    events: list[tuple[str, int, str, str | None]] = field(default_factory=list)


def _tie_rows(home: int, review: str, *columns: Any) -> Any:
    """A select of the home city's ties in scope joined to their partner parties."""
    mine = aliased(RecordParty)
    other = aliased(RecordParty)
    return (
        select(*columns, other.place_id)
        .join(mine, mine.record_id == Record.id)
        .join(other, other.record_id == Record.id)
        .where(
            Record.kind == "relationship",
            in_review(review),
            mine.place_id == home,
            other.place_id != home,
        )
    )


def _partner_ids(home: int, review: str) -> Any:
    """A select of the partners of the home city's ties in scope (for IN)."""
    tie = aliased(Record)
    mine = aliased(RecordParty)
    other = aliased(RecordParty)
    return (
        select(other.place_id)
        .select_from(tie)
        .join(mine, mine.record_id == tie.id)
        .join(other, other.record_id == tie.id)
        .where(
            tie.kind == "relationship",
            in_review(review, tie.review_state),
            mine.place_id == home,
            other.place_id != home,
        )
        .distinct()
        .correlate(None)
    )


def _ties(session: Session, home: int, review: str) -> list[_Tie]:
    """The home city's ties in scope, each with its (first) partner and its events."""
    query = _tie_rows(home, review, Record.id, Record.type, T.since, Record.review_state)
    rows = session.execute(query.order_by(Record.id))
    ties: dict[int, _Tie] = {}
    for rid, type_, since, state, partner in rows:
        ties.setdefault(rid, _Tie(rid, type_, since, state, partner))
    if not ties:
        return []
    mine = aliased(RecordParty)  # the home city's ties in scope (not a list of 5,000 ids)
    tie_ids = (
        select(mine.record_id)
        .join(Record, Record.id == mine.record_id)
        .where(mine.place_id == home, Record.kind == "relationship", in_review(review))
    )
    events = session.execute(
        select(
            RelationshipEvent.relationship_id,
            RelationshipEvent.type,
            RelationshipEvent.position,
            func.coalesce(RelationshipEvent.date, RelationshipEvent.start, ""),
            RelationshipEvent.end,
        ).where(RelationshipEvent.relationship_id.in_(tie_ids))
    )
    for rid, type_, position, date, end in events:
        if rid in ties:
            ties[rid].events.append((type_, position or 0, date, end))
    return list(ties.values())


def _activity(session: Session, partners: Any, review: str) -> dict[int, dict[int, list[float]]]:
    """partner → year (UNDATED: none) → [agreements, engagements, weighted]: one GROUP BY
    over the places of the records (`store.facts.RecordPlace`: each record once a place, a
    party as many times as it is one, the location when it is no party), read by partner
    from its index; `facts.refresh` has brought them up to date."""
    p = RecordPlace
    sums = [
        func.sum(case((p.kind == "agreement", p.n), else_=0)),
        func.sum(p.n),
        func.sum(p.weight * p.n),
    ]
    query = (
        select(p.place_id, p.year, *sums)
        .where(
            p.place_id.in_(partners),
            p.kind.in_(("agreement", "engagement")),
            in_review(review, p.review_state),
        )
        .group_by(p.place_id, p.year)
    )
    found: dict[int, dict[int, list[float]]] = defaultdict(dict)
    # all at once: iterating the result would fetch its ~85,000 rows one by one
    for place, y, agreements, n, w in session.connection().execute(query).all():
        cell = found[place].setdefault(y or UNDATED, [0.0, 0.0, 0.0])
        cell[0] += agreements
        cell[1] += n - agreements
        cell[2] += float(w)
    return found


def _places(session: Session, ids: set[int]) -> dict[int, PlaceBrief]:
    out: dict[int, PlaceBrief] = {}
    chunk = sorted(ids)
    for i in range(0, len(chunk), 5000):
        for pid, name, country, level in session.execute(
            select(Place.id, Place.name, Place.country, Place.level).where(
                Place.id.in_(chunk[i : i + 5000])
            )
        ):
            out[pid] = PlaceBrief(pid, name, country, level)
    return out


def health(
    session: Session,
    dormant_years: int = 5,
    window: int = 10,
    limit: int | None = None,
    review: str | None = None,
    today: dt.date | None = None,
) -> Health:
    """The health of every tie of the home city, ranked by score (the first `limit`)."""
    scope = check_review(review)
    if not 1 <= dormant_years <= 100:
        raise InputError("dormant years must be between 1 and 100", field="dormant_years")
    if not 2 <= window <= 100:
        raise InputError("the trend window must be between 2 and 100 years", field="window")
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
    today = today or dt.date.today()
    facts.refresh(session)  # before the pause: a refresh may load many records
    with no_gc():  # ~85,000 (partner, year) cells and 5,000 ties' figures: a quarter less
        return _health(session, scope, dormant_years, window, limit, today)


def _health(
    session: Session, scope: str, dormant_years: int, window: int, limit: int | None, today: dt.date
) -> Health:
    now = today.year
    window_years = tuple(range(now - window + 1, now + 1))
    counts = {k: 0 for k in ("dormant", "name_only", *TRENDS)}
    home = home_id(session)
    ties = _ties(session, home, scope) if home is not None else []
    if home is None or not ties:
        return Health(today, scope, dormant_years, window, 0, counts, [], window_years)
    partners = {t.partner for t in ties}
    activity = _activity(session, _partner_ids(home, scope), scope)
    places = _places(session, partners)
    out = [
        _tie_health(t, activity.get(t.partner, {}), places[t.partner], now, window, dormant_years)
        for t in ties
    ]
    for t in out:
        counts["dormant"] += t.dormant
        counts["name_only"] += t.name_only
        counts[t.trend] += 1
    out.sort(key=lambda t: (-t.score, -(t.last_year or 0), t.tie_id))
    shown = out if limit is None else out[:limit]
    # the activity of every year only for the ties shown (a tuple of ~40 years a tie)
    by_tie = {t.id: t for t in ties}
    shown = [
        replace(t, years=_years(by_tie[t.tie_id], activity.get(t.partner.id, {}), now))
        for t in shown
    ]
    return Health(today, scope, dormant_years, window, len(out), counts, shown, window_years)


def _first_and_last(tie: _Tie, by_year: dict[int, list[float]], now: int) -> tuple[int, int | None]:
    active = [y for y, c in by_year.items() if (c[0] or c[1]) and y != UNDATED]
    last_year = max(active) if active else None
    starts = [y for y in (_year(tie.since), min(active) if active else None) if y is not None]
    first = min(min(starts), now) if starts else now
    return first, last_year


def _years(tie: _Tie, by_year: dict[int, list[float]], now: int) -> tuple[YearActivity, ...]:
    """Every year of a tie, from its first to today's (or its last activity's) year."""
    first, last_year = _first_and_last(tie, by_year, now)
    empty = [0.0, 0.0, 0.0]
    return tuple(
        YearActivity(y, int(c[0]), int(c[1]), c[2])
        for y in range(first, max(now, last_year or now) + 1)
        for c in [by_year.get(y, empty)]
    )


@cache
def _decay(window: int) -> tuple[float, ...]:
    """The weight of each year of a window in the score, oldest first (halved every
    HALF_LIFE years back from today's, which weighs 1)."""
    return tuple(0.5 ** ((window - 1 - k) / HALF_LIFE) for k in range(window))


def _tie_health(
    tie: _Tie,
    by_year: dict[int, list[float]],
    partner: PlaceBrief,
    now: int,
    window: int,
    dormant_years: int,
) -> TieHealth:
    first, last_year = _first_and_last(tie, by_year, now)
    empty = [0.0, 0.0, 0.0]
    values = [by_year.get(y, empty)[2] for y in range(now - window + 1, now + 1)]
    s, trend = trend_of(values)
    score = sum(v * d for v, d in zip(values, _decay(window), strict=True))
    status = status_of(tie.events)
    cells = by_year.values()
    recent = last_year is not None and last_year > now - dormant_years
    dormant = not recent and first <= now - dormant_years and status != "terminated"
    return TieHealth(
        tie_id=tie.id,
        type=tie.type,
        since=tie.since,
        status=status,
        review_state=tie.review_state,
        partner=partner,
        years=(),  # filled in for the ties shown (`_years`)
        agreements=int(sum([c[0] for c in cells])),
        engagements=int(sum([c[1] for c in cells])),
        score=round(score, 6),
        slope=None if s is None else round(s, 6),
        trend=trend,
        last_year=last_year,
        years_since=None if last_year is None else now - last_year,
        dormant=dormant,
        name_only=not by_year,
    )
