"""The city diplomacy vocabulary of shared/spec/taxonomy.yaml, loaded and validated once."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from citydip.errors import UnknownCodeError

CODE_LISTS = (
    "relationship_types",
    "relationship_events",
    "agreement_types",
    "engagement_types",
    "cooperation_areas",
)

# Fixed vocabularies of the record format and the registry (spec/extraction.md, issue 2).
LEVELS = ("city", "region", "country", "organization")
ROLES = ("member", "founder", "chair", "board", "host")
STATUSES = ("happened", "planned", "cancelled")
REVIEW_STATES = ("proposed", "accepted", "rejected")
COMMITMENT_STATUSES = ("open", "done", "dropped")
PROJECT_STATUSES = ("planned", "in_progress", "done", "stalled", "dropped")
KINDS = ("relationship", "agreement", "engagement", "membership")


@dataclass(frozen=True)
class Term:
    """One code of the vocabulary with its cue words."""

    code: str
    en: tuple[str, ...] = ()
    ko: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    code: str
    areas: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    memberships: bool = False


@dataclass(frozen=True)
class Taxonomy:
    lists: dict[str, dict[str, Term]]
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    modes: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def codes(self, list_name: str) -> tuple[str, ...]:
        return tuple(self.lists[list_name])

    def check(self, list_name: str, code: str) -> str:
        """Return `code` if `list_name` defines it, else raise UnknownCodeError with the choices."""
        known = self.lists[list_name]
        if code not in known:
            raise UnknownCodeError(
                f"unknown {list_name[:-1].replace('_', ' ')} code {code!r}; "
                f"known: {', '.join(known)}"
            )
        return code


def _terms(raw: dict[str, Any]) -> dict[str, Term]:
    return {
        code: Term(code, tuple((cues or {}).get("en", ())), tuple((cues or {}).get("ko", ())))
        for code, cues in raw.items()
    }


def parse_taxonomy(text: str) -> Taxonomy:
    raw = yaml.safe_load(text)
    lists = {name: _terms(raw[name]) for name in CODE_LISTS}
    dims = {
        code: Dimension(
            code,
            frozenset(spec.get("areas", ())),
            frozenset(spec.get("types", ())),
            bool(spec.get("memberships", False)),
        )
        for code, spec in raw.get("dimensions", {}).items()
    }
    tax = Taxonomy(lists, dims, tuple(raw.get("modes", ())), tuple(raw.get("channels", ())))
    for dim in dims.values():  # the lenses may only name codes that exist
        for area in dim.areas:
            tax.check("cooperation_areas", area)
    return tax


@cache
def load_taxonomy() -> Taxonomy:
    """The taxonomy shipped in the package, parsed once per process."""
    text = resources.files("citydip").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    return parse_taxonomy(text)


def _enum(name: str, list_name: str) -> type[enum.StrEnum]:
    return enum.StrEnum(name, {c: c for c in load_taxonomy().codes(list_name)})  # type: ignore[return-value]


RelationshipType = _enum("RelationshipType", "relationship_types")
RelationshipEvent = _enum("RelationshipEvent", "relationship_events")
AgreementType = _enum("AgreementType", "agreement_types")
EngagementType = _enum("EngagementType", "engagement_types")
Area = _enum("Area", "cooperation_areas")
