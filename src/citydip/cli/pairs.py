"""`citydip import-pairs` and `citydip datasets`: tie pairs from a CSV, kept as datasets.

citydip import-pairs twin_cities_raw.csv --columns city1,country1,city2,country2 --type sister
citydip datasets                         # key, name, ties, places, resolution rate, imported at
citydip datasets show KEY [--unresolved] # one dataset's report, and its unresolved names
citydip datasets delete KEY
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from citydip.cli.context import app_context, console, err_console, print_json
from citydip.exchange.dataset_info import (
    DatasetInfo,
    dataset_names,
    delete_dataset,
    describe_dataset,
    describe_datasets,
)
from citydip.exchange.pairs import NameProblem, PairsReport, import_pairs

JSON = typer.Option(False, "--json", help="Print JSON instead of tables.")
TOP = 20  # unresolved and ambiguous names shown on screen

datasets_app = typer.Typer(
    help="Imported tie-pair datasets (kept apart from the registry's records).",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _candidates(cands: Sequence[dict[str, Any]]) -> str:
    return " | ".join(f"{c['name']} ({c['country']}, {c.get('population') or 0:,})" for c in cands)


def write_problems(path: Path, problems: Sequence[NameProblem]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(
            ["city", "country_label", "country", "status", "rows", "line", "guess", "candidates"]
        )
        for p in problems:
            w.writerow(
                [
                    p.city,
                    p.label,
                    p.country or "",
                    p.status,
                    p.rows,
                    p.line,
                    p.guess or "",
                    _candidates(p.candidates),
                ]
            )


def _problems_table(problems: Sequence[NameProblem], total: int) -> Table:
    shown = f"the {len(problems)} most named" if total > len(problems) else str(total)
    table = Table(
        title=f"{shown} of {total} names not resolved to one place",
        title_justify="left",
        header_style="bold",
    )
    for col in ("City", "Country label", "Status", "Rows", "First line", "Best guess"):
        table.add_column(col, overflow="fold")
    for p in problems:
        table.add_row(
            escape(p.city), escape(p.label), p.status, str(p.rows), str(p.line), p.guess or ""
        )
    return table


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def print_report(r: PairsReport) -> None:
    m, n = r.mentions, r.names
    lines = [
        f"dataset [bold]{escape(r.key)}[/]{' (replaced)' if r.replaced else ''}: "
        f"{r.rows:,} rows → {r.ties:,} {r.tie_type} ties in {r.seconds:.1f} s",
        f"  merged: {r.duplicates:,} duplicate rows, {r.mirrors:,} mirrored (B–A after A–B); "
        f"dropped: {r.self_ties:,} self-ties, {r.unresolved_rows:,} rows with an unresolved "
        f"side, {r.empty_rows:,} with an empty city name",
        f"  names resolved: {_pct(r.mention_rate)} of {sum(m.values()):,} mentions, "
        f"{_pct(r.name_rate)} of {r.distinct_names:,} distinct names "
        f"(ambiguous {n['ambiguous']:,}, unresolved {n['unresolved']:,}, "
        f"unknown country {n['unknown_country']:,})",
        f"  places: {r.places_created:,} new, {r.places_reused:,} already in the registry",
    ]
    if r.empty_lines:
        more = "…" if r.empty_rows > len(r.empty_lines[:10]) else ""
        lines.append(f"  empty names on lines {', '.join(map(str, r.empty_lines[:10]))}{more}")
    for line in lines:
        err_console.print(line, highlight=False)


def import_pairs_cmd(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV file of pairs, one tie a row.", dir_okay=False),
    columns: str = typer.Option(
        "city1,country1,city2,country2",
        "--columns",
        "-c",
        help="The headers of city1,country1,city2,country2 in that order, or role=header "
        "pairs (city1=From,country1=Land,...).",
    ),
    tie_type: str = typer.Option("sister", "--type", "-t", help="Relationship type of the ties."),
    key: str | None = typer.Option(None, help="Dataset key (default: from the file name)."),
    name: str | None = typer.Option(None, help="Dataset name (default: the file name)."),
    licence: str | None = typer.Option(None, help="The data's licence and attribution."),
    replace: bool = typer.Option(False, "--replace", help="Replace a dataset of the same key."),
    unresolved_out: Path | None = typer.Option(
        None, "--unresolved-out", help="Write every unresolved/ambiguous name to this CSV."
    ),
    top: int = typer.Option(TOP, help="How many unresolved names to show."),
    as_json: bool = JSON,
) -> None:
    """Import tie pairs from a CSV as a dataset: names resolved, duplicates merged."""
    app = app_context(ctx)
    registry = app.registry()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def advance(rows: int, done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total, description=f"{rows:,} rows")

        report = import_pairs(
            registry,
            path,
            columns,
            tie_type=tie_type,
            key=key,
            name=name,
            licence=licence,
            user=app.settings.user,
            on_progress=advance,
            replace=replace,
        )
    if unresolved_out is not None:
        write_problems(unresolved_out, report.problems)
    if as_json:
        print_json(
            {
                "key": report.key,
                "dataset_id": report.dataset_id,
                **report.summary(),
                "empty_lines": report.empty_lines,
                "problems": [_problem_json(p) for p in report.problems],
            }
        )
        return
    print_report(report)
    if report.problems and top > 0:
        console.print(_problems_table(report.problems[:top], len(report.problems)))
    if unresolved_out is not None:
        err_console.print(f"wrote {len(report.problems):,} names to {unresolved_out}")


def _problem_json(p: NameProblem) -> dict[str, Any]:
    return {
        "city": p.city,
        "label": p.label,
        "status": p.status,
        "country": p.country,
        "rows": p.rows,
        "line": p.line,
        "guess": p.guess,
        "candidates": list(p.candidates),
    }


def _info_json(d: DatasetInfo) -> dict[str, Any]:
    return {
        "key": d.key,
        "name": d.name,
        "source": d.source,
        "licence": d.licence,
        "tie_type": d.tie_type,
        "rows": d.rows,
        "ties": d.ties,
        "places": d.places,
        "names": d.names,
        "mention_rate": d.mention_rate,
        "name_rate": d.name_rate,
        "imported_at": d.imported_at.isoformat(),
        "imported_by": d.imported_by,
        "report": d.report,
    }


@datasets_app.callback()
def datasets(ctx: typer.Context, as_json: bool = JSON) -> None:
    """The imported datasets: key, name, ties, places, resolution rate, imported at."""
    if ctx.invoked_subcommand is not None:
        return
    with app_context(ctx).registry().session() as session:
        rows = describe_datasets(session)
    if as_json:
        print_json([_info_json(d) for d in rows])
        return
    table = Table(title=f"{len(rows)} datasets", title_justify="left", header_style="bold")
    for col in ("Key", "Name", "Type", "Ties", "Places", "Resolved", "Imported"):
        table.add_column(col, overflow="fold")
    for d in rows:
        table.add_row(
            d.key,
            escape(d.name),
            d.tie_type,
            f"{d.ties:,}",
            f"{d.places:,}",
            _pct(d.mention_rate),
            f"{d.imported_at:%Y-%m-%d %H:%M}",
        )
    console.print(table)


@datasets_app.command("show")
def show(
    ctx: typer.Context,
    key: str = typer.Argument(..., help="Dataset key (see citydip datasets)."),
    unresolved: bool = typer.Option(False, "--unresolved", help="List every unresolved name."),
    as_json: bool = JSON,
) -> None:
    """One dataset: source, licence, the import's figures (and its unresolved names)."""
    with app_context(ctx).registry().session() as session:
        info = describe_dataset(session, key)
        problems = dataset_names(session, key) if unresolved else []
    if as_json:
        out = _info_json(info)
        if unresolved:
            out["unresolved"] = [_problem_json(p) for p in problems]
        print_json(out)
        return
    r = info.report
    console.print(f"[bold]{escape(info.key)}[/]: {escape(info.name)}", highlight=False)
    for label, value in (
        ("source", info.source),
        ("licence", info.licence or "(not given)"),
        ("imported", f"{info.imported_at:%Y-%m-%d %H:%M} by {info.imported_by or '?'}"),
        ("ties", f"{info.ties:,} {info.tie_type} between {info.places:,} places"),
        (
            "rows",
            f"{info.rows:,} (duplicates {r.get('duplicates', 0):,}, mirrors "
            f"{r.get('mirrors', 0):,}, self-ties {r.get('self_ties', 0):,}, empty names "
            f"{r.get('empty_rows', 0):,}, unresolved side {r.get('unresolved_rows', 0):,})",
        ),
        (
            "resolved",
            f"{_pct(info.mention_rate)} of mentions, {_pct(info.name_rate)} of "
            f"{r.get('distinct_names', 0):,} distinct names",
        ),
        ("not resolved", f"{info.names:,} names (datasets show {info.key} --unresolved)"),
    ):
        console.print(f"  {label}: {escape(str(value))}", highlight=False)
    if unresolved:
        console.print(_problems_table(problems, len(problems)))


@datasets_app.command("delete")
def delete(
    ctx: typer.Context, key: str = typer.Argument(..., help="Dataset key (see citydip datasets).")
) -> None:
    """Delete a dataset with its ties and names (the places stay)."""
    info = delete_dataset(app_context(ctx).registry(), key)
    err_console.print(f"deleted dataset {info.key}: {info.ties:,} ties", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("import-pairs")(import_pairs_cmd)
    app.add_typer(datasets_app, name="datasets")
