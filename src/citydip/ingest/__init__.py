"""Ingest: documents through the pipeline into the registry as proposed records.

Each document is written all-or-nothing; documents go to the database in batches (one
transaction each), and a batch that fails is retried document by document so that one bad
document never takes others with it. A document whose text is already in the registry (by
SHA-256 of its text) is skipped, so a crashed or interrupted run is resumed by running it
again.

Who writes: on SQLite this process (the database has one writer), while worker processes
extract the next files; on PostgreSQL each worker writes the batches it extracted, so that
only counts travel back. Writers in parallel take the registry's write lock for the merge
step of each batch (`store.writes.write_lock`) and check, inside it, which texts and names
the registry already holds: no text is stored twice and none is lost, whatever the number
of writers (`ingest.cluster` runs the same on a Dask cluster).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from citydip.errors import CitydipError
from citydip.extraction import (
    Content,
    Outcome,
    Overrides,
    chunked,
    died_outcome,
    extract_file,
    extract_files,
    in_processes,
    text_sha256,
)
from citydip.pipeline.runner import Extraction
from citydip.schema import Answer
from citydip.store.documents import Document
from citydip.store.engine import Registry, open_registry
from citydip.store.resolve import Stamp
from citydip.store.writes import CHUNK, BatchWriter, one_of, write_lock

log = logging.getLogger(__name__)

Item = tuple[Path, Overrides]


@dataclass
class IngestSummary:
    documents: int = 0  # new documents stored
    skipped: int = 0  # already in the registry
    records: Counter[str] = field(default_factory=Counter)  # new records by kind
    merged: int = 0  # records already known, given new evidence
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    bytes: int = 0

    @property
    def seen(self) -> int:
        return self.documents + self.skipped + len(self.failures)

    def add(self, other: IngestSummary) -> None:
        self.documents += other.documents
        self.skipped += other.skipped
        self.records.update(other.records)
        self.merged += other.merged
        self.failures.extend(other.failures)
        self.bytes += other.bytes


@dataclass
class Stored:
    """What a worker that writes reports of a chunk: each file's outcome (without its
    answer, which is in the registry) and the counts."""

    outcomes: list[Outcome]
    summary: IngestSummary


def _reason(exc: Exception) -> str:
    if isinstance(exc, SQLAlchemyError):
        text = str(getattr(exc, "orig", None) or exc)
    elif isinstance(exc, CitydipError):
        text = str(exc)
    else:  # a bug rather than bad data: say what kind
        text = f"{type(exc).__name__}: {exc}"
    return (text.splitlines() or [type(exc).__name__])[0]


def stored_texts(registry: Registry) -> set[str]:
    """The SHA-256 of every stored text (64-character strings: about 100 bytes a document
    in memory, the one structure of an ingest that grows with the registry)."""
    with registry.session() as session:
        return {sha for sha in session.scalars(select(Document.sha256)) if sha}


class Ingestor:
    """Writes extraction outcomes to a registry; see the module docstring. `known`: the
    texts already stored (SHA-256), read from the registry unless given."""

    def __init__(
        self, registry: Registry, stamp: Stamp, batch: int = 200, known: set[str] | None = None
    ) -> None:
        self.registry = registry
        self.stamp = stamp
        self.batch_size = batch
        self.summary = IngestSummary()
        self.known = stored_texts(registry) if known is None else known
        self.pending: list[tuple[str, str, Answer]] = []  # (file, sha, answer)

    def add(self, outcome: Outcome) -> None:
        if outcome.skipped:
            self.summary.skipped += 1
            return
        if outcome.extraction is None:
            self.summary.failures.append((outcome.path, outcome.error or "failed"))
            return
        answer = outcome.extraction.answer
        sha = text_sha256(answer.text)
        if sha in self.known:
            self.summary.skipped += 1
            return
        self.known.add(sha)
        self.summary.bytes += outcome.size
        self.pending.append((outcome.path, sha, answer))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self._write(batch)
        except Exception:  # any failure: the batch is rolled back, retried one by one
            log.debug("batch failed; writing its documents one by one", exc_info=True)
            for item in batch:
                try:
                    self._write([item])
                except Exception as exc:  # this document is rolled back, the others go on
                    log.debug("writing %s failed", item[0], exc_info=True)
                    self.summary.failures.append((item[0], f"not stored: {_reason(exc)}"))

    def _write(self, batch: list[tuple[str, str, Answer]]) -> None:
        with self.registry.session() as session:
            write_lock(session)  # other writers wait here; what they committed is seen
            answers, skipped = _reconcile(session, batch)
            stats = BatchWriter(session, self.stamp).write(answers)
        self.summary.skipped += skipped
        self.summary.documents += stats.documents
        self.summary.records.update(stats.new)
        self.summary.merged += sum(stats.merged.values())


def _reconcile(session: Session, batch: list[tuple[str, str, Answer]]) -> tuple[list[Answer], int]:
    """The batch's answers without the texts the registry holds (another writer may have
    stored them since this one started) or the batch repeats, each under a name of its own:
    an answer without a name, or whose name the registry (or the batch) gives another text,
    is named after its text's hash. Returns the answers and how many were dropped."""
    shas = sorted({sha for _, sha, _ in batch})
    names = sorted({a.doc_id for _, _, a in batch if a.doc_id})
    stored: set[str] = set()
    taken: set[str] = set()
    for i in range(0, len(shas), CHUNK):
        query = select(Document.sha256).where(one_of(session, Document.sha256, shas[i : i + CHUNK]))
        stored.update(s for s in session.scalars(query) if s)
    for i in range(0, len(names), CHUNK):
        query = select(Document.doc_id).where(
            one_of(session, Document.doc_id, names[i : i + CHUNK])
        )
        taken.update(session.scalars(query))
    answers: list[Answer] = []
    for _, sha, answer in batch:
        if sha in stored:
            continue
        stored.add(sha)
        if answer.doc_id is None or answer.doc_id in taken:
            # the same name, another text: keep both documents apart
            answer = answer.model_copy(update={"doc_id": f"{answer.doc_id or 'doc'}-{sha[:10]}"})
        taken.add(answer.doc_id or "")
        answers.append(answer)
    return answers, len(batch) - len(answers)


