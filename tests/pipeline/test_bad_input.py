"""Bad input in a batch: each bad file gives one clear error naming it, and the batch goes on.

The readers' own tests (test_documents.py) check each error where it is raised; these check
what `citydip extract` and `citydip ingest` rely on: `extract_files` turns every kind of bad
file into an Outcome with an error (never an exception), keeps the order, and extracts the
good files around it, in one process and in worker processes alike.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

import citydip.extraction as extraction
from citydip.extraction import Outcome, Overrides, extract_file, extract_files
from citydip.pipeline.documents import MAX_BYTES, meta_path, read_document
from citydip.pipeline.runner import Extraction
from citydip.types import Document

SAMPLE = Path(str(resources.files("citydip.sample").joinpath("data")))
KO = "서울시와 도쿄도는 1988년 자매도시 협약을 체결한 뒤 도시 안전 분야에서 협력해 왔다."
EN = "The mayors met at a café in Zürich and signed a friendship agreement."


def _scan_pdf(path: Path) -> None:
    """A PDF with a drawing and no text layer, as a scanner makes."""
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()


def _truncated_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path))
    c.drawString(60, 760, "Seoul and Tokyo signed a sister city agreement in 1988.")
    c.save()
    path.write_bytes(path.read_bytes()[:300])


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def _folder(path: Path) -> None:
    path.mkdir()


def _bad_meta(path: Path) -> None:
    path.write_text("Seoul and Tokyo signed a sister city agreement in 1988.")
    path.with_name(path.stem + ".meta.json").write_text('{"published": ')


# name → (how to make it, what the error says)
BAD: dict[str, tuple[Callable[[Path], object], str]] = {
    "empty.txt": (_bytes(b""), "empty document"),
    "blank.md": (_bytes(b" \r\n\t \n"), "empty document"),
    "image.txt": (_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\xff\x00" * 64), "binary"),
    "nul.html": (_bytes(b"\x00\x00\x00"), "binary"),
    "tags-only.html": (
        _bytes(b"<html><head><script>var x = 1;</script></head><body><img src=a.png>"),
        "no text found in HTML",
    ),
    "unclosed.htm": (_bytes(b"<html><body><div><table><tr><td><p><span>"), "no text found"),
    "scan.pdf": (_scan_pdf, "no text layer"),
    "damaged.pdf": (_bytes(b"%PDF-1.4\nthis is not a pdf at all\n"), "cannot read PDF"),
    "truncated.pdf": (_truncated_pdf, "cannot read PDF"),
    "report.docx": (_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml"), "unsupported file"),
    "folder.txt": (_folder, "cannot read file"),
    "bad-meta.txt": (_bad_meta, "malformed meta file"),
    "odd-utf16.txt": (
        _bytes(codecs.BOM_UTF16_LE + "Seoul".encode("utf-16-le") + b"\x00"),
        "damaged text: starts with a UTF-16 byte-order mark",
    ),
}


def _good(tmp_path: Path, stem: str) -> Path:
    path = tmp_path / f"{stem}.txt"
    path.write_bytes((SAMPLE / f"{stem}.txt").read_bytes())
    return path


def _check_batch(outcomes: list[Outcome], files: list[Path], bad: dict[str, str]) -> None:
    assert [o.path for o in outcomes] == [str(f) for f in files]  # every file, in order
    for outcome, file in zip(outcomes, files, strict=True):
        if file.name in bad:
            assert outcome.extraction is None
            # the file at fault is named: the document, or its meta file
            named = meta_path(file) if file.name.startswith("bad-meta") else file
            assert outcome.error and str(named) in outcome.error
            assert bad[file.name] in outcome.error
            assert "\n" not in outcome.error  # one line
        else:
            assert outcome.error is None and outcome.extraction is not None
            assert outcome.extraction.answer.doc_id == file.stem
            assert outcome.extraction.answer.records


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_file_is_one_error_and_the_files_around_it_are_extracted(
    tmp_path: Path, name: str
) -> None:
    make, reason = BAD[name]
    bad = tmp_path / name
    make(bad)
    files = [_good(tmp_path, "en-014"), bad, _good(tmp_path, "ko-023")]
    _check_batch(list(extract_files(files)), files, {name: reason})


def test_bad_files_in_worker_processes(tmp_path: Path) -> None:
    """With --jobs the errors come back from the workers just the same."""
    files = [_good(tmp_path, "en-014")]
    for name, (make, _) in BAD.items():
        make(tmp_path / name)
        files.append(tmp_path / name)
    files.append(_good(tmp_path, "ko-023"))
    in_process = list(extract_files(files))
    pooled = list(extract_files(files, jobs=2, batch=4))  # several chunks over two workers
    _check_batch(pooled, files, {name: reason for name, (_, reason) in BAD.items()})
    assert [o.error for o in pooled] == [o.error for o in in_process]
    assert [o.extraction.answer for o in pooled if o.extraction] == [
        o.extraction.answer for o in in_process if o.extraction
    ]


def test_a_50_mb_text_is_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = b"Seoul and Tokyo agreed to cooperate on city safety, tourism and culture.\n"
    big.write_bytes(line * (50 * 2**20 // len(line) + 1))  # real text, not a sparse file
    size = big.stat().st_size
    assert size > MAX_BYTES
    files = [big, _good(tmp_path, "en-014")]
    outcomes = list(extract_files(files))
    _check_batch(outcomes, files, {"big.txt": f"file is {size:,} bytes, over the limit"})


def test_an_unexpected_error_on_one_document_is_reported_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pipeline bug on one document (any exception) costs that document only."""
    real = extraction.extract_document

    def failing(document: Document, overrides: Overrides) -> Extraction:
        if document.doc_id == "seed-004":
            raise KeyError("no such cue")
        return real(document, overrides)

    monkeypatch.setattr(extraction, "extract_document", failing)
    files = [_good(tmp_path, "en-014"), _good(tmp_path, "seed-004"), _good(tmp_path, "ko-023")]
    _check_batch(list(extract_files(files)), files, {"seed-004.txt": "KeyError: 'no such cue'"})


