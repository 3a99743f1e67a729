"""Writing answers (documents and their records) into the registry, in bulk.

One call writes a batch inside the caller's transaction: the caller commits or rolls back
the whole batch (import is all-or-nothing per file). Records are identified by a content
key, so writing the same answer twice adds nothing, and the same fact from two documents
becomes one record with evidence in both.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    Table,
    any_,
    bindparam,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from citydip.dates import compatible, more_precise
from citydip.errors import InputError
from citydip.schema import (
    AgreementRecord,
    Answer,
    EngagementRecord,
    MembershipRecord,
    PlaceRef,
    PlanEntry,
    RelationshipRecord,
)
from citydip.store.agreements import Commitment
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import EngagementPerson
from citydip.store.names import content_key
from citydip.store.plans import Plan, Project, ProjectUpdate
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import RelationshipEvent
from citydip.store.resolve import PersonIndex, PlaceIndex, Stamp
from citydip.store.resolve import cached_norm as norm_name
from citydip.store.settings import RegistrySetting

log = logging.getLogger(__name__)
CHUNK = 500
ANALYZE_AFTER = 2_000  # new records in one batch
AnyRecord = RelationshipRecord | AgreementRecord | EngagementRecord | MembershipRecord


# The key of the registry's write lock (PostgreSQL advisory lock): "citydip" in ASCII.
WRITE_LOCK = 0x63_69_74_79_64_69_70


def write_lock(session: Session) -> None:
    """Take the registry's write lock for the rest of the session's transaction.

    Writers in parallel (ingest workers) extract at the same time but merge their batches
    one at a time: a batch's merge reads what is stored (places, people, records by key,
    documents by text) and writes what is new, and two merges at once could both find a
    record missing and both add it. The lock is PostgreSQL's transaction-level advisory
    lock, released at commit or rollback; statements after it see what the previous holder
    committed (READ COMMITTED). SQLite has one writer at a time anyway: nothing to take.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))


def _t(model: Any) -> Table:
    return model.__table__


def one_of(session: Session, column: Any, values: list[Any]) -> Any:
    """`column IN values`; on PostgreSQL `= ANY(array)`, one parameter instead of hundreds."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a batch is written.

    A batch holds hundreds of thousands of live objects (validated answers, prepared rows),
    and each full collection walks all of them: with collection on, a third of the time of
    an import went to the collector. Reference counting still frees memory as usual; cycles
    are collected once the batch is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every row the same keys (missing ones None): executemany needs one shape."""
    first = rows[0].keys() if rows else None
    if all(row.keys() == first for row in rows):
        return rows
    keys = dict.fromkeys(k for row in rows for k in row)
    return [{k: row.get(k) for k in keys} for row in rows]


@dataclass
class Prepared:
    """One incoming record, resolved to place ids and ready to write."""

    key: str
    kind: str
    row: dict[str, Any]
    parties: list[int]
    areas: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    people: list[tuple[str, str | None]] = field(default_factory=list)  # person key, title
    people_in: list[tuple[Any, set[int], str | None]] = field(default_factory=list)  # to resolve
    commitments: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class WriteStats:
    documents: int = 0
    places: int = 0
    new: Counter[str] = field(default_factory=Counter)
    merged: Counter[str] = field(default_factory=Counter)
    keys: list[str] = field(default_factory=list)  # the records written, new or merged

    @property
    def records(self) -> int:
        return sum(self.new.values())

    def add(self, other: WriteStats) -> None:
        self.documents += other.documents
        self.places += other.places
        self.new.update(other.new)
        self.merged.update(other.merged)


def home_key(session: Session) -> str | None:
    """The key of the registry's home place (a registry setting)."""
    setting = session.get(RegistrySetting, "home")
    return setting.value if setting else None


