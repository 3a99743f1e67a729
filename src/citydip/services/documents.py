"""Documents as the web app lists and shows them: with their records by review state."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from citydip.errors import InputError, NotFoundError
from citydip.services.review import Piece, Span, highlight
from citydip.store.documents import Document, Evidence
from citydip.store.jobs import Job
from citydip.store.listing import MAX_PER_PAGE, Page
from citydip.store.records import Record

STATES = ("proposed", "accepted", "rejected")
FULL_TEXT = 200_000  # a longer document is shown around its evidence only
CONTEXT = 2_000


@dataclass
class DocumentRow:
    document: Document
    counts: dict[str, int]  # records by review state

    @property
    def records(self) -> int:
        return sum(self.counts.values())


@dataclass
class DocumentView:
    document: Document
    records: list[Record]
    evidence: list[Evidence]
    pieces: list[Piece]
    clipped: bool


def review_counts(session: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    """For each document, how many of its records are proposed, accepted and rejected."""
    counts: dict[int, dict[str, int]] = {i: dict.fromkeys(STATES, 0) for i in ids}
    if not ids:
        return counts
    rows = session.execute(
        select(Evidence.document_id, Record.review_state, func.count(Record.id.distinct()))
        .join(Record, Record.id == Evidence.record_id)
        .where(Evidence.document_id.in_(ids))
        .group_by(Evidence.document_id, Record.review_state)
    )
    for doc_id, state, n in rows:
        counts[doc_id][state] = n
    return counts


def page_documents(
    session: Session, q: str | None = None, page: int = 1, per_page: int = 50
) -> Page:
    """One page of documents, newest published first, each with its records' counts."""
    if page < 1:
        raise InputError("page numbers start at 1", field="page")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InputError(f"per_page must be between 1 and {MAX_PER_PAGE}", field="per_page")
    conds = []
    if q and q.strip():
        words = f"%{q.strip().lower()}%"
        conds.append(
            func.lower(Document.title).like(words) | func.lower(Document.doc_id).like(words)
        )
    total = session.scalar(select(func.count()).select_from(Document).where(*conds)) or 0
    docs = list(
        session.scalars(
            select(Document)
            .options(defer(Document.text))
            .where(*conds)
            .order_by(Document.published.is_(None), Document.published.desc(), Document.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    counts = review_counts(session, [d.id for d in docs])
    return Page([DocumentRow(d, counts[d.id]) for d in docs], total, page, per_page)


def get_document(session: Session, document_id: int) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"no document #{document_id}")
    return document


def document_view(session: Session, document_id: int) -> DocumentView:
    """A document with every record's evidence in it marked, and those records."""
    document = get_document(session, document_id)
    evidence = list(
        session.scalars(
            select(Evidence)
            .where(Evidence.document_id == document_id)
            .order_by(Evidence.start.is_(None), Evidence.start, Evidence.id)
        )
    )
    ids = list(dict.fromkeys(ev.record_id for ev in evidence))
    rows = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))}
    spans: list[Span] = [(ev.start, ev.end, ev.record_id) for ev in evidence]
    clipped = len(document.text or "") > FULL_TEXT
    pieces = highlight(document.text, spans, CONTEXT if clipped else None)
    return DocumentView(document, [rows[i] for i in ids if i in rows], evidence, pieces, clipped)


def document_json(document: Document, counts: dict[str, int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": document.id,
        "doc_id": document.doc_id,
        "title": document.title,
        "published": document.published,
        "lang": document.lang,
        "source": document.source,
    }
    if counts is not None:
        data["records"] = counts
    return data


def recent_jobs(session: Session, limit: int = 5) -> list[Job]:
    return list(session.scalars(select(Job).order_by(Job.id.desc()).limit(limit)))


def evidence_by_record(view: DocumentView) -> dict[int, list[Evidence]]:
    found: dict[int, list[Evidence]] = defaultdict(list)
    for ev in view.evidence:
        found[ev.record_id].append(ev)
    return found
