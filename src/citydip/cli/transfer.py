"""`citydip import` and `citydip export`: records in and out in the interchange formats."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from citydip.cli.context import app_context, console, err_console, print_failures, print_json
from citydip.errors import InputError
from citydip.exchange import formats
from citydip.exchange.importer import FileResult, ImportSummary, import_files
from citydip.exchange.reader import expand_paths


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def run_import(ctx: typer.Context, paths: list[Path], review: str) -> ImportSummary:
    app = app_context(ctx)
    files = expand_paths(paths)
    registry = app.registry()
    with _progress() as progress:
        task = progress.add_task("importing", total=len(files))

        def done(result: FileResult) -> None:
            progress.advance(task)
            if not result.ok:
                progress.console.print(f"[red]✗[/] {result.error}", highlight=False)

        return import_files(
            registry, files, app.stamp(review), app.settings.max_import_bytes, on_file=done
        )


def print_summary(summary: ImportSummary) -> None:
    totals = summary.totals
    ok = len(summary.files) - len(summary.failed)
    new = ", ".join(f"{n} {kind}s" for kind, n in sorted(totals.new.items())) or "no new records"
    err_console.print(
        f"imported {ok} of {len(summary.files)} files: {totals.documents} new documents, "
        f"{totals.places} new places, {new}; "
        f"{sum(totals.merged.values())} already present",
        highlight=False,
    )
    print_failures([f.error or "" for f in summary.failed])


def import_(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="JSON or JSON Lines files, or folders of them."),
    review: str = typer.Option(
        "proposed",
        help="Review state of new records: proposed, "
        "accepted or rejected (a file's own review fields win).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Import records (the format of spec/extraction.md); each file all-or-nothing."""
    if review not in ("proposed", "accepted", "rejected"):
        raise InputError(f"--review must be proposed, accepted or rejected, not {review!r}")
    summary = run_import(ctx, paths, review)
    if as_json:
        print_json(
            {
                "files": [
                    {
                        "path": str(f.path),
                        "ok": f.ok,
                        "error": f.error,
                        "new": dict(f.stats.new) if f.stats else {},
                    }
                    for f in summary.files
                ],
            }
        )
    print_summary(summary)
    if summary.failed:
        raise typer.Exit(1)


def export(
    ctx: typer.Context,
    fmt: str = typer.Option("json", "--format", "-f", help=f"One of {', '.join(formats.FORMATS)}."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (folder for csv); default standard output."
    ),
) -> None:
    """Export the whole registry: JSON, JSON Lines, CSV, GeoJSON or GraphML."""
    if fmt not in formats.FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose {', '.join(formats.FORMATS)}")
    if fmt == "csv" and output is None:
        raise InputError("--format csv writes one file per record kind: give a folder with -o")
    app = app_context(ctx)
    with app.registry().session() as session:
        if fmt == "csv":
            assert output is not None
            written = formats.write_csv(session, output)
            err_console.print(f"wrote {len(written)} CSV files to {output}", highlight=False)
            return
        writer = formats.STREAM_WRITERS[fmt]
        if output is None:
            writer(session, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as out:
                writer(session, out)
            err_console.print(f"wrote {output}", highlight=False)
    console.file.flush()


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("export")(export)
