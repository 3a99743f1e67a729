"""Background extraction jobs: the checks on uploads, and running a job to its end."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from citydip.services import jobs
from citydip.services.jobs import Batch, UploadRefused, display_name, size_text
from citydip.store.documents import Document
from citydip.store.engine import Registry
from citydip.store.records import Record
from citydip.store.resolve import Stamp

NOW = dt.datetime(2026, 1, 4, 5, 6, 7, tzinfo=dt.UTC)
LYON = (
    "Seoul and Lyon sign MOU on smart city cooperation\n\nSEOUL, March 3, 2025 — The Seoul "
    "Metropolitan Government and the City of Lyon signed a memorandum of understanding (MOU) "
    "on smart city cooperation on March 3, 2025.\n"
)
HANOI = (
    "Seoul Mayor visits Hanoi\n\nSEOUL, May 12, 2025 — Mayor Oh Se-hoon of Seoul visited Hanoi, "
    "Vietnam on May 12, 2025 and met Chairman Tran Sy Thanh of the Hanoi People's Committee.\n"
)
JUNK = bytes(range(256)) * 8


def stream(data: str | bytes) -> io.BytesIO:
    return io.BytesIO(data.encode() if isinstance(data, str) else data)


def test_size_text() -> None:
    assert size_text(10 * 1024 * 1024) == "10 MB"
    assert size_text(1536) == "1.5 KB"
    assert size_text(999) == "999 bytes"


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("report.txt", "report.txt"),
        ("C:\\Users\\kim\\보도자료.pdf", "보도자료.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("bad\x00name\n.html", "badname.html"),
        ("", "upload"),
    ],
)
def test_display_name_drops_folders_and_control_characters(sent: str, shown: str) -> None:
    assert display_name(sent) == shown


def test_a_batch_refuses_bad_files_and_names_each(tmp_path: Path) -> None:
    batch = Batch.new(tmp_path)
    assert batch.add_file("C:\\docs\\report.DOCX", stream(b"PK"), 100) is False
    assert batch.add_file("big.txt", stream(b"x" * 101), 100) is False
    assert batch.add_file("empty.html", stream(b""), 100) is False
    assert batch.add_file("fine.txt", stream(b"x" * 100), 100) is True
    with pytest.raises(UploadRefused) as refused:
        batch.check()
    assert refused.value.too_large is True
    assert refused.value.errors == [
        ("files", "report.DOCX: unsupported file type .docx: use txt, html or pdf"),
        ("files", "big.txt is larger than 100 bytes, the largest file accepted (100 bytes)"),
        ("files", "empty.html is empty"),
    ]
    saved = sorted(p.name for p in batch.folder.rglob("*") if p.is_file())
    assert saved == ["fine.meta.json", "fine.txt"]  # nothing kept of the refused ones
    batch.discard()
    assert not batch.folder.exists()


def test_a_batch_of_nothing_is_refused(tmp_path: Path) -> None:
    batch = Batch.new(tmp_path)
    with pytest.raises(UploadRefused, match="choose one or more files, or paste a text") as e:
        batch.check()
    assert e.value.too_large is False


def test_pasted_text_is_checked(tmp_path: Path) -> None:
    batch = Batch.new(tmp_path)
    assert batch.add_text("  ", 100, published="2025-02-30", lang="ja") is False
    assert [field for field, _ in batch.problems] == ["text", "published", "lang"]
    assert batch.add_text("é" * 60, 100) is False and batch.too_large  # 120 bytes in UTF-8
    good = Batch.new(tmp_path)
    assert good.add_text(LYON, 10_000, "Seoul & Lyon: MOU", "2025-03", "en") is True
    path, shown = good.files[0]
    assert path.name == "seoul-lyon-mou.txt" and shown == "Seoul & Lyon: MOU"
    assert path.read_text(encoding="utf-8") == LYON


def _job(registry: Registry, batch: Batch) -> int:
    with registry.session() as session:
        return jobs.create_job(session, batch, "tester").id


def _get(registry: Registry, job_id: int) -> dict[str, Any]:
    with registry.session() as session:
        return jobs.job_json(jobs.get_job(session, job_id))


def test_a_job_stores_what_it_can_and_lists_the_rest(registry: Registry, tmp_path: Path) -> None:
    batch = Batch.new(tmp_path)
    batch.add_file("lyon.txt", stream(LYON), 10_000)
    batch.add_file("broken.pdf", stream(JUNK), 10_000)
    batch.add_file("again.txt", stream(LYON), 10_000)  # the same text: stored once
    batch.add_file("hanoi.txt", stream(HANOI), 10_000)
    job_id = _job(registry, batch)
    assert _get(registry, job_id)["status"] == "queued"
    jobs.run_job(registry, job_id, batch, Stamp("editor", NOW))
    job = _get(registry, job_id)
    assert (job["status"], job["total"], job["done"]) == ("done", 4, 4)
    assert (job["stored"], job["skipped"]) == (2, 1)
    assert [f["file"] for f in job["failures"]] == ["broken.pdf"]
    assert job["failures"][0]["reason"].startswith("cannot read PDF")
    assert job["finished_at"] is not None
    with registry.session() as session:
        docs = set(session.scalars(select(Document.doc_id)))
        states = set(session.scalars(select(Record.review_state)))
        n_records = session.scalar(select(func.count()).select_from(Record))
    assert docs == {"lyon", "hanoi"} and states == {"proposed"}
    assert job["records"] == n_records and n_records >= 2
    assert not batch.folder.exists()


def test_a_job_counts_as_each_document_ends(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = Batch.new(tmp_path)
    for name, text in (("lyon.txt", LYON), ("hanoi.txt", HANOI)):
        batch.add_file(name, stream(text), 10_000)
    job_id = _job(registry, batch)
    seen: list[tuple[str, int, int]] = []
    real = jobs.ingest

    def spying(*args: Any, on_outcome: Callable[..., None], **kwargs: Any) -> Any:
        def after(outcome: Any) -> None:
            on_outcome(outcome)
            job = _get(registry, job_id)
            seen.append((job["status"], job["done"], job["stored"]))

        return real(*args, on_outcome=after, **kwargs)

    monkeypatch.setattr(jobs, "ingest", spying)
    jobs.run_job(registry, job_id, batch, Stamp("editor", NOW))
    assert seen == [("running", 1, 1), ("running", 2, 2)]
    assert _get(registry, job_id)["status"] == "done"


def test_a_crash_ends_the_job_as_failed(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = Batch.new(tmp_path)
    batch.add_file("lyon.txt", stream(LYON), 10_000)
    job_id = _job(registry, batch)

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise OSError("disk full")

    monkeypatch.setattr(jobs, "ingest", crash)
    jobs.run_job(registry, job_id, batch, Stamp("editor", NOW))
    job = _get(registry, job_id)
    assert job["status"] == "failed" and job["finished"] is True
    assert job["failures"] == [{"file": "", "reason": "OSError: disk full"}]
    assert not batch.folder.exists()


def test_a_job_where_every_file_fails_has_failed(registry: Registry, tmp_path: Path) -> None:
    batch = Batch.new(tmp_path)
    batch.add_file("broken.pdf", stream(JUNK), 10_000)
    job_id = _job(registry, batch)
    jobs.run_job(registry, job_id, batch, Stamp("editor", NOW))
    job = _get(registry, job_id)
    assert job["status"] == "failed" and job["stored"] == 0 and len(job["failures"]) == 1


def test_a_job_left_running_by_a_stopped_server_is_marked_failed(registry) -> None:
    from citydip.services.jobs import abandon_unfinished
    from citydip.store.jobs import Job

    with registry.session() as session:
        session.add_all([Job(status="running", total=2), Job(status="done", total=1)])
    assert abandon_unfinished(registry) == 1
    with registry.session() as session:
        states = sorted(j.status for j in session.query(Job))
        failed = session.query(Job).filter_by(status="failed").one()
    assert states == ["done", "failed"]
    assert "server stopped" in failed.failures[-1][1]
