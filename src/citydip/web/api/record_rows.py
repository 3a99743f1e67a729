"""Records as the API shows them, read as rows: the same JSON as `exchange.export.record_json`
(and the evidence the API adds), from a few Core queries per page instead of ORM objects.

A page of 50 engagements loaded as ORM objects (records, parties and their places, areas,
people, locations) took 10–14 ms of Python for 2 ms of SQL; read as rows, it takes a few
ms. tests/web/test_record_rows.py checks that every record of the demo registry comes out
exactly as `record_json` writes it, so that the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from citydip.exchange.export import compact, review
from citydip.store.agreements import Commitment
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import EngagementPerson, direction_of
from citydip.store.partner_rows import AREAS, EVENTS, IDS, grouped
from citydip.store.people import Person
from citydip.store.places import Place
from citydip.store.records import Record, RecordParty
from citydip.store.relationships import tie_status

_R = Record.__table__.c
_P = Place.__table__.c


def _ends() -> tuple[Any, list[Any]]:
    """records with their location, network and member (place aliases loc, net, mem)."""
    source: Any = Record.__table__
    columns: list[Any] = []
    for name, fk in (("loc", _R.location_id), ("net", _R.network_id), ("mem", _R.member_id)):
        end = Place.__table__.alias(name)
        source = source.outerjoin(end, end.c.id == fk)
        columns += [c.label(f"{name}_{c.name}") for c in (end.c.name, end.c.country, end.c.level)]
    return source, columns


_SOURCE, _END_COLUMNS = _ends()
# Built once: a statement made anew for every page costs its construction and cache key.
_RECORDS = (
    select(
        _R.id,
        _R.key,
        _R.version,
        _R.kind,
        _R.type,
        _R.title,
        _R.summary,
        _R.since,
        _R.date,
        _R.start,
        _R.end,
        _R.status,
        _R.location_id,
        _R.review_state,
        _R.created_by,
        _R.created_at,
        _R.updated_by,
        _R.updated_at,
        _R.role,
        *_END_COLUMNS,
    )  # fmt: skip
    .select_from(_SOURCE)
    .where(_R.id.in_(IDS))
)
_rp = RecordParty.__table__.c
_PARTIES = (
    select(_rp.record_id, _rp.place_id, _P.name, _P.country, _P.level)
    .join(Place.__table__, _P.id == _rp.place_id)
    .where(_rp.record_id.in_(IDS))
    .order_by(_rp.record_id, _rp.position)
)
_ep, _pe, _of = EngagementPerson.__table__.c, Person.__table__.c, Place.__table__.alias("of")
_PEOPLE = (
    select(_ep.engagement_id, _pe.name, _ep.title, _of.c.name.label("of_name"), _pe.affiliation)
    .join(Person.__table__, _pe.id == _ep.person_id)
    .outerjoin(_of, _of.c.id == _pe.place_id)
    .where(_ep.engagement_id.in_(IDS))
    .order_by(_ep.engagement_id, _ep.position)
)
_cm = Commitment.__table__.c
_COMMITMENTS = (
    select(
        _cm.agreement_id,
        _cm.text,
        _cm.area,
        _cm.due,
        _cm.status,
        _cm.review_state,
        _cm.created_by,
        _cm.created_at,
        _cm.updated_by,
        _cm.updated_at,
    )  # fmt: skip
    .where(_cm.agreement_id.in_(IDS))
    .order_by(_cm.agreement_id, _cm.position)
)
_evd, _doc = Evidence.__table__.c, Document.__table__.c
_EVIDENCE = (
    select(_evd.document_id, _doc.doc_id, _doc.title, _evd.start, _evd.end, _evd.quote)
    .join(Document.__table__, _doc.id == _evd.document_id)
    .where(_evd.record_id == bindparam("record_id"))
    .order_by(_evd.id)
)
Ref = dict[str, Any]
Rows = dict[int, list[Row[Any]]]


def _ref(row: Any) -> Ref:
    return {"name": row.name, "country": row.country, "level": row.level}


def _end(r: Row[Any], name: str) -> Ref | None:
    """The record's location ('loc'), network ('net') or member ('mem') as a place ref."""
    m = r._mapping
    if m[f"{name}_name"] is None:
        return None
    return {"name": m[f"{name}_name"], "country": m[f"{name}_country"], "level": m[f"{name}_level"]}


