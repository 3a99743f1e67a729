"""Export formats: JSON, JSON Lines, CSV (one file per record kind), GeoJSON and GraphML."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from citydip.exchange.export import export_answers, load_records
from citydip.store.agreements import Agreement
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import Engagement, direction, mode
from citydip.store.networks import Membership
from citydip.store.people import Person
from citydip.store.places import Place
from citydip.store.plans import Plan
from citydip.store.records import Record
from citydip.store.registry import home_id as registry_home_id
from citydip.store.relationships import Relationship

FORMATS = ("json", "jsonl", "csv", "geojson", "graphml")


def write_json(session: Session, out: TextIO) -> None:
    # one answer a line inside the array: readable, and fast (the C encoder, no indent)
    answers = [json.dumps(a, ensure_ascii=False) for a in export_answers(session)]
    out.write("[\n" + ",\n".join(answers) + "\n]\n")


def write_jsonl(session: Session, out: TextIO) -> None:
    for answer in export_answers(session):
        out.write(json.dumps(answer, ensure_ascii=False) + "\n")


# -- CSV ------------------------------------------------------------------------------
def _join(values: list[Any]) -> str:
    return "; ".join(str(v) for v in values if v is not None)


def _audit(row: Any) -> dict[str, Any]:
    return {
        "review": row.review_state,
        "created_by": row.created_by,
        "created_at": row.created_at.isoformat() if row.created_at else None,
    }


def _span_key(offset: int | None) -> tuple[bool, int]:
    return (offset is not None, offset or 0)


def _keys(places: list[Place]) -> str:
    return _join([p.key for p in places])


_AUDIT = ("review", "created_by", "created_at")
# The columns of each CSV table, in order: the header of a table with no rows too.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "places": ("key", "name", "country", "level", "aliases", "lat", "lon", "geonames_id", *_AUDIT),
    "people": ("key", "name", "title", "place", "affiliation", "term_start", "term_end", *_AUDIT),
    "relationships": ("key", "type", "place_a", "place_b", "since", "status", "events", *_AUDIT),
    "agreements": (
        "key", "type", "date", "parties", "areas", "status", "title", "summary", *_AUDIT
    ),
    "commitments": ("agreement", "text", "area", "due", "status", *_AUDIT),
    "engagements": (
        "key", "type", "start", "end", "parties", "location", "direction", "mode", "people",
        "areas", "status", "title", *_AUDIT,
    ),
    "memberships": ("key", "network", "member", "role", "since", *_AUDIT),
    "documents": ("doc_id", "title", "source", "published", "lang", "sha256", "home"),
    "evidence": ("record", "document", "start", "end", "quote"),
    "plans": ("key", "title", "place", "start", "end", *_AUDIT),
    "projects": (
        "plan", "position", "title", "area", "status", "partner", "due", "blockers", *_AUDIT
    ),
}  # fmt: skip


def csv_tables(session: Session) -> dict[str, list[dict[str, Any]]]:
    """One table per kind, keyed by stable keys (place keys, record keys)."""
    home_id = registry_home_id(session)
    records = load_records(session)
    tables: dict[str, list[dict[str, Any]]] = {
        "places": [
            {
                "key": p.key,
                "name": p.name,
                "country": p.country,
                "level": p.level,
                "aliases": _join(p.aliases),
                "lat": p.lat,
                "lon": p.lon,
                "geonames_id": p.geonames_id,
                **_audit(p),
            }
            for p in session.scalars(select(Place).order_by(Place.key))
        ],
        "people": [
            {
                "key": p.key,
                "name": p.name,
                "title": p.title,
                "place": p.place.key if p.place else None,
                "affiliation": p.affiliation,
                "term_start": p.term_start,
                "term_end": p.term_end,
                **_audit(p),
            }
            for p in session.scalars(select(Person).order_by(Person.key))
        ],
    }
    rels: list[dict[str, Any]] = []
    agrs: list[dict[str, Any]] = []
    engs: list[dict[str, Any]] = []
    mems: list[dict[str, Any]] = []
    commits: list[dict[str, Any]] = []
    for r in records:
        base = {"key": r.key, "type": r.type}
        if isinstance(r, Relationship):
            a, b = r.party_places
            rels.append(
                {
                    **base,
                    "place_a": a.key,
                    "place_b": b.key,
                    "since": r.since,
                    "status": r.status,
                    "events": _join([f"{e.type} {e.when}".strip() for e in r.events]),
                    **_audit(r),
                }
            )
        elif isinstance(r, Agreement):
            agrs.append(
                {
                    **base,
                    "date": r.date,
                    "parties": _keys(r.party_places),
                    "areas": _join(r.areas),
                    "status": r.status,
                    "title": r.title,
                    "summary": r.summary,
                    **_audit(r),
                }
            )
            commits.extend(
                {
                    "agreement": r.key,
                    "text": c.text,
                    "area": c.area,
                    "due": c.due,
                    "status": c.status,
                    **_audit(c),
                }
                for c in r.commitments
            )
        elif isinstance(r, Engagement):
            engs.append(
                {
                    **base,
                    "start": r.start,
                    "end": r.end,
                    "parties": _keys(r.party_places),
                    "location": r.location.key if r.location else None,
                    "direction": direction(r, home_id),
                    "mode": mode(r, home_id),
                    "people": _join(
                        [
                            f"{p.person.name} ({p.title})" if p.title else p.person.name
                            for p in r.people
                        ]
                    ),
                    "areas": _join(r.areas),
                    "status": r.status,
                    "title": r.title,
                    **_audit(r),
                }
            )
        elif isinstance(r, Membership):
            mems.append(
                {
                    "key": r.key,
                    "network": r.network.key,
                    "member": r.member.key,
                    "role": r.role,
                    "since": r.since,
                    **_audit(r),
                }
            )
    tables.update(
        relationships=rels, agreements=agrs, commitments=commits, engagements=engs, memberships=mems
    )
    key_of = {r.id: r.key for r in records}
    docs = list(session.scalars(select(Document).order_by(Document.doc_id)))
    doc_of = {d.id: d.doc_id for d in docs}
    tables["documents"] = [
        {
            "doc_id": d.doc_id,
            "title": d.title,
            "source": d.source,
            "published": d.published,
            "lang": d.lang,
            "sha256": d.sha256,
            "home": d.home.key if d.home else None,
        }
        for d in docs
    ]
    tables["evidence"] = sorted(
        (
            {
                "record": key_of[e.record_id],
                "document": doc_of[e.document_id],
                "start": e.start,
                "end": e.end,
                "quote": e.quote,
            }
            for e in session.scalars(select(Evidence))
        ),
        # a total order (spans may share a start): never the order rows were inserted in
        key=lambda r: (r["document"], _span_key(r["start"]), r["record"], _span_key(r["end"])),
    )
    plans = list(session.scalars(select(Plan).order_by(Plan.key)))
    tables["plans"] = [
        {
            "key": p.key,
            "title": p.title,
            "place": p.place.key if p.place else None,
            "start": p.start,
            "end": p.end,
            **_audit(p),
        }
        for p in plans
    ]
    tables["projects"] = [
        {
            "plan": p.key,
            "position": j.position,
            "title": j.title,
            "area": j.area,
            "status": j.status,
            "partner": j.partner.key if j.partner else None,
            "due": j.due,
            "blockers": _join(j.blockers),
            **_audit(j),
        }
        for p in plans
        for j in p.projects
    ]
    for name in ("relationships", "agreements", "engagements", "memberships", "commitments"):
        tables[name].sort(key=lambda r: tuple(str(v) for v in r.values()))
    return tables


def write_csv(session: Session, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in csv_tables(session).items():
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            # a row with a column not named here is an error (ValueError), never dropped
            writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS[name])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


# -- GeoJSON and GraphML -----------------------------------------------------------------
def _point(p: Place) -> dict[str, Any] | None:
    return {"type": "Point", "coordinates": [p.lon, p.lat]} if p.lat is not None else None


def geojson(session: Session) -> dict[str, Any]:
    """Places as points and ties as lines (null geometry where coordinates are unknown)."""
    features: list[dict[str, Any]] = []
    for p in session.scalars(select(Place).order_by(Place.key)):
        features.append(
            {
                "type": "Feature",
                "id": p.key,
                "geometry": _point(p),
                "properties": {
                    "kind": "place",
                    "name": p.name,
                    "country": p.country,
                    "level": p.level,
                },
            }
        )
    for r in sorted(session.scalars(select(Relationship)), key=lambda r: r.key):
        a, b = r.party_places
        line = None
        if a.lat is not None and b.lat is not None:
            line = {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]}
        features.append(
            {
                "type": "Feature",
                "id": r.key,
                "geometry": line,
                "properties": {
                    "kind": "relationship",
                    "type": r.type,
                    "a": a.key,
                    "b": b.key,
                    "since": r.since,
                    "status": r.status,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(session: Session, out: TextIO) -> None:
    json.dump(geojson(session), out, ensure_ascii=False, indent=1)
    out.write("\n")


def graph(session: Session) -> nx.MultiGraph:
    """Places as nodes; ties and network memberships as edges (for networkx and Gephi)."""
    g = nx.MultiGraph()
    for p in session.scalars(select(Place).order_by(Place.key)):
        attrs: dict[str, Any] = {"name": p.name, "country": p.country or "", "level": p.level}
        if p.lat is not None:
            attrs.update(lat=p.lat, lon=p.lon)
        g.add_node(p.key, **attrs)
    edges = session.scalars(
        select(Record).where(Record.kind.in_(["relationship", "membership"])).order_by(Record.key)
    )
    for r in edges:
        if isinstance(r, Relationship):
            a, b = r.party_places
            g.add_edge(
                a.key,
                b.key,
                key=r.key,
                kind="relationship",
                type=r.type,
                since=r.since or "",
                status=r.status,
                review=r.review_state,
            )
        elif isinstance(r, Membership):
            g.add_edge(
                r.member.key,
                r.network.key,
                key=r.key,
                kind="membership",
                type=r.role or "member",
                since=r.since or "",
                review=r.review_state,
            )
    return g


def write_graphml(session: Session, out: Path | TextIO) -> None:
    data = "\n".join(nx.generate_graphml(graph(session))) + "\n"
    if isinstance(out, Path):
        out.write_text(data, encoding="utf-8")
    else:
        out.write(data)


# The formats written to one stream (csv writes a folder: `write_csv`).
STREAM_WRITERS = {
    "json": write_json,
    "jsonl": write_jsonl,
    "geojson": write_geojson,
    "graphml": write_graphml,
}
