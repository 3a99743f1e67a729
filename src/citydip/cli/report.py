"""`citydip report`: the annual report of a year, as one self-contained HTML file (and PDF).

citydip report --year 2015 [--lang en|ko] [-o report-2015.html] [--pdf report-2015.pdf]
               [--review accepted] [--today YYYY-MM-DD] [--json]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import typer
from rich.table import Table

from citydip.analytics import annual
from citydip.cli.context import app_context, console, print_json
from citydip.errors import InputError
from citydip.i18n import LANGS
from citydip.reports.annual import year_html, year_pdf


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today must be a date YYYY-MM-DD, not {value!r}") from None


def report(
    ctx: typer.Context,
    year: int = typer.Option(..., "--year", help="The year of the report."),
    lang: str = typer.Option("en", "--lang", help="Language: en or ko."),
    out: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="HTML file to write (default: report-YEAR.html).",
        dir_okay=False,
    ),
    pdf: Path | None = typer.Option(None, "--pdf", help="Also print a PDF.", dir_okay=False),
    review: str | None = typer.Option(
        None, "--review", help="Review scope: accepted (default), proposed, rejected or all."
    ),
    today: str | None = typer.Option(None, "--today", help="Overdue as of this day."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON too."),
) -> None:
    """The annual report of a year: counts, charts, map, top partners, agreements signed,
    commitments due and a method note, as one HTML file that needs nothing else."""
    if lang not in LANGS:
        raise InputError(f"--lang must be one of {', '.join(LANGS)}", field="lang")
    with app_context(ctx).registry().session() as session:
        found = annual.require_records(annual.year_report(session, year, review, _day(today)))
    path = out or Path(f"report-{year}.html")
    path.write_text(year_html(found, lang), encoding="utf-8")
    if pdf is not None:
        year_pdf(found, lang, pdf)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    table = Table(title=f"{year} ({found.review}) against {year - 1}", title_justify="left")
    for col in ("Records", str(year), str(year - 1)):
        table.add_column(col, justify="left" if col == "Records" else "right")
    for c in found.counts:
        table.add_row(c.kind, str(c.n), str(c.previous))
    table.add_row("partners", str(found.partners_total), "")
    table.add_row("commitments due", str(found.commitments_total), "")
    console.print(table)
    written = [str(path), *([str(pdf)] if pdf is not None else [])]
    console.print(f"Wrote {' and '.join(written)}", highlight=False)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("report")(report)
