"""The dossier as a document: its HTML from a small hand-written registry, and the PDF that
headless Chromium prints from it (pypdf reads the facts back; page 1 is rendered to PNG by
pypdfium2 and checked not to be blank — and was looked at: docs/screenshots/dossier.png).

The registry (home Seoul): the Seoul–Tokyo sister tie (established 1988, strained
1999–2012, normalized 2014-07); a joint declaration of 2015-02-03 in six areas with two
open commitments (one due 2016: overdue on 2026-01-01; one with no due date) and a done
one; a meeting on 2015-02-03 at Tokyo with the mayor and the governor. Its sentences are in
the document doc-t.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from citydip.analytics.briefing import briefing
from citydip.config import sqlite_url
from citydip.exchange.importer import write_answers
from citydip.reports.dossier import activity_rows, dossier_html, html_for
from citydip.reports.pdf import chromium_path, html_to_pdf
from citydip.schema import Answer
from citydip.store.engine import Registry, open_registry
from citydip.store.places import Place
from citydip.store.registry import ensure_home
from citydip.store.resolve import Stamp

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TODAY = dt.date(2026, 1, 1)
SEOUL = {"name": "Seoul", "country": "KR"}
TOKYO = {"name": "Tokyo", "country": "JP", "aliases": ["도쿄"]}
SIX = ["safety", "environment", "health_welfare", "sports", "tourism", "culture"]
TEXT = (
    "Seoul and Tokyo became sister cities in 1988. "
    "Relations were strained from 1999 to 2012 and normalized in July 2014. "
    "On February 3, 2015 the mayor and the governor signed a joint declaration in six areas."
)
TIE = TEXT[: TEXT.index(" Relations")]
DECLARATION = TEXT[TEXT.index("On February") :]


def answers() -> list[Answer]:
    def span(sentence: str) -> dict[str, int]:
        return {"start": TEXT.index(sentence), "end": TEXT.index(sentence) + len(sentence)}

    records = [
        {"kind": "relationship", "type": "sister", "parties": [SEOUL, TOKYO], "since": "1988",
         "events": [{"type": "established", "date": "1988"},
                    {"type": "strained", "start": "1999", "end": "2012"},
                    {"type": "normalized", "date": "2014-07"}],
         "evidence": [span(TIE)]},
        {"kind": "agreement", "type": "joint_declaration", "date": "2015-02-03",
         "parties": [TOKYO], "areas": SIX,
         "commitments": [
             {"text": "Joint fire-fighting training programs", "area": "safety", "due": "2016"},
             {"text": "Curator exchanges", "area": "culture"},
             {"text": "A sinkhole study", "area": "safety", "status": "done"},
         ],
         "evidence": [span(DECLARATION)]},
        {"kind": "engagement", "type": "meeting", "start": "2015-02-03", "parties": [TOKYO],
         "location": {"name": "Tokyo", "country": "JP"},
         "people": [{"name": "Park Won Soon", "title": "Mayor", "of": "Seoul"},
                    {"name": "Yoichi Masuzoe", "title": "Governor", "of": "Tokyo"}],
         "evidence": [span(DECLARATION)]},
    ]  # fmt: skip
    return [
        Answer.model_validate(
            {"doc_id": "doc-t", "lang": "en", "published": "2015-02-03", "title": "Seoul–Tokyo",
             "text": TEXT, "home": SEOUL, "records": records}
        )
    ]  # fmt: skip


def fill(reg: Registry) -> int:
    with reg.session() as session:
        ensure_home(session, "Seoul,KR", Stamp("tester", T0))
    write_answers(reg, answers(), Stamp("tester", T0, "accepted"))
    with reg.session() as session:
        found = session.scalar(select(Place.id).where(Place.name == "Tokyo"))
    assert found is not None
    return found


@pytest.fixture
def tokyo(registry: Registry) -> int:
    return fill(registry)


def test_html_holds_every_fact_with_its_source(registry: Registry, tokyo: int) -> None:
    with registry.session() as session:
        html = dossier_html(session, tokyo, "en", TODAY)
    for fact in ("Tokyo", "1988", "1999–2012", "2014-07", "Normalized", "Strained",
                 "Joint declaration", "Health and welfare", "(areas: 6)",
                 "Joint fire-fighting training programs", "Curator exchanges",
                 "Yoichi Masuzoe", "Seoul–Tokyo"):  # fmt: skip
        assert fact in html, fact
    assert "A sinkhole study" not in html  # done: not an open commitment
    assert html.count('class="badge overdue"') == 2  # the 2016 one, and the figure's "1 overdue"
    assert html.count("[1]") >= 4  # the tie, the declaration, the meeting, the commitments
    assert f"<q>{TIE}</q>" in html
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)  # nothing to fetch


def test_korean_names_and_labels(registry: Registry, tokyo: int) -> None:
    with registry.session() as session:
        html = dossier_html(session, tokyo, "ko", TODAY)
    assert "도쿄" in html and "결연 관계와 그 역사" in html and "정상화" in html


def test_activity_rows_fill_the_years_between(registry: Registry, tokyo: int) -> None:
    with registry.session() as session:
        found = briefing(session, tokyo, TODAY)
    rows = activity_rows(found, "en")
    # 1988: the tie; 2015: the declaration and the meeting; 1989..2014 zero rows (26 years)
    assert rows[0] == {"year": "1988", "kind": "Tie", "n": 1}
    assert {r["year"] for r in rows} == {str(y) for y in range(1988, 2016)}
    assert sum(r["n"] for r in rows) == 3
    assert [r for r in rows if r["year"] == "2015"] == [
        {"year": "2015", "kind": "Tie", "n": 0},
        {"year": "2015", "kind": "Agreement", "n": 1},
        {"year": "2015", "kind": "Engagement", "n": 1},
    ]


@pytest.fixture
def sqlite_registry(tmp_path: Path, sqlite_template: Path) -> Iterator[Registry]:
    path = tmp_path / "r.db"
    shutil.copy(sqlite_template, path)
    reg = open_registry(sqlite_url(path))
    yield reg
    reg.close()


def _blank_share(png: Path) -> float:
    from PIL import Image

    counts = Image.open(png).convert("L").histogram()  # pixels by grey level 0..255
    return sum(counts[246:]) / sum(counts)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pdf_prints_the_facts(sqlite_registry: Registry, tmp_path: Path, lang: str) -> None:
    try:
        chromium_path()
    except Exception as exc:  # noqa: BLE001 - no Chromium here: nothing to print with
        pytest.skip(str(exc))
    pdfium = pytest.importorskip("pypdfium2")
    place = fill(sqlite_registry)
    with sqlite_registry.session() as session:
        html = html_for(session, briefing(session, place, TODAY), lang)
    out = tmp_path / f"dossier-{lang}.pdf"
    data = html_to_pdf(html, out)
    assert data.startswith(b"%PDF") and out.read_bytes() == data
    reader = PdfReader(out)
    # one space between words; NFKC undoes the font's ligatures (ﬁ → fi)
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    text = " ".join(text.split())
    for fact in ("1988", "1999", "2012", "2014-07", "Joint fire-fighting", "Masuzoe"):
        assert fact in text, fact
    if lang == "ko":
        assert "결연" in text and "정상화" in text
    else:
        assert "Normalized" in text and "Joint declaration" in text
    png = tmp_path / f"dossier-{lang}-1.png"
    pdfium.PdfDocument(data)[0].render(scale=1).to_pil().save(png)
    assert 0.5 < _blank_share(png) < 0.98  # mostly paper, but drawn on
