"""The registry as interchange answers: a registry bundle, then one answer per document.

The bundle (doc_id null) holds the home city, every place with its aliases and
coordinates, the people, the plans, and records that no document supports. Output depends
on content only (never on database ids), so export → import → export is identical.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from citydip.store.agreements import Agreement
from citydip.store.base import Audited
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import Engagement, direction, mode
from citydip.store.networks import Membership
from citydip.store.people import Person
from citydip.store.places import Place
from citydip.store.plans import Plan, ProjectUpdate
from citydip.store.records import Record
from citydip.store.registry import get_home
from citydip.store.relationships import Relationship

KIND_ORDER = {"relationship": 0, "agreement": 1, "engagement": 2, "membership": 3}
Span = tuple[int | None, int | None, str | None]


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def compact(d: dict[str, Any]) -> dict[str, Any]:
    """The items with a value (no None, empty list or empty string)."""
    return {k: v for k, v in d.items() if v not in (None, [], "")}


def place_ref(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"name": place.name, "country": place.country, "level": place.level}


def place_entry(place: Place) -> dict[str, Any]:
    return {
        **place_ref(place),  # type: ignore[dict-item]
        **compact(
            {
                "aliases": place.aliases,
                "geonames_id": place.geonames_id,
                "lat": place.lat,
                "lon": place.lon,
            }
        ),
    }


def review(row: Audited | Any) -> dict[str, Any]:
    """The review stamp of a record or commitment (an ORM row or a Core row)."""
    return compact(
        {
            "state": row.review_state,
            "created_by": row.created_by,
            "created_at": _iso(row.created_at),
            "updated_by": row.updated_by,
            "updated_at": _iso(row.updated_at),
        }
    )


def _event(e: Any) -> dict[str, Any]:
    if e.start or e.end:
        return {"type": e.type, **compact({"date": e.date}), "start": e.start, "end": e.end}
    return {"type": e.type, "date": e.date}


def record_dict(rec: Record) -> dict[str, Any]:
    """A record in the interchange format, without evidence."""
    parties = [place_ref(p) for p in rec.party_places]
    extra = compact({"title": rec.title, "summary": rec.summary})
    if isinstance(rec, Relationship):
        return {
            "kind": rec.kind,
            "type": rec.type,
            "parties": parties,
            "since": rec.since,
            "events": [_event(e) for e in rec.events],
        }
    if isinstance(rec, Agreement):
        commitments = [
            {
                **compact({"text": c.text, "area": c.area, "due": c.due}),
                "status": c.status,
                "review": review(c),
            }
            for c in rec.commitments
        ]
        return {
            "kind": rec.kind,
            "type": rec.type,
            "date": rec.date,
            "parties": parties,
            "areas": rec.areas,
            "status": rec.status,
            **extra,
            **compact({"commitments": commitments}),
        }
    if isinstance(rec, Engagement):
        people = [
            {
                "name": p.person.name,
                "title": p.title,
                "of": p.person.place.name if p.person.place else p.person.affiliation,
            }
            for p in rec.people
        ]
        return {
            "kind": rec.kind,
            "type": rec.type,
            "start": rec.start,
            "end": rec.end,
            "parties": parties,
            "location": place_ref(rec.location),
            "people": people,
            "areas": rec.areas,
            "status": rec.status,
            **extra,
        }
    if isinstance(rec, Membership):
        return {
            "kind": rec.kind,
            "network": rec.network.name,
            "member": place_ref(rec.member),
            "role": rec.role,
            "since": rec.since,
        }
    raise TypeError(f"unknown record kind {rec.kind!r}")


def _with_evidence(rec: Record, spans: list[Span]) -> dict[str, Any]:
    d = record_dict(rec)
    shown = [
        {**({"quote": q} if q else {}), "start": s, "end": e}
        for s, e, q in sorted(spans, key=lambda x: (x[0] or 0, x[1] or 0))
        if s is not None
    ]
    if shown:
        d["evidence"] = shown[0] if len(shown) == 1 else shown
    d["review"] = review(rec)
    return d


def _sorted(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def key(d: dict[str, Any]) -> tuple[int, int, str]:
        ev = d.get("evidence")
        first = (ev[0] if isinstance(ev, list) else ev) if ev else None
        return (
            first["start"] if first else -1,
            KIND_ORDER[d["kind"]],
            json.dumps(d, sort_keys=True, ensure_ascii=False),
        )

    return sorted(records, key=key)


def load_records(session: Session) -> list[Record]:
    return list(
        session.scalars(
            select(Record).order_by(Record.id).options(selectinload(Record.parties))
        ).all()
    )


def export_answers(session: Session) -> list[dict[str, Any]]:
    """Everything the registry holds, as a list of interchange answers."""
    records = {r.id: r for r in load_records(session)}
    by_doc: dict[int, dict[int, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for rid, doc_pk, start, end, quote in session.execute(
        select(
            Evidence.record_id, Evidence.document_id, Evidence.start, Evidence.end, Evidence.quote
        )
    ):
        by_doc[doc_pk][rid].append((start, end, quote))
    supported = {rid for recs in by_doc.values() for rid in recs}

    home = get_home(session)
    places = session.scalars(select(Place).options(selectinload(Place.names)).order_by(Place.key))
    people = session.scalars(select(Person).order_by(Person.key))
    plans = session.scalars(select(Plan).order_by(Plan.key))
    bundle: dict[str, Any] = {
        "doc_id": None,
        "lang": None,
        "published": None,
        "home": place_ref(home),
        "places": [place_entry(p) for p in places],
        "people": [_person(p) for p in people],
        "plans": [_plan(p) for p in plans],
        "records": _sorted(
            [_with_evidence(r, []) for rid, r in records.items() if rid not in supported]
        ),
    }
    out = [_compact_bundle(bundle)]
    for doc in session.scalars(select(Document).order_by(Document.doc_id)):
        recs = [_with_evidence(records[rid], spans) for rid, spans in by_doc[doc.id].items()]
        out.append(
            {
                "doc_id": doc.doc_id,
                "lang": doc.lang,
                "published": doc.published,
                "home": place_ref(doc.home),
                **compact({"title": doc.title, "source": doc.source, "text": doc.text}),
                "records": _sorted(recs),
            }
        )
    return out


def _compact_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    keep = ("doc_id", "lang", "published", "home", "records")
    return {k: v for k, v in bundle.items() if k in keep or v}


def _person(p: Person) -> dict[str, Any]:
    return compact(
        {
            "name": p.name,
            "title": p.title,
            "of": place_ref(p.place),
            "affiliation": p.affiliation,
            "term_start": p.term_start,
            "term_end": p.term_end,
        }
    ) | {"review": review(p)}


def _change(u: ProjectUpdate) -> dict[str, Any]:
    return compact(
        {
            "date": u.date,
            "status": u.status,
            "previous": u.previous,
            "note": u.note,
            "by": u.created_by,
            "at": _iso(u.created_at),
        }
    )


def _plan(plan: Plan) -> dict[str, Any]:
    projects = [
        compact(
            {
                "title": p.title,
                "area": p.area,
                "status": p.status,
                "partner": place_ref(p.partner),
                "due": p.due,
                "blockers": p.blockers,
                "history": [_change(u) for u in p.updates],
            }
        )
        | {"review": review(p)}
        for p in plan.projects
    ]
    return compact(
        {
            "title": plan.title,
            "of": place_ref(plan.place),
            "start": plan.start,
            "end": plan.end,
            "summary": plan.summary,
            "projects": projects,
        }
    ) | {"review": review(plan)}


def record_json(record: Record, home_id: int | None = None) -> dict[str, Any]:
    """A record as the CLI and the API show it: the interchange format plus id, version,
    review and what is derived (a tie's status, an engagement's direction and mode)."""
    data: dict[str, Any] = {
        "id": record.id,
        "key": record.key,
        "version": record.version,
        **record_dict(record),
    }
    if isinstance(record, Relationship):
        data["status"] = record.status
    if isinstance(record, Engagement):
        data["direction"] = direction(record, home_id)
        data["mode"] = mode(record, home_id)
    data["review"] = review(record)
    return data


def place_json(place: Place) -> dict[str, Any]:
    """A place with its id and key."""
    return {"id": place.id, "key": place.key, **place_entry(place)}
