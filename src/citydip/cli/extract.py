"""`citydip extract`: documents in, answers of spec/extraction.md out (no database)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from citydip.cli.context import console, err_console
from citydip.cli.render import human
from citydip.dates import parse_partial_date
from citydip.errors import InputError
from citydip.extraction import Overrides, extract_files, parse_home
from citydip.schema import Answer


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def answer_json(answer: Answer) -> dict[str, Any]:
    """The answer as the spec shows it: no text, no registry bundle."""
    return answer.model_dump(mode="json", exclude={"text", "places", "people", "plans"})


def overrides_from(published: str | None, home: str | None, lang: str | None) -> Overrides:
    if published:
        try:
            published = parse_partial_date(published)
        except ValueError as exc:
            raise InputError(str(exc), field="--published") from None
    if lang and lang not in ("en", "ko"):
        raise InputError(f"unknown language {lang!r}: en or ko", field="--lang")
    return Overrides(published=published, home=parse_home(home), lang=lang)


def extract(
    files: list[Path] = typer.Argument(..., help="Documents: .txt, .html or .pdf."),
    published: str | None = typer.Option(
        None, help="Published date (YYYY[-MM[-DD]]); default: the document's own date line."
    ),
    home: str | None = typer.Option(
        None, help="Home city as NAME,CC (e.g. 'Seoul,KR'); default: meta file, else guessed."
    ),
    lang: str | None = typer.Option(None, help="en or ko; default: detected per document."),
    fmt: Format = typer.Option(Format.json, "--format", help="json, jsonl or table."),
) -> None:
    """Extract records from documents and print them (one answer per document)."""
    overrides = overrides_from(published, home, lang)
    answers: list[dict[str, Any]] = []
    failed = 0
    for outcome in extract_files(files, overrides):
        if outcome.extraction is None:
            failed += 1
            err_console.print(f"[bold red]error:[/] {escape(outcome.error or '')}", highlight=False)
            continue
        data = answer_json(outcome.extraction.answer)
        if fmt is Format.jsonl:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        elif fmt is Format.table:
            console.print(_table(outcome.path, outcome.extraction.answer))
        answers.append(data)
    if fmt is Format.json:
        out = answers[0] if len(files) == 1 and len(answers) == 1 else answers
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    if failed:
        raise typer.Exit(1)


def _table(path: str, answer: Answer) -> Table:
    home = answer.home.name if answer.home else "?"
    table = Table(
        title=f"{path} — {answer.lang}, {answer.published or 'undated'}, home {home}",
        title_justify="left",
    )
    for col in ("kind", "type", "date", "places", "areas", "evidence"):
        table.add_column(col)
    for r in answer.records:
        d = r.model_dump(mode="json")
        when = d.get("date") or d.get("start") or d.get("since") or ""
        what = d.get("type") or d.get("role") or ""
        places = human(d.get("parties") or d.get("member"))
        if r.kind == "membership":
            places = f"{places} in {d['network']}"
        quote = r.evidence[0].quote if r.evidence else ""
        table.add_row(
            r.kind,
            what,
            when,
            escape(places),
            ", ".join(d.get("areas") or []),
            escape((quote or "")[:80]),
        )
    return table


def register(app: typer.Typer) -> None:
    app.command()(extract)
