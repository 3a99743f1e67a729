"""Documents on disk → answers: the reader, the default gazetteer and the pipeline together.

Used by `citydip extract` (no database), `citydip evaluate --run-on` and ingest. Work is
spread over processes with `jobs`; each worker builds its gazetteer (and, for Korean, its
analyser) once. One bad file gives an error for that file and never stops the others.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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
    skipped: bool = False  # its text is one of those asked to skip (already stored)


def text_sha256(text: str | None) -> str:
    """The key of a document's text in the registry (ingest skips texts it holds)."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


# texts a worker process does not extract (set once per process by `extract_files`)
_skip: frozenset[str] = frozenset()


def _set_skip(skip: frozenset[str]) -> None:
    global _skip
    _skip = skip


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


def extract_file(
    path: Path, overrides: Overrides = Overrides(), skip: frozenset[str] | None = None
) -> Outcome:
    """One file's answer; a file whose text is in `skip` (SHA-256) is read but not
    extracted, so that resuming an ingest costs only the reading of what is stored."""
    try:
        document = read_document(path)
        size = len(document.text.encode("utf-8"))
        known = _skip if skip is None else skip
        if known and text_sha256(document.text) in known:  # (no hashing when nothing to skip)
            return Outcome(str(path), size=size, skipped=True)
        return Outcome(
            str(path),
            extract_document(document, overrides),
            size=size,
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
    skip: frozenset[str] = frozenset(),
) -> Iterator[Outcome]:
    """Outcomes in the order of `paths` (each a path, or a path with its own overrides);
    with jobs > 1, batches of files per process. Texts whose SHA-256 is in `skip` are
    not extracted (their outcome says `skipped`)."""
    items = [p if isinstance(p, tuple) else (p, overrides) for p in paths]
    if jobs <= 1 or len(items) < 2:
        for p, o in items:
            yield extract_file(p, o, skip)
        return
    jobs = min(jobs, os.cpu_count() or 1, max(1, len(items) // 2))
    chunks = [items[i : i + batch] for i in range(0, len(items), batch)]
    yield from _in_processes(chunks, jobs, skip)


def _in_processes(
    chunks: list[list[tuple[Path, Overrides]]], jobs: int, skip: frozenset[str]
) -> Iterator[Outcome]:
    """Chunks in worker processes, outcomes in order. A worker that dies (a crash in a
    native library, out of memory) breaks the pool: the chunk it was waited on is run again
    alone, file by file if it breaks again, so that only the file that kills its worker is
    reported failed; the chunks after it go to a new pool."""
    pending = chunks
    while pending:
        broken: list[tuple[Path, Overrides]] | None = None
        with _pool(jobs, skip) as pool:
            futures = [pool.submit(_batch, chunk) for chunk in pending]
            done = 0
            try:
                for future in futures:
                    yield from future.result()
                    done += 1
            except BrokenProcessPool:
                broken = pending[done]
        if broken is None:
            return
        yield from _isolated(broken, skip)
        pending = pending[done + 1 :]


def _pool(jobs: int, skip: frozenset[str]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_set_skip, initargs=(skip,))


def _isolated(chunk: list[tuple[Path, Overrides]], skip: frozenset[str]) -> Iterator[Outcome]:
    """A chunk in a worker of its own; if that worker dies too, each file in its own."""
    try:
        with _pool(1, skip) as pool:
            outcomes = pool.submit(_batch, chunk).result()
    except BrokenProcessPool:
        if len(chunk) > 1:
            for item in chunk:
                yield from _isolated([item], skip)
            return
        path = chunk[0][0]
        log.warning("the worker extracting %s died", path)
        yield Outcome(
            str(path),
            error=f"{path}: the worker process extracting it died (a crash or out of memory)",
        )
        return
    yield from outcomes
