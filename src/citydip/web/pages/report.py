"""Pages: annual reports — `/reports` (the years with records, with links), `/reports/{year}`
(the standalone HTML report) and `/reports/{year}.pdf` (the same, printed by Chromium).

The routes are sync `def`s: they run in the thread pool, where Playwright's sync API may
start a browser for the PDF. Figures are kept in the views' cache until the registry changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from citydip.analytics import annual
from citydip.analytics.cache import views_cache
from citydip.i18n import translate
from citydip.reports.annual import year_html, year_pdf
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()
Review = Literal["accepted", "proposed", "rejected", "all"]
Language = Annotated[Literal["en", "ko"] | None, Query(alias="lang")]


def _report(session: Session, year: int, review: str) -> annual.YearReport:
    today = dt.date.today()
    key = ("annual", year, review, today)
    found = views_cache.get(session, key, lambda s: annual.year_report(s, year, review, today))
    return annual.require_records(found)


def years_chart(years: list[annual.YearTotal], lang: str) -> list[dict[str, Any]]:
    """Records of each kind by year (stacked bars), for static/analysis-charts.js to draw."""
    values = [
        {"year": str(y.year), "kind": translate(f"code.{k}", lang), "n": n}
        for y in years
        for k, n in y.counts.items()
        if n
    ]
    encoding = {
        "x": {"field": "year", "type": "ordinal", "title": translate("report.list.year", lang)},
        "y": {"field": "n", "type": "quantitative", "title": translate("report.list.total", lang)},
        "color": {"field": "kind", "type": "nominal", "legend": {"orient": "bottom"}, "title": ""},
    }
    spec = {"height": 220, "data": {"values": values}, "mark": {"type": "bar", "tooltip": True}}
    return [{"id": "chart-report-years", "spec": {**spec, "encoding": encoding}}]


@router.get("/reports")
def reports_page(
    request: Request, session: DB, who: Reader, lang: Lang, review: Review = "accepted"
) -> Response:
    key = ("annual-years", review)
    years = views_cache.get(session, key, lambda s: annual.report_years(s, review))
    ctx = {"years": years[::-1], "review": review, "charts": years_chart(years, lang)}
    return request.app.state.render(request, "reports.html", ctx)


@router.get("/reports/{year}.pdf")
def report_pdf(
    session: DB, who: Reader, lang: Lang, year: int, language: Language = None,
    review: Review = "accepted",
) -> Response:  # fmt: skip
    body = year_pdf(_report(session, year, review), language or lang)
    headers = {"Content-Disposition": f'inline; filename="report-{year}.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)


@router.get("/reports/{year}")
def report_page(
    session: DB, who: Reader, lang: Lang, year: int, language: Language = None,
    review: Review = "accepted",
) -> Response:  # fmt: skip
    html = year_html(_report(session, year, review), language or lang)
    return HTMLResponse(html, headers={"Vary": "Accept-Language, Cookie"})
