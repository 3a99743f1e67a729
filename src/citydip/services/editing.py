"""Editing records by hand: create, update (with a version check), delete, and review.

A new record goes through the same validation and writer as an import. An update checks
the version the editor read: if someone changed the record since, nothing is written and a
ConflictError says so. The content key follows the content, so a later import of the same
fact merges into the edited record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from citydip.errors import ConflictError, FieldErrors, InputError, NotFoundError
from citydip.exchange.reader import field_path
from citydip.schema import Answer
from citydip.schema import Record as RecordSchema
from citydip.store.agreements import Commitment
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import EngagementPerson
from citydip.store.names import norm_name
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import RelationshipEvent
from citydip.store.resolve import Stamp
from citydip.store.writes import AnyRecord, BatchWriter

REVIEW_STATES = ("proposed", "accepted", "rejected")
_RECORD = TypeAdapter(RecordSchema)
_AUDIT = {"review_state", "created_by", "created_at", "updated_by", "updated_at"}
_RECORDS = cast(Table, Record.__table__)


def _length(column: Any) -> int:
    length = getattr(column.type, "length", None)
    assert isinstance(length, int)
    return length


MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
# What a record read from the API holds besides its content: an edit may send it back, and
# it is ignored (ids and versions are the registry's; review and evidence have their own
# routes). A tie's status is derived from its events.
READ_ONLY = ("id", "key", "version", "review", "evidence", "direction", "mode")
# Lengths the registry can store (PostgreSQL refuses longer text; SQLite would keep it).
TITLE_MAX = _length(_RECORDS.c.title)
SUMMARY_MAX = _length(_RECORDS.c.summary)
PLACE_NAME_MAX = 150  # a place's key (at most 200 characters) is made from its name
PERSON_NAME_MAX = 150  # a person's key is their name and their place's key (at most 400)
PERSON_TITLE_MAX = _length(cast(Table, EngagementPerson.__table__).c.title)
NAME_MAX = 300  # any other name or alias (compared as written and normalised)
GEONAMES_MAX = 2**31 - 1
_JSON_NAMES = {list: "an array", str: "a string", int: "a number", float: "a number"}
_JSON_NAMES |= {bool: "true or false", type(None): "null", bytes: "a body that is not JSON"}


def article(word: object) -> str:
    """The word with its indefinite article: 'an engagement', 'a membership'."""
    text = str(word)
    return f"{'an' if text[:1].lower() in 'aeiou' and text else 'a'} {text}"


def editable(body: dict[str, Any]) -> dict[str, Any]:
    """`body` without what the registry keeps itself (READ_ONLY)."""
    content = {k: v for k, v in body.items() if k not in READ_ONLY}
    if content.get("kind") == "relationship":
        content.pop("status", None)
    return content


def sent_version(body: Any) -> int:
    """The version an edit says it read; FieldErrors if it is missing or not an integer."""
    version = body.get("version") if isinstance(body, dict) else None
    if not isinstance(version, int) or isinstance(version, bool):
        raise FieldErrors([("version", "send the version you read (an integer) with an edit")])
    return version


def _safe(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _bad_text(value: Any, path: tuple[int | str, ...] = ()) -> Iterator[tuple[str, str]]:
    """Text no database can store: a NUL character or a lone surrogate, anywhere."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _bad_text(key, path)
            yield from _bad_text(item, (*path, _safe(str(key))))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _bad_text(item, (*path, n))
    elif isinstance(value, str):
        if "\x00" in value:
            yield field_path(path), "remove the NUL character (\\0) from this field"
        elif _safe(value) != value:
            yield field_path(path), "this is not valid Unicode text (a lone surrogate)"


