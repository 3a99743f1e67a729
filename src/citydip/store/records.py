"""Record: the base of every reviewed fact (relationship, agreement, engagement, membership).

All kinds share one table (single-table inheritance), so a record has one id across kinds
and evidence points at it with one foreign key. Parties and areas are rows of their own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Audited, Base, Code
from citydip.store.places import Place


class Record(Audited, Base):
    __tablename__ = "records"
    # load every kind's columns with the base query (no lazy load per record)
    __mapper_args__ = {"polymorphic_on": "kind", "with_polymorphic": "*"}

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(
        String(16), unique=True
    )  # content hash, stable across registries
    kind: Mapped[str] = mapped_column(String(20), index=True)
    type: Mapped[str | None] = mapped_column(Code, index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    summary: Mapped[str | None] = mapped_column(String(4000))
    # bumped on every edit; an edit names the version it read (optimistic concurrency)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    parties: Mapped[list[RecordParty]] = relationship(
        order_by="RecordParty.position", cascade="all, delete-orphan", lazy="selectin"
    )
    area_rows: Mapped[list[RecordArea]] = relationship(
        order_by="RecordArea.position", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def areas(self) -> list[str]:
        return [a.area for a in self.area_rows]

    @property
    def party_places(self) -> list[Place]:
        return [p.place for p in self.parties]


# Covering indexes of the analyses (migration 0004). They name columns of several kinds
# (start, location_id: engagements), which the kinds' modules add to the table after this
# class is made, so each is attached as soon as the last of its columns is there.
# - by kind, review state and date, with the type and location: counts by date (and type)
#   read in date order from the index alone, with no sort (trends);
# - by kind, review state and id: the records of a scope in id order, so that looking up
#   their parties and areas by record id walks those indexes in order (trends);
# - by kind, type and date: a list of one type sorted by date (the web list ?type=...);
# - by kind and since: ties and memberships sorted by when they began (migration 0007).
RECORD_INDEXES: dict[str, tuple[str, ...]] = {
    "ix_records_review_start": ("kind", "review_state", "start", "type", "location_id"),
    "ix_records_review_id": ("kind", "review_state", "id", "start", "type", "location_id"),
    "ix_records_kind_type_start": ("kind", "type", "start"),
    "ix_records_kind_since": ("kind", "since"),
}
_pending = dict(RECORD_INDEXES)


@event.listens_for(Column, "after_parent_attach")
def _attach_record_indexes(column: Column[Any], table: Any) -> None:
    if not isinstance(table, Table) or table is not Record.__table__:
        return
    for name, columns in list(_pending.items()):
        if all(c in table.c for c in columns):
            Index(name, *(table.c[c] for c in columns))
            del _pending[name]


class RecordParty(Base):
    """A place taking part in an agreement or engagement (or the two ends of a tie)."""

    __tablename__ = "record_parties"
    # the parties of records by record (and of places by place) from the index alone
    __table_args__ = (
        Index("ix_record_parties_record_place", "record_id", "place_id"),
        Index("ix_record_parties_place_record", "place_id", "record_id"),
    )

    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)

    place: Mapped[Place] = relationship(lazy="joined")


class RecordArea(Base):
    """A cooperation area (taxonomy code) of a record."""

    __tablename__ = "record_areas"
    # the records of some areas, from the index alone (trends by dimension)
    __table_args__ = (Index("ix_record_areas_area_record", "area", "record_id"),)

    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(Code, primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
