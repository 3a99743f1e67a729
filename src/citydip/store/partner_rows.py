"""The records of a partner's dossier read as rows: a few Core SELECTs whose rows build small
frozen records with the attributes the partner page reads (the ORM's names: `tie.events`,
`a.commitments`, `e.people[0].person.name`, `m.network`), instead of ORM objects.

Loaded as ORM objects (records, their parties and places, areas, events, commitments,
people, locations, networks and members) a typical dossier took 11–13 ms of Python for
3 ms of SQL; read as rows, a few ms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from citydip.store.agreements import Commitment
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import EngagementPerson, direction_of
from citydip.store.people import Person
from citydip.store.places import Place, other_places
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import EventTiming, RelationshipEvent, tie_status

T = Record.__table__.c
_P = Place.__table__.c
IDS: Any = bindparam("ids", expanding=True)  # a list of ids, expanded in the statement


@dataclass(frozen=True)
class PlaceRow:
    """A place a record names: its id and English name (and country and level)."""

    id: int
    name: str
    country: str | None
    level: str


@dataclass(frozen=True)
class EventRow(EventTiming):
    """An event of a tie, as `RelationshipEvent`."""

    type: str
    date: str | None
    start: str | None
    end: str | None
    position: int


@dataclass(frozen=True)
class CommitmentRow:
    text: str
    area: str | None
    due: str | None
    status: str


@dataclass(frozen=True)
class PersonRef:
    name: str


@dataclass(frozen=True)
class PersonAt:
    """A person who took part in an engagement, with the title held then (as
    `EngagementPerson`: `.person.name`, `.title`)."""

    person: PersonRef
    title: str | None


@dataclass(frozen=True)
class PersonRow:
    """A person of the place (as `Person`, the attributes the page shows)."""

    id: int
    name: str
    title: str | None
    term_start: str | None
    term_end: str | None


@dataclass(frozen=True)
class RecordRow:
    """A record of any kind with what the page shows of it; the attributes of the other
    kinds are None or empty."""

    id: int
    kind: str
    type: str | None
    title: str | None
    summary: str | None
    review_state: str
    since: str | None
    date: str | None
    start: str | None
    end: str | None
    status_column: str | None
    role: str | None
    location_id: int | None
    location: PlaceRow | None
    network: PlaceRow | None
    member: PlaceRow | None
    parties: tuple[tuple[int, PlaceRow], ...]  # (place id, place) in the record's order
    areas: tuple[str, ...]
    events: tuple[EventRow, ...]
    commitments: tuple[CommitmentRow, ...]
    people: tuple[PersonAt, ...]

    @property
    def status(self) -> str | None:
        """A tie's as `Relationship.status` (its latest event that says; a strained period
        with an end is over); an agreement's or engagement's column."""
        if self.kind != "relationship":
            return self.status_column
        return tie_status(self.events)

    @property
    def party_places(self) -> list[PlaceRow]:
        return [p for _, p in self.parties]

    def partners(self, home_id: int | None) -> list[PlaceRow]:
        """The places the record is with, other than the home city, as
        `analytics.briefs.partners_of`."""
        if self.kind == "membership":
            found = [self.network, self.member]
        else:
            found = [*self.party_places, *([self.location] if self.kind == "engagement" else [])]
        return other_places(found, home_id)

    def direction(self, home_id: int | None) -> str | None:
        """As `store.engagements.direction`."""
        return direction_of(self.location_id, (pid for pid, _ in self.parties), home_id)


RECORD_COLUMNS = (
    T.id, T.kind, T.type, T.title, T.summary, T.review_state, T.since, T.date, T.start,
    T.end, T.status, T.role, T.location_id, T.network_id, T.member_id,
)  # fmt: skip


def records_of(kind: str) -> Select[Any]:
    """The columns of the records of one kind (to be filtered, ordered and limited)."""
    return select(*RECORD_COLUMNS).where(T.kind == kind)


_BY_ID = select(*RECORD_COLUMNS).where(T.id.in_(IDS))


def by_ids(session: Session, ids: Sequence[int]) -> list[RecordRow]:
    """The records of `ids` as rows, in that order (ids of no record left out): what a page
    of a records list shows, as `build` makes them."""
    if not ids:
        return []
    found = {r.id: r for r in session.execute(_BY_ID, {"ids": list(ids)})}
    return build(session, [found[i] for i in ids if i in found])


_rp, _ra = RecordParty.__table__.c, RecordArea.__table__.c
_PARTIES = (
    select(_rp.record_id, _rp.place_id)
    .where(_rp.record_id.in_(IDS))
    .order_by(_rp.record_id, _rp.position)
)
AREAS = (
    select(_ra.record_id, _ra.area)
    .where(_ra.record_id.in_(IDS))
    .order_by(_ra.record_id, _ra.position)
)
_ev = RelationshipEvent.__table__.c
EVENTS = (
    select(_ev.relationship_id, _ev.type, _ev.date, _ev.start, _ev.end, _ev.position)
    .where(_ev.relationship_id.in_(IDS))
    .order_by(_ev.relationship_id, _ev.position)
)
_cm = Commitment.__table__.c
_COMMITMENTS = (
    select(_cm.agreement_id, _cm.text, _cm.area, _cm.due, _cm.status)
    .where(_cm.agreement_id.in_(IDS))
    .order_by(_cm.agreement_id, _cm.position)
)
_ep, _pe = EngagementPerson.__table__.c, Person.__table__.c
_PEOPLE = (
    select(_ep.engagement_id, _pe.name, _ep.title)
    .join(Person.__table__, _pe.id == _ep.person_id)
    .where(_ep.engagement_id.in_(IDS))
    .order_by(_ep.engagement_id, _ep.position)
)
_PLACES = select(_P.id, _P.name, _P.country, _P.level).where(_P.id.in_(IDS))
_PEOPLE_OF = (
    select(_pe.id, _pe.name, _pe.title, _pe.term_start, _pe.term_end)
    .where(_pe.place_id == bindparam("place_id"))
    .order_by(_pe.name)
    .limit(200)
)


def grouped(session: Session, statement: Any, ids: Sequence[int]) -> dict[int, list[Any]]:
    """Rows of `statement` for `ids` (its IDS parameter), by their first column."""
    out: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(statement, {"ids": list(ids)}):
        out[row[0]].append(row)
    return out


def build(session: Session, rows: Iterable[Any]) -> list[RecordRow]:
    """Records from rows of `records_of` (in their order), with their parties, places,
    areas, events, commitments and people, each read once for all of them."""
    rows = list(rows)
    if not rows:
        return []
    ids = [r.id for r in rows]
    kinds = {r.kind for r in rows}
    parties = grouped(session, _PARTIES, ids)
    areas = grouped(session, AREAS, ids)
    events = grouped(session, EVENTS, ids) if "relationship" in kinds else {}
    commitments = grouped(session, _COMMITMENTS, ids) if "agreement" in kinds else {}
    people = grouped(session, _PEOPLE, ids) if "engagement" in kinds else {}
    place_ids = {p.place_id for ps in parties.values() for p in ps}
    place_ids.update(
        i for r in rows for i in (r.location_id, r.network_id, r.member_id) if i is not None
    )
    places = {
        p.id: PlaceRow(p.id, p.name, p.country, p.level)
        for p in session.execute(_PLACES, {"ids": sorted(place_ids)})
    }

    def place(i: int | None) -> PlaceRow | None:
        return places.get(i) if i is not None else None

    out = []
    for r in rows:
        engagement = r.kind == "engagement"
        membership = r.kind == "membership"
        out.append(
            RecordRow(
                id=r.id,
                kind=r.kind,
                type=r.type,
                title=r.title,
                summary=r.summary,
                review_state=r.review_state,
                since=r.since,
                date=r.date,
                start=r.start,
                end=r.end,
                status_column=r.status,
                role=r.role,
                location_id=r.location_id if engagement else None,
                location=place(r.location_id) if engagement else None,
                network=place(r.network_id) if membership else None,
                member=place(r.member_id) if membership else None,
                parties=tuple((p.place_id, places[p.place_id]) for p in parties.get(r.id, ())),
                areas=tuple(a.area for a in areas.get(r.id, ())),
                events=tuple(
                    EventRow(e.type, e.date, e.start, e.end, e.position)
                    for e in events.get(r.id, ())
                ),
                commitments=tuple(
                    CommitmentRow(c.text, c.area, c.due, c.status)
                    for c in commitments.get(r.id, ())
                ),
                people=tuple(PersonAt(PersonRef(p.name), p.title) for p in people.get(r.id, ())),
            )
        )
    return out


def people_of(session: Session, place_id: int) -> list[PersonRow]:
    """The people of a place (the first 200 by name)."""
    return [
        PersonRow(p.id, p.name, p.title, p.term_start, p.term_end)
        for p in session.execute(_PEOPLE_OF, {"place_id": place_id})
    ]


_evd, _doc = Evidence.__table__.c, Document.__table__.c
_EVIDENCE = (
    select(
        _evd.record_id,
        _evd.document_id,
        _doc.doc_id,
        _doc.title,
        _doc.published,
        _doc.lang,
        _evd.quote,
        _evd.start,
        _evd.end,
    )  # fmt: skip
    .join(Document.__table__, _doc.id == _evd.document_id)
    .where(_evd.record_id.in_(IDS))
    .order_by(_evd.record_id, _evd.id)
)
_TEXTS = select(_doc.id, _doc.text).where(_doc.id.in_(IDS))


def evidence_rows(session: Session, record_ids: Sequence[int]) -> list[Any]:
    """(record_id, document_id, doc_id, title, published, lang, quote, start, end) of the records'
    evidence, by record and then in the order it was written."""
    out: list[Any] = []
    for i in range(0, len(record_ids), 500):
        out += session.execute(_EVIDENCE, {"ids": list(record_ids[i : i + 500])})
    return out


def document_texts(session: Session, document_ids: Iterable[int]) -> dict[int, str | None]:
    """The texts of some documents, by id."""
    ids = sorted(set(document_ids))
    found: dict[int, str | None] = {}
    for i in range(0, len(ids), 500):
        found.update((r.id, r.text) for r in session.execute(_TEXTS, {"ids": ids[i : i + 500]}))
    return found
