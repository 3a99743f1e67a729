"""The annual report: one year of the registry (`analytics.annual.YearReport`) as one
self-contained HTML document — counts, charts, a map, top partners, agreements signed,
commitments due, ties, and a note on the method — and as a PDF printed from it.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from citydip.analytics.annual import YearReport
from citydip.i18n import code_label, translate
from citydip.reports import charts
from citydip.reports.pdf import html_to_pdf
from citydip.reports.standalone import render

TOP_PARTNERS = 10  # partners in the table
MAP_POINTS = 300  # partners on the map (the most active)
CHART_ROWS = 15  # bars of the region, area and type charts at most
HALF = 300  # the width of a chart in half the page


def _month(lang: str, month: int | None) -> str:
    return translate(f"report.month.{month}" if month else "report.month.none", lang)


def year_charts(report: YearReport, lang: str) -> dict[str, dict[str, Any]]:
    """The report's Vega-Lite specs by chart id (charts with no data are left out)."""
    t = partial(translate, lang=lang)
    label = partial(code_label, lang=lang)
    n_title = t("report.chart.records")
    out: dict[str, dict[str, Any]] = {}
    if report.count("engagement"):
        out["chart-months"] = charts.bars(
            [{"month": _month(lang, m.month), "n": m.n} for m in report.months],
            "month",
            "n",
            y_title=t("report.chart.engagements"),
            width=HALF,
        )
    types = [c for c in report.types if c.n][:CHART_ROWS]
    if types:
        out["chart-types"] = charts.bars(
            [{"type": label(c.type), "kind": label(c.kind), "n": c.n} for c in types],
            "type",
            "n",
            color="kind",
            horizontal=True,
            y_title=n_title,
            color_title=t("report.kind"),
            height=max(60, 18 * len(types)),
            width=HALF,
        )
    if report.regions:
        rows = [{"region": label(r.region), "n": r.n} for r in report.regions[:CHART_ROWS]]
        out["chart-regions"] = charts.bars(
            rows,
            "region",
            "n",
            horizontal=True,
            y_title=t("report.chart.partners"),
            height=max(60, 18 * len(rows)),
            width=HALF,
        )
    if report.areas:
        rows = [{"area": label(a.area), "n": a.n} for a in report.areas[:CHART_ROWS]]
        out["chart-areas"] = charts.bars(
            rows, "area", "n", horizontal=True, y_title=n_title, height=max(60, 18 * len(rows)),
            width=HALF,
        )  # fmt: skip
    placed = [p for p in report.partners if p.lat is not None and p.lon is not None]
    if placed:
        out["chart-map"] = _map(report, placed[:MAP_POINTS], lang)
    return out


def _map(report: YearReport, placed: list[Any], lang: str) -> dict[str, Any]:
    t = partial(translate, lang=lang)
    who = {"partner": t("report.map.partner"), "home": t("report.map.home")}
    points: list[dict[str, Any]] = [
        {
            "lon": p.lon,
            "lat": p.lat,
            "name": p.place.name,
            "n": p.records,
            "who": who["partner"],
        }
        for p in placed
    ]
    where = {p.place.id: (p.lon, p.lat) for p in placed}
    links: list[dict[str, Any]] = []
    home = report.home
    if home is not None and report.home_at is not None:
        lon, lat = report.home_at
        biggest = max((p["n"] for p in points), default=1)
        points.append({"lon": lon, "lat": lat, "name": home.name, "n": biggest, "who": who["home"]})
        for tie in report.new_ties:
            for partner in tie.partners:
                if partner.id in where:
                    lon2, lat2 = where[partner.id]
                    links.append({"lon": lon, "lat": lat, "lon2": lon2, "lat2": lat2})
    return charts.world_map(
        points, links, color="who", colors=("#1f5fa8", "#b0431a"), legend=t("report.map.legend")
    )


def year_html(report: YearReport, lang: str) -> str:
    """The report of a year as one HTML document in a language ('en' or 'ko')."""
    return render(
        "annual.html",
        lang,
        r=report,
        charts=year_charts(report, lang),
        top=report.partners[:TOP_PARTNERS],
        map_points=MAP_POINTS,
        month=partial(_month, lang),
    )


def year_pdf(report: YearReport, lang: str, out: Path | None = None) -> bytes:
    """The report printed to PDF by headless Chromium (written to `out` too, when given)."""
    return html_to_pdf(year_html(report, lang), out)
