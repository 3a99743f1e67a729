"""`/api/v1/{kind}` and `/api/v1/records/{id}`: list, get, create, update and delete records.

Every route parses, calls one function of `citydip.services.editing` or
`citydip.store.listing`, and returns. A record goes out as `record_json` (the interchange
format plus id, version, review and what is derived), read as rows by `record_rows`; one
record also with its evidence.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from citydip.analytics.cache import counts_cache
from citydip.errors import NotFoundError
from citydip.services import editing
from citydip.store.listing import (
    KIND_OF,
    MAX_ID,
    MAX_PAGE,
    MAX_PER_PAGE,
    RecordFilter,
    page_records,
)
from citydip.store.records import Record
from citydip.store.registry import home_id
from citydip.web.api import record_rows
from citydip.web.api.replies import Json
from citydip.web.deps import DB, Editor, Reader

router = APIRouter(tags=["records"])
Kind = Literal["relationships", "agreements", "engagements", "memberships"]
Sort = Literal["-date", "date", "-id", "id", "type", "-type"]
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's id")]
Content = Annotated[Any, Body(description="a record in the interchange format")]


def record_out(session: Session, record: Record, evidence: bool = False) -> dict[str, Any]:
    """One record as the API shows it, with its evidence if asked."""
    return _item(session, record.id, None, evidence)


def _item(session: Session, record_id: int, kind: Kind | None, evidence: bool) -> dict[str, Any]:
    """Record `record_id` as the API shows it (of `kind`, if given), else NotFoundError."""
    found = record_rows.records_json(session, [record_id], home_id(session))
    if not found:
        raise NotFoundError(f"no record #{record_id}")
    item = found[0]
    if kind is not None and item["kind"] != KIND_OF[kind]:
        raise NotFoundError(
            f"no {KIND_OF[kind]} #{record_id} (#{record_id} is {editing.article(item['kind'])})"
        )
    if evidence:
        item["evidence"] = record_rows.evidence_json(session, record_id)
    return item


def _of_kind(session: Session, kind: Kind, record_id: int) -> Record:
    record = editing.get(session, record_id)
    if record.kind != KIND_OF[kind]:
        raise NotFoundError(
            f"no {KIND_OF[kind]} #{record_id} (#{record_id} is {editing.article(record.kind)})"
        )
    return record


@router.get(
    "/records/{record_id}",
    summary="One record of any kind, with its evidence",
    response_model=dict[str, Any],
)
def get_any(record_id: RecordId, session: DB, who: Reader) -> Response:
    return Json({"ok": True, "item": _item(session, record_id, None, True)})


@router.get("/{kind}", summary="List records of a kind", response_model=dict[str, Any])
def list_records(
    kind: Kind,
    session: DB,
    who: Reader,
    q: str | None = Query(None, description="words of the title or summary, or a place's name"),
    type: str | None = Query(None, description="a type code of the kind (taxonomy)"),
    area: str | None = Query(None, description="a cooperation area code"),
    review: Literal["proposed", "accepted", "rejected"] | None = None,
    place: int | None = Query(None, description="id of a place taking part"),
    year: int | None = Query(None, description="year of the record's date"),
    status: str | None = Query(None, description="happened/planned/cancelled; a tie's active/…"),
    sort: Sort = "-date",
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(50, ge=1, le=MAX_PER_PAGE),
) -> Response:
    filters = RecordFilter(q, type, area, review, place, year, status)
    home = home_id(session)

    def load(s: Session, ids: list[int]) -> list[dict[str, Any]]:
        return record_rows.records_json(s, ids, home)

    result = page_records(session, kind, filters, sort, page, per_page, load, counts_cache)
    return Json(
        {
            "ok": True,
            "items": result.items,
            "total": result.total,
            "total_exact": result.exact,  # False: at least `total` (counted up to 10,000)
            "page": result.page,
            "per_page": result.per_page,
            "pages": result.pages,
        }
    )


@router.get(
    "/{kind}/{record_id}", summary="One record, with its evidence", response_model=dict[str, Any]
)
def get_record(kind: Kind, record_id: RecordId, session: DB, who: Reader) -> Response:
    return Json({"ok": True, "item": _item(session, record_id, kind, True)})


@router.post(
    "/{kind}",
    status_code=201,
    summary="Create a record (accepted); 200 if the registry holds the same fact already",
    responses={200: {"description": "merged into the record that says the same"}},
)
def create_record(kind: Kind, session: DB, who: Editor, body: Content = None) -> JSONResponse:
    added = editing.add(session, body, who.stamp("accepted"), KIND_OF[kind])
    session.commit()
    item = record_out(session, added.record, True)
    content = {"ok": True, "created": added.created, "item": item}
    return JSONResponse(content, status_code=201 if added.created else 200)


@router.put("/{kind}/{record_id}", summary="Replace a record's content (send its version)")
def update_record(
    kind: Kind, record_id: RecordId, session: DB, who: Editor, body: Content = None
) -> dict[str, Any]:
    _of_kind(session, kind, record_id)
    version = editing.sent_version(body)
    record = editing.update_content(session, record_id, body, version, who.stamp())
    session.commit()
    return {"ok": True, "item": record_out(session, record, True)}


@router.delete("/{kind}/{record_id}", status_code=204, summary="Delete a record")
def delete_record(
    kind: Kind,
    record_id: RecordId,
    session: DB,
    who: Editor,
    version: int | None = Query(None, description="fail with 409 if it changed since"),
) -> Response:
    _of_kind(session, kind, record_id)
    editing.remove(session, record_id, version)
    session.commit()
    return Response(status_code=204)
