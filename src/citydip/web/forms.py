"""Record forms: what a browser form sends, as a record of the interchange format, and back.

A form holds text as people type it: parties one place per line (`Name, CC` or a place
key such as `tokyo-jp`), tie events as `type date` lines (`strained 2019..2020` for a
span), commitments as `text | area | due | status`, people as `Name | title | of`. Errors
come back keyed by form field, with the line where the field has lines, so a page can
show each message next to its field and keep what was typed.

The list pages' query string is read here too: every filter is optional, and a wrong one
is a message next to its filter, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citydip.errors import FieldErrors, InputError
from citydip.services import editing
from citydip.store.agreements import Agreement
from citydip.store.engagements import Engagement
from citydip.store.listing import MAX_PER_PAGE, SORTS, RecordFilter
from citydip.store.names import norm_name
from citydip.store.networks import Membership
from citydip.store.places import Place, PlaceName
from citydip.store.records import Record
from citydip.store.relationships import Relationship

GENERAL = "_form"  # the key of a message about the whole form, not one field
FIELDS: dict[str, tuple[str, ...]] = {
    "relationship": ("type", "parties", "since", "events"),
    "agreement": ("type", "date", "parties", "areas", "status", "title", "summary", "commitments"),
    "engagement": (
        "type",
        "start",
        "end",
        "parties",
        "location",
        "people",
        "areas",
        "status",
        "title",
        "summary",
    ),
    "membership": ("network", "member", "role", "since"),
}
LINE_FIELDS = ("parties", "events", "commitments", "people")


LINE_MAX = 1000  # a line of a field; what each part may hold is checked by services.editing


def blank(kind: str) -> dict[str, Any]:
    """The values of an empty form for a record of `kind` ('agreement', ...)."""
    values: dict[str, Any] = {name: "" for name in FIELDS[kind]}
    values.update(areas=[], status="happened", role="member")
    return {k: v for k, v in values.items() if k in FIELDS[kind]}


def read_form(form: Mapping[str, Any], kind: str, areas: list[str]) -> dict[str, Any]:
    """The values a form sent (as typed), for the fields of `kind`."""
    values = blank(kind)
    for name in FIELDS[kind]:
        if name == "areas":
            values["areas"] = [a for a in areas if isinstance(a, str)]
            continue
        raw = form.get(name)
        values[name] = raw if isinstance(raw, str) else ""
    return values


# -- stored record → form ---------------------------------------------------------------


def place_line(session: Session, place: Place | None) -> str:
    """A line that names `place` again: `Name, CC`, or its key where that could be another."""
    if place is None:
        return ""
    same = (
        select(func.count(func.distinct(Place.id)))
        .join(PlaceName, PlaceName.place_id == Place.id)
        .where(PlaceName.norm == norm_name(place.name))
    )
    same = same.where(Place.country == place.country if place.country else Place.country.is_(None))
    others = session.scalar(same) or 0
    line = f"{place.name}, {place.country}" if place.country else place.name
    if others > 1 or "," in place.name:
        return place.key
    keyed = session.scalar(select(Place.id).where(Place.key == line))
    return place.key if keyed is not None and keyed != place.id else line


def _joined(*parts: str | None) -> str:
    items = [p or "" for p in parts]
    while len(items) > 1 and not items[-1]:
        items.pop()
    return " | ".join(items)


def values_of(session: Session, record: Record) -> dict[str, Any]:
    """The form's values for a stored record (what its edit form starts with)."""
    values = blank(record.kind)
    if "type" in values:
        values["type"] = record.type or ""
    if "parties" in values:
        values["parties"] = "\n".join(place_line(session, p) for p in record.party_places)
    if "areas" in values:
        values["areas"] = list(record.areas)
    for name in ("title", "summary"):
        if name in values:
            values[name] = getattr(record, name) or ""
    if isinstance(record, Relationship):
        values["since"] = record.since or ""
        lines = []
        for e in record.events:
            parts = [e.type] + ([e.date] if e.date else [])
            if e.start or e.end:
                parts.append(f"{e.start or ''}..{e.end or ''}")
            lines.append(" ".join(parts))
        values["events"] = "\n".join(lines)
    elif isinstance(record, Agreement):
        values.update(date=record.date or "", status=record.status or "happened")
        values["commitments"] = "\n".join(
            _joined(c.text, c.area, c.due, c.status if c.status != "open" else None)
            for c in record.commitments
        )
    elif isinstance(record, Engagement):
        values.update(
            start=record.start or "",
            end=record.end or "",
            status=record.status or "happened",
            location=place_line(session, record.location),
        )
        values["people"] = "\n".join(
            _joined(
                p.person.name,
                p.title,
                p.person.place.name if p.person.place else p.person.affiliation,
            )
            for p in record.people
        )
    elif isinstance(record, Membership):
        values.update(
            network=record.network.name if record.network else "",
            member=place_line(session, record.member),
            role=record.role or "member",
            since=record.since or "",
        )
    return values


