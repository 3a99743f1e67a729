"""`/api/v1/{kind}`: list, get, create, update and delete records of each kind."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from citydip.errors import FieldErrors, NotFoundError
from citydip.exchange.export import record_json
from citydip.services import editing
from citydip.store import queries
from citydip.store.listing import KIND_OF, RecordFilter, page_records
from citydip.store.records import Record
from citydip.store.registry import get_home
from citydip.web.deps import DB, Editor, Reader

router = APIRouter(tags=["records"])
Kind = Literal["relationships", "agreements", "engagements", "memberships"]
Sort = Literal["-date", "date", "-id", "id", "type", "-type"]


def record_out(session: Session, record: Record, evidence: bool = False) -> dict[str, Any]:
    home = get_home(session)
    data = record_json(record, home.id if home else None)
    if evidence:
        data["evidence"] = [
            {
                "document_id": ev.document_id,
                "doc_id": ev.document.doc_id,
                "title": ev.document.title,
                "start": ev.start,
                "end": ev.end,
                "quote": ev.quote,
            }
            for ev in queries.evidence_of(session, record)
        ]
    return data


def _of_kind(session: Session, kind: Kind, record_id: int) -> Record:
    record = editing.get(session, record_id)
    if record.kind != KIND_OF[kind]:
        raise NotFoundError(f"no {KIND_OF[kind]} #{record_id} (#{record_id} is a {record.kind})")
    return record


def _version(body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body = dict(body)
    version = body.pop("version", None)
    if not isinstance(version, int) or isinstance(version, bool):
        raise FieldErrors([("version", "send the version you read (an integer) with an edit")])
    for derived in ("id", "key", "review", "status_of_tie", "direction", "mode", "evidence"):
        body.pop(derived, None)
    if body.get("kind") == "relationship":
        body.pop("status", None)  # a tie's status is derived from its events
    return version, body


@router.get("/{kind}", summary="List records of a kind")
def list_records(
    kind: Kind,
    session: DB,
    who: Reader,
    q: str | None = None,
    type: str | None = None,
    area: str | None = None,
    review: Literal["proposed", "accepted", "rejected"] | None = None,
    place: int | None = Query(None, description="id of a place taking part"),
    year: int | None = Query(None, ge=1, le=9999),
    status: str | None = None,
    sort: Sort = "-date",
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    filters = RecordFilter(q, type, area, review, place, year, status)
    result = page_records(session, kind, filters, sort, page, per_page)
    return {
        "ok": True,
        "items": [record_out(session, r) for r in result.items],
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
    }


@router.get("/{kind}/{record_id}", summary="One record, with its evidence")
def get_record(kind: Kind, record_id: int, session: DB, who: Reader) -> dict[str, Any]:
    return {"ok": True, "item": record_out(session, _of_kind(session, kind, record_id), True)}


@router.post("/{kind}", status_code=201, summary="Create a record (accepted)")
def create_record(
    kind: Kind, session: DB, who: Editor, body: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    body = {k: v for k, v in body.items() if k != "version"}
    record = editing.create(session, body, who.stamp("accepted"), KIND_OF[kind])
    session.commit()
    return {"ok": True, "item": record_out(session, record, True)}


@router.put("/{kind}/{record_id}", summary="Replace a record's content (send its version)")
def update_record(
    kind: Kind,
    record_id: int,
    session: DB,
    who: Editor,
    body: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    _of_kind(session, kind, record_id)
    version, content = _version(body)
    record = editing.update_content(session, record_id, content, version, who.stamp())
    session.commit()
    return {"ok": True, "item": record_out(session, record, True)}


@router.delete("/{kind}/{record_id}", status_code=204, summary="Delete a record")
def delete_record(
    kind: Kind,
    record_id: int,
    session: DB,
    who: Editor,
    version: int | None = Query(None, description="fail with 409 if it changed since"),
) -> Response:
    _of_kind(session, kind, record_id)
    editing.remove(session, record_id, version)
    session.commit()
    return Response(status_code=204)
