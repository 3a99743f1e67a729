"""A partner's dossier: everything the registry knows about one place, with its sources.

The ties it has, their events and status; agreements with their areas and commitments;
engagements (newest first) with the people met; memberships; the people of the place; the
documents that mention it; and for every record the sentences it came from.
Rejected records are left out unless asked for; every record carries its review state.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session

from citydip.analytics.cache import counts_cache
from citydip.analytics.regions import region_of
from citydip.errors import InputError, NotFoundError
from citydip.store.documents import Evidence
from citydip.store.listing import in_many, involving
from citydip.store.partner_rows import (
    PersonRow,
    RecordRow,
    build,
    document_texts,
    evidence_rows,
    people_of,
    records_of,
)
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.registry import get_home

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
    ties: list[RecordRow]  # the records as rows (store.partner_rows), with the ORM's names
    agreements: list[RecordRow]
    engagements: list[RecordRow]  # newest first, the first `engagements_limit`
    memberships: list[RecordRow]
    more: dict[str, bool]  # kind → there are more records of the kind than listed
    people: list[PersonRow]  # people of this place in the registry
    documents: list[DocumentRef]  # the sources of the records listed
    evidence: dict[int, list[Quote]]  # record id → its sentences
    rejected: bool  # there are rejected records about this place (left out unless asked)

    @property
    def is_home(self) -> bool:
        return self.home is not None and self.home.id == self.place.id

    @property
    def record_ids(self) -> list[int]:
        rows = [*self.ties, *self.agreements, *self.engagements, *self.memberships]
        return [r.id for r in rows]


_PLACE: Any = bindparam("place_id")
_LIMIT: Any = bindparam("limit", type_=Integer)
_DATED = {"relationship": (T.since, False), "engagement": (T.start, True)}  # column, newest


@cache
def _listing(kind: str, rejected: bool, many: bool, part: str = "all") -> Select[Any]:
    """The records of a kind a place is in, in the page's order, first `limit` (bound
    parameters `place_id` and `limit`; built once: a statement made anew for every page
    costs its construction and cache key). Ties oldest first, engagements newest first,
    the undated last: `part` "all" (one ORDER BY), or "dated" and "undated" (see
    `dossier`); agreements newest first, the undated first; memberships oldest first."""
    query = records_of(kind).where(involving(_PLACE, many))
    if not rejected:
        query = query.where(T.review_state != "rejected")
    order: tuple[Any, ...]
    if kind == "agreement":
        order = (T.date.is_(None), T.date.desc(), T.id.desc())
    elif kind == "membership":
        order = (T.since, T.id)
    else:
        column, newest = _DATED[kind]
        by = (column.desc(), T.id.desc()) if newest else (column, T.id)
        if part == "all":
            order = (column.is_(None), *by)
        elif part == "dated":
            query, order = query.where(column.is_not(None)), by
        else:
            query, order = query.where(column.is_(None)), (by[1],)
    return query.order_by(*order).limit(_LIMIT)


@cache
def _hidden(many: bool) -> Select[Any]:
    """A rejected record about the place (bound parameter `place_id`), if there is one."""
    return select(T.id).where(involving(_PLACE, many), T.review_state == "rejected").limit(1)


def quote_of(evidence: Evidence) -> str | None:
    """The words of a piece of evidence: its quote, else its span of the document's text."""
    if evidence.quote:
        return evidence.quote
    text = evidence.document.text
    if text is not None and evidence.start is not None and evidence.end is not None:
        return text[evidence.start : evidence.end] or None
    return None


def _quotes(session: Session, rows: list[Any]) -> dict[int, list[Quote]]:
    """record id → its Quotes, from `evidence_rows` (a span without a quote read from its
    document's text, as `quote_of`)."""
    spans = [r for r in rows if not r.quote and r.start is not None and r.end is not None]
    texts = document_texts(session, (r.document_id for r in spans))
    found: dict[int, list[Quote]] = defaultdict(list)
    for r in rows:
        words = r.quote or None
        if not r.quote and r.start is not None and r.end is not None:
            text = texts.get(r.document_id)
            words = (text[r.start : r.end] or None) if text is not None else None
        found[r.record_id].append(Quote(r.document_id, r.doc_id, r.title, r.published, words))
    return dict(found)


def evidence_for(session: Session, record_ids: list[int]) -> dict[int, list[Quote]]:
    """record id → the sentences of its evidence, in the order they were written."""
    return _quotes(session, evidence_rows(session, record_ids))


def _documents(rows: list[Any]) -> list[DocumentRef]:
    """The documents that support the records listed (from their `evidence_rows`), newest
    first."""
    records: dict[int, set[int]] = defaultdict(set)
    docs: dict[int, Any] = {}
    for r in rows:
        records[r.document_id].add(r.record_id)
        docs[r.document_id] = r
    found = [
        DocumentRef(i, d.doc_id, d.title, d.published, d.lang, len(records[i]))
        for i, d in docs.items()
    ]
    return sorted(found, key=lambda d: (d.published or "", d.id), reverse=True)


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
    many = in_many(session, place_id, counts_cache)

    def first(kind: str, limit: int, part: str = "all", have: int = 0) -> list[Any]:
        """Rows of the first `limit` + 1 - `have` records of the kind."""
        query = _listing(kind, rejected, many, part)
        return list(session.execute(query, {"place_id": place_id, "limit": limit + 1 - have}))

    def listed(kind: str, limit: int) -> list[Any]:
        """The first `limit` rows of the kind. Ties and engagements: by date, the undated
        last. For a place in many records the dated ones are read in the index's order
        (kind, column) and the undated after them: one ORDER BY of `column IS NULL` first
        would sort every record of the kind the place is in (the home city's million
        engagements: 0.5 s) to keep 51."""
        if kind in _DATED and many:
            rows = first(kind, limit, "dated")
            if len(rows) <= limit:
                rows += first(kind, limit, "undated", len(rows))
        else:
            rows = first(kind, limit)
        more[kind] = len(rows) > limit
        return rows[:limit]

    limits = {
        "relationship": MAX_LISTED,
        "agreement": MAX_LISTED,
        "engagement": engagements_limit,
        "membership": MAX_LISTED,
    }
    rows = {kind: listed(kind, n) for kind, n in limits.items()}
    built = iter(build(session, [r for kind in limits for r in rows[kind]]))
    ties, agreements, engagements, memberships = (
        [next(built) for _ in rows[kind]] for kind in limits
    )
    people = people_of(session, place_id)
    hidden = False
    if not rejected:
        hidden = session.execute(_hidden(many), {"place_id": place_id}).first() is not None
    ids: list[int] = [r.id for r in (*ties, *agreements, *engagements, *memberships)]
    evidence = evidence_rows(session, ids)
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
        documents=_documents(evidence),
        evidence=_quotes(session, evidence),
        rejected=hidden,
    )
