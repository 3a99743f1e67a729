"""Editing records by hand: create, update (with a version check), delete, and review.

A new record goes through the same validation and writer as an import. An update checks
the version the editor read: if someone changed the record since, nothing is written and a
ConflictError says so. The content key follows the content, so a later import of the same
fact merges into the edited record.
"""

from __future__ import annotations

from typing import Any, cast

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from citydip.errors import ConflictError, FieldErrors, InputError, NotFoundError
from citydip.exchange.reader import field_path
from citydip.schema import Answer
from citydip.schema import Record as RecordSchema
from citydip.store.agreements import Commitment
from citydip.store.engagements import EngagementPerson
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import RelationshipEvent
from citydip.store.resolve import Stamp
from citydip.store.writes import AnyRecord, BatchWriter

REVIEW_STATES = ("proposed", "accepted", "rejected")
_RECORD = TypeAdapter(RecordSchema)
_AUDIT = {"review_state", "created_by", "created_at", "updated_by", "updated_at"}
_RECORDS = cast(Table, Record.__table__)


def parse_record(body: Any, kind: str | None = None) -> AnyRecord:
    """A record of the interchange format, or FieldErrors naming every wrong field."""
    if not isinstance(body, dict):
        raise InputError(f"expected a JSON object (a record), got {type(body).__name__}")
    if kind is not None:
        if body.get("kind", kind) != kind:
            raise FieldErrors([("kind", f"this is a {kind}, not a {body.get('kind')}")])
        body = {**body, "kind": kind}
    try:
        return _RECORD.validate_python(body)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            loc = loc[1:] if loc and loc[0] == body.get("kind") else loc
            errors.append((field_path(loc) or "kind", err["msg"].removeprefix("Value error, ")))
        raise FieldErrors(errors) from None


def get(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id)
    if record is None:
        raise NotFoundError(f"no record #{record_id}")
    return record


def create(session: Session, body: Any, stamp: Stamp, kind: str | None = None) -> Record:
    """A new record (or, when the registry holds the same fact, that record)."""
    rec = parse_record(body, kind)
    stats = BatchWriter(session, stamp).write([Answer(records=[rec])])
    record = session.scalar(select(Record).where(Record.key == stats.keys[-1]))
    assert record is not None
    return record


def update_content(
    session: Session, record_id: int, body: Any, version: int, stamp: Stamp
) -> Record:
    """Put `body` in place of the record's content, if it is still at `version`."""
    record = get(session, record_id)
    rec = parse_record(body, record.kind)
    if record.version != version:
        raise _conflict(record)
    writer = BatchWriter(session, stamp)
    prepared = writer.prepare(rec)
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
    """Set the review state of many records at once; how many there were."""
    if state not in REVIEW_STATES:
        raise InputError(f"review state must be one of {', '.join(REVIEW_STATES)}", field="state")
    if not ids:
        return 0
    result = session.execute(
        update(_RECORDS)
        .where(_RECORDS.c.id.in_(ids))
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
    session.delete(record)
    session.flush()


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
