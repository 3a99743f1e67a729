"""Pages: the plans (`/plans`) and one plan (`/plans/{id}`) with its projects, a chart of
its progress over time and one of the linked activity by year, and (for editors) a form
that sets a project's status."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from jinja2.utils import htmlsafe_json_dumps
from sqlalchemy.orm import Session

from citydip.analytics import plans as analysis
from citydip.errors import InputError, NotFoundError
from citydip.i18n import code_label, translate
from citydip.services import plans as service
from citydip.taxonomy import PROJECT_STATUSES
from citydip.web.api.plans import plan_json, plans_json
from citydip.web.deps import DB, Editor, Lang, Reader

router = APIRouter()
Review = Literal["accepted", "proposed", "rejected", "all"]
FORM_FIELDS = ("project", "status", "date", "note")


def _labels(lang: str) -> Any:
    """The charts' labels; statuses in their order (the JSON keeps it: colours follow it)."""
    t = translate
    blob = {
        "charts": {
            "year": t("views.year", lang),
            "count": t("plans.chart.projects", lang),
            "kind": t("plans.field.status", lang),
            "error": t("views.chart_error", lang),
            "empty": t("views.no_data", lang),
            "kinds": {s: code_label(s, lang) for s in ORDER},
            "types": {},
        }
    }
    return htmlsafe_json_dumps(blob, sort_keys=False, ensure_ascii=False)


# charts.js colours kinds by their place among the labels' kinds, after its own three
# (tie, engagement, membership): red, purple, brown, teal, grey
ORDER = ("stalled", "in_progress", "planned", "done", "dropped")


@router.get("/plans")
def plans_page(
    request: Request, session: DB, who: Reader, lang: Lang, review: Review = "accepted"
) -> Response:
    data = plans_json(session, analysis.plans(session, review), lang)
    ctx = {"data": data, "review": review, "statuses": PROJECT_STATUSES}
    return request.app.state.render(request, "plans.html", ctx)


def _show(
    request: Request,
    session: Session,
    plan_id: int,
    lang: str,
    review: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = analysis.plan(session, plan_id, review)
    ctx = {
        "data": plan_json(session, view, lang)["item"],
        "review": review,
        "statuses": PROJECT_STATUSES,
        "labels_json": _labels(lang),
        "values": values or {"project": "", "status": "", "date": "", "note": ""},
        "errors": errors or {},
        "flash": request.session.pop("flash", None),
    }
    return request.app.state.render(request, "plan.html", ctx, status=status)


@router.get("/plans/{plan_id:int}")
def plan_page(
    request: Request,
    plan_id: int,
    session: DB,
    who: Reader,
    lang: Lang,
    review: Review = "accepted",
) -> Response:
    return _show(request, session, plan_id, lang, review)


@router.post("/plans/{plan_id:int}/status")
async def set_status(
    request: Request, plan_id: int, session: DB, who: Editor, lang: Lang
) -> Response:
    form = await request.form()
    values = {k: v if isinstance(v := form.get(k), str) else "" for k in FORM_FIELDS}
    service.get_plan(session, plan_id)  # no such plan: the error page (404)
    try:
        number = values["project"].strip()
        if not number.isdigit():
            raise InputError("choose a project", field="project")
        update = service.set_status(
            session,
            plan_id,
            int(number),
            values["status"],
            who.stamp(),
            note=values["note"],
            date=values["date"] or None,
        )
    except (InputError, NotFoundError) as exc:  # not found: no such project in the plan
        session.rollback()
        field = getattr(exc, "field", None)
        message = exc.message if isinstance(exc, InputError) else str(exc)
        errors = {field if field in FORM_FIELDS else "project": message}
        return _show(
            request, session, plan_id, lang, "accepted", values=values, errors=errors, status=422
        )
    session.commit()
    request.session["flash"] = {
        "key": "plans.flash.saved",
        "values": {
            "n": number,
            "status": code_label(update.status, lang),
            "date": update.date,
        },
    }
    return RedirectResponse(f"/plans/{plan_id}#projects", status_code=303)
