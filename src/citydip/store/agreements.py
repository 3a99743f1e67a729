"""Agreement (MOU, joint declaration, sister-city agreement, ...) and what it promised."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Audited, Base, Code, Date
from citydip.store.records import Record


class Agreement(Record):
    __mapper_args__ = {"polymorphic_identity": "agreement"}

    date: Mapped[str | None] = mapped_column(Date, use_existing_column=True)
    status: Mapped[str | None] = mapped_column(String(10), use_existing_column=True)

    commitments: Mapped[list[Commitment]] = relationship(
        order_by="Commitment.position", cascade="all, delete-orphan", lazy="selectin"
    )


class Commitment(Audited, Base):
    """Something an agreement promised: its area, due date and whether it happened."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(1000))
    area: Mapped[str | None] = mapped_column(Code)
    due: Mapped[str | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