class _Loaded:
    """What the records of a page show, each collection read once for all of them (and the
    collections of one kind only when the page has records of that kind)."""

    def __init__(self, session: Session, ids: Sequence[int]) -> None:
        rows = session.execute(_RECORDS, {"ids": list(ids)})
        self.records: dict[int, Any] = {r.id: r for r in rows}
        kinds = {r.kind for r in self.records.values()}
        self.parties = grouped(session, _PARTIES, ids)
        self.areas = grouped(session, AREAS, ids)
        none: Rows = {}
        self.people = grouped(session, _PEOPLE, ids) if "engagement" in kinds else none
        self.events = grouped(session, EVENTS, ids) if "relationship" in kinds else none
        self.commitments = grouped(session, _COMMITMENTS, ids) if "agreement" in kinds else none


def _event(e: Row[Any]) -> dict[str, Any]:
    if e.start or e.end:
        return {"type": e.type, **compact({"date": e.date}), "start": e.start, "end": e.end}
    return {"type": e.type, "date": e.date}


def _mode(r: Row[Any], parties: list[Row[Any]], home: int | None) -> str:
    """As `store.engagements.mode`."""
    partners = [p for p in parties if p.place_id != home]
    if r.type == "conference" or any(p.level == "organization" for p in partners):
        return "multilateral"
    return "multilateral" if len(partners) >= 3 else "bilateral"


def _one(r: Row[Any], got: _Loaded, home: int | None) -> dict[str, Any]:
    parties_rows = got.parties.get(r.id, [])
    parties = [_ref(p) for p in parties_rows]
    areas = [a.area for a in got.areas.get(r.id, [])]
    extra = compact({"title": r.title, "summary": r.summary})
    data: dict[str, Any] = {"id": r.id, "key": r.key, "version": r.version}
    if r.kind == "relationship":
        events = got.events.get(r.id, [])
        data |= {
            "kind": r.kind,
            "type": r.type,
            "parties": parties,
            "since": r.since,
            "events": [_event(e) for e in events],
            "status": tie_status(events),
        }
    elif r.kind == "agreement":
        commitments = [
            {
                **compact({"text": c.text, "area": c.area, "due": c.due}),
                "status": c.status,
                "review": review(c),
            }
            for c in got.commitments.get(r.id, [])
        ]
        data |= {
            "kind": r.kind,
            "type": r.type,
            "date": r.date,
            "parties": parties,
            "areas": areas,
            "status": r.status,
            **extra,
            **compact({"commitments": commitments}),
        }
    elif r.kind == "engagement":
        people = [
            {
                "name": p.name,
                "title": p.title,
                "of": p.of_name if p.of_name is not None else p.affiliation,
            }
            for p in got.people.get(r.id, [])
        ]
        data |= {
            "kind": r.kind,
            "type": r.type,
            "start": r.start,
            "end": r.end,
            "parties": parties,
            "location": _end(r, "loc"),
            "people": people,
            "areas": areas,
            "status": r.status,
            **extra,
            "direction": direction_of(r.location_id, (p.place_id for p in parties_rows), home),
            "mode": _mode(r, parties_rows, home),
        }
    elif r.kind == "membership":
        network = _end(r, "net")
        data |= {
            "kind": r.kind,
            "network": network["name"] if network else None,
            "member": _end(r, "mem"),
            "role": r.role,
            "since": r.since,
        }
    else:
        raise TypeError(f"unknown record kind {r.kind!r}")
    data["review"] = review(r)
    return data


def records_json(session: Session, ids: Sequence[int], home: int | None) -> list[dict[str, Any]]:
    """The records of `ids` (in that order; ids of no record are left out) as `record_json`
    writes them, `home` being the home city's id."""
    if not ids:
        return []
    got = _Loaded(session, ids)
    return [_one(got.records[i], got, home) for i in ids if i in got.records]


def evidence_json(session: Session, record_id: int) -> list[dict[str, Any]]:
    """The evidence of a record as the API shows it, oldest first."""
    return [
        {
            "document_id": r.document_id,
            "doc_id": r.doc_id,
            "title": r.title,
            "start": r.start,
            "end": r.end,
            "quote": r.quote,
        }
        for r in session.execute(_EVIDENCE, {"record_id": record_id})
    ]
