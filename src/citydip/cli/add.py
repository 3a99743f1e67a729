"""`citydip add ...`: enter records by hand. Each goes through the same validation and
writer as an import, so the same rules (known codes, real dates, two parties) hold."""

from __future__ import annotations

from typing import Any

import typer
from sqlalchemy.orm import Session

from citydip.cli.context import app_context, console, print_json
from citydip.errors import InputError
from citydip.exchange.export import place_ref, record_dict, record_json
from citydip.exchange.importer import write_answers
from citydip.exchange.reader import parse_answer
from citydip.store import queries
from citydip.store.registry import home_id, parse_place_arg

app = typer.Typer(
    help="Add records by hand (reviewed as accepted unless --review says).", no_args_is_help=True
)

REVIEW = typer.Option("accepted", help="Review state: proposed, accepted or rejected.")
PARTY = typer.Option([], "--party", "-p", help="A party: key, NAME,CC or NAME,CC,LEVEL. Repeat.")
AREA = typer.Option([], "--area", "-a", help="A cooperation area code. Repeat.")


def _place(session: Session, text: str) -> dict[str, Any]:
    """An existing place (key or unique name) or a new one written NAME,CC[,LEVEL]."""
    if "," not in text:
        return place_ref(queries.find_place(session, text)) or {}
    return parse_place_arg(text).model_dump(exclude_defaults=True)


def _write(ctx: typer.Context, body: dict[str, Any], review: str, as_json: bool) -> None:
    app_ = app_context(ctx)
    answer = parse_answer(body, "command line")
    stats = write_answers(app_.registry(), [answer], app_.stamp(review))
    if not stats.keys:
        console.print("saved")
        return
    with app_.registry().session() as session:
        record = queries.get_record(session, stats.keys[-1])
        data = record_json(record, home_id(session))
        if as_json:
            print_json(data)
        else:
            new = "added" if stats.records else "already there; merged into"
            console.print(f"{new} #{record.id} ({record.kind}, key {record.key})", highlight=False)


def _record(ctx: typer.Context, record: dict[str, Any], review: str, as_json: bool) -> None:
    if review not in ("proposed", "accepted", "rejected"):
        raise InputError(f"--review must be proposed, accepted or rejected, not {review!r}")
    _write(ctx, {"records": [record]}, review, as_json)


def _session(ctx: typer.Context) -> Session:
    return app_context(ctx).registry().sessions()


@app.command()
def place(
    ctx: typer.Context,
    name: str,
    country: str | None = typer.Option(None, help="ISO 3166-1 alpha-2 code."),
    level: str = typer.Option("city", help="city, region, country or organization."),
    alias: list[str] = typer.Option([], help="Another name, in any script. Repeat."),
    lat: float | None = None,
    lon: float | None = None,
    geonames_id: int | None = None,
) -> None:
    """Add a place (or add names and coordinates to an existing one)."""
    entry = {
        "name": name,
        "country": country,
        "level": level,
        "aliases": alias,
        "lat": lat,
        "lon": lon,
        "geonames_id": geonames_id,
    }
    _write(ctx, {"places": [entry]}, "accepted", False)


@app.command()
def person(
    ctx: typer.Context,
    name: str,
    title: str | None = None,
    of: str | None = typer.Option(None, help="The place they serve."),
    term_start: str | None = None,
    term_end: str | None = None,
) -> None:
    """Add a person (mayor, governor, official)."""
    with _session(ctx) as session:
        where = _place(session, of) if of else None
    entry = {
        "name": name,
        "title": title,
        "of": where,
        "term_start": term_start,
        "term_end": term_end,
    }
    _write(ctx, {"people": [entry]}, "accepted", False)


