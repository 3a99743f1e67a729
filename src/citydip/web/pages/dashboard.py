"""The dashboard (`/`): counts, charts, the latest activity and open commitments."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from citydip.web.api.views import cached_stats, labels_blob, stats_json
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()


@router.get("/")
def dashboard_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    review: Literal["accepted", "proposed", "rejected", "all"] = "accepted",
) -> Response:
    data = stats_json(session, cached_stats(session, review), lang)
    ctx = {"data": data, "review": review, "labels": labels_blob(lang)}
    return request.app.state.render(request, "dashboard.html", ctx)
