"""What a registry holds, without ids and times (and how to empty a PostgreSQL one): the
ingest tests compare registries by it (each against a reference registry given the same
documents in one clean run), so that no expected answer is written down."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from citydip.extraction import document_files
from citydip.ingest import ingest
from citydip.store.documents import Document, Evidence
from citydip.store.engine import Registry
from citydip.store.models import Base
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.resolve import Stamp

SAMPLE = Path(str(resources.files("citydip.sample").joinpath("data")))


def sample_docs(folder: Path, stems: Iterable[str]) -> Path:
    """The demo documents of these stems (and their meta files), copied into `folder`."""
    folder.mkdir()
    for stem in stems:
        for suffix in (".txt", ".meta.json"):
            if (SAMPLE / f"{stem}{suffix}").exists():
                shutil.copy(SAMPLE / f"{stem}{suffix}", folder)
    return folder


def files(*paths: Path) -> list[Path]:
    return list(document_files(paths))


def snapshot(registry: Registry) -> dict[str, Any]:
    """Every table's row count, the documents, records, evidence spans and places."""

    def rows(query: Any) -> list[tuple[Any, ...]]:
        return sorted((tuple(r) for r in s.execute(query)), key=repr)

    with registry.session() as s:
        counts = {
            t.name: s.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
        return {
            "rows": counts,
            "documents": rows(select(Document.doc_id, Document.sha256, Document.published)),
            "records": rows(select(Record.kind, Record.key, Record.review_state)),
            "evidence": rows(
                select(Document.doc_id, Record.key, Evidence.start, Evidence.end)
                .join(Document, Document.id == Evidence.document_id)
                .join(Record, Record.id == Evidence.record_id)
            ),
            "places": rows(select(Place.key)),
        }


def reference(make: Callable[[], Registry], paths: Iterable[Path], stamp: Stamp) -> dict[str, Any]:
    """The snapshot of a fresh registry given `paths` in one clean run."""
    registry = make()
    summary = ingest(registry, list(paths), stamp)
    assert not summary.failures
    return snapshot(registry)


def truncate(url: str) -> None:
    """Empty every table of a PostgreSQL registry."""
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
