"""`citydip ingest`: idempotent by content hash, all-or-nothing per document, one bad file never
stops the batch, resumable by running again after a failure, a crash or Ctrl-C.

Registries are compared by `snapshot` (every table's row count, documents, records, evidence
spans and places, without ids or times), each against a reference registry that was given
only the documents that should be in it: no expected answer is written down here.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas
from rich.progress import MofNCompleteColumn, Progress
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

import citydip.cli.ingest as ingest_cli
import citydip.ingest as ingest_module
from citydip.cli import app
from citydip.extraction import Outcome
from citydip.ingest import ingest
from citydip.schema import Answer
from citydip.store.documents import Document
from citydip.store.engine import Registry, open_registry
from citydip.store.resolve import Stamp
from citydip.store.writes import BatchWriter, WriteStats
from registry_snapshot import SAMPLE, files, reference, sample_docs, snapshot

runner = CliRunner()
STEMS = ("en-014", "ko-023", "seed-004")  # English and Korean; seed-004 has no meta file


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return sample_docs(tmp_path / "docs", STEMS)


def fail_on(doc_id: str, exc: BaseException) -> Callable[..., WriteStats]:
    """BatchWriter.write that writes everything (documents, places, records, evidence are in
    the transaction) and then fails if the batch holds `doc_id`."""
    real = BatchWriter.write

    def write(self: BatchWriter, answers: Iterable[Answer]) -> WriteStats:
        answers = list(answers)
        stats = real(self, answers)
        self.session.flush()
        if any(a.doc_id == doc_id for a in answers):
            raise exc
        return stats

    return write


# -- idempotent -----------------------------------------------------------------------------


def test_a_second_run_adds_nothing(registry: Registry, docs: Path, stamp: Stamp) -> None:
    first = ingest(registry, files(docs), stamp)
    assert (first.documents, first.skipped, first.failures) == (3, 0, [])
    assert sum(first.records.values()) > 0
    stored = snapshot(registry)
    assert stored["evidence"] and {state for _, _, state in stored["records"]} == {"proposed"}

    second = ingest(registry, files(docs), stamp)
    assert (second.documents, second.skipped, second.failures) == (0, 3, [])
    assert sum(second.records.values()) == 0 and second.merged == 0
    assert snapshot(registry) == stored


def test_the_same_text_under_another_name_or_encoding_is_already_stored(
    registry: Registry, docs: Path, tmp_path: Path, stamp: Stamp
) -> None:
    ingest(registry, files(docs), stamp)
    stored = snapshot(registry)
    copies = tmp_path / "copies"
    copies.mkdir()
    shutil.copy(docs / "en-014.txt", copies / "renamed.txt")
    korean = (docs / "ko-023.txt").read_text(encoding="utf-8")
    (copies / "ko-023-cp949.txt").write_bytes(korean.encode("cp949"))
    again = ingest(registry, files(copies), stamp)
    assert (again.documents, again.skipped, again.failures) == (0, 2, [])
    assert snapshot(registry) == stored


def test_another_text_under_a_known_name_is_a_new_document(
    registry: Registry, docs: Path, tmp_path: Path, stamp: Stamp
) -> None:
    ingest(registry, files(docs), stamp)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLE / "en-030.txt", other / "en-014.txt")  # same stem, another text
    summary = ingest(registry, files(other), stamp)
    assert (summary.documents, summary.skipped) == (1, 0)
    doc_ids = [d for d, _, _ in snapshot(registry)["documents"]]
    assert len(doc_ids) == 4 and "en-014" in doc_ids
    assert ingest(registry, files(docs, other), stamp).skipped == 4


# -- all-or-nothing per document, resumable -------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (OperationalError("INSERT", {}, Exception("disk I/O error")), "disk I/O error"),
        (RuntimeError("writer bug"), "RuntimeError: writer bug"),  # not only database errors
    ],
    ids=["database-error", "other-error"],
)
def test_a_document_whose_write_fails_midway_leaves_nothing_and_a_rerun_stores_it(
    registry: Registry,
    empty_registry: Callable[[], Registry],
    docs: Path,
    stamp: Stamp,
    monkeypatch: pytest.MonkeyPatch,
    exc: Exception,
    reason: str,
) -> None:
    real = BatchWriter.write
    monkeypatch.setattr(BatchWriter, "write", fail_on("ko-023", exc))
    summary = ingest(registry, files(docs), stamp)
    assert summary.documents == 2
    assert summary.failures == [(str(docs / "ko-023.txt"), f"not stored: {reason}")]
    others = [f for f in files(docs) if f.stem != "ko-023"]
    assert snapshot(registry) == reference(empty_registry, others, stamp)

    monkeypatch.setattr(BatchWriter, "write", real)
    resumed = ingest(registry, files(docs), stamp)
    assert (resumed.documents, resumed.skipped, resumed.failures) == (1, 2, [])
    assert snapshot(registry) == reference(empty_registry, files(docs), stamp)


def test_a_crash_while_writing_stores_nothing_of_the_batch(
    registry: Registry,
    empty_registry: Callable[[], Registry],
    docs: Path,
    stamp: Stamp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C (or any crash) in the middle of a transaction: rolled back, not retried."""
    empty = snapshot(registry)
    real = BatchWriter.write
    monkeypatch.setattr(BatchWriter, "write", fail_on("en-014", KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        ingest(registry, files(docs), stamp)
    assert snapshot(registry) == empty

    monkeypatch.setattr(BatchWriter, "write", real)
    resumed = ingest(registry, files(docs), stamp)
    assert (resumed.documents, resumed.skipped) == (3, 0)
    assert snapshot(registry) == reference(empty_registry, files(docs), stamp)


def test_ctrl_c_keeps_what_was_extracted_and_a_rerun_resumes(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.db"
    real = ingest_module.extract_files

    def interrupted(*args: Any, **kwargs: Any) -> Iterator[Outcome]:
        for n, outcome in enumerate(real(*args, **kwargs)):
            if n == 2:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(ingest_module, "extract_files", interrupted)
    result = runner.invoke(app, ["--db", str(db), "ingest", str(docs)])
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit | KeyboardInterrupt)
    first_two = files(docs)[:2]
    assert _registry_snapshot(db) == _cli_reference(tmp_path / "two.db", first_two)

    monkeypatch.setattr(ingest_module, "extract_files", real)
    again = invoke("--db", str(db), "ingest", str(docs))
    assert "ingested 1 new documents of 3 (2 already stored, 0 failed)" in again.stderr
    assert _registry_snapshot(db) == _cli_reference(tmp_path / "all.db", files(docs))


# -- the command: bad files, summary, progress, options -------------------------------------


def invoke(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "CITYDIP_USER": "tester"})
    assert result.exit_code == code, result.output + repr(result.exception)
    return result


def _registry_snapshot(db: Path) -> dict[str, Any]:
    registry = open_registry(f"sqlite:///{db}")
    try:
        return snapshot(registry)
    finally:
        registry.close()


def _cli_reference(db: Path, paths: list[Path]) -> dict[str, Any]:
    invoke("--db", str(db), "ingest", *map(str, paths))
    return _registry_snapshot(db)


def _scan_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()


def _bad_files(folder: Path) -> dict[Path, str]:
    """Bad files of every kind in `folder`, with what their error line says."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff" * 64)
    (folder / "broken.html").write_bytes(b"<html><body><div><table><tr><td><p><span>")
    _scan_pdf(folder / "scan.pdf")
    (folder / "mixed.txt").write_bytes("서울시".encode() + b" " + "도쿄도".encode("cp949"))
    with (folder / "big.txt").open("wb") as f:  # 50 MiB of text
        f.write(b"Seoul and Tokyo agreed to cooperate on tourism.\n" * (2**20 + 2**18))
    return {
        folder / "empty.txt": "empty document",
        folder / "image.txt": "binary file",
        folder / "broken.html": "no text found in HTML",
        folder / "scan.pdf": "no text layer",
        folder / "mixed.txt": "mixed encodings",
        folder / "big.txt": "over the limit of 50,000,000 bytes",
    }


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_files_are_reported_and_skipped_and_the_others_stored(
    docs: Path, tmp_path: Path, jobs: str
) -> None:
    good = files(docs)
    bad = _bad_files(docs)
    docx = tmp_path / "report.docx"
    docx.write_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    bad[docx] = "unsupported file type '.docx'"
    db = tmp_path / "r.db"
    result = invoke("--db", str(db), "ingest", str(docs), str(docx), "--jobs", jobs, code=1)
    total = len(good) + len(bad)
    assert (
        f"ingested {len(good)} new documents of {total} (0 already stored, {len(bad)} failed)"
        in result.stderr
    )
    failures = result.stderr.split(f"{len(bad)} failed:", 1)[1].strip().splitlines()
    assert len(failures) == len(bad)
    for path, reason in bad.items():  # one line each, naming the file and the reason
        assert [line for line in failures if str(path) in line and reason in line], (path, failures)
    assert _registry_snapshot(db) == _cli_reference(tmp_path / "good.db", good)

    again = invoke("--db", str(db), "ingest", str(docs), str(docx), "--jobs", jobs, code=1)
    assert f"ingested 0 new documents of {total} ({len(good)} already stored" in again.stderr


def test_the_summary_counts_new_records_by_kind(docs: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    result = invoke("--db", str(db), "ingest", str(docs))
    line = next(x for x in result.stderr.splitlines() if x.startswith("ingested"))
    kinds = line.split(": ", 1)[1].split(";")[0]
    reported = {kind: int(n) for n, kind in re.findall(r"(\d+) (\w+?)s\b", kinds)}
    stored = Counter(kind for kind, _, _ in _registry_snapshot(db)["records"])
    assert reported == dict(stored) and len(reported) >= 2
    again = invoke("--db", str(db), "ingest", str(docs)).stderr
    assert "no new records" in again


def test_the_progress_bar_counts_every_file(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars: list[Progress] = []
    real = ingest_cli._progress

    def spy() -> Progress:
        bars.append(real())
        return bars[-1]

    monkeypatch.setattr(ingest_cli, "_progress", spy)
    (docs / "empty.txt").write_bytes(b"")
    invoke("--db", str(tmp_path / "r.db"), "ingest", str(docs), code=1)
    (task,) = bars[0].tasks
    assert task.total == task.completed == 4  # three documents and the bad file
    assert any(isinstance(c, MofNCompleteColumn) for c in bars[0].columns)


def test_ingest_options(docs: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    seed = str(docs / "seed-004.txt")
    invoke("--db", str(db), "ingest", seed, "--published", "2015-02-03", "--home", "Tokyo,JP")
    registry = open_registry(f"sqlite:///{db}")
    with registry.session() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.published == "2015-02-03"
        assert doc.home is not None and doc.home.key == "tokyo-jp"
    registry.close()
    result = invoke("--db", str(db), "ingest", seed, "--jobs", "0", code=2)
    assert "--jobs" in result.output
    result = invoke("--db", str(db), "ingest", seed, "--lang", "fr", code=1)
    assert "--lang" in result.stderr


def test_a_resumed_run_does_not_extract_what_is_stored(
    registry: Registry, docs: Path, stamp: Stamp, monkeypatch: pytest.MonkeyPatch
) -> None:
    import citydip.extraction as extraction

    extracted: list[str | None] = []
    real = extraction.extract_document

    def counting(document: Any, *args: Any) -> Any:
        extracted.append(document.path)
        return real(document, *args)

    monkeypatch.setattr(extraction, "extract_document", counting)
    first = ingest(registry, files(docs), stamp)
    assert first.documents == len(STEMS) and len(extracted) == len(STEMS)
    extracted.clear()
    (docs / "new.txt").write_text("Seoul signed an MOU with Tokyo on May 3, 2015.", "utf-8")
    again = ingest(registry, files(docs), stamp)
    assert (again.skipped, again.documents) == (len(STEMS), 1)
    assert [Path(p or "").name for p in extracted] == ["new.txt"]  # only the new text
