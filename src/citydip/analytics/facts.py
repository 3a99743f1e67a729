"""The analyses' derived tables (store.facts) brought up to date before they are read.

`refresh(session)` recomputes the facts of the records the triggers noted in facts_dirty
since the last refresh (a few after an edit; all of them after a first use, a change of
the home city or of the rules below, or a bulk import of more than `FULL_AT` records):

- `record_facts`, a row a dated-or-not agreement, engagement and membership: kind, review
  state, year (the first four characters of its date as an int, as the trends read them:
  an agreement's date, an engagement's start, a membership's since; None when undated),
  type, `areas` (a bit a cooperation area of the taxonomy: `AREA_BITS`) and `regions`
  (a bit a region of `trends.REGION_BITS` of its partners: parties other than home, and
  an engagement's location other than home); and an engagement's `mode` (multilateral:
  a conference, a partner that is an organization, or three or more party rows besides
  home; else bilateral) and `direction` (unknown: no location or no home; inbound: at
  home; outbound: at a party; else elsewhere), as store.engagements.mode and .direction
  (None for the other kinds);
- `record_places`, a row a place of an agreement or engagement: its parties (n: how many
  times a party) and its location when it is no party (n = 1), with the record's weight
  (health.weight).
- `engagement_pairs`, a row a pair of places (a < b) and review state: the engagements
  linking them, an engagement's places being its `record_places` rows (a pair counted
  n_a × n_b times, as the graph's join of its party rows counts it). It is kept by
  difference: a refresh of some records subtracts the pairs of their old places (read
  from record_places before those rows are deleted) and adds those of the new ones, in
  one upsert a pair; a pair that falls to 0 is deleted.

Where the refresh writes: in the caller's transaction when that has written (so that it
sees its own changes), else in a transaction of its own, committed (the web's sessions are
never committed by a page that only reads; SQLite and PostgreSQL's read-committed reads
see the facts as soon as that commits). On PostgreSQL one refresh runs at a time (an
advisory lock); the noted ids are deleted before their records are read, so that a write
meanwhile notes them again.
"""

from __future__ import annotations

import hashlib
import logging
import time
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

import numpy as np
from sqlalchemy import Connection, Table, delete, select, text
from sqlalchemy.orm import Session

import citydip.store.models  # noqa: F401  (the records table with every kind's columns)
from citydip.analytics.regions import REGIONS
from citydip.analytics.scope import T, home_id
from citydip.store.facts import EngagementPair, FactsDirty, FactsState, RecordFact, RecordPlace
from citydip.store.places import Place
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.taxonomy import load_taxonomy

log = logging.getLogger(__name__)

FACT_KINDS = ("agreement", "engagement", "membership")
PLACE_KINDS = ("agreement", "engagement")
FULL_AT = 100_000  # noted records from which all are recomputed at once
CHUNK = 2000  # ids a query
BATCH = 20_000  # rows an insert
LOCK = 5_280_601  # PostgreSQL advisory lock of the refresh
REGION_BITS: dict[str, int] = {r: 1 << i for i, r in enumerate((*REGIONS, "unknown"))}
COUNTRY_REGIONS: dict[str, str] = {
    code: r for r, codes in REGIONS.items() for code in codes.split()
}


@cache
def area_bits() -> dict[str, int]:
    """A bit a cooperation area of the taxonomy, in its order."""
    return {a: 1 << i for i, a in enumerate(load_taxonomy().codes("cooperation_areas"))}


def _weights() -> tuple[dict[str, float], float, float]:
    from citydip.analytics.health import AGREEMENT_WEIGHT, ENGAGEMENT_WEIGHT, WEIGHTS

    return WEIGHTS, AGREEMENT_WEIGHT, ENGAGEMENT_WEIGHT


@cache
def rules_digest() -> str:
    """A digest of what the facts are computed with (a change recomputes them all)."""
    weights, agreement, engagement = _weights()
    text_ = repr((4, sorted(area_bits().items()), sorted(REGION_BITS.items()),
                  sorted(COUNTRY_REGIONS.items()), sorted(weights.items()), agreement,
                  engagement))  # fmt: skip
    return hashlib.sha256(text_.encode()).hexdigest()[:64]


def year_of(value: Any) -> int | None:
    """The year of a partial ISO date as the trends read it (None: undated)."""
    if not value:
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


