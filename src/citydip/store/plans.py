"""Plan (a strategy document such as a ten-project city partnership plan) and its projects."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Audited, Base, Code, Date
from citydip.store.places import Place


class Plan(Audited, Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    start: Mapped[str | None] = mapped_column(Date)
    end: Mapped[str | None] = mapped_column(Date)
    summary: Mapped[str | None] = mapped_column(String(4000))

    place: Mapped[Place | None] = relationship()
    projects: Mapped[list[Project]] = relationship(
        order_by="Project.position", cascade="all, delete-orphan", back_populates="plan"
    )


class Project(Audited, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    area: Mapped[str | None] = mapped_column(Code)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    due: Mapped[str | None] = mapped_column(Date)
    blockers: Mapped[list[str]] = mapped_column(JSON, default=list)

    plan: Mapped[Plan] = relationship(back_populates="projects")
    partner: Mapped[Place | None] = relationship()
