"""`citydip ingest`: documents → proposed records with evidence, in the registry."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from citydip.cli.context import app_context, err_console, print_failures
from citydip.cli.extract import overrides_from
from citydip.cli.transfer import _progress
from citydip.extraction import Outcome, document_files
from citydip.ingest import ingest as run_ingest


def ingest(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="Documents or folders (.txt, .html, .pdf)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    published: str | None = typer.Option(None, help="Published date for every document."),
    home: str | None = typer.Option(None, help="Home city of every document, as NAME,CC."),
    lang: str | None = typer.Option(None, help="en or ko (default: detected per document)."),
    scheduler: str | None = typer.Option(
        None,
        help="A Dask scheduler (tcp://HOST:8786) whose workers extract; the paths must name "
        "the same files on every worker, unless --send-files.",
    ),
    send_files: bool = typer.Option(
        False,
        "--send-files",
        help="With --scheduler: send each file's bytes to the workers (workers that do not "
        "share the files' folder).",
    ),
) -> None:
    """Extract documents and store their records as proposed, with evidence (idempotent)."""
    app = app_context(ctx)
    if send_files and scheduler is None:
        raise typer.BadParameter("--send-files needs --scheduler", param_hint="--send-files")
    overrides = overrides_from(published, home, lang)
    files = list(document_files(paths))
    registry = app.registry()
    with _progress() as progress:
        task = progress.add_task("ingesting", total=len(files))

        def done(outcome: Outcome) -> None:
            progress.advance(task)
            if outcome.error:
                progress.console.print(f"[red]✗[/] {escape(outcome.error)}", highlight=False)

        summary = run_ingest(
            registry,
            files,
            app.stamp(),
            overrides,
            jobs=jobs,
            on_outcome=done,
            scheduler=scheduler,
            send_files=send_files,
        )
    kinds = ", ".join(f"{n} {k}s" for k, n in sorted(summary.records.items())) or "no new records"
    err_console.print(
        f"ingested {summary.documents} new documents of {len(files)} "
        f"({summary.skipped} already stored, {len(summary.failures)} failed): {kinds}; "
        f"{summary.merged} known records given new evidence",
        highlight=False,
    )
    print_failures([r if p in r else f"{p}: {r}" for p, r in summary.failures])
    if summary.failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