def _written(session: Session) -> bool:
    """Whether the session's transaction has written (its own changes must be seen)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        dbapi = conn.connection.dbapi_connection
        return bool(getattr(dbapi, "in_transaction", True))
    if conn.dialect.name == "postgresql":
        return conn.exec_driver_sql("SELECT pg_current_xact_id_if_assigned()").scalar() is not None
    return True


def refresh(session: Session) -> None:
    """Bring the facts up to date (see the module)."""
    session.flush()
    if _written(session):
        _refresh(session)
        return
    bind = session.get_bind()
    with Session(bind=bind) as own, own.begin():
        _refresh(own)


def _refresh(session: Session) -> None:
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK})
    home = home_id(session)
    state = session.get(FactsState, 1)
    stale = state is None or state.home_id != home or state.rules != rules_digest()
    if not stale:
        noted = session.scalar(select(FactsDirty.record_id).limit(1))
        if noted is None:
            return
        count = session.scalar(select(FactsDirty.record_id).offset(FULL_AT).limit(1))
        stale = count is not None
    t0 = time.perf_counter()
    if stale:
        conn.execute(delete(FactsDirty))
        conn.execute(delete(RecordFact))
        conn.execute(delete(RecordPlace))
        conn.execute(delete(EngagementPair))
        pairs = Pairs()
        with _indexes_dropped(conn):
            n = _compute(session, home, None, pairs)
        pairs.apply(conn, fresh=True)
        if state is None:
            session.add(FactsState(id=1, home_id=home, rules=rules_digest()))
        else:
            state.home_id, state.rules = home, rules_digest()
        session.flush()
    else:
        dirty = FactsDirty.record_id
        if conn.dialect.name == "postgresql":
            ids = sorted(conn.execute(delete(FactsDirty).returning(dirty)).scalars())
        else:
            ids = sorted(conn.execute(select(dirty)).scalars())
            conn.execute(delete(FactsDirty))
        n = 0
        pairs = Pairs()
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            _old_pairs(conn, chunk, pairs)
            conn.execute(delete(RecordFact).where(RecordFact.record_id.in_(chunk)))
            conn.execute(delete(RecordPlace).where(RecordPlace.record_id.in_(chunk)))
            n += _compute(session, home, chunk, pairs)
        pairs.apply(conn, fresh=False)
    log.info("facts of %d records computed in %.0f ms", n, (time.perf_counter() - t0) * 1000)


def _rows(session: Session, query: Any, column: Any, ids: list[int] | None) -> Iterator[Any]:
    if ids is not None:
        query = query.where(column.in_(ids))
    yield from session.connection().execute(query.order_by(column))


def _by_record(rows: Iterable[Any]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = {}
    for rid, value in rows:
        found.setdefault(rid, []).append(value)
    return found


def _compute(session: Session, home: int | None, ids: list[int] | None, pairs: Pairs) -> int:
    """Insert the facts of the records `ids` (None: all), their engagements' pairs added to
    `pairs`; the number of records."""
    weights, agreement_w, engagement_w = _weights()
    bits = area_bits()
    place_bit: dict[int, int] = {}
    organizations: set[int] = set()
    for pid, country, level in session.connection().execute(
        select(Place.id, Place.country, Place.level)
    ):
        place_bit[pid] = REGION_BITS[COUNTRY_REGIONS.get(country or "", "unknown")]
        if level == "organization":
            organizations.add(pid)
    records = select(
        Record.id, Record.kind, Record.review_state, T.date, T.start, T.since, Record.type,
        T.location_id,
    ).where(Record.kind.in_(FACT_KINDS))  # fmt: skip
    parties = _by_record(
        _rows(
            session, select(RecordParty.record_id, RecordParty.place_id), RecordParty.record_id, ids
        )  # fmt: skip
    )
    areas = _by_record(
        _rows(session, select(RecordArea.record_id, RecordArea.area), RecordArea.record_id, ids)
    )
    facts: list[tuple[Any, ...]] = []
    places: list[tuple[Any, ...]] = []
    conn = session.connection()
    n = 0
    for rid, kind, state, date, start, since, type_, location in _rows(
        session, records, Record.id, ids
    ):
        n += 1
        on = date if kind == "agreement" else start if kind == "engagement" else since
        year = year_of(on)
        mask = 0
        for area in areas.get(rid, ()):
            mask |= bits.get(area, 0)
        regions = 0
        mine = parties.get(rid, ())
        if kind != "membership":
            for pid in mine:
                if pid != home:
                    regions |= place_bit.get(pid, 0)
            if kind == "engagement" and location is not None and location != home:
                regions |= place_bit.get(location, 0)
            default = agreement_w if kind == "agreement" else engagement_w
            w = weights.get(type_ or "", default)
            counts = Counter(mine)
            if location is not None and location not in counts:
                counts[location] = 1
            for pid, times in counts.items():
                places.append((rid, pid, kind, state, year, w, times))
            if kind == "engagement" and len(counts) > 1:
                pairs.add(state, counts, 1)
        mode = direction = None
        if kind == "engagement":
            mode, direction = (
                _mode(mine, type_, home, organizations),
                _direction(mine, location, home),
            )
        facts.append((rid, kind, state, year, type_, mask, regions, mode, direction))
        if len(facts) >= BATCH:
            _insert(conn, RecordFact, facts)
        if len(places) >= BATCH:
            _insert(conn, RecordPlace, places)
    _insert(conn, RecordFact, facts)
    _insert(conn, RecordPlace, places)
    return n


class Pairs:
    """Changes to engagement_pairs: (review state, place a, place b) → engagements, as
    arrays of keys (a << 32 | b) and signed counts, one per state, summed when applied."""

    def __init__(self) -> None:
        self.keys: dict[str, array[int]] = {}
        self.counts: dict[str, array[int]] = {}

    def add(self, state: str, places: dict[int, int], sign: int) -> None:
        """Every pair of an engagement's places (place → times a party), n_a × n_b times."""
        keys = self.keys.get(state)
        if keys is None:
            keys = self.keys[state] = array("q")
            self.counts[state] = array("q")
        counts = self.counts[state]
        found = sorted(places.items())
        for i, (a, na) in enumerate(found):
            for b, nb in found[i + 1 :]:
                keys.append(a << 32 | b)
                counts.append(sign * na * nb)

    def apply(self, conn: Connection, fresh: bool) -> None:
        """Write the summed changes: inserted into an empty table (`fresh`), else added to
        the pairs' counts (upserts), the pairs that fall to 0 deleted."""
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        table = EngagementPair.__tablename__
        for state, keys in self.keys.items():
            found, inverse = np.unique(np.frombuffer(keys, dtype=np.int64), return_inverse=True)
            sums = np.bincount(
                inverse, weights=np.frombuffer(self.counts[state], dtype=np.int64)
            ).astype(np.int64)
            changed = sums != 0
            heads = (found[changed] >> 32).tolist()
            tails = (found[changed] & 0xFFFFFFFF).tolist()
            rows = list(
                zip([state] * len(heads), heads, tails, sums[changed].tolist(), strict=True)
            )
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                if fresh:
                    conn.exec_driver_sql(
                        f"INSERT INTO {table} (review_state, place_a, place_b, n) "
                        f"VALUES ({mark}, {mark}, {mark}, {mark})",
                        batch,
                    )
                    continue
                conn.exec_driver_sql(
                    f"INSERT INTO {table} (review_state, place_a, place_b, n) "
                    f"VALUES ({mark}, {mark}, {mark}, {mark}) "
                    "ON CONFLICT (review_state, place_a, place_b) "
                    f"DO UPDATE SET n = {table}.n + excluded.n",
                    batch,
                )
                fallen = [row[:3] for row in batch if row[3] < 0]
                if fallen:
                    conn.exec_driver_sql(
                        f"DELETE FROM {table} WHERE review_state = {mark} AND place_a = {mark} "
                        f"AND place_b = {mark} AND n <= 0",
                        fallen,
                    )
        self.keys.clear()
        self.counts.clear()


