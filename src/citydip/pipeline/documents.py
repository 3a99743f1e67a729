"""Readers: a file (plain text, HTML or PDF) becomes a `Document`.

Text is decoded (BOM, UTF-8, else detected: cp949/EUC-KR, cp1252, ...), cleaned and
NFC-normalised. HTML keeps its main text only (trafilatura; lxml as a fallback), PDF its text
layer (pypdf; no OCR). A sibling `<stem>.meta.json` gives what is known about the document:
doc_id, url, lang, published, home {name, country}, title.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
from pathlib import Path
from typing import Any

from citydip.dates import parse_partial_date
from citydip.errors import InputError
from citydip.pipeline.text import clean_text, find_published
from citydip.types import Document, Home

log = logging.getLogger(__name__)

MAX_BYTES = 50_000_000
KINDS = {".txt": "text", ".text": "text", ".md": "text", ".pdf": "pdf"}
KINDS |= {".html": "html", ".htm": "html", ".xhtml": "html"}
LANGS = frozenset({"en", "ko"})

_BOMS = (  # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # not in text (ESC may be)
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_ANY_BYTES = frozenset({"cp1252", "iso8859-1", "iso8859-15"})  # code pages that decode all bytes


# -- the entry points ---------------------------------------------------------------------


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read a .txt/.text/.md, .html/.htm/.xhtml or .pdf file (others sniffed) as a Document."""
    return document_from_bytes(*read_file(path, max_bytes=max_bytes))


def read_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[bytes, str, bytes | None]:
    """A document file's bytes, its name and its meta file's bytes (None when it has none),
    as `document_from_bytes` takes them: what a process that cannot see the file is sent."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size  # checked before reading: a huge file is never read
        if size > max_bytes:
            raise InputError(
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes", file=name
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:  # a folder, no permission, ...
        raise InputError(f"cannot read file: {exc.strerror or exc}", file=name) from None
    mp = meta_path(p)
    try:
        meta = mp.read_bytes() if mp.is_file() else None
    except OSError as exc:
        raise InputError(f"malformed meta file: {exc}", file=str(mp)) from None
    return data, name, meta


def document_from_bytes(data: bytes, name: str, meta: bytes | None = None) -> Document:
    """The Document of a file's bytes: `name` is its path (its suffix tells the kind, its
    stem is the doc_id unless the meta file's bytes `meta` give one)."""
    if not data.strip():
        raise InputError("empty document", file=name)
    p = Path(name)
    kind = _kind(p.suffix.lower(), data, name)
    title: str | None = None
    date: str | None = None
    if kind == "pdf":
        text = _pdf_text(data, name)
    elif kind == "html":
        text, title, date = _html_text(data, name)
    else:
        text = clean_text(decode_text(data, name))
        if not text.strip():
            raise InputError("empty document", file=name)

    facts = {} if meta is None else parse_meta(meta, str(meta_path(p)))
    published = facts.get("published") or date or find_published(text)
    return Document(
        text=text,
        doc_id=facts.get("doc_id") or p.stem,
        path=name,
        source=facts.get("url") or name,
        lang=facts.get("lang"),
        published=published,
        home=facts.get("home"),
        title=facts.get("title") or title,
    )


def document_from_text(
    text: str,
    *,
    doc_id: str | None = None,
    source: str | None = None,
    published: str | None = None,
    home: Home | None = None,
    lang: str | None = None,
) -> Document:
    """A Document from text given directly, cleaned as read_document cleans files."""
    text = clean_text(text.removeprefix("\ufeff"))
    if not text.strip():
        raise InputError("empty document", file=source)
    return Document(
        text=text,
        doc_id=doc_id,
        source=source,
        lang=lang,
        published=published or find_published(text),
        home=home,
    )


def _kind(suffix: str, data: bytes, name: str) -> str:
    """'text', 'html' or 'pdf': by suffix, else by content (PDF magic, markup)."""
    if suffix in KINDS:
        return KINDS[suffix]
    head = data[:4096]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    head = head.removeprefix(codecs.BOM_UTF8)
    if head.lstrip().startswith(b"<") or b"<html" in head.lower():
        return "html"
    shown = f"'{suffix}'" if suffix else "(no suffix)"
    raise InputError(
        f"unsupported file type {shown}: citydip reads .txt, .html and .pdf", file=name
    )


# -- plain text ---------------------------------------------------------------------------


def decode_text(data: bytes, name: str | None = None, *, declared: str | None = None) -> str:
    """Bytes → str: a BOM's UTF, valid UTF-8, a declared charset, else the detected one.

    A declared Latin-1/cp1252 is checked against detection (they decode any bytes). Raises
    InputError for data that is no text in any one encoding, saying whether it looks binary
    or like damaged or mixed-encoding text.
    """
    text = _decode(data, declared)
    if text is None:
        raise InputError(_not_text(data), file=name)
    text = text.removeprefix("\ufeff")
    if text and len(_CONTROL.findall(text)) > 0.30 * len(text):
        raise InputError("binary file, not text", file=name)
    return text


