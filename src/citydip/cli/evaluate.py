"""`citydip evaluate`: precision, recall and F1 of answers against gold answers."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from citydip.cli.context import app_context, console, err_console, print_json
from citydip.cli.render import human
from citydip.exchange.evaluation import evaluate_answers, gold_answers, score_predictions
from citydip.exchange.reader import expand_paths
from citydip.extraction import SUFFIXES, Overrides, document_files, extract_files
from citydip.schema import Answer
from citydip.scoring import Tally
from citydip.types import Home


def evaluate(
    ctx: typer.Context,
    gold: list[Path] = typer.Argument(..., help="Gold answer files or folders (*.gold.json)."),
    answers: Path | None = typer.Option(
        None, "--answers", help="Answers to score (files or a folder), paired by doc_id."
    ),
    run_on: list[Path] | None = typer.Option(
        None,
        "--run-on",
        help="Documents to extract and score (default without --answers: the documents "
        "beside the gold files, e.g. en-006.txt next to en-006.gold.json).",
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for extraction."),
    as_json: bool = typer.Option(False, "--json", help="Print figures as JSON."),
    misses: bool = typer.Option(True, help="List the records missed and the extra ones."),
) -> None:
    """Score citydip (or answers made elsewhere) against gold answers (spec/extraction.md)."""
    settings = app_context(ctx).settings
    if answers is not None:
        score = evaluate_answers(gold, [answers], settings.max_import_bytes)
    else:
        golds = gold_answers(gold, settings.max_import_bytes)
        documents = list(document_files(run_on)) if run_on else _beside(gold)
        preds: dict[str, Answer] = {}
        for outcome in extract_files(_with_metadata(documents, golds), jobs=jobs):
            if outcome.extraction is None:
                err_console.print(f"[red]✗[/] {escape(outcome.error or '')}", highlight=False)
            elif outcome.extraction.answer.doc_id:
                preds[outcome.extraction.answer.doc_id] = outcome.extraction.answer
        score = score_predictions(golds, preds)
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


def _with_metadata(documents: list[Path], golds: dict[str, Answer]) -> list[tuple[Path, Overrides]]:
    """Each document with what its gold file records about it (published date, home city),
    used only where the document and its meta file say nothing, as a user would give
    --published and --home."""
    out = []
    for path in documents:
        stem = path.name.split(".")[0]
        g = golds.get(stem)
        home = Home(g.home.name, g.home.country) if g and g.home else None
        out.append(
            (path, Overrides(published=g.published if g else None, home=home, fill_only=True))
        )
    return out


def _beside(gold: list[Path]) -> list[Path]:
    """The documents that gold files annotate: NAME.txt (or .html, .pdf) for NAME.gold.json."""
    out = []
    for path in expand_paths(gold):
        stem = path.name.removesuffix(".json").removesuffix(".gold")
        for suffix in SUFFIXES:
            doc = path.with_name(stem + suffix)
            if doc.exists():
                out.append(doc)
                break
    return out


def register(app: typer.Typer) -> None:
    app.command()(evaluate)
