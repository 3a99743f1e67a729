"""`/api/v1/plans`: strategy plans, one plan with its projects, progress and linked records,
the rows its charts draw, and a project's status change (editors).

Codes come with their labels in the asked-for language, places with their page's URL.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from citydip.analytics import plans as analysis
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.scope import home_id
from citydip.i18n import code_label
from citydip.services import plans as service
from citydip.web.api.views import Names, partners_json, place_url, record_title, record_url
from citydip.web.deps import DB, Editor, Lang, Reader

router = APIRouter(tags=["plans"])
Review = Annotated[
    Literal["accepted", "proposed", "rejected", "all"],
    Query(description="review state of the plans, projects and records counted"),
]
Today = Annotated[
    dt.date | None, Query(description="the day overdue and open periods are counted at")
]
PlanId = Annotated[int, Path(ge=1, le=analysis.MAX_ID, description="the plan's id")]
Number = Annotated[int, Path(ge=1, le=10_000, description="the project's number in the plan")]
Linked = Annotated[
    int, Query(ge=0, le=analysis.MAX_LINKED, description="latest linked records per project")
]


class StatusChange(BaseModel):
    """A project's new status, since `date` (default today), with a note."""

    model_config = ConfigDict(extra="forbid")
    status: str
    date: str | None = None
    note: str | None = None


def plan_url(plan_id: int) -> str:
    return f"/plans/{plan_id}"


def _place(p: PlaceBrief | None, names: Names) -> dict[str, Any] | None:
    return {"id": p.id, "name": names(p), "url": place_url(p.id)} if p else None


def summary_json(s: analysis.PlanSummary, names: Names, lang: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "key": s.key,
        "title": s.title,
        "url": plan_url(s.id),
        "of": _place(s.owner, names),
        "start": s.start,
        "end": s.end,
        "review": s.review_state,
        "project_count": s.projects,
        "by_status": [
            {"status": k, "label": code_label(k, lang), "n": n} for k, n in s.by_status.items()
        ],
        "done_share": s.done_share,
        "overdue": s.overdue,
        "blocked": s.blocked,
    }


def plans_json(session: Session, found: list[analysis.PlanSummary], lang: str) -> dict[str, Any]:
    names = Names(session, lang, [p.owner for p in found if p.owner])
    return {"ok": True, "items": [summary_json(p, names, lang) for p in found]}


def plan_json(session: Session, view: analysis.PlanView, lang: str) -> dict[str, Any]:
    home = home_id(session)
    places = [p for p in (view.summary.owner, *(j.partner for j in view.projects)) if p]
    places += [q for j in view.projects for r in j.latest for q in r.record.partners]
    names = Names(session, lang, places)
    projects = []
    for p in view.projects:
        projects.append(
            {
                "id": p.id,
                "number": p.number,
                "title": p.title,
                "area": p.area,
                "area_label": code_label(p.area, lang),
                "status": p.status,
                "status_label": code_label(p.status, lang),
                "partner": _place(p.partner, names),
                "due": p.due,
                "overdue": p.overdue,
                "blockers": list(p.blockers),
                "review": p.review_state,
                "history": [
                    {
                        "date": c.date,
                        "status": c.status,
                        "status_label": code_label(c.status, lang),
                        "previous": c.previous,
                        "note": c.note,
                        "by": c.by,
                        "at": c.at.isoformat() if c.at else None,
                        "initial": c.initial,
                    }
                    for c in p.history
                ],
                "linked": p.linked,
                "linked_by_year": [
                    {"year": c.year, "kind": c.kind, "n": c.n} for c in p.linked_by_year
                ],
                "latest": [
                    {
                        "id": r.record.id,
                        "kind": r.record.kind,
                        "type": r.record.type,
                        "type_label": code_label(r.record.type, lang),
                        "date": r.record.date,
                        "title": record_title(r.record, names, lang),
                        "url": record_url(r.record.id, r.record.partners, home),
                        "partners": partners_json(r.record.partners, names),
                        "by_partner": r.by_partner,
                        "by_area": r.by_area,
                    }
                    for r in p.latest
                ],
            }
        )
    return {
        "ok": True,
        "item": summary_json(view.summary, names, lang)
        | {
            "summary": view.text,
            "today": view.today,
            "period": {"start": view.period[0], "end": view.period[1]},
            "review_scope": view.review,
            "projects": projects,
            "progress": progress_rows(view),
            "activity": activity_rows(view),
        },
    }


def progress_rows(view: analysis.PlanView) -> list[dict[str, Any]]:
    """Projects in each status at the end of each year: {year, kind (a status), n}."""
    return [{"year": p.year, "kind": p.status, "n": p.n} for p in view.progress]


def project_name(p: analysis.ProjectView) -> str:
    return f"{p.number}. {p.title}"


def activity_rows(view: analysis.PlanView) -> list[dict[str, Any]]:
    """Linked records of each project by year: {year, kind (the project), project, n}."""
    rows = []
    for p in view.projects:
        per_year: dict[str, int] = {}
        for c in p.linked_by_year:
            per_year[c.year] = per_year.get(c.year, 0) + c.n
        rows += [
            {"year": y, "kind": project_name(p), "project": p.number, "n": n}
            for y, n in per_year.items()
        ]
    return rows


@router.get("/plans", summary="Strategy plans with their projects by status")
def list_plans(
    session: DB, who: Reader, lang: Lang, review: Review = "accepted", today: Today = None
) -> dict[str, Any]:
    return plans_json(session, analysis.plans(session, review, today), lang)


@router.get("/plans/{plan_id}", summary="One plan: projects, history, progress, linked records")
def get_plan(
    plan_id: PlanId,
    session: DB,
    who: Reader,
    lang: Lang,
    review: Review = "accepted",
    today: Today = None,
    linked: Linked = 5,
) -> dict[str, Any]:
    return plan_json(session, analysis.plan(session, plan_id, review, today, linked), lang)


@router.get("/plans/{plan_id}/progress", summary="Chart rows: projects by status, each year")
def get_progress(
    plan_id: PlanId, session: DB, who: Reader, review: Review = "accepted", today: Today = None
) -> list[dict[str, Any]]:
    return progress_rows(analysis.plan(session, plan_id, review, today, 0, links=False))


@router.get("/plans/{plan_id}/activity", summary="Chart rows: linked records by year, per project")
def get_activity(
    plan_id: PlanId, session: DB, who: Reader, review: Review = "accepted", today: Today = None
) -> list[dict[str, Any]]:
    return activity_rows(analysis.plan(session, plan_id, review, today, 0))


@router.post(
    "/plans/{plan_id}/projects/{number}/status",
    summary="Set a project's status (editors): dated, with a note, kept in its history",
)
def post_status(
    plan_id: PlanId,
    number: Number,
    session: DB,
    who: Editor,
    lang: Lang,
    body: Annotated[StatusChange, Body()],
) -> dict[str, Any]:
    update = service.set_status(
        session, plan_id, number, body.status, who.stamp(), note=body.note, date=body.date
    )
    session.commit()
    return {
        "ok": True,
        "item": {
            "plan": plan_id,
            "project": number,
            "date": update.date,
            "status": update.status,
            "status_label": code_label(update.status, lang),
            "previous": update.previous,
            "note": update.note,
            "by": update.created_by,
        },
    }
