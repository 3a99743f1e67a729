"""`citydip extract`, `ingest` and `evaluate --run-on`, end to end on the packaged sample."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from citydip.cli import app
from citydip.store.documents import Document, Evidence
from citydip.store.engine import open_registry
from citydip.store.records import Record
from citydip.store.writes import BatchWriter

runner = CliRunner()
SAMPLE = Path(str(resources.files("citydip.sample").joinpath("data")))


def invoke(*args: str, code: int = 0):
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "CITYDIP_USER": "tester"})
    assert result.exit_code == code, result.output + repr(result.exception)
    return result


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A folder of sample documents (text with meta files), one Korean, two English."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for stem in ("seed-004", "en-013", "ko-004"):
        for suffix in (".txt", ".meta.json"):
            if (SAMPLE / f"{stem}{suffix}").exists():
                shutil.copy(SAMPLE / f"{stem}{suffix}", folder)
    return folder


def test_extract_one_file_prints_its_answer(docs: Path) -> None:
    out = invoke(
        "extract", str(docs / "seed-004.txt"), "--published", "2015-02-03", "--home", "Seoul,KR"
    ).stdout
    answer = json.loads(out)
    assert answer["doc_id"] == "seed-004" and answer["published"] == "2015-02-03"
    assert answer["home"]["name"] == "Seoul" and answer["lang"] == "en"
    tie = next(r for r in answer["records"] if r["kind"] == "relationship")
    assert tie["since"] == "1988" and tie["parties"][1]["name"] == "Tokyo"
    assert all(r["evidence"] for r in answer["records"])
    assert "text" not in answer


def test_extract_many_as_jsonl_and_table(docs: Path) -> None:
    files = sorted(str(p) for p in docs.glob("*.txt"))
    lines = invoke("extract", *files, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(x)["lang"] for x in lines] == ["en", "ko", "en"]  # en-013, ko-004, seed
    table = invoke("extract", str(docs / "ko-004.txt"), "--format", "table").stdout
    assert "friendship_agreement" in table and "Panama City" in table


def test_extract_reports_a_bad_file_and_goes_on(docs: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    result = invoke(
        "extract", str(empty), str(docs / "en-013.txt"), str(binary), "--format", "jsonl", code=1
    )
    assert json.loads(result.stdout)["doc_id"] == "en-013"
    assert "empty.txt" in result.stderr and "empty document" in result.stderr
    assert "blob.txt" in result.stderr and "binary" in result.stderr


def test_extract_rejects_bad_options(docs: Path) -> None:
    result = invoke("extract", str(docs / "en-013.txt"), "--published", "2015-13", code=1)
    assert "--published" in result.stderr and "month 13" in result.stderr
    result = invoke("extract", str(docs / "en-013.txt"), "--lang", "fr", code=1)
    assert "--lang" in result.stderr


def _counts(db: Path) -> tuple[int, int, int]:
    registry = open_registry(f"sqlite:///{db}")
    with registry.session() as s:
        counts = (
            s.scalar(select(func.count()).select_from(Document)) or 0,
            s.scalar(select(func.count()).select_from(Record)) or 0,
            s.scalar(select(func.count()).select_from(Evidence)) or 0,
        )
        states = set(s.scalars(select(Record.review_state)))
    registry.close()
    assert states <= {"proposed"}
    return counts


def test_ingest_stores_proposed_records_once(docs: Path, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    first = invoke("--db", str(db), "ingest", str(docs), "--jobs", "2")
    assert "ingested 3 new documents of 3" in first.stderr
    documents, records, evidence = _counts(db)
    assert documents == 3 and records > 10 and evidence >= records
    again = invoke("--db", str(db), "ingest", str(docs))
    assert "ingested 0 new documents of 3 (3 already stored" in again.stderr
    assert _counts(db) == (documents, records, evidence)


def test_ingest_skips_a_bad_file_and_a_failing_document(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (docs / "broken.html").write_bytes(b"\x00\x00\x00")
    real = BatchWriter.write

    def write(self: BatchWriter, answers):  # type: ignore[no-untyped-def]
        answers = list(answers)
        if any(a.doc_id == "en-013" for a in answers):
            self.session.add(Document(doc_id="half-written"))
            self.session.flush()
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return real(self, answers)

    monkeypatch.setattr(BatchWriter, "write", write)
    db = tmp_path / "r.db"
    result = invoke("--db", str(db), "ingest", str(docs), code=1)
    assert "broken.html" in result.stderr and "2 failed" in result.stderr
    assert "en-013.txt: not stored: disk I/O error" in result.stderr
    # the batch was rolled back and retried one document at a time: the others are stored,
    # nothing of the failing one is
    assert _counts(db)[0] == 2
    monkeypatch.setattr(BatchWriter, "write", real)
    result = invoke("--db", str(db), "ingest", str(docs), code=1)  # resumed: the rest only
    assert "ingested 1 new documents of 4 (2 already stored, 1 failed)" in result.stderr
    assert _counts(db)[0] == 3


def test_evaluate_runs_citydip_on_the_documents_beside_gold(docs: Path) -> None:
    for stem in ("seed-004", "en-013", "ko-004"):
        shutil.copy(SAMPLE / f"{stem}.gold.json", docs)
    data = json.loads(invoke("evaluate", str(docs), "--json", "--no-misses").stdout)
    assert data["documents"] == 3
    overall = data["overall"]
    assert overall["tp"] > 0 and 0 < overall["f1"] <= 1
    table = invoke("evaluate", str(docs)).stdout
    assert "overall" in table and "partners" in table and "areas" in table
