"""Resolving references to one row: the same place written differently becomes one Place.

An index of every name (and alias) of every place is loaded once per batch, so resolving
100,000 references costs dictionary look-ups, not queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from citydip.schema import PlaceRef, Review
from citydip.store.names import norm_name, place_key
from citydip.store.people import Person
from citydip.store.places import Place, PlaceName

_PLACES: Table = Place.__table__  # type: ignore[assignment]
_NAMES: Table = PlaceName.__table__  # type: ignore[assignment]
_PEOPLE: Table = Person.__table__  # type: ignore[assignment]

# norm_name is pure and a batch meets the same few thousand names again and again
cached_norm = lru_cache(maxsize=1 << 16)(norm_name)


@dataclass
class Stamp:
    """Who and when, for rows written in one batch."""

    user: str
    now: dt.datetime
    review: str = "proposed"

    def audit(self, review: Review | None) -> dict[str, object]:
        if review is None:
            return {"review_state": self.review, "created_by": self.user, "created_at": self.now}
        return {
            "review_state": review.state,
            "created_by": review.created_by or self.user,
            "created_at": review.created_at or self.now,
            "updated_by": review.updated_by,
            "updated_at": review.updated_at,
        }


@dataclass
class _Entry:
    id: int
    key: str
    country: str | None
    level: str
    primary: str  # norm of the place's own name


@dataclass
class PlaceIndex:
    """Finds or creates the Place a reference means."""

    session: Session
    stamp: Stamp
    by_norm: dict[str, list[_Entry]] = field(default_factory=lambda: defaultdict(list))
    names: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    entries: dict[int, _Entry] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    created: int = 0
    pending: list[dict[str, object]] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session, stamp: Stamp) -> PlaceIndex:
        index = cls(session, stamp)
        for pid, key, name, country, level in session.execute(
            select(Place.id, Place.key, Place.name, Place.country, Place.level)
        ):
            index.entries[pid] = _Entry(pid, key, country, level, cached_norm(name))
            index.keys.add(key)
        for pid, norm in session.execute(select(PlaceName.place_id, PlaceName.norm)):
            entry = index.entries.get(pid)
            if entry is None:  # a place another writer committed since the read above
                continue  # (SQLite reads outside a transaction): its unique key still holds
            index.by_norm[norm].append(entry)
            index.names[pid].add(norm)
        return index

    def key_of(self, place_id: int) -> str:
        return self.entries[place_id].key

    def _find(self, ref: PlaceRef, exact: bool) -> _Entry | None:
        if exact:  # a registry's own list: same name, country and level, nothing looser
            level = ref.level or "city"
            found = [
                e
                for e in self.by_norm.get(cached_norm(ref.name), ())
                if e.country == ref.country
                and e.level == level
                and e.primary == cached_norm(ref.name)
            ]
            return min(found, key=lambda e: e.id) if found else None
        for name in (ref.name, *ref.aliases):
            norm = cached_norm(name)
            found = [
                e for e in self.by_norm.get(norm, ()) if ref.level is None or e.level == ref.level
            ]
            if ref.country is not None:  # same country, else a place whose country is unknown
                found = [e for e in found if e.country == ref.country] or [
                    e for e in found if e.country is None
                ]
            elif len(found) > 1:
                found = [e for e in found if e.country is None] or found
            if len(found) > 1:  # a place's own name outranks another's alias
                found = [e for e in found if e.primary == norm] or found
            if len(found) > 1:
                found = [e for e in found if e.level == "city"] or found
            if found:
                return min(found, key=lambda e: e.id)
        return None

    def resolve(self, ref: PlaceRef, *, exact: bool = False) -> int:
        """The id of the place `ref` means, creating it (or adding its new names) as needed.

        `exact=True` matches only a place with the same name, country and level: for a
        registry's own list of places (an export), whose entries are distinct places even
        where they share an alias.
        """
        entry = self._find(ref, exact)
        if entry is None:
            entry = self._create(ref)
        else:
            self._enrich(entry, ref)
        self._add_names(entry, (ref.name, *ref.aliases))
        return entry.id

    def _create(self, ref: PlaceRef) -> _Entry:
        level = ref.level or "city"
        key = base = place_key(ref.name, ref.country, level)
        n = 2
        while key in self.keys:
            key, n = f"{base}-{n}", n + 1
        row = {
            "key": key,
            "name": ref.name,
            "country": ref.country,
            "level": level,
            "lat": ref.lat,
            "lon": ref.lon,
            "geonames_id": ref.geonames_id,
            "updated_by": None,
            "updated_at": None,
            **self.stamp.audit(None),
        }
        place_id = self.session.execute(insert(_PLACES).returning(_PLACES.c.id), [row]).scalar_one()
        entry = _Entry(place_id, key, ref.country, level, cached_norm(ref.name))
        self.entries[place_id] = entry
        self.keys.add(key)
        self.created += 1
        return entry

    def _enrich(self, entry: _Entry, ref: PlaceRef) -> None:
        if ref.lat is None and ref.lon is None and ref.geonames_id is None:
            return
        place = self.session.get(Place, entry.id)
        assert place is not None
        if place.lat is None and place.lon is None and ref.lat is not None:
            place.lat, place.lon = ref.lat, ref.lon
        if place.geonames_id is None and ref.geonames_id is not None:
            place.geonames_id = ref.geonames_id

    def _add_names(self, entry: _Entry, names: tuple[str, ...]) -> None:
        known = self.names[entry.id]
        for name in names:
            norm = cached_norm(name)
            if norm and norm not in known:
                known.add(norm)
                self.by_norm[norm].append(entry)
                self.pending.append({"place_id": entry.id, "name": name, "norm": norm})

    def flush(self) -> None:
        """Write the new names found since the last flush (one statement)."""
        if self.pending:
            self.session.execute(insert(_NAMES), self.pending)
            self.pending = []


@dataclass
class PersonIndex:
    """Finds or creates a Person by name and the place they serve."""

    session: Session
    stamp: Stamp
    ids: dict[str, int] = field(default_factory=dict)
    loaded: bool = False
    pending: dict[str, dict[str, object]] = field(default_factory=dict)

    def resolve(
        self,
        name: str,
        title: str | None,
        place_id: int | None,
        place_key: str | None,
        affiliation: str | None,
        **extra: object,
    ) -> str:
        """The key of the person meant; a new one is created at the next `flush()`."""
        if not self.loaded:
            self.ids = dict(self.session.execute(select(Person.key, Person.id)).all())
            self.loaded = True
        key = f"{cached_norm(name)}@{place_key or cached_norm(affiliation or '')}"
        if key in self.ids or key in self.pending:
            return key
        # The same person already known by the affiliation as written (before the place it
        # names was known under that name): keep one person.
        written = f"{cached_norm(name)}@{cached_norm(affiliation or '')}"
        if place_key and affiliation and (written in self.ids or written in self.pending):
            return written
        self.pending[key] = {
            "key": key,
            "name": name,
            "title": title,
            "place_id": place_id,
            "affiliation": None if place_id else affiliation,
            "term_start": None,
            "term_end": None,
            "updated_by": None,
            "updated_at": None,
            **self.stamp.audit(None),
            **extra,
        }
        return key

    def flush(self) -> None:
        """Create the new people found since the last flush (one statement)."""
        if self.pending:
            rows = list(self.pending.values())
            # a plain executemany, then the ids by key (RETURNING goes row at a time on SQLite)
            self.session.execute(insert(_PEOPLE), rows)
            keys = list(self.pending)
            for i in range(0, len(keys), 500):
                self.ids.update(
                    self.session.execute(
                        select(Person.key, Person.id).where(Person.key.in_(keys[i : i + 500]))
                    ).all()
                )
            self.pending = {}
