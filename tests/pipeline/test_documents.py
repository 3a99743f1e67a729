"""Readers: text in any common encoding, HTML without boilerplate, PDF text layers, meta files."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from citydip.errors import InputError
from citydip.pipeline.documents import document_from_text, read_document
from citydip.types import Home

KO = "박원순 서울시장은 19일 오후 여의도에서 파나마시티 시장과 면담하고 우호도시 협약을 체결했다."
EN = (
    "Seoul Mayor Park Won-soon met the Mayor of Panama City at City Hall on Thursday and "
    "signed a friendship city agreement."
)
ARTICLE = (
    "Seoul Mayor Park Won-soon met the Mayor of Panama City, José Blandón, at City Hall on "
    "Thursday and signed a friendship city agreement. The two cities agreed to cooperate on "
    "urban regeneration, transport and smart city projects over the next five years. Officials "
    "said the agreement would open the way for exchanges between universities, companies and "
    "cultural groups of both cities. A first delegation of public servants from Panama City is "
    "expected in Seoul next spring."
)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- plain text -----------------------------------------------------------------------------


def test_utf8(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "seoul-01.txt", (KO + "\n" + EN).encode("utf-8")))
    assert doc.text == KO + "\n" + EN
    assert doc.doc_id == "seoul-01"
    assert doc.source == doc.path == str(tmp_path / "seoul-01.txt")
    assert doc.published is None and doc.home is None


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + f"{KO}\r\n{EN}\r\n".encode()
    doc = read_document(write(tmp_path / "a.txt", data))
    assert doc.text == f"{KO}\n{EN}\n"


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_korean_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    doc = read_document(write(tmp_path / "ko.txt", KO.encode(encoding)))
    assert doc.text == KO


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    text = "The mayors met at a café near the Plaza Mayor and shared a crème brûlée."
    doc = read_document(write(tmp_path / "en.txt", text.encode(encoding)))
    assert doc.text == text
    assert "café" in doc.text


@pytest.mark.parametrize("text", ["Un café.", "Größe", "Ça va"])
def test_short_latin1(tmp_path: Path, text: str) -> None:
    assert read_document(write(tmp_path / "s.txt", text.encode("latin-1"))).text == text


def test_short_korean(tmp_path: Path) -> None:
    assert read_document(write(tmp_path / "s.txt", "서울시".encode("cp949"))).text == "서울시"


def test_cp1252_quotes(tmp_path: Path) -> None:
    text = "“We are pleased,” said the mayor – and the café owner agreed."
    assert read_document(write(tmp_path / "q.txt", text.encode("cp1252"))).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    data = (KO + "\n" + EN).encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    doc = read_document(write(tmp_path / "u.txt", data))
    assert doc.text == KO + "\n" + EN


def test_nfc_and_markdown(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "n.md", "# Cafe\u0301\n\nA\u00a0text.".encode()))
    assert doc.text == "# Café\n\nA text."


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty document"):
        read_document(write(tmp_path / "empty.txt", b""))


def test_whitespace_only_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty document"):
        read_document(write(tmp_path / "blank.txt", b" \n\t\r\n  "))


def test_binary_file(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xfe\x00\x07\x13\x00" * 40
    with pytest.raises(InputError, match="binary file, not text") as caught:
        read_document(write(tmp_path / "image.txt", data))
    assert "image.txt" in str(caught.value)


def test_control_characters_are_binary(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 50 + b"some text"
    with pytest.raises(InputError, match="binary file"):
        read_document(write(tmp_path / "ctl.txt", data))


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = write(tmp_path / "report.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml")
    with pytest.raises(InputError, match=r"unsupported file type '\.docx'") as caught:
        read_document(path)
    assert "report.docx" in str(caught.value)


def test_unknown_suffix_sniffed_as_html(tmp_path: Path) -> None:
    path = write(tmp_path / "page.asp", f"<html><body><p>{ARTICLE}</p></body></html>".encode())
    assert "Panama City" in read_document(path).text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nothing.txt")


def test_oversized_file(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"a" * 2000)
    with pytest.raises(InputError, match="2,000 bytes.*limit of 1,000 bytes"):
        read_document(path, max_bytes=1000)


def test_oversized_sparse_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50_000_001)  # sparse: takes no disk space

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(InputError, match="50,000,001 bytes.*50,000,000") as caught:
        read_document(path)
    assert "huge.txt" in str(caught.value)


# -- HTML -----------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Seoul and Panama City sign friendship pact</title>
<meta property="article:published_time" content="2017-10-19T10:00:00+09:00"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">Latest headlines menu</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<article><h1>Seoul and Panama City sign friendship pact</h1>
<p>{ARTICLE}</p>
<p>The mayors also discussed a joint programme of visits for public servants.</p></article>
<footer><p>Copyright Example News Corp. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/contact">Contact us</a></p></footer>
<script>var tracker = "should never show";</script>
</body></html>"""


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "page.html", PAGE.encode("utf-8")))
    assert ARTICLE in doc.text
    for boilerplate in (
        "Subscribe to our newsletter",
        "Latest headlines menu",
        "All rights",
        "Privacy policy",
        "tracker",
    ):
        assert boilerplate not in doc.text
    assert doc.title == "Seoul and Panama City sign friendship pact"
    assert doc.published == "2017-10-19"