def _old_pairs(conn: Connection, ids: list[int], pairs: Pairs) -> None:
    """The pairs of the engagements `ids` as record_places holds them still, taken off."""
    rows = conn.execute(
        select(RecordPlace.record_id, RecordPlace.review_state, RecordPlace.place_id, RecordPlace.n)
        .where(RecordPlace.record_id.in_(ids), RecordPlace.kind == "engagement")
        .order_by(RecordPlace.record_id)
    )
    last, state = None, ""
    places: dict[int, int] = {}
    for rid, state_, pid, n in rows:
        if rid != last:
            if len(places) > 1:
                pairs.add(state, places, -1)
            last, state, places = rid, state_, {}
        places[pid] = n
    if len(places) > 1:
        pairs.add(state, places, -1)


def _mode(
    parties: Iterable[int], type_: str | None, home: int | None, organizations: set[int]
) -> str:
    """store.engagements.mode on the party ids."""
    partners = [pid for pid in parties if pid != home]
    if type_ == "conference" or any(pid in organizations for pid in partners):
        return "multilateral"
    return "multilateral" if len(partners) >= 3 else "bilateral"


def _direction(parties: Iterable[int], location: int | None, home: int | None) -> str:
    """store.engagements.direction on the party ids ("unknown" for its None)."""
    if location is None or home is None:
        return "unknown"
    if location == home:
        return "inbound"
    return "outbound" if location in parties else "elsewhere"


def _insert(conn: Connection, model: Any, rows: list[tuple[Any, ...]]) -> None:
    """Rows (tuples in the table's column order) inserted by the driver's executemany
    (no per-row parameter processing), and the list emptied."""
    if not rows:
        return
    table = model.__table__
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(c.name for c in table.columns)
    marks = ", ".join(mark for _ in table.columns)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
    rows.clear()


@contextmanager
def _indexes_dropped(conn: Connection) -> Iterator[None]:
    """The secondary indexes of the facts dropped, and made again after (a bulk load sorts
    once instead of inserting a million entries at random)."""
    tables = [cast(Table, model.__table__) for model in (RecordFact, RecordPlace)]
    indexes = [ix for table in tables for ix in table.indexes]
    for ix in indexes:
        ix.drop(conn)
    yield
    for ix in indexes:
        ix.create(conn)
