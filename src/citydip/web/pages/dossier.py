"""The partner briefing dossier of a place: `/places/{id}/dossier` (one standalone HTML page,
printable) and `/places/{id}/dossier.pdf` (the same page printed by headless Chromium).

Sync routes: they run in the thread pool, where Playwright's sync API may start."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, Response

from citydip.analytics.briefing import MAX_LAST
from citydip.reports.dossier import dossier_html
from citydip.reports.pdf import html_to_pdf
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()
PlaceId = Annotated[int, Path(ge=1, description="the place's id")]
Review = Literal["accepted", "proposed", "rejected", "all"]


def _html(
    session: DB, place_id: int, lang: str, today: dt.date | None, review: str, last: int,
    pdf: bool,
) -> str:  # fmt: skip
    query = f"?review={review}&last={last}" + (f"&today={today}" if today else "")
    links = (
        {}
        if pdf
        else {"pdf": f"/places/{place_id}/dossier.pdf{query}", "back": f"/places/{place_id}"}
    )
    html = dossier_html(session, place_id, lang, today, review, last, links)
    session.close()  # printing takes seconds: give the connection back first
    return html


@router.get("/places/{place_id}/dossier")
def dossier_page(
    place_id: PlaceId,
    session: DB,
    who: Reader,
    lang: Lang,
    today: dt.date | None = None,
    review: Review = "accepted",
    last: int = Query(10, ge=1, le=MAX_LAST),
) -> Response:
    html = _html(session, place_id, lang, today, review, last, pdf=False)
    return HTMLResponse(html, headers={"Vary": "Accept-Language, Cookie"})


@router.get("/places/{place_id}/dossier.pdf")
def dossier_pdf(
    place_id: PlaceId,
    session: DB,
    who: Reader,
    lang: Lang,
    today: dt.date | None = None,
    review: Review = "accepted",
    last: int = Query(10, ge=1, le=MAX_LAST),
) -> Response:
    data = html_to_pdf(_html(session, place_id, lang, today, review, last, pdf=True))
    name = f"dossier-{place_id}-{lang}.pdf"
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
