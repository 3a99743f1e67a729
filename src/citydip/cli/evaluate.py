"""`citydip evaluate`: precision, recall and F1 of answers against gold answers."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from citydip.cli.context import app_context, console, print_json
from citydip.cli.render import human
from citydip.exchange.evaluation import evaluate_answers
from citydip.scoring import Tally


def evaluate(
    ctx: typer.Context,
    gold: list[Path] = typer.Argument(..., help="Gold answer files or folders (*.gold.json)."),
    answers: Path = typer.Option(
        ..., "--answers", help="Answers to score (files or a folder), paired by doc_id."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print figures as JSON."),
    misses: bool = typer.Option(True, help="List the records missed and the extra ones."),
) -> None:
    """Score answers against gold answers exactly as spec/extraction.md says."""
    settings = app_context(ctx).settings
    score = evaluate_answers(gold, [answers], settings.max_import_bytes)
    if as_json:
        print_json(score.as_dict() | {"misses": [m.__dict__ for m in score.misses]})
        return
    table = Table(title=f"{score.documents} documents", title_justify="left")
    for col in ("", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col else "left")

    def row(name: str, t: Tally) -> None:
        table.add_row(
            name,
            f"{t.precision:.3f}",
            f"{t.recall:.3f}",
            f"{t.f1:.3f}",
            str(t.tp),
            str(t.fp),
            str(t.fn),
        )

    for kind, tally in score.kinds.items():
        row(kind, tally)
    row("[bold]overall[/]", score.overall)
    row("partners", score.partners)
    row("areas", score.areas)
    console.print(table)
    if misses:
        for m in score.misses:
            rec = m.record
            what = rec.get("type") or rec.get("network")
            when = rec.get("date") or rec.get("start") or rec.get("since") or ""
            places = human(rec.get("parties") or rec.get("member") or rec.get("location"))
            console.print(
                f"{m.what:6} {m.doc_id}: {rec['kind']} {what} {when} {escape(places)}",
                highlight=False,
            )


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
