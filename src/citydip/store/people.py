"""Person: a mayor, governor or official, with the place they serve and their term."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Audited, Base, Date
from citydip.store.places import Place


class Person(Audited, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(200))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    affiliation: Mapped[str | None] = mapped_column(String(300))  # `of` as written, if unresolved
    term_start: Mapped[str | None] = mapped_column(Date)
    term_end: Mapped[str | None] = mapped_column(Date)

    place: Mapped[Place | None] = relationship(lazy="joined")
