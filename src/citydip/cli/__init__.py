"""The `citydip` command: Typer sub-apps that parse, call one library function and print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from citydip.cli import (
    add,
    browse,
    db,
    demo,
    dossier,
    evaluate,
    extract,
    geocheck,
    graph,
    ingest,
    pairs,
    plans,
    report,
    serve,
    transfer,
    trends,
    world,
)
from citydip.cli.context import AppContext, err_console
from citydip.config import get_settings
from citydip.errors import CitydipError
from citydip.log import setup_logging


class CitydipGroup(TyperGroup):
    """Turns every domain error into one line on stderr and exit code 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # Typer vendors click
        try:
            return super().invoke(ctx)
        except CitydipError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=CitydipGroup,
    help="citydip: a registry of a city's international ties, built from documents.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def root(
    ctx: typer.Context,
    db_path: Path | None = typer.Option(
        None,
        "--db",
        help="SQLite registry file (default: CITYDIP_DATABASE_URL, else a "
        "citydip.db in the user data dir).",
        dir_okay=False,
    ),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output."),
) -> None:
    """Registry options shared by every command."""
    setup_logging(verbose)
    ctx.obj = AppContext(get_settings(), db_path)
    ctx.call_on_close(ctx.obj.close)


db.register(app)
transfer.register(app)
browse.register(app)
demo.register(app)
evaluate.register(app)
extract.register(app)
ingest.register(app)
serve.register(app)
dossier.register(app)
report.register(app)
trends.register(app)
graph.register(app)
geocheck.register(app)
plans.register(app)
pairs.register(app)
world.register(app)
app.add_typer(add.app, name="add")


def main() -> None:
    app()
