"""Documents on disk → answers: the reader, the default gazetteer and the pipeline together.

Used by `citydip extract` (no database), `citydip evaluate --run-on` and ingest. Work is
spread over processes with `jobs`; each worker builds its gazetteer (and, for Korean, its
analyser) once. One bad file gives an error for that file and never stops the others.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from citydip.errors import CitydipError, InputError
from citydip.gazetteer.matcher import load_gazetteer
from citydip.pipeline.documents import read_document
from citydip.pipeline.runner import Extraction, Extractor
from citydip.types import Document, Home

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf")


@dataclass(frozen=True)
class Overrides:
    """What the user states about every document (wins over the documents' own)."""

    published: str | None = None
    home: Home | None = None
    lang: str | None = None
    fill_only: bool = False  # only where the document says nothing (gold files' metadata)


@dataclass(frozen=True)
class Outcome:
    path: str
    extraction: Extraction | None = None
    error: str | None = None
    size: int = 0


@cache
def default_extractor() -> Extractor:
    return Extractor(load_gazetteer())


def parse_home(value: str | None) -> Home | None:
    """'Seoul,KR' → Home('Seoul', 'KR')."""
    if not value:
        return None
    name, _, country = value.partition(",")
    if not name.strip():
        raise InputError("expected NAME[,CC] such as 'Seoul,KR'", field="home")
    return Home(name.strip(), country.strip().upper() or None)


def document_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and documents inside folders (gold and meta files skipped)."""
    for path in paths:
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and p.suffix.lower() in SUFFIXES:
                    yield p
        else:
            yield path


def extract_document(document: Document, overrides: Overrides = Overrides()) -> Extraction:
    if overrides.fill_only:
        doc = replace(
            document,
            published=document.published or overrides.published,
            home=document.home or overrides.home,
            lang=document.lang or overrides.lang,
        )
    else:
        doc = replace(
            document,
            published=overrides.published or document.published,
            home=overrides.home or document.home,
            lang=overrides.lang or document.lang,
        )
    return default_extractor().run(doc)


def extract_file(path: Path, overrides: Overrides = Overrides()) -> Outcome:
    try:
        document = read_document(path)
        return Outcome(
            str(path),
            extract_document(document, overrides),
            size=len(document.text.encode("utf-8")),
        )
    except CitydipError as exc:
        return Outcome(str(path), error=str(exc))
    except Exception as exc:  # a document the pipeline cannot take: it costs this file only
        log.debug("extraction failed on %s", path, exc_info=True)
        first = (str(exc).splitlines() or [""])[0]
        return Outcome(str(path), error=f"{path}: {type(exc).__name__}: {first}")


def _batch(items: list[tuple[Path, Overrides]]) -> list[Outcome]:
    return [extract_file(p, o) for p, o in items]


def extract_files(
    paths: Iterable[Path | tuple[Path, Overrides]],
    overrides: Overrides = Overrides(),
    jobs: int = 1,
    batch: int = 64,
) -> Iterator[Outcome]:
    """Outcomes in the order of `paths` (each a path, or a path with its own overrides);
    with jobs > 1, batches of files per process."""
    items = [p if isinstance(p, tuple) else (p, overrides) for p in paths]
    if jobs <= 1 or len(items) < 2:
        for p, o in items:
            yield extract_file(p, o)
        return
    jobs = min(jobs, os.cpu_count() or 1, max(1, len(items) // 2))
    chunks = [items[i : i + batch] for i in range(0, len(items), batch)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for outcomes in pool.map(_batch, chunks):
            yield from outcomes
