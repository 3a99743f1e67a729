"""The six dimensions of city diplomacy: which records count for which dimension.

The rules are the taxonomy's (`dimensions:` of shared/spec/taxonomy.yaml, read through
`citydip.taxonomy.load_taxonomy()`), never written here:

- a record counts for a dimension when its **type** is one of the dimension's `types`, or
  one of its **cooperation areas** is one of the dimension's `areas`, or — for a dimension
  with `memberships: true` (networks) — when it is a **membership** of a city network;
- a record can count for several dimensions (a cultural event in tourism is cultural and
  economic) or for none (an MOU without areas); within one dimension it counts once
  (a record in both culture and sports is one cultural record);
- the records that are tagged are the dated activity records: agreements (by their date),
  engagements (by their start) and memberships (by their since). Ties are standing
  relations, not activity: they are not tagged.

Each rule is also a SQL condition on `records` (`condition`), so that trends can count
records by dimension with GROUP BY in the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select

import citydip.store.models  # noqa: F401  (the records table with every kind's columns)
from citydip.store.records import Record, RecordArea
from citydip.taxonomy import Dimension, load_taxonomy

TAGGED_KINDS = ("agreement", "engagement", "membership")


@dataclass(frozen=True)
class Rule:
    """One dimension's rule: the record types and areas (and memberships) that count."""

    code: str
    types: frozenset[str]
    areas: frozenset[str]
    memberships: bool

    @classmethod
    def of(cls, dim: Dimension) -> Rule:
        return cls(dim.code, dim.types, dim.areas, dim.memberships)

    def matches(self, kind: str, type_: str | None, areas: Iterable[str]) -> bool:
        """Whether a record of this kind, type and areas counts for the dimension."""
        if kind not in TAGGED_KINDS:
            return False
        if self.memberships and kind == "membership":
            return True
        if type_ is not None and type_ in self.types:
            return True
        return not self.areas.isdisjoint(areas)

    def condition(self) -> ColumnElement[bool]:
        """The rule as a condition on the records table (its kind already narrowed to
        TAGGED_KINDS by the caller)."""
        conds: list[ColumnElement[bool]] = []
        if self.types:
            conds.append(Record.type.in_(sorted(self.types)))
        if self.areas:
            in_area = select(RecordArea.record_id).where(RecordArea.area.in_(sorted(self.areas)))
            conds.append(Record.id.in_(in_area))
        if self.memberships:
            conds.append(Record.kind == "membership")
        return or_(*conds) if conds else false()


def rules() -> tuple[Rule, ...]:
    """The dimensions' rules, in the taxonomy's order."""
    return tuple(Rule.of(d) for d in load_taxonomy().dimensions.values())


def codes() -> tuple[str, ...]:
    """The dimension codes in the taxonomy's order (security, development, ...)."""
    return tuple(load_taxonomy().dimensions)


def dimensions_of(kind: str, type_: str | None, areas: Iterable[str] = ()) -> list[str]:
    """The dimensions a record counts for ('engagement', 'aid', ['safety'] →
    ['security', 'development'])."""
    found = list(areas)
    return [r.code for r in rules() if r.matches(kind, type_, found)]
