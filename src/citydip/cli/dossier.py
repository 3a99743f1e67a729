"""`citydip dossier NAME`: the partner briefing dossier of a place, as HTML and/or PDF.

citydip dossier "Tokyo" [--country JP] [--lang en|ko] [-o tokyo.html] [--pdf tokyo.pdf]
    [--today 2026-12-31] [--last 10] [--review accepted] [--json]
Without -o/--pdf/--json it prints a summary and writes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from citydip.analytics.briefing import Briefing, briefing
from citydip.cli.context import app_context, console, print_json
from citydip.errors import InputError
from citydip.i18n import LANGS
from citydip.reports.dossier import html_for
from citydip.reports.pdf import html_to_pdf
from citydip.store.queries import find_place


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today must be a date YYYY-MM-DD, not {value!r}") from None


def dossier(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The place: its key (tokyo-jp), a name or NAME,CC."),
    country: str | None = typer.Option(None, "--country", help="The place's country (ISO2)."),
    lang: str = typer.Option("en", "--lang", help="Language of the dossier: en or ko."),
    out: Path | None = typer.Option(
        None, "-o", "--out", help="Write the HTML here.", dir_okay=False
    ),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write a PDF here.", dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="Print the briefing as JSON."),
    today: str | None = typer.Option(None, "--today", help="As of this day (YYYY-MM-DD)."),
    last: int = typer.Option(10, "--last", help="Engagements listed (newest first)."),
    review: str | None = typer.Option(
        None, "--review", help="accepted (default), proposed, rejected or all."
    ),
) -> None:
    """A partner briefing dossier: the tie, agreements, commitments, engagements, people,
    shared networks, activity by year and the source of every fact."""
    if lang not in LANGS:
        raise InputError(f"--lang must be one of {', '.join(LANGS)}", field="lang")
    ref = f"{name},{country}" if country and "," not in name else name
    day = _day(today)
    with app_context(ctx).registry().session() as session:
        place = find_place(session, ref)
        found = briefing(session, place.id, day, review, last)
        html = html_for(session, found, lang) if out or pdf else None
    if html is not None and out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
        console.print(f"wrote {escape(str(out))}", highlight=False)
    if html is not None and pdf is not None:
        html_to_pdf(html, pdf)
        console.print(f"wrote {escape(str(pdf))}", highlight=False)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    if out or pdf:
        return
    _summary(found)


def _summary(found: Briefing) -> None:
    p = found.place
    table = Table(
        title=f"Briefing: {p.name} ({p.country or '—'}) as of {found.today}",
        title_justify="left",
        show_header=False,
        box=None,
    )
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for tie in found.ties:
        periods = ", ".join(
            f"{x.type} {x.start or '?'}–{x.end or ''}" if x.span else f"{x.type} {x.start or ''}"
            for x in tie.periods
        )
        table.add_row(
            "tie", escape(f"{tie.type} since {tie.since or '?'} ({tie.status}): {periods}")
        )
    for a in found.agreements:
        table.add_row("agreement", escape(f"{a.date or 'undated'} {a.type}: {', '.join(a.areas)}"))
    for c in found.commitments:
        flag = " OVERDUE" if c.overdue else ""
        table.add_row("open", escape(f"{c.text} ({c.area or '—'}, due {c.due or '—'}){flag}"))
    for e in found.engagements:
        people = "; ".join(x.name for x in e.people)
        table.add_row(
            "engagement", escape(f"{e.start or '?'} {e.type}" + (f" — {people}" if people else ""))
        )
    for person in found.in_office:
        table.add_row("in office", escape(f"{person.name} ({person.title or ''})"))
    for n in found.networks:
        table.add_row("network", escape(n.network.name))
    table.add_row("sources", escape(", ".join(d.doc_id for d in found.documents) or "—"))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("dossier")(dossier)
