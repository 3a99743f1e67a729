"""Documents on disk → answers: the reader, the default gazetteer and the pipeline together.

Used by `citydip extract` (no database), `citydip evaluate --run-on` and ingest. Work is
spread over processes with `jobs`; each worker builds its gazetteer (and, for Korean, its
analyser) once. One bad file gives an error for that file and never stops the others.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TypeVar

from citydip.errors import CitydipError, InputError
from citydip.gazetteer.matcher import load_gazetteer
from citydip.pipeline.documents import document_from_bytes, read_document, read_file
from citydip.pipeline.runner import Extraction, Extractor
from citydip.types import Document, Home

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf")


@dataclass(frozen=True)
class Overrides:
    """What the user states about every document (wins over the documents' own)."""

    published: str | None = None
    home: Home | None = None
    lang: str | None = None
    fill_only: bool = False  # only where the document says nothing (gold files' metadata)


# a file as sent to a process that cannot see it (`read_file`): its bytes, its name and its
# meta file's bytes; or, when it could not be read, the one-line error
Content = tuple[bytes, str, bytes | None] | str


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
    path: Path,
    overrides: Overrides = Overrides(),
    skip: frozenset[str] | None = None,
    content: Content | None = None,
) -> Outcome:
    """One file's answer; a file whose text is in `skip` (SHA-256) is read but not
    extracted, so that resuming an ingest costs only the reading of what is stored.
    `content`: the file as `read_content` read it elsewhere (the path is then not read)."""
    if isinstance(content, str):
        return Outcome(str(path), error=content)
    try:
        document = read_document(path) if content is None else document_from_bytes(*content)
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


def read_content(path: Path) -> Content:
    """A file to send to a worker that cannot see it (`extract_file(content=...)`)."""
    try:
        return read_file(path)
    except CitydipError as exc:
        return str(exc)


def _batch(items: list[tuple[Path, Overrides]]) -> list[Outcome]:
    return [extract_file(p, o) for p, o in items]


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_files(
    paths: Iterable[Path | tuple[Path, Overrides]],
    overrides: Overrides = Overrides(),
    jobs: int = 1,
    batch: int = 64,
    skip: frozenset[str] = frozenset(),
) -> Iterator[Outcome]:
    """Outcomes in the order of `paths` (each a path, or a path with its own overrides);
    with jobs > 1, batches of files per process, a few batches ahead of the one consumed
    (so memory stays flat however many files there are, and the consumer's work, such as
    writing to the registry, overlaps the extraction). Texts whose SHA-256 is in `skip` are
    not extracted (their outcome says `skipped`)."""
    items = [p if isinstance(p, tuple) else (p, overrides) for p in paths]
    if jobs <= 1 or len(items) < 2:
        for p, o in items:
            yield extract_file(p, o, skip)
        return
    jobs = min(jobs, os.cpu_count() or 1, max(1, len(items) // 2))
    for outcomes in in_processes(chunked(items, batch), _batch, jobs, skip, _died):
        yield from outcomes


def died_outcome(path: Path | str) -> Outcome:
    return Outcome(
        str(path),
        error=f"{path}: the worker process extracting it died (a crash or out of memory)",
    )


def _died(item: tuple[Path, Overrides]) -> list[Outcome]:
    return [died_outcome(item[0])]


def in_processes(
    chunks: Iterable[list[T]],
    task: Callable[[list[T]], R],
    jobs: int,
    skip: frozenset[str],
    died: Callable[[T], R],
    ahead: int = 3,
) -> Iterator[R]:
    """`task(chunk)` for each chunk in worker processes (each given `skip`), its results in
    order, at most `ahead` chunks per worker submitted but not yet consumed. A worker that
    dies (a crash in a native library, out of memory) breaks the pool: the chunk it was
    waited on is run again alone, item by item if it breaks again, so that only the item
    that kills its worker gives `died(item)`; the chunks after it go to a new pool."""
    source = iter(chunks)
    retry: deque[list[T]] = deque()  # submitted to a pool that broke, not yet done
    while True:
        broken: list[T] | None = None
        pool = _pool(jobs, skip)
        waiting: deque[tuple[list[T], Future[R]]] = deque()
        try:
            while True:
                while len(waiting) < jobs * ahead:
                    chunk = retry.popleft() if retry else next(source, None)
                    if chunk is None:
                        break
                    waiting.append((chunk, pool.submit(task, chunk)))
                if not waiting:
                    return
                chunk, future = waiting[0]
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken = chunk
                    waiting.popleft()
                    retry.extendleft(reversed([c for c, _ in waiting]))
                    break
                waiting.popleft()
                yield results
        finally:
            pool.shutdown(wait=broken is None, cancel_futures=True)
        assert broken is not None
        yield from _isolated(broken, task, skip, died)


def _pool(jobs: int, skip: frozenset[str]) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_set_skip, initargs=(skip,))


def _isolated(
    chunk: list[T],
    task: Callable[[list[T]], R],
    skip: frozenset[str],
    died: Callable[[T], R],
) -> Iterator[R]:
    """A chunk in a worker of its own; if that worker dies too, each item in its own."""
    try:
        with _pool(1, skip) as pool:
            results = pool.submit(task, chunk).result()
    except BrokenProcessPool:
        if len(chunk) > 1:
            for item in chunk:
                yield from _isolated([item], task, skip, died)
            return
        log.warning("the worker process given %s died", chunk[0])
        yield died(chunk[0])
        return
    yield results
