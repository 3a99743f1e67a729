"""`citydip health` and `citydip trends`: relationship health and trends by year.

citydip health [--dormant-years 5] [--limit 30] [--csv FILE] [--json] [--review accepted]
citydip trends [--by mode|dimension|area|region|direction] [--from Y] [--to Y] [--csv FILE]
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from citydip.analytics import health as health_mod
from citydip.analytics import trends as trends_mod
from citydip.cli.context import app_context, console, print_json
from citydip.errors import InputError

JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
CSV = typer.Option(None, "--csv", help="Also write the rows as CSV to this file.", dir_okay=False)
REVIEW = typer.Option(
    None, "--review", help="Review scope: accepted (default), proposed, rejected or all."
)
HEALTH_COLUMNS = [
    "rank", "tie_id", "type", "since", "status", "partner_id", "partner", "country",
    "agreements", "engagements", "score", "slope", "trend", "last_year", "years_since",
    "dormant", "name_only",
]  # fmt: skip


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today must be a date YYYY-MM-DD, not {value!r}") from None


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _health_rows(found: health_mod.Health) -> list[list[Any]]:
    return [
        [
            i, t.tie_id, t.type, t.since, t.status, t.partner.id, t.partner.name,
            t.partner.country, t.agreements, t.engagements, round(t.score, 2),
            None if t.slope is None else round(t.slope, 3), t.trend, t.last_year,
            t.years_since, t.dormant, t.name_only,
        ]
        for i, t in enumerate(found.ties, start=1)
    ]  # fmt: skip


def health(
    ctx: typer.Context,
    dormant_years: int = typer.Option(5, "--dormant-years", help="No activity in N years."),
    window: int = typer.Option(10, "--window", help="Years the trend and score look at."),
    limit: int = typer.Option(30, "--limit", help="Ties shown (CSV and JSON: all)."),
    csv_path: Path | None = CSV,
    as_json: bool = JSON,
    review: str | None = REVIEW,
    today: str | None = typer.Option(None, "--today", help="As of this day (YYYY-MM-DD)."),
) -> None:
    """Relationship health: every tie of the home city ranked, its trend, dormant ties."""
    if limit < 1:
        raise InputError("--limit must be 1 or more", field="limit")
    with app_context(ctx).registry().session() as session:
        found = health_mod.health(session, dormant_years, window, None, review, _day(today))
    if csv_path is not None:
        _write_csv(csv_path, HEALTH_COLUMNS, _health_rows(found))
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    table = Table(
        title=f"{len(found.ties[:limit])} of {found.total} ties, ranked (as of {found.today}); "
        f"{found.counts['dormant']} dormant, {found.counts['name_only']} name-only",
        title_justify="left",
        header_style="bold",
    )
    for col in ("#", "Partner", "Type", "Since", "Status", "Agr.", "Eng.", "Score", "Trend",
                "Last", "Years since", "Flags"):  # fmt: skip
        table.add_column(col, overflow="fold")
    for row, t in zip(_health_rows(found)[:limit], found.ties, strict=False):
        flags = " ".join(f for f, on in (("dormant", t.dormant), ("name-only", t.name_only)) if on)
        place = f"{t.partner.name} ({t.partner.country})" if t.partner.country else t.partner.name
        table.add_row(
            str(row[0]), escape(place), t.type or "", t.since or "", t.status,
            str(t.agreements), str(t.engagements), f"{t.score:.1f}", t.trend,
            str(t.last_year or "—"), "—" if t.years_since is None else str(t.years_since), flags,
        )  # fmt: skip
    console.print(table)


def trends(
    ctx: typer.Context,
    by: str = typer.Option("mode", "--by", help="mode, dimension, area, region or direction."),
    year_from: int | None = typer.Option(None, "--from", help="First year."),
    year_to: int | None = typer.Option(None, "--to", help="Last year."),
    csv_path: Path | None = CSV,
    as_json: bool = JSON,
    review: str | None = REVIEW,
) -> None:
    """Trends by year: counts and shares of each group (bilateral/multilateral, ...)."""
    with app_context(ctx).registry().session() as session:
        found = trends_mod.trends(session, by, year_from, year_to, review)
    rows = [[r.year, r.group, r.n, f"{r.share:.4f}", found.totals[r.year]] for r in found.rows]
    if csv_path is not None:
        _write_csv(csv_path, ["year", found.by, "n", "share", "total"], rows)
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    table = Table(
        title=f"Trends by {found.by} ({found.review}): count (share of the year)",
        title_justify="left",
        header_style="bold",
    )
    table.add_column("Year")
    for g in found.groups:
        table.add_column(g, justify="right")
    table.add_column("Counted", justify="right")
    width = len(found.groups)
    for i, year in enumerate(found.years):
        cells = found.rows[i * width : (i + 1) * width]
        table.add_row(
            str(year), *(f"{r.n} ({r.share:.0%})" for r in cells), str(found.totals[year])
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("health")(health)
    app.command("trends")(trends)
