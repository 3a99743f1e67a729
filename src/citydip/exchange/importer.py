"""`citydip import`: files into the registry, all-or-nothing per file, never stopping a batch."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from citydip.errors import CitydipError, InputError
from citydip.exchange.reader import read_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp
from citydip.store.writes import BatchWriter, WriteStats

log = logging.getLogger(__name__)


@dataclass
class FileResult:
    path: Path
    stats: WriteStats | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ImportSummary:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]

    @property
    def totals(self) -> WriteStats:
        total = WriteStats()
        for f in self.files:
            if f.stats:
                total.add(f.stats)
        return total


def write_answers(registry: Registry, answers: Sequence[Answer], stamp: Stamp) -> WriteStats:
    """Write answers in one transaction: all of them, or nothing."""
    with registry.session() as session:
        return BatchWriter(session, stamp).write(answers)


def import_file(registry: Registry, path: Path, stamp: Stamp, max_bytes: int) -> FileResult:
    try:
        answers = read_answers(path, max_bytes)
        return FileResult(path, stats=write_answers(registry, answers, stamp))
    except InputError as exc:
        exc.file = exc.file or str(path)
        return FileResult(path, error=exc.one_line())
    except CitydipError as exc:
        return FileResult(path, error=f"{path}: {exc}")
    except SQLAlchemyError as exc:
        log.debug("database error importing %s", path, exc_info=True)
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        return FileResult(path, error=f"{path}: database refused the file: {reason}")


def import_files(
    registry: Registry,
    paths: Sequence[Path],
    stamp: Stamp,
    max_bytes: int,
    on_file: Callable[[FileResult], None] | None = None,
) -> ImportSummary:
    """Import each file in its own transaction; a bad file is reported and skipped."""
    summary = ImportSummary()
    for path in paths:
        result = import_file(registry, path, stamp, max_bytes)
        summary.files.append(result)
        if on_file:
            on_file(result)
    return summary