def _length_errors(body: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text of `body` longer than the registry can store, by field."""

    def check(path: str, value: Any, limit: int, norm: bool = False) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            n = max(len(" ".join(value.split())), len(norm_name(value)) if norm else 0)
            if n > limit:
                yield path, f"at most {limit:,} characters, please (this has {n:,})"

    def place(path: str, ref: Any) -> Iterator[tuple[str, str]]:
        if isinstance(ref, dict):
            yield from check(f"{path}.name", ref.get("name"), PLACE_NAME_MAX, norm=True)
            yield from names(f"{path}.aliases", ref.get("aliases"))
            geonames = ref.get("geonames_id")
            if isinstance(geonames, int) and not 0 <= geonames <= GEONAMES_MAX:
                yield f"{path}.geonames_id", "not a GeoNames id"

    def names(path: str, items: Any) -> Iterator[tuple[str, str]]:
        for n, name in enumerate(items if isinstance(items, list) else []):
            yield from check(f"{path}[{n}]", name, NAME_MAX, norm=True)

    yield from check("title", body.get("title"), TITLE_MAX)
    yield from check("summary", body.get("summary"), SUMMARY_MAX)
    parties = body.get("parties")
    for n, ref in enumerate(parties if isinstance(parties, list) else []):
        yield from place(f"parties[{n}]", ref)
    yield from place("location", body.get("location"))
    yield from place("member", body.get("member"))
    yield from check("network", body.get("network"), PLACE_NAME_MAX, norm=True)
    yield from names("network_aliases", body.get("network_aliases"))
    people = body.get("people")
    for n, person in enumerate(people if isinstance(people, list) else []):
        if isinstance(person, dict):
            yield from check(f"people[{n}].name", person.get("name"), PERSON_NAME_MAX, True)
            yield from check(f"people[{n}].title", person.get("title"), PERSON_TITLE_MAX)
            yield from check(f"people[{n}].of", person.get("of"), PERSON_NAME_MAX, True)


def _schema_errors(exc: ValidationError, body: dict[str, Any]) -> list[tuple[str, str]]:
    errors = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        loc = loc[1:] if loc and loc[0] == body.get("kind") else loc
        message = err["msg"].removeprefix("Value error, ")
        # a check of the whole record ("end 2020-05-01 is before start ...") names its field
        first = message.split(" ", 1)[0]
        field = field_path(loc) or (first if first in body or first in ("start", "end") else "")
        errors.append((field, message))
    return errors


def parse_record(body: Any, kind: str | None = None) -> AnyRecord:
    """A record of the interchange format, or FieldErrors naming every wrong field.

    Besides the schema's checks, every text must fit the registry's columns (on every
    backend alike) and hold no NUL character or lone surrogate.
    """
    if not isinstance(body, dict):
        got = _JSON_NAMES.get(type(body), type(body).__name__)
        raise InputError(f"expected a JSON object (a record), got {got}", field="body")
    bad = list(_bad_text(body))
    if bad:
        raise FieldErrors(bad)
    if kind is not None:
        if body.get("kind", kind) != kind:
            raise FieldErrors([("kind", f"this is {article(kind)}, not {article(body['kind'])}")])
        body = {**body, "kind": kind}
    errors = list(_length_errors(body))
    try:
        record: AnyRecord = _RECORD.validate_python(body)
    except ValidationError as exc:
        errors.extend(_schema_errors(exc, body))
    if errors:
        raise FieldErrors(errors)
    return record


def get(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id) if 1 <= record_id <= MAX_ID else None
    if record is None:
        raise NotFoundError(f"no record #{record_id}")
    return record


@dataclass(frozen=True)
class Added:
    record: Record
    created: bool  # False: the registry held the same fact, and the body was merged into it


def add(session: Session, body: Any, stamp: Stamp, kind: str | None = None) -> Added:
    """A new record; or, when the registry holds the same fact, that record with what the
    body adds to it (its version goes up, as for any change)."""
    rec = parse_record(editable(body) if isinstance(body, dict) else body, kind)
    with _one_at_a_time():
        stats = BatchWriter(session, stamp).write([Answer(records=[rec])])
    record = session.scalar(select(Record).where(Record.key == stats.keys[-1]))
    assert record is not None
    created = stats.records > 0
    if not created:
        _bump(session, record, record.version, stamp)
        session.expire_all()
        record = get(session, record.id)
    return Added(record, created)


def create(session: Session, body: Any, stamp: Stamp, kind: str | None = None) -> Record:
    """A new record (or, when the registry holds the same fact, that record)."""
    return add(session, body, stamp, kind).record


def update_content(
    session: Session, record_id: int, body: Any, version: int, stamp: Stamp
) -> Record:
    """Put `body` in place of the record's content, if it is still at `version`."""
    record = get(session, record_id)
    rec = parse_record(editable(body) if isinstance(body, dict) else body, record.kind)
    if record.version != version:
        raise _conflict(record)
    with _one_at_a_time():
        return _replace_content(session, record, rec, version, stamp)


def _replace_content(
    session: Session, record: Record, rec: AnyRecord, version: int, stamp: Stamp
) -> Record:
    writer = BatchWriter(session, stamp)
    prepared = writer.prepare(rec, _keyed_home(session, record.id))
    if prepared.key != record.key:
        twin = session.scalar(select(Record.id).where(Record.key == prepared.key))
        if twin is not None:
            raise InputError(f"record #{twin} already says exactly this; edit or delete that one")
    values = {k: v for k, v in prepared.row.items() if k not in _AUDIT and k != "kind"}
    _bump(session, record, version, stamp, key=prepared.key, **values)
    rid = record.id
    for model, column in (
        (RecordParty, RecordParty.record_id),
        (RecordArea, RecordArea.record_id),
        (RelationshipEvent, RelationshipEvent.relationship_id),
        (Commitment, Commitment.agreement_id),
        (EngagementPerson, EngagementPerson.engagement_id),
    ):
        session.execute(delete(model).where(column == rid))
    rows: list[tuple[Any, list[dict[str, Any]]]] = [
        (
            RecordParty,
            [
                {"record_id": rid, "position": n, "place_id": p}
                for n, p in enumerate(prepared.parties)
            ],
        ),
        (
            RecordArea,
            [{"record_id": rid, "position": n, "area": a} for n, a in enumerate(prepared.areas)],
        ),
        (
            RelationshipEvent,
            [{"relationship_id": rid, "position": n, **e} for n, e in enumerate(prepared.events)],
        ),
        (
            Commitment,
            [{"agreement_id": rid, "position": n, **c} for n, c in enumerate(prepared.commitments)],
        ),
        (
            EngagementPerson,
            [
                {"engagement_id": rid, "position": n, "person_id": writer.person_id(k), "title": t}
                for n, (k, t) in enumerate(prepared.people)
            ],
        ),
    ]
    for model, values_ in rows:
        if values_:
            session.execute(insert(model), values_)
    session.expire_all()
    return get(session, rid)


@contextmanager
def _one_at_a_time() -> Iterator[None]:
    """A write that met another one adding the same row at the same moment (a new place
    or record that neither had seen) is a ConflictError: nothing is written, send it again."""
    try:
        yield
    except IntegrityError as exc:
        code = getattr(exc.orig, "sqlstate", None)
        if code != "23505" and "UNIQUE constraint failed" not in str(exc.orig):
            raise
        raise ConflictError(
            "someone else was writing the same place or record at the same moment; "
            "nothing was changed: send it again"
        ) from None


def _keyed_home(session: Session, record_id: int) -> str | None:
    """The key of the home a record's key was made against: its documents' home (a record
    is only ever seen from one), else None for the registry's own."""
    query = (
        select(Place.key)
        .join(Document, Document.home_id == Place.id)
        .join(Evidence, Evidence.document_id == Document.id)
        .where(Evidence.record_id == record_id)
        .order_by(Evidence.id)
        .limit(1)
    )
    return session.scalar(query)


def set_review(
    session: Session, record_id: int, state: str, stamp: Stamp, version: int | None = None
) -> Record:
    """Accept, reject or re-propose one record (checking `version` when given)."""
    if state not in REVIEW_STATES:
        raise InputError(f"review state must be one of {', '.join(REVIEW_STATES)}", field="state")
    record = get(session, record_id)
    if version is not None and record.version != version:
        raise _conflict(record)
    _bump(session, record, record.version, stamp, review_state=state)
    session.expire(record)
    return get(session, record_id)


def review_many(session: Session, ids: list[int], state: str, stamp: Stamp) -> int:
    """Set the review state of many records at once; how many there were.

    All or nothing: if any id is not a record, nothing changes (NotFoundError)."""
    if state not in REVIEW_STATES:
        raise InputError(f"review state must be one of {', '.join(REVIEW_STATES)}", field="state")
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    valid = [i for i in wanted if 1 <= i <= MAX_ID]
    found = set(session.scalars(select(Record.id).where(Record.id.in_(valid)))) if valid else set()
    missing = [i for i in wanted if i not in found]
    if missing:
        shown = ", ".join(f"#{i}" for i in missing[:10]) + (" ..." if len(missing) > 10 else "")
        raise NotFoundError(f"no record {shown}; nothing was changed (reload the list)")
    result = session.execute(
        update(_RECORDS)
        .where(_RECORDS.c.id.in_(wanted))
        .values(
            review_state=state,
            version=_RECORDS.c.version + 1,
            updated_by=stamp.user,
            updated_at=stamp.now,
        )
    )
    session.expire_all()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def remove(session: Session, record_id: int, version: int | None = None) -> None:
    """Delete a record, its evidence and its parts (checking `version` when given)."""
    record = get(session, record_id)
    if version is not None and record.version != version:
        raise _conflict(record)
    # one statement, still at the version read (an edit in between is a conflict, not lost);
    # the database deletes its parts and evidence (ON DELETE CASCADE)
    query = delete(_RECORDS).where(_RECORDS.c.id == record_id)
    if version is not None:
        query = query.where(_RECORDS.c.version == version)
    result = session.execute(query)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(record)
        raise _conflict(get(session, record_id))
    session.expunge(record)


def _bump(session: Session, record: Record, version: int, stamp: Stamp, **values: Any) -> None:
    """Write `values` and the next version, only if the row is still at `version`."""
    result = session.execute(
        update(_RECORDS)
        .where(_RECORDS.c.id == record.id, _RECORDS.c.version == version)
        .values(version=version + 1, updated_by=stamp.user, updated_at=stamp.now, **values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(record)
        raise _conflict(get(session, record.id))


def _conflict(record: Record) -> ConflictError:
    by = f" by {record.updated_by}" if record.updated_by else ""
    return ConflictError(
        f"record #{record.id} was changed{by} since you opened it (it is now at version "
        f"{record.version}); reload it and make your change again",
        current_version=record.version,
    )
