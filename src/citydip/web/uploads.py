"""Uploads at the web edge: a request's files and text → a batch → a background job.

The upload page and `POST /api/v1/documents` take the same input through here: multipart
`files` (one or many) and/or the fields `text`, `title`, `published`, `lang` (as form fields
or a JSON object).
"""

from __future__ import annotations

import json

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from citydip.errors import FieldErrors, InputError
from citydip.services import jobs
from citydip.store.jobs import Job
from citydip.web.deps import Viewer
from citydip.web.errors import TooLarge

MAX_FILES = 200
TEXT_FIELDS = ("text", "title", "published", "lang")


class UploadTooLarge(TooLarge, FieldErrors):
    """A file (or text) over the limit: 413, with every problem listed."""


async def _fields(request: Request) -> tuple[list[UploadFile], dict[str, str]]:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise InputError("the body is not valid JSON") from None
        if not isinstance(body, dict):
            raise InputError("expected a JSON object with 'text' (and title, published, lang)")
        fields = {}
        for key in TEXT_FIELDS:
            value = body.get(key)
            if value is not None and not isinstance(value, str):
                raise InputError("expected a string", field=key)
            fields[key] = value or ""
        return [], fields
    form = await request.form(max_files=MAX_FILES)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    fields = {k: v for k in TEXT_FIELDS if isinstance(v := form.get(k), str)}
    return files, fields


async def read_batch(request: Request) -> tuple[jobs.Batch, dict[str, str]]:
    """The request's files and text, checked and saved (or UploadRefused / UploadTooLarge
    naming every problem, and nothing kept). Returns the batch and the text fields."""
    max_bytes: int = request.app.state.settings.max_upload_bytes
    files, fields = await _fields(request)
    batch = jobs.Batch.new()
    try:
        for upload in files:
            await run_in_threadpool(batch.add_file, upload.filename or "", upload.file, max_bytes)
            await upload.close()
        text = fields.get("text", "")
        if text.strip() or (not files and any(v.strip() for v in fields.values())):
            batch.add_text(
                text, max_bytes, fields.get("title"), fields.get("published"), fields.get("lang")
            )
        batch.check()
    except jobs.UploadRefused as exc:
        batch.discard()
        if exc.too_large:
            raise UploadTooLarge(exc.errors) from None
        raise
    except BaseException:
        batch.discard()
        raise
    return batch, fields


def start_job(request: Request, session: Session, batch: jobs.Batch, who: Viewer) -> Job:
    """Record the job and hand it to the app's worker (one job at a time)."""
    job = jobs.create_job(session, batch, who.name)
    session.commit()
    registry = request.app.state.registry
    try:
        request.app.state.jobs.submit(jobs.run_job, registry, job.id, batch, who.stamp())
    except RuntimeError as exc:  # the worker pool is shut down: the server is stopping
        batch.discard()
        jobs.fail_job(registry, job.id, f"not started: {exc}")
        session.refresh(job)
    return job
