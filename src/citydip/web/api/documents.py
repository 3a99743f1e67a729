"""`/api/v1/documents` and `/api/v1/jobs`: upload documents for background extraction, follow
the job, and read the stored documents with their records."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from citydip.services import documents, jobs
from citydip.web.deps import DB, Editor, Reader
from citydip.web.uploads import read_batch, start_job

router = APIRouter(tags=["documents"])
_TEXT = {
    "text": {"type": "string", "description": "a document's text, pasted"},
    "title": {"type": "string"},
    "published": {"type": "string", "description": "YYYY, YYYY-MM or YYYY-MM-DD"},
    "lang": {"type": "string", "enum": ["en", "ko"], "description": "default: detected"},
}
_FILES = {"type": "array", "items": {"type": "string", "format": "binary"}}
UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"files": _FILES, **_TEXT}}
            },
            "application/json": {"schema": {"type": "object", "properties": _TEXT}},
        }
    }
}


@router.post(
    "/documents",
    status_code=202,
    summary="Upload documents (multipart 'files', and/or 'text' with title, published, "
    "lang as form fields or JSON); they are extracted in the background",
    response_class=JSONResponse,
    openapi_extra=UPLOAD_BODY,
)
async def upload_documents(request: Request, session: DB, who: Editor) -> JSONResponse:
    batch, _ = await read_batch(request)
    job = await run_in_threadpool(start_job, request, session, batch, who)  # off the loop
    return JSONResponse({"ok": True, "job": jobs.job_json(job)}, status_code=202)


@router.get("/jobs/{job_id}", summary="An upload's job: its progress and failures")
def get_job(job_id: int, session: DB, who: Reader) -> dict[str, Any]:
    return {"ok": True, "job": jobs.job_json(jobs.get_job(session, job_id))}


@router.get("/documents", summary="List stored documents, with their records by review state")
def list_documents(
    session: DB,
    who: Reader,
    q: str | None = Query(None, description="words in the title or document id"),
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=200),
) -> dict[str, Any]:
    result = documents.page_documents(session, q, page, per_page)
    return {
        "ok": True,
        "items": [documents.document_json(row.document, row.counts) for row in result.items],
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "pages": result.pages,
    }


@router.get("/documents/{document_id}", summary="One document: its text and its records")
def get_document(document_id: int, session: DB, who: Reader) -> dict[str, Any]:
    view = documents.document_view(session, document_id)
    item = documents.document_json(view.document)
    item |= {
        "text": view.document.text,
        "records": [r.id for r in view.records],
        "evidence": [
            {"record_id": ev.record_id, "start": ev.start, "end": ev.end} for ev in view.evidence
        ],
    }
    return {"ok": True, "item": item}
