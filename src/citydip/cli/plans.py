"""`citydip plans`: strategy plans with their projects, progress and linked activity.

citydip plans                                   # every plan: projects by status, share done
citydip plans show KEY [--csv FILE] [--json]    # one plan: projects, progress, linked records
citydip plans set-status KEY 2 done --note "Opened" --date 2019-05
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

from citydip.analytics import plans as analysis
from citydip.analytics.briefs import PlaceBrief
from citydip.cli.context import app_context, console, print_json
from citydip.errors import InputError
from citydip.services import plans as service
from citydip.taxonomy import PROJECT_STATUSES

app = typer.Typer(
    help="Strategy plans: projects, areas, status, progress over time and linked activity.",
    invoke_without_command=True,
    no_args_is_help=False,
)

JSON = typer.Option(False, "--json", help="Print JSON instead of tables.")
CSV = typer.Option(None, "--csv", help="Also write the table as CSV to this file.", dir_okay=False)
REVIEW = typer.Option(
    None, "--review", help="Review scope: accepted (default), proposed, rejected or all."
)
TODAY = typer.Option(None, "--today", help="Count overdue and open periods as of this day.")


def _day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--today must be a date YYYY-MM-DD, not {value!r}") from None


def _place(p: PlaceBrief | None) -> str:
    if p is None:
        return ""
    return f"{p.name} ({p.country})" if p.country else p.name


def _share(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)
    console.print(f"wrote {len(rows)} rows to {path}", highlight=False)


@app.callback()
def list_plans(
    ctx: typer.Context,
    review: str | None = REVIEW,
    today: str | None = TODAY,
    as_json: bool = JSON,
    csv_file: Path | None = CSV,
) -> None:
    """The plans of the registry: projects by status, the share done, overdue and blocked."""
    if ctx.invoked_subcommand is not None:
        return
    with app_context(ctx).registry().session() as session:
        found = analysis.plans(session, review, _day(today))
    if as_json:
        print_json([dataclasses.asdict(p) for p in found])
        return
    header = ["id", "key", "title", "of", "period", "projects", *PROJECT_STATUSES]
    header += ["done", "overdue", "blocked"]
    rows = [
        [
            p.id,
            p.key,
            p.title,
            _place(p.owner),
            f"{p.start or ''}–{p.end or ''}",
            p.projects,
            *(p.by_status[s] for s in PROJECT_STATUSES),
            _share(p.done_share),
            p.overdue,
            p.blocked,
        ]
        for p in found
    ]
    table = Table(title=f"{len(found)} plans", title_justify="left", header_style="bold")
    for col in header:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row))
    console.print(table)
    if csv_file:
        _write_csv(csv_file, header, rows)


@app.command()
def show(
    ctx: typer.Context,
    ref: str = typer.Argument(
        ..., metavar="KEY", help="The plan's key or id (see `citydip plans`)."
    ),
    review: str | None = REVIEW,
    today: str | None = TODAY,
    linked: int = typer.Option(5, "--linked", help="Latest linked records listed per project."),
    as_json: bool = JSON,
    csv_file: Path | None = CSV,
) -> None:
    """One plan: its projects, each one's history and linked records, progress by year."""
    with app_context(ctx).registry().session() as session:
        found = service.get_plan(session, ref)
        view = analysis.plan(session, found.id, review, _day(today), linked)
    if as_json:
        print_json(dataclasses.asdict(view))
        return
    s = view.summary
    console.print(f"[bold]{escape(s.title)}[/] ({s.key}, #{s.id})", highlight=False)
    console.print(
        f"{_place(s.owner)} · {view.period[0] or '?'} – {s.end or 'open (' + view.today + ')'} · "
        f"{s.projects} projects, {_share(s.done_share)} done, {s.overdue} overdue, "
        f"{s.blocked} blocked",
        highlight=False,
    )
    if view.text:
        console.print(escape(view.text), style="dim", highlight=False)
    header = ["#", "project", "area", "status", "partner", "due", "overdue", "blockers", "linked"]
    rows = [
        [
            p.number,
            p.title,
            p.area or "",
            p.status,
            _place(p.partner),
            p.due or "",
            "yes" if p.overdue else "",
            "; ".join(p.blockers),
            p.linked,
        ]
        for p in view.projects
    ]
    table = Table(title="Projects", title_justify="left", header_style="bold")
    for col in header:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(v)) for v in row))
    console.print(table)
    _history(view)
    _progress(view)
    _linked(view)
    if csv_file:
        _write_csv(csv_file, header, rows)


def _history(view: analysis.PlanView) -> None:
    changes = [(p, c) for p in view.projects for c in p.history[1:]]
    if not changes:
        console.print("No status change recorded yet.", style="dim")
        return
    table = Table(title="Status changes", title_justify="left", header_style="bold")
    for col in ("#", "date", "from", "to", "note", "by"):
        table.add_column(col, overflow="fold")
    for p, c in sorted(changes, key=lambda pc: (pc[1].date or "", pc[0].number)):
        table.add_row(
            str(p.number),
            c.date or "",
            c.previous or "",
            c.status,
            escape(c.note or ""),
            c.by or "",
        )
    console.print(table)


def _progress(view: analysis.PlanView) -> None:
    years = sorted({p.year for p in view.progress})
    if not years:
        return
    counts = {(p.year, p.status): p.n for p in view.progress}
    table = Table(title="Progress (projects at the end of each year)", title_justify="left")
    table.add_column("year")
    for status in PROJECT_STATUSES:
        table.add_column(status, justify="right")
    for year in years:
        table.add_row(year, *(str(counts.get((year, s), "")) for s in PROJECT_STATUSES))
    console.print(table)


def _linked(view: analysis.PlanView) -> None:
    years = sorted({c.year for p in view.projects for c in p.linked_by_year})
    if not years:
        console.print("No linked engagements or agreements in the plan's period.", style="dim")
        return
    table = Table(
        title="Linked engagements and agreements by year", title_justify="left", header_style="bold"
    )
    table.add_column("#")
    for year in years:
        table.add_column(year, justify="right")
    for p in view.projects:
        n: dict[str, int] = {}
        for c in p.linked_by_year:
            n[c.year] = n.get(c.year, 0) + c.n
        table.add_row(str(p.number), *(str(n.get(y, "")) for y in years))
    console.print(table)


@app.command("set-status")
def set_status(
    ctx: typer.Context,
    ref: str = typer.Argument(..., metavar="KEY", help="The plan's key or id."),
    number: int = typer.Argument(
        ..., metavar="PROJECT_POSITION", help="The project's number in the plan (1 = the first)."
    ),
    status: str = typer.Argument(..., help=", ".join(PROJECT_STATUSES)),
    note: str | None = typer.Option(None, "--note", help="What happened (kept with the change)."),
    date: str | None = typer.Option(
        None, "--date", help="Since when: YYYY, YYYY-MM or YYYY-MM-DD (default: today)."
    ),
) -> None:
    """Set a project's status, dated, with a note; the change is kept in its history."""
    app_ = app_context(ctx)
    with app_.registry().session() as session:
        update = service.set_status(
            session, ref, number, status, app_.stamp(), note=note, date=date
        )
        title = update.project.title  # committed as the session ends
    console.print(
        f"project {number} ({escape(title)}): {update.previous} → {update.status} "
        f"since {update.date}",
        highlight=False,
    )


def register(root: typer.Typer) -> None:
    """Add this module's commands to the app."""
    root.add_typer(app, name="plans")
