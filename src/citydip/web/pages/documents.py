"""Documents: the list with the upload form, one document with its evidence marked, and the
progress of an upload's background job (polled by HTMX until it ends)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from citydip.errors import FieldErrors, InputError
from citydip.services import documents, jobs, review
from citydip.store.listing import KIND_OF
from citydip.web.deps import DB, Editor, Reader
from citydip.web.errors import status_of
from citydip.web.uploads import read_batch, start_job

router = APIRouter()
PER_PAGE = 50
ACCEPT = ",".join(jobs.ACCEPTED)


def _list_context(request: Request, session: Session, page: int) -> dict[str, Any]:
    max_bytes = request.app.state.settings.max_upload_bytes
    return {
        "result": documents.page_documents(session, page=page, per_page=PER_PAGE),
        "jobs": documents.recent_jobs(session),
        "max_bytes": max_bytes,
        "max_size": jobs.size_text(max_bytes),
        "accept": ACCEPT,
        "errors": {},
        "error": None,
        "values": {},
    }


@router.get("/documents")
def documents_page(
    request: Request, session: DB, who: Reader, page: int = Query(1, ge=1)
) -> Response:
    ctx = _list_context(request, session, page)
    return request.app.state.render(request, "documents.html", ctx, block="list")


@router.post("/documents")
async def upload(request: Request, session: DB, who: Editor) -> Response:
    try:
        batch, _ = await read_batch(request)
    except InputError as exc:
        form = await request.form()
        values = {
            k: v
            for k in ("text", "title", "published", "lang")
            if isinstance(v := form.get(k), str)
        }
        pairs = exc.errors if isinstance(exc, FieldErrors) else [(exc.field or "", exc.message)]
        errors: dict[str, list[str]] = {}
        for field, message in pairs:
            errors.setdefault(field or "files", []).append(message)
        ctx = await run_in_threadpool(_list_context, request, session, 1)  # DB: off the loop
        ctx |= {"errors": errors, "error": exc.message, "values": values}
        return request.app.state.render(request, "documents.html", ctx, status=status_of(exc))
    job = await run_in_threadpool(start_job, request, session, batch, who)
    return RedirectResponse(f"/documents/jobs/{job.id}", status_code=303)


@router.get("/documents/jobs/{job_id}")
def job_page(request: Request, job_id: int, session: DB, who: Reader) -> Response:
    ctx = {"job": jobs.get_job(session, job_id)}
    return request.app.state.render(request, "job.html", ctx, block="job")


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: int, session: DB, who: Reader) -> Response:
    view = documents.document_view(session, document_id)
    ctx = {
        "view": view,
        "doc": view.document,
        "evidence": documents.evidence_by_record(view),
        "proposed": sum(r.review_state == "proposed" for r in view.records),
        "date_of": review.date_of,
        "kinds": KIND_OF,
    }
    return request.app.state.render(request, "document.html", ctx)
