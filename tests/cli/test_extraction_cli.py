"""`citydip extract`, `ingest` and `evaluate --run-on`, end to end on the packaged sample."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas
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


# -- the options of `citydip extract` -------------------------------------------------------

VISIT = """Seoul Mayor visits Tokyo

2015-09-21 17:10:57

On February 3, Park Won Soon, mayor of Seoul, and Yoichi Masuzoe, governor of Tokyo, met at the
Tokyo Metropolitan Government Building and agreed to cooperate on city safety and tourism.
"""
KOREAN = (
    "박원순 서울시장은 19일 오후 여의도에서 파나마시티 시장과 면담하고 우호도시 협약을 체결했다."
)


def _extract(path: Path, *options: str) -> dict:
    return json.loads(invoke("extract", str(path), *options).stdout)


def _dated_february_3(answer: dict) -> set[str]:
    """The years the text's "February 3" was resolved to."""
    dates = {r.get("start") or r.get("date") or "" for r in answer["records"]}
    return {d[:4] for d in dates if d.endswith("-02-03")}


def test_extract_uses_the_date_line_unless_published_is_given(tmp_path: Path) -> None:
    path = tmp_path / "visit.txt"
    path.write_text(VISIT)
    own = _extract(path)
    assert own["published"] == "2015-09-21"  # the document's own date line
    assert _dated_february_3(own) == {"2015"}
    given = _extract(path, "--published", "2016-05-01")
    assert given["published"] == "2016-05-01"
    assert _dated_february_3(given) == {"2016"}  # relative dates follow the given date


def test_extract_home_decides_who_the_partners_are(tmp_path: Path) -> None:
    path = tmp_path / "visit.txt"
    path.write_text(VISIT)
    for home, country, other in (("Seoul", "KR", "Tokyo"), ("Tokyo", "JP", "Seoul")):
        answer = _extract(path, "--home", f"{home},{country}")
        assert (answer["home"]["name"], answer["home"]["country"]) == (home, country)
        engagements = [r for r in answer["records"] if r["kind"] == "engagement"]
        assert engagements
        for record in engagements:  # the home city is never its own partner
            assert [p["name"] for p in record["parties"]] == [other]


def test_extract_lang_overrides_detection(tmp_path: Path) -> None:
    korean, english = tmp_path / "ko.txt", tmp_path / "en.txt"
    korean.write_text(KOREAN)
    english.write_text(VISIT)
    assert _extract(korean)["lang"] == "ko" and _extract(english)["lang"] == "en"
    assert _extract(korean, "--lang", "en")["lang"] == "en"
    assert _extract(english, "--lang", "ko")["lang"] == "ko"


def test_extract_json_is_one_object_for_one_file_and_a_list_for_several(docs: Path) -> None:
    one = json.loads(invoke("extract", str(docs / "en-013.txt"), "--format", "json").stdout)
    assert isinstance(one, dict) and one["doc_id"] == "en-013"
    files = [str(docs / "en-013.txt"), str(docs / "ko-004.txt")]
    many = json.loads(invoke("extract", *files, "--format", "json").stdout)
    assert [a["doc_id"] for a in many] == ["en-013", "ko-004"]
    assert many[0] == one


def test_extract_table_has_a_row_per_record(docs: Path) -> None:
    path = str(docs / "en-013.txt")
    answer = json.loads(invoke("extract", path).stdout)
    table = invoke("extract", path, "--format", "table").stdout
    assert "en-013.txt" in table and answer["lang"] in table
    first_column = [line.split("│")[1].strip() for line in table.splitlines() if line[:1] == "│"]
    kinds = [cell for cell in first_column if cell]  # a wrapped row goes on with an empty cell
    assert kinds == [r["kind"] for r in answer["records"]]


def test_extract_rejects_a_bad_home(docs: Path) -> None:
    result = invoke("extract", str(docs / "en-013.txt"), "--home", ",KR", code=1)
    assert "home" in result.stderr and "NAME" in result.stderr


def test_extract_reports_bad_files_of_every_kind(docs: Path, tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    c.rect(100, 100, 300, 400, fill=1)
    c.save()
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"<html><body><div><table><tr><td><p><span>")
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(KOREAN.encode() + b" " + KOREAN.encode("cp949"))
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.write(b"Seoul and Tokyo agreed to cooperate on tourism.\n" * (2**20 + 2**18))
    bad = {scan: "no text layer", broken: "no text found", mixed: "encoding", big: "limit"}
    files = [*map(str, bad), str(docs / "en-013.txt")]
    result = invoke("extract", *files, "--format", "jsonl", code=1)
    assert [json.loads(x)["doc_id"] for x in result.stdout.splitlines()] == ["en-013"]
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == len(bad)
    for path, reason in bad.items():
        assert any(str(path) in e and reason in e for e in errors), (path, errors)