def test_html_in_euc_kr(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="euc-kr"></head><body><p>{KO} {KO}</p></body></html>'
    doc = read_document(write(tmp_path / "ko.htm", html.encode("euc-kr")))
    assert KO in doc.text


def test_broken_html_still_gives_text(tmp_path: Path) -> None:
    html = "<html><body><div><p>Busan and Miami agreed to become sister cities<div><b>The two"
    html += " mayors met on Monday<p>Another unclosed paragraph"
    doc = read_document(write(tmp_path / "broken.html", html.encode()))
    assert "Busan and Miami agreed to become sister cities" in doc.text
    assert "Another unclosed paragraph" in doc.text


def test_html_without_text(tmp_path: Path) -> None:
    html = "<html><head><script>var x = 1;</script></head><body><img src='a.png'></body></html>"
    with pytest.raises(InputError, match="no text found in HTML"):
        read_document(write(tmp_path / "img.html", html.encode()))


# -- PDF ------------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[list[str]], font: str = "Helvetica") -> Path:
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont(font, 11)
        for i, line in enumerate(lines):
            c.drawString(60, 760 - 16 * i, line)
        c.showPage()
    c.save()
    return path


def test_pdf_english(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "en.pdf",
        [["Seoul and Panama City", "signed a pact."], ["Second page about Busan."]],
    )
    doc = read_document(path)
    assert "Seoul and Panama City" in doc.text
    assert "Second page about Busan." in doc.text
    assert "\n\n" in doc.text
    assert doc.doc_id == "en"


def test_pdf_korean(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    words = KO.split()
    lines = [" ".join(words[:5]), " ".join(words[5:])]
    path = make_pdf(tmp_path / "ko.pdf", [lines], font="HYSMyeongJo-Medium")
    doc = read_document(path)
    for word in ("박원순", "서울시장은", "파나마시티", "우호도시", "체결했다"):
        assert word in doc.text


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(InputError, match="no text layer") as caught:
        read_document(path)
    assert "scan.pdf" in str(caught.value)


def test_damaged_pdf(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read PDF"):
        read_document(write(tmp_path / "bad.pdf", b"%PDF-1.4\nthis is not a pdf at all\n"))


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(60, 760, "Locked text.")
    c.save()
    with pytest.raises(InputError, match="cannot read PDF"):
        read_document(path)


# -- meta files, dates and direct text ----------------------------------------------------


def test_meta_beside_text(tmp_path: Path) -> None:
    write(tmp_path / "en-006.txt", EN.encode())
    meta = {
        "doc_id": "seoul-006",
        "url": "http://english.seoul.go.kr/x/",
        "lang": "en",
        "published": "2013-10",
        "home": {"name": "Seoul", "country": "kr"},
    }
    (tmp_path / "en-006.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    doc = read_document(tmp_path / "en-006.txt")
    assert doc.doc_id == "seoul-006"
    assert doc.source == "http://english.seoul.go.kr/x/"
    assert doc.lang == "en"
    assert doc.published == "2013-10"
    assert doc.home == Home("Seoul", "KR")


def test_meta_without_date_uses_the_date_line(tmp_path: Path) -> None:
    write(tmp_path / "mn.txt", f"Mayor of Seoul visiting\n\n2015-09-21 17:10:57\n\n{EN}".encode())
    (tmp_path / "mn.meta.json").write_text('{"published": null, "home": {"name": "Seoul"}}')
    doc = read_document(tmp_path / "mn.txt")
    assert doc.published == "2015-09-21"
    assert doc.home == Home("Seoul", None)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"doc_id": "x", ', "malformed meta file"),
        ("[1, 2]", "expected a JSON object"),
        ('{"published": "21 Sept"}', "published"),
        ('{"home": 42}', "home"),
        ('{"lang": "jp"}', "lang"),
    ],
)
def test_malformed_meta(tmp_path: Path, content: str, message: str) -> None:
    write(tmp_path / "doc.txt", EN.encode())
    (tmp_path / "doc.meta.json").write_text(content)
    with pytest.raises(InputError, match=message) as caught:
        read_document(tmp_path / "doc.txt")
    assert "doc.meta.json" in str(caught.value)


def test_document_from_text() -> None:
    doc = document_from_text(
        "\ufeffDate: 2015.02.03\r\nCafe\u0301 talks\u200b.",
        doc_id="d1",
        home=Home("Seoul", "KR"),
        lang="en",
    )
    assert doc.text == "Date: 2015.02.03\nCafé talks."
    assert doc.published == "2015-02-03"
    assert (doc.doc_id, doc.home, doc.lang, doc.source) == ("d1", Home("Seoul", "KR"), "en", None)
    assert document_from_text("x", published="2001").published == "2001"


def test_document_from_empty_text() -> None:
    with pytest.raises(InputError, match="empty document"):
        document_from_text(" \n ")
