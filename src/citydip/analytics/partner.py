"""A partner's dossier: everything the registry knows about one place, with its sources.

The ties it has, their events and status; agreements with their areas and commitments;
engagements (newest first) with the people met; memberships; the people of the place; the
documents that mention it; and for every record the sentences it came from.
Rejected records are left out unless asked for; every record carries its review state.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from citydip.analytics.regions import region_of
from citydip.errors import InputError, NotFoundError
from citydip.store.agreements import Agreement
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import Engagement
from citydip.store.listing import in_many, involving
from citydip.store.networks import Membership
from citydip.store.people import Person
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.registry import get_home
from citydip.store.relationships import Relationship

R = TypeVar("R", bound=Record)
T = Record.__table__.c
MAX_ENGAGEMENTS = 500
MAX_LISTED = 100  # ties, agreements and memberships listed at most


@dataclass(frozen=True)
class Quote:
    """A record's evidence in a document: the sentence (None: the whole document)."""

    document_id: int
    doc_id: str
    title: str | None
    published: str | None
    text: str | None


@dataclass(frozen=True)
class DocumentRef:
    id: int
    doc_id: str
    title: str | None
    published: str | None
    lang: str | None
    records: int  # records about this place that the document supports


@dataclass
class Dossier:
    place: Place
    region: str
    home: Place | None
    ties: list[Relationship]
    agreements: list[Agreement]
    engagements: list[Engagement]  # newest first, the first `engagements_limit`
    memberships: list[Membership]
    more: dict[str, bool]  # kind → there are more records of the kind than listed
    people: list[Person]  # people of this place in the registry
    documents: list[DocumentRef]  # the sources of the records listed
    evidence: dict[int, list[Quote]]  # record id → its sentences
    rejected: bool  # there are rejected records about this place (left out unless asked)

    @property
    def is_home(self) -> bool:
        return self.home is not None and self.home.id == self.place.id

    @property
    def record_ids(self) -> list[int]:
        rows: list[Record] = [*self.ties, *self.agreements, *self.engagements, *self.memberships]
        return [r.id for r in rows]


def _of(model: type[R], place_id: int, rejected: bool, many: bool = False) -> Select[R]:
    query = select(model).where(involving(place_id, many))
    if not rejected:
        query = query.where(Record.review_state != "rejected")
    return query


def quote_of(evidence: Evidence) -> str | None:
    """The words of a piece of evidence: its quote, else its span of the document's text."""
    if evidence.quote:
        return evidence.quote
    text = evidence.document.text
    if text is not None and evidence.start is not None and evidence.end is not None:
        return text[evidence.start : evidence.end] or None
    return None


def evidence_for(session: Session, record_ids: list[int]) -> dict[int, list[Quote]]:
    found: dict[int, list[Quote]] = defaultdict(list)
    for i in range(0, len(record_ids), 500):
        rows = session.scalars(
            select(Evidence)
            .where(Evidence.record_id.in_(record_ids[i : i + 500]))
            .order_by(Evidence.record_id, Evidence.id)
        )
        for ev in rows:
            doc = ev.document
            found[ev.record_id].append(
                Quote(doc.id, doc.doc_id, doc.title, doc.published, quote_of(ev))
            )
    return dict(found)


def _documents(session: Session, record_ids: list[int]) -> list[DocumentRef]:
    """The documents that support the records listed, newest first."""
    counts: dict[int, int] = defaultdict(int)
    for i in range(0, len(record_ids), 500):
        rows = session.execute(
            select(Evidence.document_id, func.count(func.distinct(Evidence.record_id)))
            .where(Evidence.record_id.in_(record_ids[i : i + 500]))
            .group_by(Evidence.document_id)
        )
        for doc, n in rows:
            counts[doc] += n
    if not counts:
        return []
    docs = [
        DocumentRef(d.id, d.doc_id, d.title, d.published, d.lang, counts[d.id])
        for d in session.execute(
            select(
                Document.id, Document.doc_id, Document.title, Document.published, Document.lang
            ).where(Document.id.in_(list(counts)))
        )
    ]
    return sorted(docs, key=lambda d: (d.published or "", d.id), reverse=True)


def dossier(
    session: Session,
    place_id: int,
    rejected: bool = False,
    engagements_limit: int = 50,
) -> Dossier:
    """Everything about a place (NotFoundError if there is no such place): the first
    records of each kind (`more` says where there are others), with their sources."""
    if not 1 <= engagements_limit <= MAX_ENGAGEMENTS:
        raise InputError(
            f"engagements must be between 1 and {MAX_ENGAGEMENTS}", field="engagements"
        )
    place = session.get(Place, place_id)
    if place is None:
        raise NotFoundError(f"no place #{place_id}")
    more: dict[str, bool] = {}
    many = in_many(session, place_id)

    def first(kind: str, query: Select[R], limit: int) -> list[R]:
        rows = list(session.scalars(query.limit(limit + 1)))
        more[kind] = len(rows) > limit
        return rows[:limit]

    def dated_first(
        kind: str, query: Select[R], column: ColumnElement[Any], newest: bool, limit: int
    ) -> list[R]:
        """The first `limit` by `column` (newest or oldest first, then by id the same
        way), the undated last. For a place in many records the dated ones are read in
        the index's order (kind, column) and the undated after them: one ORDER BY of
        `column IS NULL` first would sort every record of the kind the place is in (the
        home city's million engagements: 0.5 s) to keep 51."""
        by = (column.desc(), Record.id.desc()) if newest else (column, Record.id)
        if not many:
            return first(kind, query.order_by(column.is_(None), *by), limit)
        rows = list(
            session.scalars(query.where(column.is_not(None)).order_by(*by).limit(limit + 1))
        )
        if len(rows) <= limit:
            undated = query.where(column.is_(None)).order_by(by[1])
            rows += session.scalars(undated.limit(limit + 1 - len(rows)))
        more[kind] = len(rows) > limit
        return rows[:limit]

    ties = dated_first(
        "relationship", _of(Relationship, place_id, rejected, many), T.since, False, MAX_LISTED
    )
    agreements = first(
        "agreement",
        _of(Agreement, place_id, rejected, many).order_by(
            T.date.is_(None), T.date.desc(), Record.id.desc()
        ),
        MAX_LISTED,
    )
    engagements = dated_first(
        "engagement",
        _of(Engagement, place_id, rejected, many),
        T.start,
        True,
        engagements_limit,
    )
    memberships = first(
        "membership",
        _of(Membership, place_id, rejected, many).order_by(T.since, Record.id),
        MAX_LISTED,
    )
    people = list(
        session.scalars(
            select(Person).where(Person.place_id == place_id).order_by(Person.name).limit(200)
        )
    )
    hidden = False
    if not rejected:
        hidden = (
            session.scalar(
                select(Record.id)
                .where(involving(place_id, many), Record.review_state == "rejected")
                .limit(1)
            )
            is not None
        )
    ids: list[int] = [r.id for r in (*ties, *agreements, *engagements, *memberships)]
    return Dossier(
        place=place,
        region=region_of(place.country),
        home=get_home(session),
        ties=ties,
        agreements=agreements,
        engagements=engagements,
        memberships=memberships,
        more=more,
        people=people,
        documents=_documents(session, ids),
        evidence=evidence_for(session, ids),
        rejected=hidden,
    )
