"""`/api/v1/health` and `/api/v1/trends`: relationship health and trends by year as JSON,
with the Vega-Lite specs the pages draw (the pages render the same results).

Codes come with their labels in the asked-for language, partners with their name in it and
the URL of their partner page.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from citydip.analytics import health as health_mod
from citydip.analytics import trends as trends_mod
from citydip.analytics.cache import views_cache
from citydip.i18n import code_label, translate
from citydip.web.api.views import Names, place_url
from citydip.web.deps import DB, Lang, Reader

router = APIRouter(tags=["analysis"])
Review = Annotated[
    Literal["accepted", "proposed", "rejected", "all"],
    Query(description="review state of the records counted ('all': every state)"),
]
By = Annotated[
    Literal["mode", "dimension", "area", "region", "direction"],
    Query(description="the lens: mode, dimension, area, region or direction"),
]
Year = Annotated[int | None, Query(ge=1, le=9999)]
DormantYears = Annotated[
    int, Query(ge=1, le=100, description="no activity in this many years: dormant")
]
Limit = Annotated[int, Query(ge=1, le=health_mod.MAX_LIMIT, description="ties listed at most")]
TREND_COLORS = {"rising": "#2ca02c", "steady": "#1f5fbf", "falling": "#d62728", "none": "#9e9e9e"}
TOP_LINES = 8  # ties drawn on the activity-by-year chart


def group_label(by: str, code: str, lang: str) -> str:
    """A trend group's label: a taxonomy code's, or the grouped region of the Americas."""
    if by == "region" and code == "americas":
        return translate("trends.region.americas", lang)
    return code_label(code, lang)


def cached_health(
    session: Session, dormant_years: int, limit: int, review: str
) -> health_mod.Health:
    key = ("health", dormant_years, limit, review)
    return views_cache.get(
        session, key, lambda s: health_mod.health(s, dormant_years, limit=limit, review=review)
    )


def cached_trends(
    session: Session, by: str, year_from: int | None, year_to: int | None, review: str
) -> trends_mod.Trends:
    key = ("trends", by, year_from, year_to, review)
    return views_cache.get(
        session, key, lambda s: trends_mod.trends(s, by, year_from, year_to, review)
    )


def health_json(session: Session, data: health_mod.Health, lang: str) -> dict[str, Any]:
    names = Names(session, lang, [t.partner for t in data.ties])
    return {
        "ok": True,
        "review": data.review,
        "today": data.today.isoformat(),
        "dormant_years": data.dormant_years,
        "window": data.window,
        "total": data.total,
        "counts": data.counts,
        "ties": [
            {
                "rank": i,
                "id": t.tie_id,
                "type": t.type,
                "type_label": code_label(t.type, lang),
                "since": t.since,
                "status": t.status,
                "status_label": code_label(t.status, lang),
                "review": t.review_state,
                "partner": {
                    "id": t.partner.id,
                    "name": names(t.partner),
                    "country": t.partner.country,
                    "url": place_url(t.partner.id),
                },
                "agreements": t.agreements,
                "engagements": t.engagements,
                "score": round(t.score, 2),
                "slope": None if t.slope is None else round(t.slope, 3),
                "trend": t.trend,
                "trend_label": translate(f"health.trend.{t.trend}", lang),
                "last_year": t.last_year,
                "years_since": t.years_since,
                "dormant": t.dormant,
                "name_only": t.name_only,
                "years": [
                    {
                        "year": y.year,
                        "agreements": y.agreements,
                        "engagements": y.engagements,
                        "weighted": round(y.weighted, 2),
                    }
                    for y in t.years
                ],
            }
            for i, t in enumerate(data.ties, start=1)
        ],
    }


def health_charts(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Vega-Lite specs: the ranked scores (bars coloured by trend), and the weighted
    activity by year of the first ties over the trend window (lines)."""
    t = translate
    top = data["ties"][:20]
    bars = [
        {
            "tie": f"{r['rank']}. {r['partner']['name']}",
            "score": r["score"],
            "trend": r["trend_label"],
        }
        for r in top
    ]
    trend_names = [t(f"health.trend.{k}", lang) for k in health_mod.TRENDS]
    first_year = int(data["today"][:4]) - data["window"] + 1
    lines = [
        {"tie": f"{r['rank']}. {r['partner']['name']}", "year": y["year"], "w": y["weighted"]}
        for r in data["ties"][:TOP_LINES]
        for y in r["years"]
        if y["year"] >= first_year
    ]
    return [
        {
            "id": "chart-health-score",
            "spec": {
                "height": max(60, 22 * len(bars)),
                "data": {"values": bars},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "y": {
                        "field": "tie",
                        "type": "nominal",
                        "sort": None,
                        "title": t("health.partner", lang),
                        "axis": {"labelLimit": 220},
                    },
                    "x": {
                        "field": "score",
                        "type": "quantitative",
                        "title": t("health.score", lang),
                    },
                    "color": {
                        "field": "trend",
                        "type": "nominal",
                        "title": t("health.trend", lang),
                        "scale": {
                            "domain": trend_names,
                            "range": [TREND_COLORS[k] for k in health_mod.TRENDS],
                        },
                        "legend": {"orient": "bottom"},
                    },
                },
            },
        },
        {
            "id": "chart-health-years",
            "spec": {
                "height": 260,
                "data": {"values": lines},
                "mark": {"type": "line", "point": True, "tooltip": True},
                "encoding": {
                    "x": {"field": "year", "type": "ordinal", "title": t("views.year", lang)},
                    "y": {
                        "field": "w",
                        "type": "quantitative",
                        "title": t("health.weighted", lang),
                    },
                    "color": {
                        "field": "tie",
                        "type": "nominal",
                        "title": t("health.partner", lang),
                        "legend": {"orient": "bottom", "columns": 2, "labelLimit": 220},
                    },
                },
            },
        },
    ]


