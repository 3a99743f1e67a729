"""The analysis hub (`/analysis`): one page that leads to every analysis of the registry —
relationship health, trends, network analysis, plans, annual reports and briefing dossiers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from citydip.web.deps import Reader

router = APIRouter()

# (part, href): each part has `analysis.<part>` (a title) and `analysis.<part>_what` labels
PARTS = (
    ("health", "/health"),
    ("trends", "/trends"),
    ("graph", "/network/analysis"),
    ("plans", "/plans"),
    ("reports", "/reports"),
    ("dossier", "/places"),
    ("world", "/world"),
)


@router.get("/analysis")
def analysis_page(request: Request, who: Reader) -> Response:
    return request.app.state.render(request, "analysis.html", {"parts": PARTS})
