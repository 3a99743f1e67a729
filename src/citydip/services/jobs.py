"""Background extraction: uploaded files (or pasted text) become a Job that ingests them.

The web layer saves each upload into a batch's temporary folder (`Batch.add_file` checks
its type and size as it copies), `create_job` records the Job, and `run_job`, on a worker
thread, ingests the files with `citydip.ingest.ingest`. After each document the job's
counts are updated in a short transaction of its own, so a page can show the progress. One
bad file is one failure of the job, never its end; the folder is removed when it ends.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from citydip.dates import parse_partial_date
from citydip.errors import FieldErrors, NotFoundError
from citydip.extraction import Outcome
from citydip.ingest import ingest
from citydip.store.base import utcnow
from citydip.store.engine import Registry
from citydip.store.jobs import Job
from citydip.store.resolve import Stamp

log = logging.getLogger(__name__)

ACCEPTED = (".txt", ".html", ".htm", ".pdf")
LANGS = ("en", "ko")
CHUNK = 1 << 16
MAX_TITLE = 1000


class UploadRefused(FieldErrors):
    """Files or text that cannot be taken; `too_large` when one is over the size limit."""

    def __init__(self, errors: list[tuple[str, str]], too_large: bool = False) -> None:
        self.too_large = too_large
        super().__init__(errors)


def size_text(n: int) -> str:
    """10485760 → '10 MB'; 1536 → '1.5 KB'."""
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            text = f"{value:.1f}".removesuffix(".0") if unit != "bytes" else str(int(value))
            return f"{text} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def display_name(name: str) -> str:
    """The file name a browser sent, without any folders it may have put before it."""
    base = PureWindowsPath(PurePath(name).name).name  # 'C:\\x\\a.txt' and 'x/a.txt' → 'a.txt'
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:200] or "upload"


def _safe_name(name: str) -> str:
    """A name to save the file under: the user's name (it becomes the document id) with
    only letters, digits, '.', '-' and '_'."""
    stem, suffix = PurePath(name).stem, PurePath(name).suffix.lower()
    stem = re.sub(r"[^\w.-]+", "-", stem, flags=re.UNICODE).strip(".-") or "document"
    return stem[:120] + suffix


def slug(text: str | None, default: str = "pasted-text") -> str:
    words = re.sub(r"[^\w]+", "-", (text or "").lower(), flags=re.UNICODE).strip("-_")
    return words[:80].strip("-") or default


@dataclass
class Batch:
    """The files of one upload, saved in a folder of their own until the job ends."""

    folder: Path
    files: list[tuple[Path, str]] = field(default_factory=list)  # (saved as, name shown)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    too_large: bool = False

    @classmethod
    def new(cls, root: Path | None = None) -> Batch:
        return cls(Path(tempfile.mkdtemp(prefix="citydip-job-", dir=root)))

    def _slot(self) -> Path:
        slot = self.folder / str(len(self.files) + len(self.problems))
        slot.mkdir()
        return slot

    def _meta(self, path: Path, meta: dict[str, Any]) -> None:
        meta_file = path.with_name(path.stem + ".meta.json")
        meta_file.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    def add_file(self, name: str, stream: BinaryIO, max_bytes: int) -> bool:
        """Copy an upload in, if it is a .txt, .html/.htm or .pdf of 1 to `max_bytes` bytes;
        else note why not (and keep nothing of it)."""
        shown = display_name(name)
        suffix = PurePath(shown).suffix.lower()
        if suffix not in ACCEPTED:
            what = suffix or "(no extension)"
            self.problems.append(
                ("files", f"{shown}: unsupported file type {what}: use txt, html or pdf")
            )
            return False
        slot = self._slot()
        target = slot / _safe_name(shown)
        size = 0
        with target.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    break
                out.write(chunk)
        if size > max_bytes or size == 0:
            shutil.rmtree(slot, ignore_errors=True)
            if size:
                self.too_large = True
                message = (
                    f"{shown} is larger than {size_text(max_bytes)}, the largest file "
                    f"accepted ({max_bytes:,} bytes)"
                )
            else:
                message = f"{shown} is empty"
            self.problems.append(("files", message))
            return False
        self._meta(target, {"url": shown})
        self.files.append((target, shown))
        return True

    def add_text(
        self,
        text: str,
        max_bytes: int,
        title: str | None = None,
        published: str | None = None,
        lang: str | None = None,
    ) -> bool:
        """Pasted text as a document (with the title, date and language given, if any)."""
        errors: list[tuple[str, str]] = []
        title = (title or "").strip() or None
        published = (published or "").strip() or None
        lang = (lang or "").strip().lower() or None
        if not text.strip():
            errors.append(("text", "the text is empty"))
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            self.too_large = True
            errors.append(
                ("text", f"the text is larger than {size_text(max_bytes)} ({size:,} bytes)")
            )
        if title and len(title) > MAX_TITLE:
            errors.append(("title", f"a title has at most {MAX_TITLE} characters"))
        if published:
            try:
                published = parse_partial_date(published)
            except ValueError as exc:
                errors.append(("published", str(exc)))
        if lang and lang not in LANGS:
            errors.append(
                ("lang", f"language must be en or ko (or empty to detect it), not {lang!r}")
            )
        if errors:
            self.problems += errors
            return False
        target = self._slot() / f"{slug(title)}.txt"
        target.write_text(text, encoding="utf-8")
        meta = {"url": "pasted text", "title": title, "published": published, "lang": lang}
        self._meta(target, {k: v for k, v in meta.items() if v})
        self.files.append((target, title or "pasted text"))
        return True

    def check(self) -> None:
        """Raise UploadRefused naming every problem, or when there is nothing to extract."""
        if self.problems:
            raise UploadRefused(self.problems, self.too_large)
        if not self.files:
            raise UploadRefused([("files", "choose one or more files, or paste a text")])

    def names(self) -> dict[str, str]:
        return {str(path): shown for path, shown in self.files}

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def create_job(session: Session, batch: Batch, user: str | None) -> Job:
    """A queued job for the batch (the caller commits, then hands it to `run_job`)."""
    job = Job(status="queued", total=len(batch.files), failures=[], created_by=user)
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: int) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"no job #{job_id}")
    return job


def _reason(error: str | None, path: str, shown: str) -> str:
    """An outcome's error told with the user's file name, not the temporary path."""
    text = (error or "failed").replace(path, shown)
    return text.removeprefix(f"{shown}: ") or "failed"


def run_job(registry: Registry, job_id: int, batch: Batch, stamp: Stamp) -> None:
    """Ingest the batch, keeping the job's counts up to date; always ends the job."""
    names = batch.names()

    def shown(path: str) -> str:
        return names.get(path, Path(path).name)

    def on_outcome(outcome: Outcome) -> None:
        with registry.session() as session:
            job = get_job(session, job_id)
            job.done += 1
            if outcome.skipped:
                job.skipped += 1
            elif outcome.extraction is None:
                name = shown(outcome.path)
                job.failures = [*job.failures, [name, _reason(outcome.error, outcome.path, name)]]
            else:
                job.stored += 1
                job.records += len(outcome.extraction.answer.records)

    try:
        with registry.session() as session:
            get_job(session, job_id).status = "running"
        summary = ingest(
            registry, [p for p, _ in batch.files], stamp, on_outcome=on_outcome, batch=1
        )
        with registry.session() as session:  # the summary's figures are the final ones
            job = get_job(session, job_id)
            job.done = job.total
            job.stored = summary.documents
            job.skipped = summary.skipped
            job.records = sum(summary.records.values())
            job.failures = [[shown(p), _reason(r, p, shown(p))] for p, r in summary.failures]
            nothing = summary.failures and not (summary.documents or summary.skipped)
            job.status = "failed" if nothing else "done"
            job.finished_at = utcnow()
    except Exception as exc:  # the job ends, whatever happened; the server goes on
        log.exception("job %s failed", job_id)
        fail_job(registry, job_id, f"{type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        batch.discard()


def fail_job(registry: Registry, job_id: int, reason: str) -> None:
    """Mark a job failed with `reason` (it crashed, or could not be started)."""
    try:
        with registry.session() as session:
            job = get_job(session, job_id)
            job.status = "failed"
            job.failures = [*job.failures, ["", reason]]
            job.finished_at = utcnow()
    except Exception:  # the database itself is gone: the log has it
        log.exception("could not mark job %s failed", job_id)


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def job_json(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "status": job.status,
        "finished": job.finished,
        "total": job.total,
        "done": job.done,
        "stored": job.stored,
        "skipped": job.skipped,
        "records": job.records,
        "failures": [{"file": f, "reason": r} for f, r in job.failures or []],
        "created_by": job.created_by,
        "created_at": _iso(job.created_at),
        "finished_at": _iso(job.finished_at),
    }


def abandon_unfinished(registry: Registry) -> int:
    """Jobs left queued or running by a server that stopped: marked failed (their files are
    gone with the process), so their pages stop waiting. Called when the app starts."""
    with registry.session() as session:
        stale = list(session.scalars(select(Job).where(Job.status.in_(("queued", "running")))))
        for job in stale:
            job.status = "failed"
            job.failures = [*job.failures, ["", "the server stopped before this job ended"]]
            job.finished_at = utcnow()
        return len(stale)