class BatchWriter:
    """Resolves and writes a batch of answers; call `write()` once per batch."""

    def __init__(self, session: Session, stamp: Stamp) -> None:
        self.session = session
        self.stamp = stamp
        self._loaded: list[object] = []  # see write()
        self.places = PlaceIndex.load(session, stamp)
        self.people = PersonIndex(session, stamp)
        self.stats = WriteStats()
        self.home = home_key(session)
        self.documents: dict[str, Document] = {}  # by doc_id: the batch's, old and new

    def _hold(self, _session: Session, instance: object) -> None:
        self._loaded.append(instance)

    # -- answers -------------------------------------------------------------------
    def write(self, answers: Iterable[Answer]) -> WriteStats:
        # Rows the batch loads stay loaded until it is written: the session's identity map
        # holds them weakly, and each place a reference resolves to would otherwise be read
        # again (a query per place reference: three quarters of an ingest batch's time).
        event.listen(self.session, "loaded_as_persistent", self._hold)
        try:
            with _gc_paused():
                return self._write(answers)
        finally:
            event.remove(self.session, "loaded_as_persistent", self._hold)
            self._loaded = []

    def _write(self, answers: Iterable[Answer]) -> WriteStats:
        prepared: list[Prepared] = []
        answers = list(answers)
        # The registry's own places, people and plans first, wherever the batch holds them:
        # references resolve against them, so the batch resolves the same when written again.
        for answer in answers:
            self._bundle(answer)
        self._load_documents(answers)
        for answer in answers:
            document = self._document(answer)
            if answer.home:
                self.places.resolve(answer.home)
            # Records are keyed against the home an export shows them under, so export →
            # import gives the same keys: their document's (its first answer's), else the
            # registry's (the bundle's home).
            home = document.home_id if document else None
            home_key_ = self.places.key_of(home) if home else self.home
            for n, record in enumerate(answer.records, start=1):
                where = f"{answer.doc_id + ' ' if answer.doc_id else ''}record {n} ({record.kind})"
                prepared.append(self._prepare(record, document, home_key_, where))
        self._resolve_people(prepared)
        self.session.flush()  # the new documents, in one go: evidence needs their ids
        for p in prepared:
            for ev in p.evidence:
                ev["document_id"] = ev["document_id"].id
        self.places.flush()
        self.people.flush()
        self._write_records(prepared)
        if self.stats.records >= ANALYZE_AFTER and self.session.get_bind().dialect.name == (
            "postgresql"
        ):
            # fresh planner statistics, or the next batch's look-ups scan whole tables
            self.session.execute(text("ANALYZE"))
        self.stats.places = self.places.created
        return self.stats

    def _bundle(self, answer: Answer) -> None:
        for place in answer.places:
            self.places.resolve(place, exact=True)
        for person in answer.people:
            pid = self.places.resolve(person.of) if person.of else None
            self.people.resolve(
                person.name,
                person.title,
                pid,
                self.places.key_of(pid) if pid else None,
                person.affiliation,
                term_start=person.term_start,
                term_end=person.term_end,
                **self.stamp.audit(person.review),
            )
        for plan in answer.plans:
            self._plan(plan)

    def _plan(self, entry: PlanEntry) -> None:
        """A plan by title and owner; a known plan gets the projects it does not have yet."""
        owner = self.places.resolve(entry.of) if entry.of else None
        key = content_key(
            "plan", norm_name(entry.title), self.places.key_of(owner) if owner else ""
        )
        plan = self.session.scalar(select(Plan).where(Plan.key == key))
        if plan is None:
            plan = Plan(
                key=key,
                title=entry.title,
                place_id=owner,
                start=entry.start,
                end=entry.end,
                summary=entry.summary,
                **self.stamp.audit(entry.review),
            )
            self.session.add(plan)
        have = {norm_name(p.title) for p in plan.projects}
        for p in entry.projects:
            if norm_name(p.title) in have:
                continue
            have.add(norm_name(p.title))
            project = Project(
                position=len(plan.projects),
                title=p.title,
                area=p.area,
                status=p.status,
                due=p.due,
                partner_id=self.places.resolve(p.partner) if p.partner else None,
                blockers=list(p.blockers),
                **self.stamp.audit(p.review),
            )
            project.updates.extend(
                ProjectUpdate(
                    date=c.date,
                    status=c.status,
                    previous=c.previous,
                    note=c.note,
                    created_by=c.by or self.stamp.user,
                    created_at=c.at or self.stamp.now,
                )
                for c in p.history
            )
            plan.projects.append(project)

    @staticmethod
    def _doc_id(answer: Answer) -> tuple[str | None, str | None]:
        """The document an answer is about (its doc_id, else its text's hash) and that hash."""
        sha = hashlib.sha256(answer.text.encode("utf-8")).hexdigest() if answer.text else None
        return answer.doc_id or (f"sha256-{sha[:16]}" if sha else None), sha

    def _load_documents(self, answers: list[Answer]) -> None:
        """The batch's documents the registry already holds, in one query per chunk."""
        wanted = sorted({d for d in (self._doc_id(a)[0] for a in answers) if d is not None})
        for i in range(0, len(wanted), CHUNK):
            query = select(Document).where(
                one_of(self.session, Document.doc_id, wanted[i : i + CHUNK])
            )
            self.documents.update((d.doc_id, d) for d in self.session.scalars(query))

    def _document(self, answer: Answer) -> Document | None:
        doc_id, sha = self._doc_id(answer)
        if doc_id is None:
            return None
        doc = self.documents.get(doc_id)
        home = self.places.resolve(answer.home) if answer.home else None
        values = {
            "source": answer.source,
            "title": answer.title,
            "published": answer.published,
            "lang": answer.lang,
            "text": answer.text,
            "sha256": sha,
            "home_id": home,
        }
        if doc is None:
            doc = Document(doc_id=doc_id, created_at=self.stamp.now, **values)
            self.session.add(doc)
            self.documents[doc_id] = doc
            self.stats.documents += 1
        else:
            for name, value in values.items():  # the home stays its first answer's (keys)
                if value is not None and getattr(doc, name) is None and name != "home_id":
                    setattr(doc, name, value)
        return doc

    def prepare(self, rec: AnyRecord, home: str | None = None) -> Prepared:
        """One record resolved against the registry (places and people created as needed)
        but not written: what an edit puts in place of a record's content. `home` is the
        key of the home it is keyed against (its documents'), else the registry's."""
        prepared = self._prepare(rec, None, home or self.home, f"record ({rec.kind})")
        self._resolve_people([prepared])
        self.places.flush()
        self.people.flush()
        return prepared

    def person_id(self, key: str) -> int:
        return self.people.ids[key]

    # -- records -------------------------------------------------------------------
    def _place_ids(self, refs: Sequence[Any]) -> list[int]:
        return list(dict.fromkeys(self.places.resolve(r) for r in refs))

    def _keys(self, ids: Iterable[int], drop: str | None = None) -> list[str]:
        return sorted({self.places.key_of(i) for i in ids} - ({drop} if drop else set()))

    def _prepare(
        self, rec: AnyRecord, doc: Document | None, home: str | None, where: str
    ) -> Prepared:
        row: dict[str, Any] = {"kind": rec.kind, **self.stamp.audit(rec.review)}
        evidence = [
            {"document_id": doc, "start": s.start, "end": s.end, "quote": s.quote}
            for s in rec.evidence
        ] or ([{"document_id": doc, "start": None, "end": None, "quote": None}] if doc else [])
        evidence = [e for e in evidence if e["document_id"] is not None]
        if isinstance(rec, RelationshipRecord):
            parties = self._place_ids(rec.parties)
            if len(parties) != 2:
                same = self.places.key_of(parties[0])
                raise InputError(
                    f"both parties are the same place ({same}): a tie needs two places",
                    record=where,
                    field="parties",
                )
            key = content_key("relationship", rec.type, self._keys(parties))
            row.update(type=rec.type, since=rec.since)
            events = [e.model_dump() for e in rec.events]
            return Prepared(key, rec.kind, row, parties, events=events, evidence=evidence)
        if isinstance(rec, MembershipRecord):
            net = self.places.resolve(_org(rec.network, rec.network_aliases))
            member = self.places.resolve(rec.member)
            key = content_key("membership", self._keys([net]), self._keys([member]), rec.role)
            row.update(network_id=net, member_id=member, role=rec.role, since=rec.since)
            return Prepared(key, rec.kind, row, [], evidence=evidence)
        parties = self._place_ids(rec.parties)
        title = norm_name(rec.title) if rec.title else ""
        # Parties are compared without the home, so a home other than the registry's is part
        # of the key: Busan's MOU with Tokyo is not Seoul's, and a record never merges
        # mentions seen from two homes (export shows it under each, and import must find
        # one key). The registry's own home adds nothing: those keys stay as they were.
        seen_from = [home] if home and home != self.home else []
        row.update(type=rec.type, status=rec.status, title=rec.title, summary=rec.summary)
        if isinstance(rec, AgreementRecord):
            key = content_key(
                "agreement",
                rec.type,
                rec.date,
                rec.status,
                self._keys(parties, home),
                title,
                *seen_from,
            )
            row["date"] = rec.date
            commitments = [
                {
                    "text": c.text,
                    "area": c.area,
                    "due": c.due,
                    "status": c.status,
                    **self.stamp.audit(c.review),
                }
                for c in rec.commitments
            ]
            return Prepared(
                key,
                rec.kind,
                row,
                parties,
                list(rec.areas),
                commitments=commitments,
                evidence=evidence,
            )
        location = self.places.resolve(rec.location) if rec.location else None
        key = content_key(
            "engagement",
            rec.type,
            rec.start,
            rec.end,
            rec.status,
            self._keys(parties, home),
            self.places.key_of(location) if location else "",
            title,
            *seen_from,
        )
        row.update(start=rec.start, end=rec.end, location_id=location)
        doc_places = {*parties, *([location] if location else [])}
        return Prepared(
            key,
            rec.kind,
            row,
            parties,
            list(rec.areas),
            people_in=[(person, doc_places, home) for person in rec.people],
            evidence=evidence,
        )

    def _resolve_people(self, prepared: list[Prepared]) -> None:
        """The people of the batch's engagements, once all its places and their names are
        known: a person's `of` written as a name met later in the batch ("서울특별시" as an
        alias of Seoul) resolves as it will when the batch is read again (export → import)."""
        for p in prepared:
            for person, doc_places, home in p.people_in:
                of = self._person_place(person.of, doc_places, home)
                key = self.people.resolve(
                    person.name,
                    person.title,
                    of,
                    self.places.key_of(of) if of else None,
                    person.of,
                )
                p.people.append((key, person.title))
            p.people_in = []

    def _person_place(self, of: str | None, near: set[int], home: str | None) -> int | None:
        """The place a person's `of` names: one of the record's places or the home city.

        Only these, so the answer depends on the record, not on what else the registry holds.
        """
        if not of:
            return None
        norm = norm_name(of)
        # a place's own name before another's alias, then by key: never by the order the
        # names were met in, which differs between registries (export → import)
        entries = sorted(
            self.places.by_norm.get(norm, ()), key=lambda e: (e.primary != norm, e.key)
        )
        found = [e.id for e in entries]
        near_found = [i for i in found if i in near]
        if near_found:
            return near_found[0]
        at_home = [i for i in found if self.places.key_of(i) == home]
        return at_home[0] if at_home else None

    def _write_records(self, prepared: list[Prepared]) -> None:
        by_key: dict[str, list[Prepared]] = defaultdict(list)
        for p in prepared:
            by_key[p.key].append(p)
        self.stats.keys.extend(by_key)
        ids = self._existing_ids(list(by_key))
        existing = set(ids.values())
        new = [items[0] for key, items in by_key.items() if key not in ids]
        if new:
            self._insert_records(new, ids)
            parties = [
                {"record_id": ids[p.key], "position": n, "place_id": place}
                for p in new
                for n, place in enumerate(p.parties)
            ]
            if parties:
                self.session.execute(insert(_t(RecordParty)), parties)
        for p in new:
            self.stats.new[p.kind] += 1
        for key, items in by_key.items():
            if ids[key] in existing or len(items) > 1:
                self.stats.merged[items[0].kind] += len(items) - (0 if ids[key] in existing else 1)
        self._merge_scalars(by_key, ids, existing)
        self._children(by_key, ids, existing)

    def _insert_records(self, new: list[Prepared], ids: dict[str, int]) -> None:
        """Insert the new records and add their ids to `ids` (by key).

        A plain executemany, then the ids in one range scan of the rows above the highest id
        there was: RETURNING with many rows goes row at a time on SQLite and through a slow
        giant statement on PostgreSQL; and a look-up by key right after the insert can meet a
        plan PostgreSQL cached while the table was empty (a scan per chunk of keys).
        """
        records = _t(Record)
        before = self.session.scalar(select(func.max(records.c.id))) or 0
        self.session.execute(insert(records), _uniform([{"key": p.key, **p.row} for p in new]))
        wanted = {p.key for p in new}
        query = select(records.c.key, records.c.id).where(records.c.id > before)
        ids.update((key, rid) for key, rid in self.session.execute(query) if key in wanted)
        missing = [key for key in wanted if key not in ids]
        if missing:  # not expected (ids only grow), but never guess
            ids.update(self._existing_ids(missing))

    def _existing_ids(self, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for i in range(0, len(keys), CHUNK):
            chunk = keys[i : i + CHUNK]
            found.update(
                self.session.execute(
                    select(_t(Record).c.key, _t(Record).c.id).where(
                        one_of(self.session, _t(Record).c.key, chunk)
                    )
                ).all()
            )
        return found

    def _merge_scalars(
        self, by_key: dict[str, list[Prepared]], ids: dict[str, int], existing: set[int]
    ) -> None:
        """Fill a date that a later mention gives more precisely (e.g. `since`)."""
        col = "since"
        todo = {
            ids[key]: items
            for key, items in by_key.items()
            if col in items[0].row and (ids[key] in existing or len(items) > 1)
        }
        stored: dict[int, str | None] = {}
        record_ids = sorted(todo)
        for i in range(0, len(record_ids), CHUNK):
            chunk = record_ids[i : i + CHUNK]
            query = select(_t(Record).c.id, _t(Record).c[col])
            stored.update(
                self.session.execute(
                    query.where(one_of(self.session, _t(Record).c.id, chunk))
                ).all()
            )
        for rid, items in todo.items():
            current = stored.get(rid)
            best = current
            for p in items:
                if compatible(best, p.row[col]):
                    best = more_precise(best, p.row[col])
            if best != current:
                self.session.execute(
                    update(_t(Record)).where(_t(Record).c.id == rid).values({col: best})
                )

    def _whole_document_evidence(
        self, rows: list[dict[str, Any]], old: _Existing
    ) -> list[dict[str, Any]]:
        """A record's evidence in a document is its sentences, or (when none is known) the
        whole document: never both, whatever order the mentions came in, so that what is
        stored is what an export gives back (export → import is identical)."""
        pairs = _spanless_pairs(old)
        if not pairs:
            return rows
        for rid, doc in sorted(pairs):
            self.session.execute(
                delete(Evidence).where(
                    Evidence.record_id == rid,
                    Evidence.document_id == doc,
                    Evidence.start.is_(None),
                    Evidence.end.is_(None),
                )
            )
        return [
            r
            for r in rows
            if not (
                r["start"] is None
                and r["end"] is None
                and (r["record_id"], r["document_id"]) in pairs
            )
        ]

    def _children(
        self, by_key: dict[str, list[Prepared]], ids: dict[str, int], existing: set[int]
    ) -> None:
        # evidence only in the batch's documents: that is all a batch can add to, and a record
        # seen in thousands of documents would otherwise load thousands of rows per batch
        documents = sorted(
            {ev["document_id"] for items in by_key.values() for p in items for ev in p.evidence}
        )
        old = _Existing.load(self.session, sorted(existing), documents)
        rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key, items in by_key.items():
            rid = ids[key]
            have = old.get(rid)
            for p in items:
                for area in p.areas:
                    if have.add("area", area):
                        rows["area"].append(
                            {"record_id": rid, "area": area, "position": have.next("area")}
                        )
                for ev in p.events:
                    ident = (ev["type"], ev["date"], ev["start"], ev["end"])
                    if have.add("event", ident):
                        rows["event"].append(
                            {"relationship_id": rid, "position": have.next("event"), **ev}
                        )
                for person_key, title in p.people:
                    person = self.people.ids[person_key]
                    if have.add("person", person):
                        rows["person"].append(
                            {
                                "engagement_id": rid,
                                "position": have.next("person"),
                                "person_id": person,
                                "title": title,
                            }
                        )
                for c in p.commitments:
                    if have.add("commitment", norm_name(c["text"])):
                        rows["commitment"].append(
                            {"agreement_id": rid, "position": have.next("commitment"), **c}
                        )
                for ev in p.evidence:
                    if have.add("evidence", (ev["document_id"], ev["start"], ev["end"])):
                        rows["evidence"].append({"record_id": rid, **ev})
        rows["evidence"] = self._whole_document_evidence(rows["evidence"], old)
        tables = {
            "area": RecordArea,
            "event": RelationshipEvent,
            "person": EngagementPerson,
            "commitment": Commitment,
            "evidence": Evidence,
        }
        for name, model in tables.items():
            if rows[name]:
                self.session.execute(insert(_t(model)), _uniform(rows[name]))


def _spanless_pairs(old: _Existing) -> set[tuple[int, int]]:
    """(record, document) pairs that hold a spanned evidence and a span-less one too."""
    pairs: set[tuple[int, int]] = set()
    for rid, have in old.by_record.items():
        seen = have.seen.get("evidence", set())
        spanned = {doc for doc, start, end in seen if start is not None or end is not None}
        pairs.update(
            (rid, doc)
            for doc, start, end in seen
            if start is None and end is None and doc in spanned
        )
    return pairs


def _org(name: str, aliases: list[str]) -> PlaceRef:
    """A network as a place of level organization (its seat unknown)."""
    return PlaceRef(name=name, level="organization", aliases=aliases)


@dataclass
class _Have:
    seen: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))
    count: Counter[str] = field(default_factory=Counter)

    def add(self, what: str, ident: Any) -> bool:
        if ident in self.seen[what]:
            return False
        self.seen[what].add(ident)
        return True

    def next(self, what: str) -> int:
        self.count[what] += 1
        return self.count[what] - 1