def trends_json(data: trends_mod.Trends, lang: str) -> dict[str, Any]:
    return {
        "ok": True,
        "by": data.by,
        "review": data.review,
        "groups": [{"code": g, "label": group_label(data.by, g, lang)} for g in data.groups],
        "years": list(data.years),
        "totals": {str(y): n for y, n in data.totals.items()},
        "rows": [
            {
                "year": r.year,
                "group": r.group,
                "label": group_label(data.by, r.group, lang),
                "n": r.n,
                "share": round(r.share, 4),
            }
            for r in data.rows
        ],
    }


def trends_charts(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Vega-Lite specs: the share of each group by year (lines; stacked areas for the lenses
    whose shares sum to one) and the counts by year (stacked bars)."""
    t = translate
    values = [
        {"year": str(r["year"]), "group": r["label"], "n": r["n"], "share": r["share"]}
        for r in data["rows"]
    ]
    order = [g["label"] for g in data["groups"]]
    color = {
        "field": "group",
        "type": "nominal",
        "title": t(f"trends.by.{data['by']}", lang),
        "scale": {"domain": order},
        "legend": {"orient": "bottom", "columns": 4, "labelLimit": 200},
    }
    whole = data["by"] in ("mode", "direction")  # the groups divide the year's records
    year = {"field": "year", "type": "ordinal", "title": t("views.year", lang)}
    share = {
        "field": "share",
        "type": "quantitative",
        "title": t("trends.share", lang),
        "axis": {"format": "%"},
        **({"stack": "zero"} if whole else {}),
    }
    return [
        {
            "id": "chart-trends-share",
            "spec": {
                "height": 280,
                "data": {"values": values},
                "mark": {
                    "type": "area" if whole else "line",
                    "tooltip": True,
                    **({} if whole else {"point": True}),
                },
                "encoding": {"x": year, "y": share, "color": color},
            },
        },
        {
            "id": "chart-trends-count",
            "spec": {
                "height": 260,
                "data": {"values": values},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "x": year,
                    "y": {
                        "field": "n",
                        "type": "quantitative",
                        "title": t("views.count", lang),
                        "stack": "zero",
                    },
                    "color": color,
                },
            },
        },
    ]


def health_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "rank", "tie_id", "type", "since", "status", "partner_id", "partner", "country",
            "agreements", "engagements", "score", "slope", "trend", "last_year",
            "years_since", "dormant", "name_only",
        ]
    )  # fmt: skip
    for r in data["ties"]:
        p = r["partner"]
        writer.writerow(
            [
                r["rank"], r["id"], r["type"], r["since"], r["status"], p["id"], p["name"],
                p["country"], r["agreements"], r["engagements"], r["score"], r["slope"],
                r["trend"], r["last_year"], r["years_since"], r["dormant"], r["name_only"],
            ]
        )  # fmt: skip
    return out.getvalue()


def trends_csv(data: trends_mod.Trends) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["year", data.by, "n", "share", "total"])
    for r in data.rows:
        writer.writerow([r.year, r.group, r.n, f"{r.share:.4f}", data.totals.get(r.year, 0)])
    return out.getvalue()


@router.get("/health", summary="Relationship health of the home city's ties, ranked")
def get_health(
    session: DB,
    who: Reader,
    lang: Lang,
    dormant_years: DormantYears = 5,
    limit: Limit = 200,
    review: Review = "accepted",
) -> dict[str, Any]:
    return health_json(session, cached_health(session, dormant_years, limit, review), lang)


@router.get("/trends", summary="Counts and shares by year: mode, dimension, area, region, ...")
def get_trends(
    session: DB,
    who: Reader,
    lang: Lang,
    by: By = "mode",
    year_from: Year = None,
    year_to: Year = None,
    review: Review = "accepted",
) -> dict[str, Any]:
    return trends_json(cached_trends(session, by, year_from, year_to, review), lang)
