"""Trends by area, dimension and region counted from the records' facts (store.facts,
kept up to date by `analytics.facts.refresh`), on every database.

Each is a GROUP BY (year, bit mask) of `record_facts` per kind and review state, which
streams from the index (kind, review_state, year, regions) or (kind, review_state, year,
areas, type) with no sort and no look-up of a party, an area or a place: a few thousand
groups, whose bits are unfolded here. They count what the queries over the records,
their parties and areas count (tests/analytics/test_trends_speed.py).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from citydip.analytics import dimensions
from citydip.analytics.facts import REGION_BITS, area_bits
from citydip.analytics.scope import indexed
from citydip.store.facts import RecordFact

F = RecordFact
FACTS = RecordFact.__table__
BY_REGIONS = "ix_record_facts_scope_regions"  # (kind, review_state, year, regions)
BY_AREAS = "ix_record_facts_scope_areas"  # (kind, review_state, year, areas, type)
BY_MODE = "ix_record_facts_scope_mode"  # (kind, review_state, year, mode, direction)
Years = tuple[int | None, int | None]
States = tuple[str, ...]
Counts = Counter[tuple[int, str]]


def _where(kind: str, state: str, years: Years) -> list[ColumnElement[bool]]:
    conds = [F.kind == kind, F.review_state == state, F.year.is_not(None)]
    if years[0] is not None:
        conds.append(F.year >= years[0])
    if years[1] is not None:
        conds.append(F.year <= years[1])
    return conds


def _grouped(
    session: Session, kinds: tuple[str, ...], states: States, years: Years, *columns: Any
) -> list[tuple[Any, ...]]:
    """(year, *columns, records) of the facts of some kinds in scope, grouped."""
    rows: list[tuple[Any, ...]] = []
    for kind in kinds:
        for state in states:
            query = (
                select(F.year, *columns, func.count())
                .where(*_where(kind, state, years))
                .group_by(F.year, *columns)
            )
            index = {"regions": BY_REGIONS, "mode": BY_MODE, "direction": BY_MODE}.get(
                columns[0].key, BY_AREAS
            )
            query = indexed(query, FACTS, index)
            rows.extend(session.connection().execute(query).all())
    return rows


def _unfold(mask: int, bits: dict[str, int]) -> list[str]:
    return [code for code, bit in bits.items() if mask & bit]


def regions(
    session: Session, kinds: tuple[str, ...], states: States, years: Years, group: Any
) -> tuple[dict[int, int], Counts]:
    """year → records, and (year, region group) → records with a partner there (once a
    group: `group` maps a region to its group)."""
    totals: Counter[int] = Counter()
    found: Counts = Counter()
    groups_of: dict[int, set[str]] = {}
    for year, mask, n in _grouped(session, kinds, states, years, F.regions):
        totals[year] += n
        if not mask:
            continue
        if (groups := groups_of.get(mask)) is None:
            groups = groups_of[mask] = {group(r) for r in _unfold(mask, REGION_BITS)}
        for g in groups:
            found[(year, g)] += n
    return dict(totals), found


def areas(
    session: Session, kinds: tuple[str, ...], states: States, years: Years
) -> tuple[dict[int, int], Counts]:
    """year → records, and (year, area) → records with that area (of the taxonomy)."""
    totals: Counter[int] = Counter()
    found: Counts = Counter()
    bits = area_bits()
    for year, mask, n in _grouped(session, kinds, states, years, F.areas):
        totals[year] += n
        for area in _unfold(mask, bits) if mask else ():
            found[(year, area)] += n
    return dict(totals), found


def dimensions_of(session: Session, states: States, years: Years) -> tuple[dict[int, int], Counts]:
    """year → agreements, engagements and memberships, and (year, dimension) → those that
    count for it (analytics.dimensions: by type, by one of the dimension's areas, or as a
    membership of a network's dimension): one GROUP BY (year, areas, type) a kind, whose
    groups are matched to the rules once a distinct (kind, areas, type) — a bit a
    dimension — and summed by year with NumPy (130,000 groups on the benchmark registry:
    a Counter update a group and dimension cost 0.2 s)."""
    bits = area_bits()
    rules = [(r, sum(bits.get(a, 0) for a in r.areas)) for r in dimensions.rules()]
    masks: dict[tuple[str, int, str | None], int] = {}  # (kind, areas, type) → dimensions
    year_col: list[int] = []
    n_col: list[int] = []
    key_col: list[int] = []
    for kind in dimensions.TAGGED_KINDS:
        rows = _grouped(session, (kind,), states, years, F.areas, F.type)
        for year, mask, type_, n in rows:
            key = (kind, mask, type_)
            if (found_mask := masks.get(key)) is None:
                found_mask = masks[key] = sum(
                    1 << i
                    for i, (rule, rule_mask) in enumerate(rules)
                    if (rule.memberships and kind == "membership")
                    or (type_ is not None and type_ in rule.types)
                    or mask & rule_mask
                )
            year_col.append(year)
            n_col.append(n)
            key_col.append(found_mask)
    if not year_col:
        return {}, Counter()
    year_arr = np.asarray(year_col, dtype=np.int64)
    first = int(year_arr.min())
    at = year_arr - first
    counts = np.asarray(n_col, dtype=np.int64)
    of = np.asarray(key_col, dtype=np.int64)
    size = int(at.max()) + 1
    totals = np.bincount(at, weights=counts, minlength=size).astype(np.int64)
    found: Counts = Counter()
    for i, (rule, _) in enumerate(rules):
        hit = (of >> i) & 1 == 1
        sums = np.bincount(at[hit], weights=counts[hit], minlength=size).astype(np.int64)
        for k in np.flatnonzero(sums).tolist():
            found[(first + k, rule.code)] = int(sums[k])
    return {first + k: int(totals[k]) for k in np.flatnonzero(totals).tolist()}, found


def engagements_by(
    session: Session, column: str, states: States, years: Years
) -> tuple[dict[int, int], Counts]:
    """year → engagements, and (year, mode or direction) → engagements (`column`: "mode"
    or "direction", as the facts hold them: store.engagements.mode, .direction): a
    GROUP BY (year, mode, direction) of the facts' index, a few dozen groups."""
    totals: Counter[int] = Counter()
    found: Counts = Counter()
    for year, mode, direction, n in _grouped(
        session, ("engagement",), states, years, F.mode, F.direction
    ):
        totals[year] += n
        found[(year, mode if column == "mode" else direction)] += n
    return dict(totals), found
