"""`citydip demo`: a registry built from the sample data shipped in the package."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from citydip.cli import render
from citydip.cli.context import app_context, console
from citydip.cli.transfer import print_summary, run_import
from citydip.sample import sample_files
from citydip.store import queries
from citydip.store.registry import get_home


def demo(ctx: typer.Context) -> None:
    """Build a demo registry from sample Seoul press releases and show what it holds."""
    app = app_context(ctx)
    if app.db is None and not app.settings.database_url:
        app.db = app.settings.data_dir / "demo.db"
    if app.db is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{app.db}{suffix}").unlink(missing_ok=True)
    with sample_files() as files:
        summary = run_import(ctx, files, "accepted")
    print_summary(summary)
    with app.registry().session() as session:
        home = get_home(session)
        table = Table(title=f"Demo registry at {app.url}", title_justify="left")
        table.add_column("what")
        table.add_column("how many", justify="right")
        for what, n in queries.counts(session).items():
            table.add_row(what, str(n))
        console.print(table)
        if home is not None:
            ties = queries.list_ties(session, place=home)
            console.print(render.ties_table(ties, home.id))
    db = f" --db {app.db}" if app.db else ""
    console.print(
        f"Next: [bold]citydip{db} ties[/], [bold]citydip{db} engagements --place Tokyo,JP[/], "
        f"[bold]citydip{db} export --format graphml -o ties.graphml[/]",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
