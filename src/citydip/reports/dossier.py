"""The partner briefing dossier: one printable page (HTML, and PDF printed from it) from a
`citydip.analytics.briefing.Briefing` — the tie and its periods, agreements and their
areas, open and overdue commitments, the last engagements and who was met, people in
office, shared networks, an activity-by-year chart and the numbered sources of every fact.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from citydip.analytics.briefing import KINDS, Briefing, briefing
from citydip.analytics.briefs import PlaceBrief
from citydip.i18n import code_label, translate
from citydip.reports.charts import bars
from citydip.reports.pdf import html_to_pdf
from citydip.reports.standalone import render
from citydip.store.queries import local_names


def activity_rows(found: Briefing, lang: str) -> list[dict[str, Any]]:
    """Counts by year and kind for the chart; years without records in between get a zero
    row, so that the axis runs year by year."""
    counts = {(c.year, c.kind): c.n for c in found.activity}
    if not counts:
        return []
    years = [c.year for c in found.activity]
    kinds = [k for k in KINDS if any(c.kind == k for c in found.activity)]
    rows = []
    for year in range(min(years), max(years) + 1):
        for kind in kinds:
            n = counts.get((year, kind), 0)
            if n or kind == kinds[0]:
                rows.append({"year": str(year), "kind": code_label(kind, lang), "n": n})
    return rows


def activity_chart(found: Briefing, lang: str) -> dict[str, Any] | None:
    rows = activity_rows(found, lang)
    if not rows:
        return None
    return bars(
        rows,
        "year",
        "n",
        color="kind",
        x_title=translate("dossier.year", lang),
        y_title=translate("dossier.records", lang),
        color_title=translate("dossier.kind", lang),
        height=150,
    )


def _places(found: Briefing) -> list[PlaceBrief]:
    out = [found.place, *([found.home] if found.home else [])]
    for tie in found.ties:
        out += tie.partners
    for e in found.engagements:
        out += [e.location] if e.location else []
        out += [p.place for p in e.people if p.place]
    out += [n.network for n in found.networks]
    return out


def render_dossier(
    found: Briefing,
    lang: str,
    names: dict[int, str] | None = None,
    links: dict[str, str] | None = None,
) -> str:
    """The dossier as one self-contained HTML document. `names`: place id → the name to
    show (the language's, where known); `links`: on-screen links (not printed), e.g. the
    PDF's URL."""
    local = names or {}

    def name(place: PlaceBrief | None) -> str:
        if place is None:
            return ""
        return local.get(place.id, place.name)

    chart = activity_chart(found, lang)
    return render(
        "dossier.html",
        lang,
        b=found,
        name=name,
        chart_spec=chart,
        charts=chart is not None,
        links=links or {},
        cite=found.cite,
    )


def dossier_html(
    session: Session,
    place_id: int,
    lang: str,
    today: dt.date | None = None,
    review: str | None = None,
    last: int = 10,
    links: dict[str, str] | None = None,
) -> str:
    """The briefing of a place as HTML (NotFoundError / InputError as `briefing`)."""
    return html_for(session, briefing(session, place_id, today, review, last), lang, links)


def html_for(
    session: Session, found: Briefing, lang: str, links: dict[str, str] | None = None
) -> str:
    """A briefing as HTML, with the places named in `lang` where the registry can."""
    names = local_names(session, [p.id for p in _places(found)], lang)
    return render_dossier(found, lang, names, links)


def dossier_pdf(
    session: Session,
    place_id: int,
    lang: str,
    out: Path | None = None,
    today: dt.date | None = None,
    review: str | None = None,
    last: int = 10,
) -> bytes:
    """The dossier printed to A4 PDF by headless Chromium (PdfError when it cannot be)."""
    html = dossier_html(session, place_id, lang, today, review, last)
    return html_to_pdf(html, out)
