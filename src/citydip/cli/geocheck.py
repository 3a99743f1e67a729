"""`citydip geocheck`: another tool's coordinates of a pairs CSV against citydip's."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from citydip.cli.context import console, print_json
from citydip.exchange.geocheck import (
    DEFAULT_COLUMNS,
    WITHIN_KM,
    compare,
    summary,
    write_disagreements,
)
from citydip.gazetteer.world import load_world_gazetteer


def geocheck(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A geocoded pairs CSV."),
    columns: str = typer.Option(
        ",".join(DEFAULT_COLUMNS),
        "--columns",
        help="Columns in fours, per side: city, country, latitude, longitude.",
    ),
    limit: int = typer.Option(20, "--limit", min=0, help="Disagreements to list."),
    as_json: bool = typer.Option(False, "--json", help="Print figures and the list as JSON."),
    output: Path | None = typer.Option(
        None, "--output", "-o", dir_okay=False, help="Write every disagreement to this CSV."
    ),
) -> None:
    """Compare a file's coordinates with citydip's: the share within 25 km, and which side
    is likely right where they disagree (country, population, admin area)."""
    names = [c.strip() for c in columns.split(",") if c.strip()]
    check = compare(file, load_world_gazetteer(), names)
    if output is not None:
        write_disagreements(check, output)
    if as_json:
        print_json(summary(check, limit))
        return
    statuses = ", ".join(f"{n:,} {s}" for s, n in sorted(check.statuses.items()))
    console.print(
        f"{check.rows:,} rows, {check.names:,} distinct names ({statuses})\n"
        f"{check.within:,} of {check.compared:,} names placed by both within "
        f"{WITHIN_KM:g} km: [bold]{check.share:.1%}[/] (of the {check.compared_resolved:,} "
        f"citydip resolved rather than guessed: {check.share_resolved:.1%})\n"
        f"{len(check.disagreements):,} disagreements: "
        + ", ".join(f"{n:,} {v} likely right" for v, n in sorted(check.verdicts.items())),
        highlight=False,
    )
    if limit and check.disagreements:
        table = Table(title=f"the {min(limit, len(check.disagreements))} farthest apart")
        for col in ("name", "km", "citydip", "theirs near", "likely right", "why"):
            table.add_column(col, justify="right" if col == "km" else "left")
        for d in check.disagreements[:limit]:
            near = f"{d.near.name}, {d.near.country}" if d.near else "-"
            table.add_row(
                escape(f"{d.city} ({d.label})"),
                f"{d.distance_km:,.0f}",
                escape(f"{d.place.name}, {d.place.country}"),
                escape(near),
                d.verdict,
                escape(d.reason),
            )
        console.print(table)
    if output is not None:
        console.print(f"wrote {len(check.disagreements):,} disagreements to {output}")


def register(app: typer.Typer) -> None:
    app.command()(geocheck)
