"""Derived tables of the analyses: facts of each record, kept up to date from the records.

The trends by area, dimension and region and relationship health need, for every record,
its parties' regions, its areas or its places: 1.7 million party rows and 1.4 million
area rows looked up for a million records (seconds on SQLite, whatever the query). These
tables hold what those analyses read, one row a record (`record_facts`) and one a place
of a record (`record_places`), each with the record's kind, review state and year, indexed
so that an analysis is one streaming read of an index.

They are derived, never written by hand: triggers (migration 0006) note in `facts_dirty`
the id of every record whose row, parties or areas are inserted, changed or deleted, and
of every record of a place whose country changes; `analytics.facts.refresh` recomputes
the facts of the noted records before an analysis reads them (`facts_state` holds the
home city and the rules they were computed with: a change of either recomputes all).

`engagement_pairs` (migration 0008) is the engagements' part of the network graph kept the
same way: a row a pair of places an engagement links and review state, with how many
engagements link them — the pairs of an engagement's places in `record_places` (its
parties, and its location when it is no party), each pair `n_a × n_b` times. The refresh
takes the old places' pairs off and adds the new ones', so the graph reads ~800,000
aggregated rows instead of grouping 1.5 million party rows.
"""

from __future__ import annotations

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from citydip.store.base import Base, Code


class RecordFact(Base):
    """A record's kind, review state, year and type; its areas and its partners' regions
    as bit masks (`analytics.facts`: the bits; regions of parties other than the home city
    and of an engagement's location other than home; 0: none); an engagement's mode and
    direction (store.engagements.mode, .direction: None for other kinds; migration 0009)."""

    __tablename__ = "record_facts"
    # by scope and year, then the regions (trends by region) or the areas and type (by
    # area, by dimension): each a GROUP BY that streams from the index with no sort
    __table_args__ = (
        Index("ix_record_facts_scope_regions", "kind", "review_state", "year", "regions"),
        Index("ix_record_facts_scope_areas", "kind", "review_state", "year", "areas", "type"),
        Index("ix_record_facts_scope_mode", "kind", "review_state", "year", "mode", "direction"),
    )

    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    review_state: Mapped[str] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)  # None: undated
    type: Mapped[str | None] = mapped_column(Code)
    areas: Mapped[int] = mapped_column(Integer, default=0)
    regions: Mapped[int] = mapped_column(Integer, default=0)
    mode: Mapped[str | None] = mapped_column(String(12))  # bilateral, multilateral
    direction: Mapped[str | None] = mapped_column(String(12))  # inbound, ..., unknown


class RecordPlace(Base):
    """A place of an agreement or engagement (a party, or an engagement's location that is
    no party), `n` times a party (1 for the location), with the record's kind, review
    state, year and weight (analytics.health)."""

    __tablename__ = "record_places"
    __table_args__ = (
        Index(
            "ix_record_places_place_scope",
            "place_id",
            "review_state",
            "year",
            "kind",
            "weight",
            "n",
        ),
    )

    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    place_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    review_state: Mapped[str] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer)  # None: undated
    weight: Mapped[float] = mapped_column(Float)
    n: Mapped[int] = mapped_column(Integer, default=1)


class FactsDirty(Base):
    """A record whose facts are to be recomputed (noted by the triggers)."""

    __tablename__ = "facts_dirty"

    record_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class FactsState(Base):
    """What the facts were computed with (one row, id 1; none: never computed)."""

    __tablename__ = "facts_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    home_id: Mapped[int | None] = mapped_column(Integer)
    rules: Mapped[str] = mapped_column(String(64))  # a digest of the bits and weights


class EngagementPair(Base):
    """Two places (place_a < place_b) and how many engagements in one review state link
    them (analytics.facts; analytics.graph reads the table whole, or one state of it)."""

    __tablename__ = "engagement_pairs"

    review_state: Mapped[str] = mapped_column(String(10), primary_key=True)
    place_a: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    place_b: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    n: Mapped[int] = mapped_column(Integer)
