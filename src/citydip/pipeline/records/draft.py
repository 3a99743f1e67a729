"""Drafts: records while a document is read, merged when they state the same fact, then
turned into the interchange records of spec/extraction.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citydip.dates import compatible, more_precise
from citydip.schema import (
    AgreementRecord,
    EngagementRecord,
    Event,
    MembershipRecord,
    PersonRef,
    PlaceRef,
    RelationshipRecord,
    Span,
)
from citydip.types import PersonMention, PlaceMention, Sentence


def place_ref(p: PlaceMention) -> PlaceRef:
    return PlaceRef(
        name=p.name,
        country=p.country,
        level=None if p.level == "city" else p.level,
        aliases=[a for a in p.aliases if a != p.name],
        geonames_id=p.geonames_id,
        lat=p.latitude if p.longitude is not None else None,
        lon=p.longitude if p.latitude is not None else None,
    )


@dataclass
class Draft:
    kind: str
    type: str  # record type; for memberships, the role
    parties: list[PlaceMention] = field(default_factory=list)
    start: str | None = None  # since / date / start
    end: str | None = None
    location: PlaceMention | None = None
    people: list[PersonMention] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    status: str = "happened"
    dated: bool = True  # False: the date is the document's, the sentence gave none
    events: list[dict[str, Any]] = field(default_factory=list)
    network: PlaceMention | None = None
    sentences: list[Sentence] = field(default_factory=list)

    # -- merging ----------------------------------------------------------------------
    def party_keys(self) -> set[str]:
        return {p.key for p in self.parties}

    def same_fact(self, other: Draft) -> bool:
        if (self.kind, self.type) != (other.kind, other.type):
            return False
        if self.kind == "membership":
            return bool(
                self.network
                and other.network
                and self.network.key == other.network.key
                and self.party_keys() == other.party_keys()
            )
        if self.kind == "relationship":
            return self.party_keys() == other.party_keys()
        if self.status != other.status:
            return False
        share = (
            bool(self.party_keys() & other.party_keys())
            or _within(self, other)
            or _within(other, self)
            or (
                not self.parties
                and not other.parties
                and self.location is not None
                and other.location is not None
                and self.location.key == other.location.key
            )
        )
        return share and (compatible(self.start, other.start) or not (self.dated and other.dated))

    def absorb(self, other: Draft) -> None:
        if _within(self, other):  # the places named replace the country
            self.parties = [p for p in other.parties]
        have = self.party_keys()
        self.parties += [p for p in other.parties if p.key not in have]
        if self.dated or not other.dated:
            if compatible(self.start, other.start):
                self.start = more_precise(self.start, other.start)
        else:
            self.start, self.end, self.dated = other.start, other.end, True
        self.end = self.end or other.end
        self.location = self.location or other.location
        names = {p.name for p in self.people}
        self.people += [p for p in other.people if p.name not in names]
        self.areas += [a for a in other.areas if a not in self.areas]
        seen = {(e["type"], e.get("date"), e.get("start")) for e in self.events}
        self.events += [
            e for e in other.events if (e["type"], e.get("date"), e.get("start")) not in seen
        ]
        self.sentences += [s for s in other.sentences if s not in self.sentences]

    # -- output -----------------------------------------------------------------------
    def evidence(self) -> list[Span]:
        return [Span(quote=s.text, start=s.start, end=s.end) for s in self.sentences]

    def record(self) -> Any:
        parties = [place_ref(p) for p in self.parties]
        people = [PersonRef(name=p.name, title=p.title, of=p.of) for p in self.people]
        if self.kind == "relationship":
            return RelationshipRecord(
                kind="relationship",
                type=self.type,
                parties=parties,
                since=self.start,
                events=[Event(**e) for e in self.events],
                evidence=self.evidence(),
            )
        if self.kind == "agreement":
            return AgreementRecord(
                kind="agreement",
                type=self.type,
                date=self.start,
                parties=parties,
                areas=self.areas,
                status=self.status,
                evidence=self.evidence(),
            )
        if self.kind == "engagement":
            end = self.end if self.end and self.start and self.end >= self.start else None
            return EngagementRecord(
                kind="engagement",
                type=self.type,
                start=self.start,
                end=end,
                parties=parties,
                location=place_ref(self.location) if self.location else None,
                people=people,
                areas=self.areas,
                status=self.status,
                evidence=self.evidence(),
            )
        assert self.network is not None
        return MembershipRecord(
            kind="membership",
            network=self.network.name,
            network_aliases=list(self.network.aliases),
            member=parties[0],
            role=self.type,
            evidence=self.evidence(),
        )


def _within(a: Draft, b: Draft) -> bool:
    """a names only countries, and b names places in them: "visits Japan" / "Tokyo"."""
    if not a.parties or any(p.level != "country" for p in a.parties):
        return False
    countries = {p.country for p in a.parties}
    return any(p.country in countries and p.level != "country" for p in b.parties)


def merge(drafts: list[Draft]) -> list[Draft]:
    """One draft per real-world fact: mentions of the same visit become one."""
    out: list[Draft] = []
    for d in drafts:
        for kept in out:
            if kept.same_fact(d):
                kept.absorb(d)
                break
        else:
            out.append(d)
    return out
