"""Membership of a place in a city network (Mayors for Peace, Metropolis, C40, ...).

A network is a Place of level `organization`, so it can also be a party or a location.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Date
from citydip.store.places import Place
from citydip.store.records import Record


class Membership(Record):
    __mapper_args__ = {"polymorphic_identity": "membership"}

    since: Mapped[str | None] = mapped_column(Date, use_existing_column=True)
    network_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(10))

    network: Mapped[Place] = relationship(foreign_keys=[network_id], lazy="joined")
    member: Mapped[Place] = relationship(foreign_keys=[member_id], lazy="joined")
