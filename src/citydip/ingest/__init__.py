"""Ingest: documents through the pipeline into the registry as proposed records.

Each document is written all-or-nothing; documents go to the database in batches (one
transaction each), and a batch that fails is retried document by document so that one bad
document never takes others with it. A document whose text is already in the registry (by
SHA-256 of its text) is skipped, so a crashed or interrupted run is resumed by running it
again.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from citydip.errors import CitydipError
from citydip.extraction import Outcome, Overrides, extract_files, text_sha256
from citydip.schema import Answer
from citydip.store.documents import Document
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp
from citydip.store.writes import BatchWriter

log = logging.getLogger(__name__)


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


def _reason(exc: Exception) -> str:
    if isinstance(exc, SQLAlchemyError):
        text = str(getattr(exc, "orig", None) or exc)
    elif isinstance(exc, CitydipError):
        text = str(exc)
    else:  # a bug rather than bad data: say what kind
        text = f"{type(exc).__name__}: {exc}"
    return (text.splitlines() or [type(exc).__name__])[0]


class Ingestor:
    """Writes extraction outcomes to a registry; see the module docstring."""

    def __init__(self, registry: Registry, stamp: Stamp, batch: int = 200) -> None:
        self.registry = registry
        self.stamp = stamp
        self.batch_size = batch
        self.summary = IngestSummary()
        with registry.session() as session:
            rows = session.execute(select(Document.sha256, Document.doc_id)).all()
        self.known = {sha for sha, _ in rows if sha}
        self.doc_ids = {doc_id for _, doc_id in rows}
        self.pending: list[tuple[str, Answer]] = []

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
        if answer.doc_id is None or answer.doc_id in self.doc_ids:
            # the same name, another text: keep both documents apart
            answer = answer.model_copy(update={"doc_id": f"{answer.doc_id or 'doc'}-{sha[:10]}"})
        self.doc_ids.add(answer.doc_id or "")
        self.summary.bytes += outcome.size
        self.pending.append((outcome.path, answer))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self._write([a for _, a in batch])
        except Exception:  # any failure: the batch is rolled back, retried one by one
            log.debug("batch failed; writing its documents one by one", exc_info=True)
            for path, answer in batch:
                try:
                    self._write([answer])
                except Exception as exc:  # this document is rolled back, the others go on
                    log.debug("writing %s failed", path, exc_info=True)
                    self.summary.failures.append((path, f"not stored: {_reason(exc)}"))

    def _write(self, answers: list[Answer]) -> None:
        with self.registry.session() as session:
            stats = BatchWriter(session, self.stamp).write(answers)
        self.summary.documents += stats.documents
        self.summary.records.update(stats.new)
        self.summary.merged += sum(stats.merged.values())


def ingest(
    registry: Registry,
    paths: Iterable[Path],
    stamp: Stamp,
    overrides: Overrides | None = None,
    jobs: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
    batch: int = 200,
) -> IngestSummary:
    """Extract and store documents; returns what was stored, skipped and refused. With
    `batch=1` each document is stored before `on_outcome` hears of it."""
    ingestor = Ingestor(registry, replace(stamp, review="proposed"), batch=batch)
    try:
        known = frozenset(ingestor.known)  # stored texts: read, not extracted again
        for outcome in extract_files(paths, overrides or Overrides(), jobs=jobs, skip=known):
            ingestor.add(outcome)
            if on_outcome:
                on_outcome(outcome)
    finally:
        ingestor.flush()  # what was extracted before a Ctrl-C is kept
    return ingestor.summary
