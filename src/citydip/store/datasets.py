"""Dataset: tie pairs imported from outside the registry (e.g. the twin-town lists of
Wikipedia), kept apart from the registry's reviewed records.

A dataset's ties point at the same `places` rows as the registry (so Seoul in the world
network is the Seoul of the registry), but they are rows of their own: no listing, count,
analysis or export of records ever includes them unless it asks for a dataset by name.
Names the importer could not resolve are kept too, with how often and where they occurred.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    and_,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from citydip.store.base import Base, Code, UTCDateTime, utcnow
from citydip.store.engagements import Engagement
from citydip.store.networks import Membership
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.settings import RegistrySetting


class Dataset(Base):
    __tablename__ = "datasets"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)  # e.g. twin-cities-raw
    name: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(1000))  # the file (or URL) it came from
    licence: Mapped[str | None] = mapped_column(String(500))
    tie_type: Mapped[str] = mapped_column(Code, default="sister")
    rows: Mapped[int] = mapped_column(Integer, default=0)  # data rows read from the source
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str | None] = mapped_column(String(100))
    # the import's figures: resolution rate, duplicates and mirrors merged, ...
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DatasetTie(Base):
    """One undirected tie of a dataset, a_id < b_id; duplicates and mirrors merged into it."""

    __tablename__ = "dataset_ties"
    __table_args__ = (UniqueConstraint("dataset_id", "a_id", "b_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    a_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    b_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    type: Mapped[str] = mapped_column(Code)
    rows: Mapped[int] = mapped_column(Integer, default=1)  # source rows merged into this tie
    line: Mapped[int] = mapped_column(Integer)  # the first line of the source that gave it


class DatasetName(Base):
    """A (city, country label) of a dataset that did not resolve to exactly one place."""

    __tablename__ = "dataset_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(
        ForeignKey("datasets.id", ondelete="CASCADE"), index=True
    )
    city: Mapped[str] = mapped_column(String(300))
    country_label: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))  # the label's ISO code, if known
    status: Mapped[str] = mapped_column(String(16))  # unresolved | ambiguous | unknown_country
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))  # the best guess
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rows: Mapped[int] = mapped_column(Integer, default=1)  # source rows naming it
    line: Mapped[int] = mapped_column(Integer)  # the first line naming it


def find_dataset(session: Session, key: str) -> Dataset | None:
    return session.scalars(select(Dataset).where(Dataset.key == key)).first()


def list_datasets(session: Session) -> list[Dataset]:
    return list(session.scalars(select(Dataset).order_by(Dataset.key)))


def tie_pairs(session: Session, dataset_id: int) -> list[tuple[int, int]]:
    """Every tie of a dataset as (a_id, b_id), in id order."""
    rows = session.execute(
        select(DatasetTie.a_id, DatasetTie.b_id)
        .where(DatasetTie.dataset_id == dataset_id)
        .order_by(DatasetTie.id)
    )
    return [(a, b) for a, b in rows]


def registry_places(session: Session) -> ColumnElement[bool] | None:
    """A condition on `Place` keeping the places of the registry: every place but those
    that only a dataset names (in a dataset's ties, in no record as a party, an
    engagement's location, a network or a member, not the home city, and not accepted
    by a person, as a place added by hand is). None when there is no dataset, so that a
    registry without one pays nothing for it."""
    if session.scalar(select(Dataset.id).limit(1)) is None:
        return None
    in_ties = or_(
        select(DatasetTie.id).where(DatasetTie.a_id == Place.id).exists(),
        select(DatasetTie.id).where(DatasetTie.b_id == Place.id).exists(),
    )
    in_records = or_(
        select(RecordParty.record_id).where(RecordParty.place_id == Place.id).exists(),
        select(Record.id).where(Engagement.location_id == Place.id).exists(),
        select(Record.id).where(Membership.network_id == Place.id).exists(),
        select(Record.id).where(Membership.member_id == Place.id).exists(),
        select(RegistrySetting.key)
        .where(RegistrySetting.key == "home", RegistrySetting.value == Place.key)
        .exists(),
    )
    return ~and_(in_ties, ~in_records, Place.review_state != "accepted")
