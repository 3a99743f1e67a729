"""Place: a city, region, country or organization, with every name it is written as."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Audited, Base


class Place(Audited, Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    level: Mapped[str] = mapped_column(String(12), default="city")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)

    names: Mapped[list[PlaceName]] = relationship(
        back_populates="place", order_by="PlaceName.id", cascade="all, delete-orphan"
    )

    @property
    def aliases(self) -> list[str]:
        return [n.name for n in self.names if n.name != self.name]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.country})" if self.country else self.name


class PlaceName(Base):
    """One way a place is written (its name and its aliases, in any script)."""

    __tablename__ = "place_names"
    __table_args__ = (UniqueConstraint("place_id", "norm"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300), index=True)

    place: Mapped[Place] = relationship(back_populates="names")


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


P = TypeVar("P", bound=_HasId)


def other_places(found: Iterable[P | None], home_id: int | None) -> list[P]:
    """The places of `found` other than the home city (`home_id`), each once, in order."""
    seen: set[int] = set()
    out = []
    for place in found:
        if place is not None and place.id != home_id and place.id not in seen:
            seen.add(place.id)
            out.append(place)
    return out
