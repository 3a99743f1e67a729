"""Pages: relationship health (`/health`, `/health.csv`) and trends by year (`/trends`,
`/trends.csv?by=dimension`). Each calls the same analysis as the API."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from citydip.analytics import trends as trends_mod
from citydip.web.api.trends import (
    By,
    DormantYears,
    Limit,
    Review,
    Year,
    cached_health,
    cached_trends,
    health_charts,
    health_csv,
    health_json,
    trends_charts,
    trends_csv,
    trends_json,
)
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()


def _csv(body: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/health")
def health_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    dormant_years: DormantYears = 5,
    limit: Limit = 200,
    review: Review = "accepted",
) -> Response:
    data = health_json(session, cached_health(session, dormant_years, limit, review), lang)
    ctx = {
        "data": data,
        "charts": health_charts(data, lang),
        "filters": {"dormant_years": dormant_years, "limit": limit, "review": review},
    }
    return request.app.state.render(request, "health.html", ctx)


@router.get("/health.csv")
def health_download(
    session: DB,
    who: Reader,
    lang: Lang,
    dormant_years: DormantYears = 5,
    limit: Limit = 100_000,
    review: Review = "accepted",
) -> Response:
    data = health_json(session, cached_health(session, dormant_years, limit, review), lang)
    return _csv(health_csv(data), "health.csv")


@router.get("/trends")
def trends_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    by: By = "mode",
    year_from: Year = None,
    year_to: Year = None,
    review: Review = "accepted",
) -> Response:
    data = trends_json(cached_trends(session, by, year_from, year_to, review), lang)
    ctx = {
        "data": data,
        "charts": trends_charts(data, lang),
        "lenses": trends_mod.BY,
        "filters": {"by": by, "year_from": year_from, "year_to": year_to, "review": review},
    }
    return request.app.state.render(request, "trends.html", ctx)


@router.get("/trends.csv")
def trends_download(
    session: DB,
    who: Reader,
    by: By = "mode",
    year_from: Year = None,
    year_to: Year = None,
    review: Review = "accepted",
) -> Response:
    found = cached_trends(session, by, year_from, year_to, review)
    return _csv(trends_csv(found), f"trends-{by}.csv")