@dataclass
class _Existing:
    """What existing records already hold, so merging adds only what is new."""

    by_record: dict[int, _Have] = field(default_factory=dict)

    def get(self, rid: int) -> _Have:
        have = self.by_record.get(rid)
        if have is None:
            have = self.by_record[rid] = _Have()
        return have

    @classmethod
    def load(cls, session: Session, record_ids: list[int], documents: list[int]) -> _Existing:
        """What the records hold; their evidence only in `documents` (the batch's: a batch's
        new evidence is in its own documents, and earlier batches left the others whole)."""
        out = cls()
        queries = {
            "area": (select(RecordArea.record_id, RecordArea.area), RecordArea.record_id),
            "event": (
                select(
                    RelationshipEvent.relationship_id,
                    RelationshipEvent.type,
                    RelationshipEvent.date,
                    RelationshipEvent.start,
                    RelationshipEvent.end,
                ),
                RelationshipEvent.relationship_id,
            ),
            "person": (
                select(EngagementPerson.engagement_id, EngagementPerson.person_id),
                EngagementPerson.engagement_id,
            ),
            "commitment": (
                select(Commitment.agreement_id, Commitment.text),
                Commitment.agreement_id,
            ),
            "evidence": (
                select(Evidence.record_id, Evidence.document_id, Evidence.start, Evidence.end),
                Evidence.record_id,
            ),
        }
        doc_chunks = [documents[i : i + CHUNK] for i in range(0, len(documents), CHUNK)]
        for i in range(0, len(record_ids), CHUNK):
            chunk = record_ids[i : i + CHUNK]
            for what, (query, col) in queries.items():
                wheres = [[one_of(session, col, chunk)]]
                if what == "evidence":
                    wheres = [
                        [one_of(session, col, chunk), one_of(session, Evidence.document_id, d)]
                        for d in doc_chunks
                    ]
                rows = (row for where in wheres for row in session.execute(query.where(*where)))
                for row in rows:
                    rid = cast(int, row[0])
                    rest: list[Any] = list(row[1:])
                    if what == "commitment":
                        ident: Any = norm_name(str(rest[0]))
                    else:
                        ident = rest[0] if len(rest) == 1 else tuple(rest)
                    have = out.get(rid)
                    have.add(what, ident)
                    have.count[what] += 1
        return out
