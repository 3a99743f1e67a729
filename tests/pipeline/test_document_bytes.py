"""A document read from its bytes (as a Dask worker that cannot see the file is sent them)
is the document read from its path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citydip.errors import InputError
from citydip.pipeline.documents import document_from_bytes, read_document, read_file

from .test_documents import make_pdf


def _write(folder: Path, name: str, data: bytes, meta: dict[str, object] | None = None) -> Path:
    path = folder / name
    path.write_bytes(data)
    if meta is not None:
        (folder / (path.stem + ".meta.json")).write_text(json.dumps(meta), "utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "data", "meta"),
    [
        ("plain.txt", b"Seoul and Tokyo signed an MOU.\n", None),
        ("korean.txt", "서울시는 도쿄도와 협약을 체결했다.".encode("cp949"), {"lang": "ko"}),
        (
            "page.html",
            b"<html><head><title>Visit</title></head><body><p>The mayor of Seoul "
            b"visited Hanoi on 3 May 2019.</p></body></html>",
            {"doc_id": "visit-1", "url": "https://example.org/v", "published": "2019-05-04"},
        ),
    ],
)
def test_the_bytes_and_the_path_give_one_document(
    tmp_path: Path, name: str, data: bytes, meta: dict[str, object] | None
) -> None:
    path = _write(tmp_path, name, data, meta)
    content = read_file(path)
    assert content[0] == data and content[1] == str(path)
    assert (content[2] is None) == (meta is None)
    assert document_from_bytes(*content) == read_document(path)


def test_a_pdf_from_its_bytes(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "release.pdf", [["Seoul and Tokyo", "signed an MOU."], ["Page 2"]])
    document = document_from_bytes(*read_file(path))
    assert document == read_document(path) and "signed an MOU" in document.text


def test_bad_bytes_name_the_file_they_came_as(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty document") as empty:
        document_from_bytes(b"  \n", str(tmp_path / "a.txt"))
    assert str(tmp_path / "a.txt") in str(empty.value)
    with pytest.raises(InputError, match="malformed meta file") as meta:
        document_from_bytes(b"text", str(tmp_path / "b.txt"), b"{not json")
    assert str(tmp_path / "b.meta.json") in str(meta.value)
    with pytest.raises(InputError, match="unsupported file type '.docx'"):
        document_from_bytes(b"PK\x03\x04", str(tmp_path / "c.docx"))
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "missing.txt")
