"""Relationship (a standing tie between two places) and the dated events of its life."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Base, Code, Date
from citydip.store.records import Record

# The event that decides a tie's current status, read from its latest such event.
STATUS_OF_EVENT = {
    "established": "active",
    "upgraded": "active",
    "renewed": "active",
    "normalized": "active",
    "strained": "strained",
    "terminated": "terminated",
}


class _Event(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def date(self) -> str | None: ...
    @property
    def start(self) -> str | None: ...
    @property
    def end(self) -> str | None: ...
    @property
    def position(self) -> int: ...


def tie_status(events: Sequence[_Event]) -> str:
    """active, strained or terminated, from the latest of `events` that says so (by date or
    start, then position). A strained period with an end date is over: the tie is active
    again after it. For the ORM's events and for rows of them alike."""
    dated = sorted(
        (e.date or e.start or "", e.position, i)
        for i, e in enumerate(events)
        if e.type in STATUS_OF_EVENT
    )
    status = "active"
    for _, _, i in dated:
        event = events[i]
        status = STATUS_OF_EVENT[event.type]
        if event.type == "strained" and event.end:
            status = "active"
    return status


class Relationship(Record):
    __mapper_args__ = {"polymorphic_identity": "relationship"}

    since: Mapped[str | None] = mapped_column(Date, use_existing_column=True)

    events: Mapped[list[RelationshipEvent]] = relationship(
        order_by="RelationshipEvent.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def status(self) -> str:
        """active, strained or terminated, from the latest event that says so.

        A strained period with an end date is over: the tie is active again after it.
        """
        return tie_status(self.events)


class EventTiming:
    """When an event of a tie was, from its `date` or its `start`–`end` (the ORM event and
    the partner page's row of one, `store.partner_rows.EventRow`)."""

    date: str | None
    start: str | None
    end: str | None

    @property
    def sort_date(self) -> str:
        return self.date or self.start or ""

    @property
    def when(self) -> str:
        if self.date:
            return self.date
        if self.start or self.end:
            return f"{self.start or '?'}–{self.end or ''}"
        return ""


class RelationshipEvent(EventTiming, Base):
    __tablename__ = "relationship_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    relationship_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    type: Mapped[str] = mapped_column(Code)
    date: Mapped[str | None] = mapped_column(Date)
    start: Mapped[str | None] = mapped_column(Date)
    end: Mapped[str | None] = mapped_column(Date)