# -- workers that write (PostgreSQL) ------------------------------------------------------

_registries: dict[str, tuple[int, Registry]] = {}  # url → (the process that opened it, it)
_registries_lock = threading.Lock()


def worker_registry(url: str) -> Registry:
    """The registry at `url`, opened once per worker process (and shared by its threads).
    One inherited from the parent process (a forked worker) is left to the parent: its
    connections are the parent's."""
    with _registries_lock:
        pid, registry = _registries.get(url, (None, None))
        if registry is None or pid != os.getpid():
            if registry is not None:
                registry.engine.dispose(close=False)
            registry = open_registry(url, upgrade=False)
            _registries[url] = (os.getpid(), registry)
        return registry


def compact(outcome: Outcome) -> Outcome:
    """An outcome with only what the writer needs (its answer, not the extraction's notes)."""
    if outcome.extraction is None:
        return outcome
    return replace(outcome, extraction=Extraction(outcome.extraction.answer))


def extract_and_write(
    url: str,
    stamp: Stamp,
    items: list[Item],
    skip: frozenset[str] | None = None,
    contents: list[Content] | None = None,
) -> Stored:
    """Extract a chunk of files and write it to the registry at `url` (in a worker);
    `contents`: the files as sent (`extraction.read_content`), else they are read here."""
    ingestor = Ingestor(worker_registry(url), stamp, batch=len(items) + 1, known=set())
    outcomes = []
    sent: list[Content | None] = [*contents] if contents else [None] * len(items)
    for (path, overrides), content in zip(items, sent, strict=True):
        outcome = extract_file(path, overrides, skip, content)
        ingestor.add(outcome)
        outcomes.append(replace(outcome, extraction=None))
    ingestor.flush()
    return Stored(outcomes, ingestor.summary)


def died_stored(item: Item) -> Stored:
    outcome = died_outcome(item[0])
    return Stored([outcome], IngestSummary(failures=[(outcome.path, outcome.error or "")]))


def writes_in_workers(registry: Registry) -> bool:
    """Whether workers write their own batches: where the database takes writers in
    parallel (PostgreSQL), not on SQLite (one writer: this process)."""
    return registry.engine.dialect.name == "postgresql"


def registry_url(registry: Registry) -> str:
    return registry.engine.url.render_as_string(hide_password=False)


# -- the entry point ----------------------------------------------------------------------


def ingest(
    registry: Registry,
    paths: Iterable[Path],
    stamp: Stamp,
    overrides: Overrides | None = None,
    jobs: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
    batch: int = 200,
    scheduler: str | None = None,
    send_files: bool = False,
) -> IngestSummary:
    """Extract and store documents; returns what was stored, skipped and refused. With
    `batch=1` each document is stored before `on_outcome` hears of it. `scheduler`: the
    address of a Dask scheduler (tcp://HOST:8786) whose workers extract (see
    `ingest.cluster`; `send_files`: send the files' bytes to its workers instead of their
    paths). Where workers write (PostgreSQL), the outcomes `on_outcome` hears of carry no
    extraction."""
    stamp = replace(stamp, review="proposed")
    overrides = overrides or Overrides()
    if scheduler is not None:
        from citydip.ingest.cluster import ingest_on_cluster

        return ingest_on_cluster(
            registry, paths, stamp, overrides, scheduler, on_outcome, batch, send_files
        )
    items = [(p, overrides) for p in paths]
    if writes_in_workers(registry) and jobs > 1 and len(items) > 1:
        return _ingest_writing_workers(registry, items, stamp, jobs, on_outcome, batch)
    ingestor = Ingestor(registry, stamp, batch=batch)
    try:
        known = frozenset(ingestor.known)  # stored texts: read, not extracted again
        for outcome in extract_files(items, overrides, jobs=jobs, skip=known):
            ingestor.add(compact(outcome))
            if on_outcome:
                on_outcome(outcome)
    finally:
        ingestor.flush()  # what was extracted before a Ctrl-C is kept
    return ingestor.summary


def _ingest_writing_workers(
    registry: Registry,
    items: list[Item],
    stamp: Stamp,
    jobs: int,
    on_outcome: Callable[[Outcome], None] | None,
    batch: int,
) -> IngestSummary:
    summary = IngestSummary()
    jobs = min(jobs, os.cpu_count() or 1)
    task = partial(extract_and_write, registry_url(registry), stamp)
    skip = frozenset(stored_texts(registry))
    for stored in in_processes(chunked(items, batch), task, jobs, skip, died_stored):
        summary.add(stored.summary)
        for outcome in stored.outcomes:
            if on_outcome:
                on_outcome(outcome)
    return summary
