"""`citydip demo`: a registry built from the sample data shipped in the package."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from citydip.cli import render
from citydip.cli.context import app_context, console
from citydip.cli.serve import HOST, PORT, demo_admin, run_server
from citydip.cli.transfer import print_summary, run_import
from citydip.ingest import ingest as run_ingest
from citydip.sample import demo_split, sample_files
from citydip.store import queries
from citydip.store.registry import get_home


def demo(
    ctx: typer.Context,
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Open the web app after."),
    host: str = HOST,
    port: int = PORT,
) -> None:
    """Build a demo registry from sample Seoul press releases, show it, and serve it."""
    app = app_context(ctx)
    if app.db is None and not app.settings.database_url:
        app.db = app.settings.data_dir / "demo.db"
    if app.db is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{app.db}{suffix}").unlink(missing_ok=True)
    with sample_files() as files:
        reviewed, fresh = demo_split(files)
        summary = run_import(ctx, reviewed, "accepted")
        print_summary(summary)
        extracted = run_ingest(app.registry(), fresh, app.stamp())
    console.print(
        f"extracted {extracted.documents} new documents: "
        f"{sum(extracted.records.values())} records proposed for review",
        highlight=False,
    )
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
    if serve:
        user, password = demo_admin(app)
        console.print(
            f"Sign in as [bold]{user}[/] with the one-time password [bold]{password}[/] "
            "(made anew by each `citydip demo`)",
            highlight=False,
        )
        run_server(app, host, port)


def register(app: typer.Typer) -> None:
    app.command()(demo)
