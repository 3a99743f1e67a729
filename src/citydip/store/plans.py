"""Plan (a strategy document such as a ten-project city partnership plan), its projects and
the dated changes of a project's status (its progress over time)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from citydip.store.base import Audited, Base, Code, Date, UTCDateTime, utcnow
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
    updates: Mapped[list[ProjectUpdate]] = relationship(
        order_by="(ProjectUpdate.date, ProjectUpdate.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
        back_populates="project",
    )


class ProjectUpdate(Base):
    """A change of a project's status on a date, with a note: written by
    `services.plans.set_status`. `previous` is the status the project had when the change
    was written, so the first change written keeps the status the project started with."""

    __tablename__ = "project_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[str] = mapped_column(Date)  # partial ISO date of the change
    status: Mapped[str] = mapped_column(String(12))
    previous: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(String(2000))
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="updates")
