"""Trends by year: bilateral vs multilateral, the six dimensions, cooperation areas, world
regions, inbound vs outbound — each as rows (year, group, n, share).

What is counted (records in the review scope, accepted by default; a record's year is the
first four characters of its partial ISO date: an engagement's start, an agreement's date,
a membership's since; undated records have no year and are left out):

- `mode`: engagements, bilateral or multilateral as `store.engagements.mode` derives it
  (multilateral: a conference, a partner that is a network/organization, or three or more
  partners other than the home city). Share: of the year's engagements (sums to 1).
- `direction`: engagements, inbound (located at home), outbound (located at one of its
  partners), elsewhere (located at a third place), unknown (no location, or no home city
  set) as `store.engagements.direction` derives it. Share: of the year's engagements.
- `dimension`: agreements, engagements and memberships, by the taxonomy's rules
  (`analytics.dimensions`). A record may count in several dimensions or in none, so the
  shares (of the year's agreements + engagements + memberships) need not sum to 1.
- `area`: agreements and engagements with each cooperation area; a record with two areas
  counts in both. Share: of the year's agreements + engagements (need not sum to 1).
- `region`: agreements and engagements by the world region of their partners (parties
  other than the home city, and an engagement's location other than home). A record with
  partners in two regions counts in both, in one region once. Regions are those of
  `analytics.regions`, with North America and Latin America grouped as the Americas (the
  issue's list: East Asia, Southeast Asia, Middle East, Europe, Americas, Africa, Oceania;
  South and Central Asia, other and unknown — networks have no country — are kept apart).
  Share: of the year's agreements + engagements (need not sum to 1).

Every year from the first to the last with a counted record is a row for every group seen
(zeros included), so a CSV has no holes. Mode and direction are a few queries read in
index order with no sort (see "SQLite" below and docs/health-and-trends.md); dimension,
area and region are a GROUP BY of the records' facts (`analytics.trend_facts`, derived
tables kept up to date by `analytics.facts`). The plain GROUP BY queries above (`_fast`
false) are the reference the tests compare them with; they count the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from citydip.analytics import dimensions, facts, trend_facts
from citydip.analytics.regions import REGIONS
from citydip.analytics.scope import (
    RECORD_DATE,
    T,
    check_review,
    check_year,
    home_id,
    in_scope,
    kind_in,
    review_states,
)
from citydip.errors import InputError
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.taxonomy import load_taxonomy

BY = ("mode", "dimension", "area", "region", "direction")
MODES = ("bilateral", "multilateral")
DIRECTIONS = ("inbound", "outbound", "elsewhere", "unknown")
AMERICAS = ("north_america", "latin_america")
REGION_GROUPS: tuple[str, ...] = (
    "east_asia",
    "southeast_asia",
    "south_asia",
    "central_asia",
    "middle_east",
    "europe",
    "americas",
    "africa",
    "oceania",
    "other",
    "unknown",
)
ACTIVITY = ("agreement", "engagement")  # the kinds counted by area and by region


@dataclass(frozen=True)
class TrendRow:
    year: int
    group: str  # a mode, direction, dimension, area or region code
    n: int
    share: float  # n / total of the year (0.0 in a year with nothing counted)


@dataclass(frozen=True)
class Trends:
    by: str
    review: str
    groups: tuple[str, ...]  # in display order
    years: tuple[int, ...]
    totals: dict[int, int]  # year → the records counted that year (the share's base)
    rows: list[TrendRow]  # by year, then group order


def check_by(by: str | None) -> str:
    by = by or "mode"
    if by not in BY:
        raise InputError(f"by must be one of {', '.join(BY)}", field="by")
    return by


def region_group(region: str) -> str:
    """A region of analytics.regions as the trends show it (north and latin America as one)."""
    return "americas" if region in AMERICAS else region


def _year_conds(column: Any, year_from: int | None, year_to: int | None) -> list[Any]:
    conds = [column.is_not(None), column != ""]
    if year_from is not None:
        conds.append(column >= f"{year_from:04d}")
    if year_to is not None:
        conds.append(column < f"{year_to + 1:04d}")
    return conds


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def _ones(cond: ColumnElement[bool]) -> Any:
    return func.sum(case((cond, 1), else_=0))


def _multilateral(home: int | None) -> ColumnElement[bool]:
    """store.engagements.mode as a condition: a conference, an organization among the
    partners, or three or more partners other than home."""
    organization = select(RecordParty.record_id).join(Place, Place.id == RecordParty.place_id)
    organization = organization.where(Place.level == "organization")
    if home is not None:
        organization = organization.where(RecordParty.place_id != home)
    three = select(RecordParty.record_id)
    if home is not None:
        three = three.where(RecordParty.place_id != home)
    three = three.group_by(RecordParty.record_id).having(func.count() >= 3)
    return or_(Record.type == "conference", Record.id.in_(organization), Record.id.in_(three))


def _per_year(
    session: Session,
    kinds: tuple[str, ...],
    review: str,
    years: tuple[int | None, int | None],
    sums: list[Any],
) -> dict[int, list[int]]:
    """year → [records counted, *sums] for records of some kinds in scope, by year."""
    date = T.start if kinds == ("engagement",) else RECORD_DATE
    year = func.substr(date, 1, 4)
    query = (
        select(year, func.count(), *sums)
        .where(kind_in(session, kinds), in_scope(session, review), *_year_conds(date, *years))
        .group_by(year)
    )
    found: dict[int, list[int]] = {}
    for y, *values in session.execute(query):
        if (yr := _year(y)) is not None:
            row = found.setdefault(yr, [0] * (1 + len(sums)))
            for i, v in enumerate(values):
                row[i] += int(v or 0)
    return found


def _areas(
    session: Session, review: str, years: tuple[int | None, int | None]
) -> Counter[tuple[int, str]]:
    date = RECORD_DATE
    year = func.substr(date, 1, 4)
    query = (
        select(year, RecordArea.area, func.count())
        .join(Record, Record.id == RecordArea.record_id)
        .where(kind_in(session, ACTIVITY), in_scope(session, review), *_year_conds(date, *years))
        .group_by(year, RecordArea.area)
    )
    found: Counter[tuple[int, str]] = Counter()
    for y, area, n in session.execute(query):
        if (yr := _year(y)) is not None:
            found[(yr, area)] += int(n)
    return found


REGION_BITS: dict[str, int] = {r: 1 << i for i, r in enumerate((*REGIONS, "unknown"))}


def _regions(
    session: Session, review: str, years: tuple[int | None, int | None], home: int | None
) -> Counter[tuple[int, str]]:
    """(year, region group) → records with a partner there. Each record's regions are one
    bit mask (a sum of the distinct bits of its partners' regions), so that the records are
    grouped by (year, mask) — a few thousand rows — and no record counts twice in a region."""
    country = Place.country
    bit = case(
        *[(country.in_(codes.split()), REGION_BITS[r]) for r, codes in REGIONS.items()],
        else_=REGION_BITS["unknown"],
    )
    place_bits = select(Place.id.label("id"), bit.label("bit")).cte("place_bits")
    parties = select(RecordParty.record_id.label("rid"), RecordParty.place_id.label("pid"))
    located = select(Record.id.label("rid"), T.location_id.label("pid")).where(
        Record.kind == "engagement", T.location_id.is_not(None)
    )
    if home is not None:
        parties = parties.where(RecordParty.place_id != home)
        located = located.where(T.location_id != home)
    pairs = union_all(parties, located).subquery("pairs")
    masks = (
        select(pairs.c.rid, func.sum(place_bits.c.bit.distinct()).label("mask"))
        .join(place_bits, place_bits.c.id == pairs.c.pid)
        .group_by(pairs.c.rid)
        .subquery("masks")
    )
    date = RECORD_DATE
    year = func.substr(date, 1, 4)
    query = (
        select(year, masks.c.mask, func.count())
        .join(Record, Record.id == masks.c.rid)
        .where(kind_in(session, ACTIVITY), in_scope(session, review), *_year_conds(date, *years))
        .group_by(year, masks.c.mask)
    )
    found: Counter[tuple[int, str]] = Counter()
    for y, mask, n in session.execute(query):
        if (yr := _year(y)) is None:
            continue
        groups = {region_group(r) for r, b in REGION_BITS.items() if int(mask) & b}
        for g in groups:
            found[(yr, g)] += int(n)
    return found


def trends(
    session: Session,
    by: str | None = "mode",
    year_from: int | None = None,
    year_to: int | None = None,
    review: str | None = None,
) -> Trends:
    """Counts and shares by year of the records in scope, grouped `by` one lens."""
    by = check_by(by)
    scope = check_review(review)
    check_year(year_from, "year_from")
    check_year(year_to, "year_to")
    if year_from is not None and year_to is not None and year_to < year_from:
        raise InputError("year_to is before year_from", field="year_to")
    years = (year_from, year_to)
    home = home_id(session)
    if _fast(session, by):
        facts.refresh(session)
        return _assemble(by, scope, *_count_sqlite(session, by, scope, years, home))
    counts: Counter[tuple[int, str]] = Counter()
    groups: tuple[str, ...]
    if by == "mode":
        rows = _per_year(session, ("engagement",), scope, years, [_ones(_multilateral(home))])
        for y, (total, multi) in rows.items():
            counts[(y, "multilateral")] = multi
            counts[(y, "bilateral")] = total - multi
        groups = MODES
    elif by == "direction":
        rows = _per_year(session, ("engagement",), scope, years, _direction_sums(home))
        for y, (total, inbound, outbound, unknown) in rows.items():
            counts[(y, "inbound")] = inbound
            counts[(y, "outbound")] = outbound
            counts[(y, "unknown")] = unknown
            counts[(y, "elsewhere")] = total - inbound - outbound - unknown
        groups = DIRECTIONS
    elif by == "dimension":
        found = dimensions.rules()
        sums = [_ones(rule.condition()) for rule in found]
        rows = _per_year(session, dimensions.TAGGED_KINDS, scope, years, sums)
        for y, (_total, *ns) in rows.items():
            for rule, n in zip(found, ns, strict=True):
                counts[(y, rule.code)] = n
        groups = tuple(r.code for r in found)
    elif by == "area":
        rows = _per_year(session, ACTIVITY, scope, years, [])
        counts = _areas(session, scope, years)
        order = load_taxonomy().codes("cooperation_areas")
        groups = tuple(a for a in order if any(g == a for _, g in counts))
    else:
        rows = _per_year(session, ACTIVITY, scope, years, [])
        counts = _regions(session, scope, years, home)
        groups = tuple(r for r in REGION_GROUPS if any(g == r for _, g in counts))
    totals = {y: v[0] for y, v in rows.items()}
    return _assemble(by, scope, totals, counts, groups)


def _direction_sums(home: int | None) -> list[Any]:
    """inbound, outbound and unknown engagements (elsewhere: the rest)."""
    if home is None:  # no home city: no direction is known
        return [literal(0), literal(0), func.count()]
    at_partner = exists().where(
        RecordParty.record_id == Record.id, RecordParty.place_id == T.location_id
    )
    return [
        _ones(T.location_id == home),
        _ones(and_(T.location_id != home, at_partner)),
        _ones(T.location_id.is_(None)),
    ]


def _assemble(
    by: str,
    review: str,
    totals: dict[int, int],
    counts: Counter[tuple[int, str]],
    groups: tuple[str, ...],
) -> Trends:
    seen = [y for y, n in totals.items() if n]
    if not seen:
        return Trends(by, review, groups, (), {}, [])
    years = tuple(range(min(seen), max(seen) + 1))
    full = {y: totals.get(y, 0) for y in years}
    rows = [
        TrendRow(y, g, counts.get((y, g), 0), counts.get((y, g), 0) / full[y] if full[y] else 0.0)
        for y in years
        for g in groups
    ]
    return Trends(by, review, groups, years, full, rows)


# --- The fast lenses ----------------------------------------------------------------------
#
# Every lens is read from the records' facts (`trend_facts`, brought up to date by
# `analytics.facts.refresh`): a GROUP BY (year, ...) of an index of `record_facts` per kind
# and review state, with no look-up of a record, a party, an area or a place — mode and
# direction (since migration 0009) by (year, mode, direction), area and dimension by (year,
# areas, type), region by (year, regions). The GROUP BY queries over the records above
# are the reference the tests compare them with. PostgreSQL runs the same queries.

Years = tuple[int | None, int | None]
States = tuple[str, ...]  # the review states of the scope


def _fast(session: Session, by: str) -> bool:
    """Whether a lens is counted from the facts (every lens, on every database; the GROUP
    BY queries above are the reference the tests compare them with: on PostgreSQL mode's
    and direction's have IN subqueries under OR in a sum, run once a row — minutes for a
    million engagements)."""
    return True


def _count_sqlite(
    session: Session, by: str, review: str, years: Years, home: int | None
) -> tuple[dict[int, int], Counter[tuple[int, str]], tuple[str, ...]]:
    states = tuple(review_states(session, review))  # one query a state, each in index order
    if by in ("mode", "direction"):
        totals, counts = trend_facts.engagements_by(session, by, states, years)
        return totals, counts, MODES if by == "mode" else DIRECTIONS
    if by == "dimension":
        totals, counts = trend_facts.dimensions_of(session, states, years)
        return totals, counts, tuple(r.code for r in dimensions.rules())
    if by == "area":
        totals, counts = trend_facts.areas(session, ACTIVITY, states, years)
        order = load_taxonomy().codes("cooperation_areas")
        return totals, counts, tuple(a for a in order if any(g == a for _, g in counts))
    totals, counts = trend_facts.regions(session, ACTIVITY, states, years, region_group)
    return totals, counts, tuple(r for r in REGION_GROUPS if any(g == r for _, g in counts))