# -- form → interchange record ----------------------------------------------------------


@dataclass
class _Reader:
    session: Session
    values: Mapping[str, Any]
    errors: list[tuple[str, str]] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)  # item index → line number

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        text = " ".join(value.split()) if isinstance(value, str) else ""
        return text or None

    def items(self, name: str) -> list[tuple[int, str]]:
        """The non-empty lines of a field, each with its line number."""
        value = self.values.get(name)
        found = []
        for n, line in enumerate((value if isinstance(value, str) else "").splitlines(), 1):
            line = " ".join(line.split())
            if not line:
                continue
            if len(line) > LINE_MAX:
                self.errors.append((name, f"line {n}: at most {LINE_MAX} characters, please"))
                continue
            found.append((n, line))
        self.lines[name] = [n for n, _ in found]
        return found

    def place(self, name: str, line: str, n: int | None = None) -> dict[str, Any] | None:
        where = f"line {n}: " if n is not None else ""
        known = self.session.scalar(select(Place).where(Place.key == line))
        if known is not None:
            return {"name": known.name, "country": known.country, "level": known.level}
        place_name, comma, country = line.rpartition(",")
        if not comma:
            place_name, country = line, ""
        place_name, country = place_name.strip(), country.strip()
        if not place_name:
            self.errors.append((name, f"{where}a place name comes before the comma"))
            return None
        if country and not re.fullmatch(r"[A-Za-z]{2}", country):
            self.errors.append(
                (name, f"{where}after the comma comes a two-letter country code such as KR")
            )
            return None
        return {"name": place_name, "country": country.upper() or None}

    def places(self, name: str) -> list[dict[str, Any]]:
        found = []
        for n, line in self.items(name):
            ref = self.place(name, line, n)
            if ref is not None:
                found.append(ref)
        return found

    def events(self) -> list[dict[str, Any]]:
        found = []
        for n, line in self.items("events"):
            type_, _, rest = line.partition(" ")
            event: dict[str, Any] = {"type": type_}
            for token in rest.split():
                if ".." in token:
                    start, _, end = token.partition("..")
                    event.update(start=start or None, end=end or None)
                elif "date" in event:
                    self.errors.append(("events", f"line {n}: one date per event"))
                else:
                    event["date"] = token
            found.append(event)
        return found

    def commitments(self) -> list[dict[str, Any]]:
        found = []
        for _, line in self.items("commitments"):
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            text, area, due, status = parts[:4]
            item: dict[str, Any] = {"text": text}
            item.update({k: v for k, v in (("area", area), ("due", due)) if v})
            item["status"] = status or "open"
            found.append(item)
        return found

    def people(self) -> list[dict[str, Any]]:
        found = []
        for _, line in self.items("people"):
            parts = [p.strip() for p in line.split("|")] + ["", ""]
            name, title, of = parts[:3]
            found.append({"name": name, "title": title or None, "of": of or None})
        return found