# -- wrong encodings: decoded right, or a clear error (not mojibake, not 'binary') ---------


def _html(body: str, charset: str) -> str:
    return f'<html><head><meta charset="{charset}"></head><body><p>{body}</p></body></html>'


@pytest.mark.parametrize(
    ("declared", "text", "encoding"),
    [
        ("iso-8859-1", KO, "cp949"),  # a Korean page whose server declares Latin-1
        ("windows-1252", KO, "euc-kr"),
        ("euc-kr", KO, "utf-8"),  # declared Korean, sent as UTF-8
        ("utf-8", EN, "cp1252"),  # declared UTF-8, sent as cp1252
        ("x-no-such-charset", KO, "cp949"),
        ("windows-1252", EN, "cp1252"),  # the declaration is right
        ("iso-8859-1", EN, "latin-1"),
    ],
    ids=[
        "latin1-for-cp949",
        "cp1252-for-euckr",
        "euckr-for-utf8",
        "utf8-for-cp1252",
        "unknown",
        "right-cp1252",
        "right-latin1",
    ],
)
def test_html_with_a_wrong_or_unknown_charset_declaration(
    tmp_path: Path, declared: str, text: str, encoding: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_html(f"{text} {text}", declared).encode(encoding))
    assert text in read_document(path).text


@pytest.mark.parametrize(
    "data",
    [
        KO.encode() + b"\xff\xfe" + KO.encode(),  # UTF-8 with damaged bytes
        KO.encode() + b" " + KO.encode("cp949"),  # UTF-8 and cp949 in one file
        "서울시".encode() + b" " + "도쿄도".encode("cp949"),  # too short for detection
    ],
    ids=["damaged-utf8", "mixed-encodings", "short-mixed"],
)
def test_text_in_a_damaged_or_mixed_encoding_is_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    outcome = extract_file(path)
    assert outcome.extraction is None and outcome.error
    assert str(path) in outcome.error
    assert "encoding" in outcome.error and "binary" not in outcome.error  # it is text


def test_a_file_that_kills_its_worker_is_reported_and_the_others_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import citydip.extraction as extraction

    real = extraction.extract_file

    def crashing(path: Path, *args: object) -> extraction.Outcome:
        if path.name.startswith("crash"):
            os._exit(1)  # as a segfault in a native library would: no exception, no cleanup
        return real(path, *args)  # type: ignore[arg-type]

    # worker processes are forked (Linux): they run the patched function
    monkeypatch.setattr(extraction, "extract_file", crashing)
    paths = []
    for n in range(6):
        name = "crash.txt" if n == 3 else f"doc{n}.txt"
        (tmp_path / name).write_text(f"Seoul signed an MOU with Tokyo. ({n})", "utf-8")
        paths.append(tmp_path / name)
    outcomes = list(extraction.extract_files(paths, jobs=2, batch=2))
    assert [Path(o.path).name for o in outcomes] == [p.name for p in paths]
    failed = [Path(o.path).name for o in outcomes if o.extraction is None]
    assert failed == ["crash.txt"]
    assert "worker process extracting it died" in (outcomes[3].error or "")
