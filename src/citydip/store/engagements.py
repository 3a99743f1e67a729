"""Engagement: a visit, meeting, conference, training or exchange that happens on a date."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Base, Date
from citydip.store.people import Person
from citydip.store.places import Place
from citydip.store.records import Record


class Engagement(Record):
    __mapper_args__ = {"polymorphic_identity": "engagement"}

    start: Mapped[str | None] = mapped_column(Date, use_existing_column=True)
    end: Mapped[str | None] = mapped_column(Date, use_existing_column=True)
    status: Mapped[str | None] = mapped_column(String(10), use_existing_column=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("places.id"), index=True, use_existing_column=True
    )

    location: Mapped[Place | None] = relationship(foreign_keys=[location_id], lazy="joined")
    people: Mapped[list[EngagementPerson]] = relationship(
        order_by="EngagementPerson.position", cascade="all, delete-orphan", lazy="selectin"
    )


# a page of engagements by date reads the index instead of sorting every engagement
Index("ix_records_kind_start", Record.kind, Engagement.start)


class EngagementPerson(Base):
    """A person who took part, with the title they held at the time."""

    __tablename__ = "engagement_people"

    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person] = relationship(lazy="joined")


def direction(engagement: Engagement, home_id: int | None) -> str | None:
    """inbound (it happened at home), outbound (at a partner's), elsewhere, or None (unknown)."""
    return direction_of(engagement.location_id, (p.place_id for p in engagement.parties), home_id)


def direction_of(
    location_id: int | None, party_ids: Iterable[int], home_id: int | None
) -> str | None:
    """`direction` from ids: the engagement's location, its parties' places, the home city."""
    if location_id is None or home_id is None:
        return None
    if location_id == home_id:
        return "inbound"
    if any(pid == location_id for pid in party_ids):
        return "outbound"
    return "elsewhere"


def mode(engagement: Engagement, home_id: int | None) -> str:
    """multilateral for a conference, a network or three or more partners; else bilateral."""
    partners = [p.place for p in engagement.parties if p.place_id != home_id]
    if engagement.type == "conference" or any(p.level == "organization" for p in partners):
        return "multilateral"
    return "multilateral" if len(partners) >= 3 else "bilateral"