def to_body(session: Session, kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The record a form describes, in the interchange format; else FieldErrors by field."""
    r = _Reader(session, values)
    body: dict[str, Any] = {"kind": kind}
    if kind != "membership":
        body["type"] = r.text("type")
        if not body["type"]:
            r.errors.append(("type", "choose a type"))
        body["parties"] = r.places("parties")
    if kind == "relationship":
        body.update(since=r.text("since"), events=r.events())
    elif kind in ("agreement", "engagement"):
        body.update(
            areas=list(values.get("areas") or []),
            status=r.text("status") or "happened",
            title=r.text("title"),
            summary=r.text("summary"),
        )
        if kind == "agreement":
            body.update(date=r.text("date"), commitments=r.commitments())
        else:
            location = r.text("location")
            body.update(
                start=r.text("start"),
                end=r.text("end"),
                location=r.place("location", location) if location else None,
                people=r.people(),
            )
    else:
        network, member = r.text("network"), r.text("member")
        if not network:
            r.errors.append(("network", "name the network"))
        if not member:
            r.errors.append(("member", "name the member place"))
        body.update(
            network=network or "",
            member=r.place("member", member) if member else None,
            role=r.text("role") or "member",
            since=r.text("since"),
        )
    try:
        editing.parse_record(body, kind)
    except FieldErrors as exc:
        taken = {f for f, _ in r.errors}
        for path, message in exc.errors:
            name, line = _field_of(path, r.lines)
            if name not in taken:  # our message on a field says more than the schema's
                r.errors.append((name, f"line {line}: {message}" if line else message))
    if r.errors:
        raise FieldErrors(r.errors)
    return body


def _field_of(path: str, lines: dict[str, list[int]]) -> tuple[str, int | None]:
    """The form field (and line) of a schema error path such as 'parties[1].country'."""
    found = re.match(r"([a-z_]+)(?:\[(\d+)\])?", path)
    if not found:
        return GENERAL, None
    name, index = found.group(1), found.group(2)
    if name == "kind":
        return GENERAL, None
    if index is not None and name in lines and int(index) < len(lines[name]):
        return name, lines[name][int(index)]
    return name, None


def messages(exc: InputError, known: tuple[str, ...]) -> dict[str, str]:
    """Each field's messages as one text; those of no known field under GENERAL."""
    pairs = exc.errors if isinstance(exc, FieldErrors) else [(exc.field or "", exc.message)]
    found: dict[str, list[str]] = {}
    for name, message in pairs:
        found.setdefault(name if name in known else GENERAL, []).append(message)
    return {name: "; ".join(dict.fromkeys(items)) for name, items in found.items()}


# -- list pages -------------------------------------------------------------------------

FILTERS = ("q", "type", "area", "review", "year", "status", "place")
DEFAULT_SORT = "-date"
DEFAULT_PER_PAGE = 25


@dataclass(frozen=True)
class ListQuery:
    """A list page's filters, sort and page, as read from its query string."""

    values: dict[str, str]  # the filters as sent, to show them again
    filters: RecordFilter
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    errors: dict[str, str] = field(default_factory=dict)

    def link(self, path: str, **changes: Any) -> str:
        """`path` with this query, changed (sort, page): for sort and paging links."""
        q = replace(self, **changes)
        params = {k: v for k, v in q.values.items() if v}
        if q.sort != DEFAULT_SORT:
            params["sort"] = q.sort
        if q.per_page != DEFAULT_PER_PAGE:
            params["per_page"] = str(q.per_page)
        if q.page != 1:
            params["page"] = str(q.page)
        return f"{path}?{urlencode(params)}" if params else path

    def sort_link(self, path: str, column: str) -> tuple[str, str | None]:
        """The link of a column header, and the direction the list is sorted by it now."""
        now = "descending" if self.sort == f"-{column}" else None
        now = "ascending" if self.sort == column else now
        target = column if self.sort == f"-{column}" else f"-{column}"
        return self.link(path, sort=target, page=1), now


def _number(text: str, name: str, low: int, high: int, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    if not re.fullmatch(r"\d{1,9}", text) or not low <= int(text) <= high:
        errors[name] = f"a whole number from {low} to {high:,}"
        return None
    return int(text)


def list_query(params: Mapping[str, str]) -> ListQuery:
    """Filters, sort and page of a list page; wrong values become messages, not filters."""
    values = {k: (params.get(k) or "").strip() for k in FILTERS}
    errors: dict[str, str] = {}
    year = _number(values["year"], "year", 1, 9999, errors)
    place = _number(values["place"], "place", 1, 10**9, errors)
    page = _number((params.get("page") or "").strip(), "page", 1, 10**6, errors) or 1
    per_page = (
        _number((params.get("per_page") or "").strip(), "per_page", 1, MAX_PER_PAGE, errors)
        or DEFAULT_PER_PAGE
    )
    sort = (params.get("sort") or "").strip() or DEFAULT_SORT
    if sort not in SORTS:
        errors["sort"] = f"sort by one of {', '.join(SORTS)}"
        sort = DEFAULT_SORT
    filters = RecordFilter(
        q=values["q"] or None,
        type=values["type"] or None,
        area=values["area"] or None,
        review=values["review"] or None,
        place_id=place,
        year=year,
        status=values["status"] or None,
    )
    return ListQuery(values, filters, sort, page, per_page, errors)


def check_text(values: Mapping[str, str]) -> None:
    """FieldErrors for each value no database can store (a NUL character)."""
    message = "remove the NUL character (\\0) from this field"
    bad = [(name, message) for name, value in values.items() if "\x00" in value]
    if bad:
        raise FieldErrors(bad)
