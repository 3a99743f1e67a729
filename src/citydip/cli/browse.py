"""Listing and inspecting: `places`, `ties`, `agreements`, `engagements`, `memberships`, `show`."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from citydip.cli import render
from citydip.cli.context import app_context, console, print_json
from citydip.exchange.export import place_json, record_json
from citydip.store import queries
from citydip.store.registry import home_id as registry_home_id

JSON = typer.Option(False, "--json", help="Print JSON instead of a table.")
PLACE = typer.Option(
    None, "--place", "-p", help="Only records involving this place (key, NAME,CC or a name)."
)
TYPE = typer.Option(None, "--type", "-t", help="Only this type code (see taxonomy).")
AREA = typer.Option(None, "--area", "-a", help="Only records in this cooperation area.")
REVIEW = typer.Option(None, "--review", help="Only proposed, accepted or rejected records.")


def places(
    ctx: typer.Context,
    country: str | None = typer.Option(None, help="Only this country (ISO2)."),
    level: str | None = typer.Option(None, help="Only city, region, country or organization."),
    as_json: bool = JSON,
) -> None:
    """The places of the registry, with their aliases."""
    with app_context(ctx).registry().session() as session:
        rows = queries.list_places(session, country, level)
        if as_json:
            print_json([place_json(p) for p in rows])
        else:
            console.print(render.places_table(rows))


def _filters(session: Any, place: str | None, **rest: Any) -> dict[str, Any]:
    return {"place": queries.find_place(session, place) if place else None, **rest}


def _list(ctx: typer.Context, what: str, as_json: bool, **filters: Any) -> None:
    with app_context(ctx).registry().session() as session:
        home_id = registry_home_id(session)
        kw = _filters(session, filters.pop("place"), **filters)
        rows = getattr(queries, f"list_{what}")(session, **kw)
        if as_json:
            print_json([record_json(r, home_id) for r in rows])
        elif what == "memberships":
            console.print(render.memberships_table(rows))
        else:
            console.print(getattr(render, f"{what}_table")(rows, home_id))


def ties(
    ctx: typer.Context,
    place: str | None = PLACE,
    type_: str | None = TYPE,
    review: str | None = REVIEW,
    as_json: bool = JSON,
) -> None:
    """Relationships (sister, friendship, partnership) with their events and status."""
    _list(ctx, "ties", as_json, place=place, type_=type_, review=review)


def agreements(
    ctx: typer.Context,
    place: str | None = PLACE,
    type_: str | None = TYPE,
    area: str | None = AREA,
    review: str | None = REVIEW,
    as_json: bool = JSON,
) -> None:
    """Agreements (MOUs, declarations, ...) with their areas and commitments."""
    _list(ctx, "agreements", as_json, place=place, type_=type_, area=area, review=review)


def engagements(
    ctx: typer.Context,
    place: str | None = PLACE,
    type_: str | None = TYPE,
    area: str | None = AREA,
    review: str | None = REVIEW,
    as_json: bool = JSON,
) -> None:
    """Visits, meetings, conferences, trainings and exchanges."""
    _list(ctx, "engagements", as_json, place=place, type_=type_, area=area, review=review)


def memberships(
    ctx: typer.Context,
    place: str | None = PLACE,
    review: str | None = REVIEW,
    as_json: bool = JSON,
) -> None:
    """Memberships of places in city networks."""
    _list(ctx, "memberships", as_json, place=place, review=review)


def show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="A record id or key, or a place key."),
    as_json: bool = JSON,
) -> None:
    """Everything about one record: fields, review state and the evidence behind it."""
    with app_context(ctx).registry().session() as session:
        home_id = registry_home_id(session)
        if not ref.isdigit() and "-" in ref:
            place = queries.find_place(session, ref)
            data = place_json(place)
            data["records"] = [
                record_json(r, home_id)["id"]
                for what in ("ties", "agreements", "engagements", "memberships")
                for r in getattr(queries, f"list_{what}")(session, place=place)
            ]
        else:
            record = queries.get_record(session, ref)
            data = record_json(record, home_id)
            data["evidence"] = [
                {
                    "document": e.document.doc_id,
                    "source": e.document.source,
                    "start": e.start,
                    "end": e.end,
                    "quote": e.quote or _sentence(e),
                }
                for e in queries.evidence_of(session, record)
            ]
        if as_json:
            print_json(data)
            return
        table = Table(show_header=False, box=None, title=str(data.get("key")), title_justify="left")
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for k, v in data.items():
            if v not in (None, [], {}):
                table.add_row(k, escape(render.human(v)))
        console.print(table)


def _sentence(evidence: Any) -> str | None:
    text = evidence.document.text
    if text is None or evidence.start is None:
        return None
    return str(text[evidence.start : evidence.end])


def register(app: typer.Typer) -> None:
    app.command()(places)
    app.command()(ties)
    app.command()(agreements)
    app.command()(engagements)
    app.command()(memberships)
    app.command()(show)
