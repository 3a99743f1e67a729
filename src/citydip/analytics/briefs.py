"""Short forms of places and records for lists: who a record is with, and when it was."""

from __future__ import annotations

from dataclasses import dataclass

from citydip.store.agreements import Agreement
from citydip.store.engagements import Engagement
from citydip.store.networks import Membership
from citydip.store.places import Place, other_places
from citydip.store.records import Record
from citydip.store.relationships import Relationship


@dataclass(frozen=True)
class PlaceBrief:
    id: int
    name: str
    country: str | None
    level: str

    @classmethod
    def of(cls, place: Place) -> PlaceBrief:
        return cls(place.id, place.name, place.country, place.level)


@dataclass(frozen=True)
class RecordBrief:
    """A record as one line of a list: its kind, type, date, title, review state and partners."""

    id: int
    kind: str
    type: str | None
    date: str | None
    title: str | None
    review_state: str
    partners: tuple[PlaceBrief, ...]

    @classmethod
    def of(cls, record: Record, home_id: int | None) -> RecordBrief:
        return cls(
            record.id,
            record.kind,
            record.type,
            date_of(record),
            record.title,
            record.review_state,
            tuple(PlaceBrief.of(p) for p in partners_of(record, home_id)),
        )


def date_of(record: Record) -> str | None:
    """The date that places a record in time (a tie's since, an agreement's date, ...)."""
    if isinstance(record, Agreement):
        return record.date
    if isinstance(record, Engagement):
        return record.start
    if isinstance(record, Relationship | Membership):
        return record.since
    return None


def partners_of(record: Record, home_id: int | None) -> list[Place]:
    """The places a record is with, other than the home city (in the record's order)."""
    if isinstance(record, Membership):
        found = [record.network, record.member]
    else:
        found = list(record.party_places)
        if isinstance(record, Engagement) and record.location is not None:
            found.append(record.location)
    return other_places(found, home_id)
