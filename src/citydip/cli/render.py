"""Rich tables and JSON shapes for records: how the CLI shows what the store holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from citydip.store.agreements import Agreement
from citydip.store.engagements import Engagement, direction, mode
from citydip.store.networks import Membership
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.relationships import Relationship


def label(place: Place | None) -> str:
    if place is None:
        return ""
    return f"{place.name} ({place.country})" if place.country else place.name


def parties(record: Record, home_id: int | None) -> str:
    places = sorted(record.party_places, key=lambda p: p.id != home_id)
    return " – ".join(label(p) for p in places)


def events(tie: Relationship) -> str:
    return ", ".join(f"{e.type} {e.when}".strip() for e in tie.events)


def _table(title: str, columns: Sequence[str]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def places_table(places: Sequence[Place]) -> Table:
    table = _table(f"{len(places)} places", ["Key", "Name", "Country", "Level", "Aliases"])
    for p in places:
        table.add_row(p.key, p.name, p.country or "", p.level, ", ".join(p.aliases))
    return table


def ties_table(ties: Sequence[Relationship], home_id: int | None) -> Table:
    table = _table(
        f"{len(ties)} ties", ["ID", "Type", "Parties", "Since", "Status", "Events", "Review"]
    )
    for t in ties:
        table.add_row(
            str(t.id),
            t.type or "",
            parties(t, home_id),
            t.since or "",
            t.status,
            events(t),
            t.review_state,
        )
    return table


def agreements_table(rows: Sequence[Agreement], home_id: int | None) -> Table:
    table = _table(
        f"{len(rows)} agreements",
        ["ID", "Type", "Date", "Parties", "Areas", "Status", "Commitments", "Review"],
    )
    for a in rows:
        open_ = sum(c.status == "open" for c in a.commitments)
        table.add_row(
            str(a.id),
            a.type or "",
            a.date or "",
            parties(a, home_id),
            ", ".join(a.areas),
            a.status or "",
            f"{open_} open / {len(a.commitments)}" if a.commitments else "",
            a.review_state,
        )
    return table


def engagements_table(rows: Sequence[Engagement], home_id: int | None) -> Table:
    table = _table(
        f"{len(rows)} engagements",
        [
            "ID",
            "Type",
            "Start",
            "Parties",
            "Location",
            "Direction",
            "Mode",
            "People",
            "Areas",
            "Status",
        ],
    )
    for e in rows:
        when = e.start or ""
        if e.end:
            when += f" – {e.end}"
        table.add_row(
            str(e.id),
            e.type or "",
            when,
            parties(e, home_id),
            label(e.location),
            direction(e, home_id) or "",
            mode(e, home_id),
            ", ".join(p.person.name for p in e.people),
            ", ".join(e.areas),
            e.status or "",
        )
    return table


def memberships_table(rows: Sequence[Membership]) -> Table:
    table = _table(f"{len(rows)} memberships", ["ID", "Network", "Member", "Role", "Since"])
    for m in rows:
        table.add_row(str(m.id), label(m.network), label(m.member), m.role or "", m.since or "")
    return table


def human(value: Any) -> str:
    """A JSON value as a person reads it: places as 'Tokyo (JP)', events as 'strained 1999–2012'."""
    if isinstance(value, list):
        return "; ".join(human(v) for v in value)
    if isinstance(value, dict):
        if "name" in value and "country" in value:
            return f"{value['name']} ({value['country']})" if value["country"] else value["name"]
        if "type" in value and ("date" in value or "start" in value):
            when = value.get("date") or f"{value.get('start') or '?'}–{value.get('end') or ''}"
            return f"{value['type']} {when}"
        return ", ".join(f"{k} {human(v)}" for k, v in value.items() if v not in (None, ""))
    return "" if value is None else str(value)