@app.command()
def tie(
    ctx: typer.Context,
    type_: str = typer.Argument(..., metavar="TYPE", help="sister, friendship or partnership."),
    place_a: str = typer.Argument(..., help="key or NAME,CC"),
    place_b: str = typer.Argument(..., help="key or NAME,CC"),
    since: str | None = None,
    review: str = REVIEW,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add a relationship between two places."""
    with _session(ctx) as session:
        parties = [_place(session, place_a), _place(session, place_b)]
    events = [{"type": "established", "date": since}] if since else []
    _record(
        ctx,
        {
            "kind": "relationship",
            "type": type_,
            "parties": parties,
            "since": since,
            "events": events,
        },
        review,
        as_json,
    )


@app.command()
def event(
    ctx: typer.Context,
    tie_ref: str = typer.Argument(..., metavar="TIE", help="The tie's id or key."),
    type_: str = typer.Argument(..., metavar="TYPE", help="established, strained, ..."),
    date: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> None:
    """Add a dated event to a tie (strained 1999–2012, normalized 2014-07, ...)."""
    with _session(ctx) as session:
        record = record_dict(queries.get_record(session, tie_ref))
    if record["kind"] != "relationship":
        raise InputError(f"record #{tie_ref} is of kind {record['kind']!r}, not a tie")
    record["events"] = [{"type": type_, "date": date, "start": start, "end": end}]
    _record(ctx, record, "accepted", False)


@app.command()
def agreement(
    ctx: typer.Context,
    type_: str = typer.Argument(..., metavar="TYPE", help="mou, joint_declaration, ..."),
    party: list[str] = PARTY,
    date: str | None = None,
    area: list[str] = AREA,
    title: str | None = None,
    summary: str | None = None,
    status: str = typer.Option("happened", help="happened, planned or cancelled."),
    review: str = REVIEW,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add an agreement with its parties and cooperation areas."""
    with _session(ctx) as session:
        parties = [_place(session, p) for p in party]
    _record(
        ctx,
        {
            "kind": "agreement",
            "type": type_,
            "date": date,
            "parties": parties,
            "areas": area,
            "title": title,
            "summary": summary,
            "status": status,
        },
        review,
        as_json,
    )


@app.command()
def commitment(
    ctx: typer.Context,
    agreement_ref: str = typer.Argument(..., metavar="AGREEMENT", help="id or key"),
    text: str = typer.Argument(..., help="What was promised."),
    area: str | None = None,
    due: str | None = None,
    status: str = typer.Option("open", help="open, done or dropped."),
) -> None:
    """Add a commitment (something promised) to an agreement."""
    with _session(ctx) as session:
        record = record_dict(queries.get_record(session, agreement_ref))
    if record["kind"] != "agreement":
        raise InputError(f"record #{agreement_ref} is of kind {record['kind']!r}, not an agreement")
    record["commitments"] = [{"text": text, "area": area, "due": due, "status": status}]
    _record(ctx, record, "accepted", False)


@app.command()
def engagement(
    ctx: typer.Context,
    type_: str = typer.Argument(..., metavar="TYPE", help="official_visit, meeting, ..."),
    party: list[str] = PARTY,
    start: str | None = None,
    end: str | None = None,
    location: str | None = typer.Option(None, help="Where: key or NAME,CC."),
    person_: list[str] = typer.Option(
        [], "--person", help="NAME|TITLE|OF (e.g. 'Yoichi Masuzoe|Governor|Tokyo'). Repeat."
    ),
    area: list[str] = AREA,
    title: str | None = None,
    status: str = typer.Option("happened", help="happened, planned or cancelled."),
    review: str = REVIEW,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add an engagement: a visit, meeting, conference, training, exchange, ..."""
    with _session(ctx) as session:
        parties = [_place(session, p) for p in party]
        where = _place(session, location) if location else None
    people = []
    for text in person_:
        name, title_, of = (text.split("|") + ["", ""])[:3]
        people.append({"name": name, "title": title_ or None, "of": of or None})
    _record(
        ctx,
        {
            "kind": "engagement",
            "type": type_,
            "start": start,
            "end": end,
            "parties": parties,
            "location": where,
            "people": people,
            "areas": area,
            "title": title,
            "status": status,
        },
        review,
        as_json,
    )


@app.command()
def membership(
    ctx: typer.Context,
    network: str = typer.Argument(..., help="The network's name, e.g. 'Mayors for Peace'."),
    member: str = typer.Argument(..., help="key or NAME,CC"),
    role: str = typer.Option("member", help="member, founder, chair, board or host."),
    since: str | None = None,
    review: str = REVIEW,
) -> None:
    """Add a place's membership of a city network."""
    with _session(ctx) as session:
        who = _place(session, member)
    _record(
        ctx,
        {"kind": "membership", "network": network, "member": who, "role": role, "since": since},
        review,
        False,
    )


@app.command()
def plan(
    ctx: typer.Context,
    title: str,
    of: str | None = typer.Option(None, help="Whose plan: key or NAME,CC."),
    start: str | None = None,
    end: str | None = None,
    summary: str | None = None,
) -> None:
    """Add a plan (a strategy document such as a ten-project partnership plan)."""
    with _session(ctx) as session:
        owner = _place(session, of) if of else None
    _write(
        ctx,
        {"plans": [{"title": title, "of": owner, "start": start, "end": end, "summary": summary}]},
        "accepted",
        False,
    )


@app.command()
def project(
    ctx: typer.Context,
    plan_ref: str = typer.Argument(..., metavar="PLAN", help="The plan's id or key."),
    title: str = typer.Argument(...),
    area: str | None = None,
    status: str = typer.Option("planned", help="planned, in_progress, done, stalled, dropped."),
    partner: str | None = typer.Option(None, help="Partner place: key or NAME,CC."),
    due: str | None = None,
    blocker: list[str] = typer.Option([], help="What stands in the way. Repeat."),
) -> None:
    """Add a project to a plan."""
    with _session(ctx) as session:
        the_plan = queries.get_plan(session, plan_ref)
        owner = place_ref(the_plan.place)
        where = _place(session, partner) if partner else None
        entry = {
            "title": the_plan.title,
            "of": owner,
            "start": the_plan.start,
            "end": the_plan.end,
            "summary": the_plan.summary,
            "projects": [
                {
                    "title": title,
                    "area": area,
                    "status": status,
                    "partner": where,
                    "due": due,
                    "blockers": blocker,
                }
            ],
        }
    _write(ctx, {"plans": [entry]}, "accepted", False)