def _decode(data: bytes, declared: str | None) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return _utf16_unmarked(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if _damaged_utf8(data):
            return None
    if declared:
        try:
            encoding = codecs.lookup(declared).name
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            log.debug("declared charset %r does not fit the data", declared)
        else:
            if encoding not in _ANY_BYTES:
                return text
            # these decode any bytes, so a wrong declaration (a Korean page served as
            # Latin-1) would give mojibake: detect, and trust the declaration only if that fails
            return _detect(data) or text
    return _detect(data)


def _damaged_utf8(data: bytes) -> bool:
    """Most non-ASCII bytes form valid UTF-8 but some do not: UTF-8 damaged or mixed with
    another encoding, which no one encoding decodes right (in cp949 or cp1252 text, valid
    UTF-8 sequences are rare accidents)."""
    non_ascii = len(data.translate(None, bytes(range(128))))
    escaped = data.decode("utf-8", "surrogateescape")  # each invalid byte a lone surrogate
    invalid = len(data) - len(escaped.encode("utf-8", "ignore"))
    return invalid < 0.5 * non_ascii


def _not_text(data: bytes) -> str:
    """Why data that no encoding decodes is refused: binary, or text damaged or mixed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            name = encoding.removesuffix("-sig").upper()
            return f"damaged text: starts with a {name} byte-order mark but is not valid {name}"
    sample = data[:65536]
    if b"\x00" in sample or len(_BINARY_BYTES.findall(sample)) > 0.02 * len(sample):
        return "binary file, not text"
    try:
        data.decode("utf-8")
        where = ""
    except UnicodeDecodeError as exc:
        where = f" (byte {exc.start:,})"
    return f"not valid UTF-8{where} nor any other one encoding: damaged text, or mixed encodings"


def _utf16_unmarked(data: bytes) -> str | None:
    """UTF-16 without BOM (mostly-ASCII text: NULs at every other byte), else None."""
    if len(data) % 2 or data.count(0) < len(data) // 4:
        return None
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _detect(data: bytes) -> str | None:
    """The encoding of non-UTF data: cp949 Korean, cp1252 Western, else charset-normalizer's.

    Short texts fit many code pages equally well; the ones citydip meets (Korean, Western)
    are tried first and kept when the text they give looks right.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    try:  # Korean: the non-ASCII characters are (mostly) Hangul syllables
        decoded = data.decode("cp949")
        non_ascii = [c for c in decoded if ord(c) > 127]
        if sum("\uac00" <= c <= "\ud7a3" for c in non_ascii) >= 0.7 * len(non_ascii):
            return decoded
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    if sum(b > 127 for b in sample) <= 0.5 * len(sample):
        try:  # mostly ASCII: Western text, whatever exotic code page scores as well
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    near = [m for m in matches if m.chaos <= best.chaos + 0.02]
    for encoding in _WESTERN:
        for m in near:
            if m.encoding == encoding:
                return str(m)
    log.debug("detected encoding %s", best.encoding)
    return str(best)


# -- HTML ---------------------------------------------------------------------------------


def _html_text(data: bytes, name: str) -> tuple[str, str | None, str | None]:
    """Main text, title and date of an HTML page (boilerplate removed)."""
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    html = decode_text(data, name, declared=declared)
    text: str | None = None
    title: str | None = None
    date: str | None = None
    try:
        import trafilatura

        text = trafilatura.extract(
            html, include_comments=False, include_tables=True, favor_recall=True
        )
        meta = trafilatura.extract_metadata(
            html, date_config={"original_date": True, "extensive_search": False}
        )
        title = meta.title or None
        date = _valid_date(meta.date)
    except Exception:  # trafilatura raises assorted errors on odd pages: fall back
        log.debug("trafilatura failed on %s", name, exc_info=True)
    if not text or not text.strip():
        text = _lxml_text(html)
    text = clean_text(text)
    if not text.strip():
        raise InputError("no text found in HTML", file=name)
    return text, title, date


def _lxml_text(html: str) -> str:
    """The text of <body> (scripts and styles removed): lxml, for when trafilatura finds none."""
    import lxml.etree
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    lines = (line.strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_partial_date(value[:10])
    except ValueError:
        return None


# -- PDF ----------------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, pages joined by a blank line."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("cannot read PDF: it is encrypted", file=name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        log.debug("pypdf failed on %s", name, exc_info=True)
        raise InputError(f"cannot read PDF: {exc}", file=name) from None
    text = clean_text("\n\n".join(page.strip("\n") for page in pages))
    if not text.strip():
        raise InputError("PDF has no text layer (scanned?); citydip does not OCR", file=name)
    return text


# -- meta files ---------------------------------------------------------------------------


def meta_path(path: Path) -> Path:
    """`<stem>.meta.json` beside the document."""
    return path.with_name(path.stem + ".meta.json")


def parse_meta(data: bytes, name: str) -> dict[str, Any]:
    """The checked values of a meta file's bytes (`name`: the file, for errors)."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"malformed meta file: {exc}", file=name) from None
    if not isinstance(raw, dict):
        raise InputError("malformed meta file: expected a JSON object", file=name)
    meta: dict[str, Any] = {}
    for key in ("doc_id", "url", "lang", "published", "title"):
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError("expected a string or null", file=name, field=key)
        meta[key] = value.strip() or None
    if meta.get("lang") and meta["lang"] not in LANGS:
        raise InputError(f"expected 'en' or 'ko', not {meta['lang']!r}", file=name, field="lang")
    if meta.get("published"):
        try:
            meta["published"] = parse_partial_date(meta["published"])
        except ValueError as exc:
            raise InputError(str(exc), file=name, field="published") from None
    meta["home"] = _meta_home(raw.get("home"), name)
    return meta


def _meta_home(value: object, name: str) -> Home | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        raise InputError("expected {name, country} or null", file=name, field="home")
    city, country = value.get("name"), value.get("country")
    if not isinstance(city, str) or not city.strip():
        raise InputError("expected a name", file=name, field="home.name")
    if country is not None and not isinstance(country, str):
        raise InputError("expected a country code or null", file=name, field="home.country")
    return Home(city.strip(), country.strip().upper() if country and country.strip() else None)
