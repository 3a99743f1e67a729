"""Results of the views' aggregate reads, kept until the registry changes.

A dashboard over a million engagements is seconds of GROUP BY; it changes only when someone
writes. So a result is kept with the registry's *generation* at the time it was read, and
served again while the generation is the same and the result is younger than `max_age`:

- the generation counts the commits that wrote to the registry's records, places or
  documents through its engine (every session and Core statement of this process does:
  edits, reviews, imports, background extraction jobs; a sign-in or a token's use does not);
- `max_age` bounds how long a write by another process (a CLI import while the server
  runs, the other worker of `citydip serve --workers 2`) can go unseen.

One caller computes a missing result while the others wanting the same one wait for it
(no stampede of identical GROUP BYs under load). A result that is only *old* (no write
through this engine since it was read) is read again by one caller while the others are
served it as it is, without waiting (stale-while-revalidate: an expiry no longer stalls
every request for the seconds a dashboard takes under load); so a write by another process
shows within `max_age` plus one recomputation. A result read before a write through this
engine is never served after it: its callers wait for the new one.

A view kept as serialised bytes is kept as `Encoded`: the bytes, their digest, and their
gzip made once, by the first caller that asks for it (not once per request: the map of
the issue-4 registry is 7.3 MB of JSON, 0.87 MB gzipped at level 6 in 73 ms of CPU).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
V = TypeVar("V")
_WROTE = "citydip_view_cache_wrote"
_WRITES = ("insert", "update", "delete", "replace", "merge", "copy", "truncate", "alter", "drop")
# writes to these tables change no view (a token's last use, a job's progress, a sign-in;
# the records' facts, derived from what the views read: analytics.facts)
_UNSEEN = frozenset(
    {"api_tokens", "users", "jobs", "alembic_version", "record_facts", "record_places",
     "facts_dirty", "facts_state"}
)  # fmt: skip
_CTE_WRITE = re.compile(r"\b(?:insert|update|delete)\b", re.IGNORECASE)
_TARGET = re.compile(
    r"^\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+[\"`]?(\w+)", re.IGNORECASE
)


# gzip level of a kept view: 6 makes the map 11.9 % of its JSON in 73 ms of CPU, 1 makes it
# 14.4 % in 25 ms and 9 makes it 11.7 % in 217 ms (docs/benchmarks/web.md, 2026-12-03)
GZIP_LEVEL = 6


def compress(data: bytes) -> bytes:
    """`data` gzipped at GZIP_LEVEL, with no timestamp (the same bytes, the same gzip)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


class Encoded:
    """A view's serialised bytes, their digest (hex, 32 characters), and their gzip, made
    once on first ask (callers asking meanwhile wait for that one compression)."""

    __slots__ = ("_gzip", "_lock", "digest", "plain")

    def __init__(self, plain: bytes) -> None:
        self.plain = plain
        self.digest = hashlib.blake2b(plain, digest_size=16).hexdigest()
        self._gzip: bytes | None = None
        self._lock = threading.Lock()

    def gzip(self) -> bytes:
        if self._gzip is None:
            with self._lock:
                if self._gzip is None:
                    self._gzip = compress(self.plain)
        return self._gzip

    @property
    def nbytes(self) -> int:
        """The bytes kept: the plain ones, and the gzip once made."""
        return len(self.plain) + len(self._gzip or b"")


def sizeof(value: Any) -> int:
    """What a kept value counts towards `max_bytes`: bytes and `Encoded` their size when
    kept (a gzip made later is not counted: about an eighth of its JSON); others nothing."""
    if isinstance(value, bytes):
        return len(value)
    return value.nbytes if isinstance(value, Encoded) else 0


def changes_views(statement: str) -> bool:
    """Whether a statement writes to a table the views read (unsure: yes)."""
    head = statement.lstrip()[:8].lower()
    if head.startswith("with"):  # a CTE may end in a write
        return _CTE_WRITE.search(statement) is not None
    if not head.startswith(_WRITES):
        return False
    target = _TARGET.match(statement)
    return not (target and target.group(1).lower() in _UNSEEN)


@dataclass
class _Entry:
    generation: int
    at: float
    value: Any
    nbytes: int = 0  # sizeof(value) when kept


@dataclass
class _State:
    """What is known of one engine's registry."""

    generation: int = 0
    entries: OrderedDict[Hashable, _Entry] = field(default_factory=OrderedDict)
    locks: dict[Hashable, threading.Lock] = field(default_factory=dict)
    nbytes: int = 0


class ViewCache:
    def __init__(self, max_age: float = 60.0, size: int = 256, max_bytes: int = 64 * 2**20) -> None:
        self.max_age = max_age
        self.size = size
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._states: weakref.WeakKeyDictionary[Engine, _State] = weakref.WeakKeyDictionary()

    # -- the generation ------------------------------------------------------------------
    def _state(self, engine: Engine) -> _State:
        with self._lock:
            state = self._states.get(engine)
            if state is None:
                state = self._states[engine] = _State()
                self._watch(engine, state)
            return state

    def _watch(self, engine: Engine, state: _State) -> None:
        def executed(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
            if changes_views(statement):
                conn.info[_WROTE] = True

        def committed(conn: Connection) -> None:
            if conn.info.pop(_WROTE, False):
                with self._lock:
                    state.generation += 1

        def rolled_back(conn: Connection) -> None:
            conn.info.pop(_WROTE, None)

        event.listen(engine, "after_cursor_execute", executed)
        event.listen(engine, "commit", committed)
        event.listen(engine, "rollback", rolled_back)

    def generation(self, engine: Engine) -> int:
        return self._state(engine).generation

    # -- results -----------------------------------------------------------------------------
    def get(self, session: Session, key: Hashable, compute: Callable[[Session], V]) -> V:
        """The result of `compute(session)` for `key`, computed again only when stale."""
        engine = session.get_bind()
        assert isinstance(engine, Engine), "a view cache needs a session bound to an engine"
        state = self._state(engine)
        found, fresh = self._current(state, key)
        if found is not None and fresh:
            return found.value
        with self._lock:
            key_lock = state.locks.setdefault(key, threading.Lock())
        if found is not None:  # only old: one caller reads it again, the others take it as is
            if not key_lock.acquire(blocking=False):
                return found.value
            try:
                return self._refresh(state, key, session, compute)
            finally:
                key_lock.release()
        with key_lock:  # missing, or read before a write: everyone waits for the new one
            return self._refresh(state, key, session, compute)

    def _refresh(
        self, state: _State, key: Hashable, session: Session, compute: Callable[[Session], V]
    ) -> V:
        """Compute the result of `key` (holding its lock), unless a caller just did."""
        found, fresh = self._current(state, key)
        if found is not None and fresh:  # computed by another caller meanwhile
            return found.value
        generation = state.generation  # before reading: a write meanwhile makes it stale
        t0 = time.perf_counter()
        value = compute(session)
        log.debug("view %r computed in %.0f ms", key, (time.perf_counter() - t0) * 1000)
        nbytes = sizeof(value)
        with self._lock:
            replaced = state.entries.pop(key, None)
            state.nbytes -= replaced.nbytes if replaced else 0
            state.entries[key] = _Entry(generation, time.monotonic(), value, nbytes)
            state.nbytes += nbytes
            while len(state.entries) > 1 and (
                len(state.entries) > self.size or state.nbytes > self.max_bytes
            ):
                old, dropped = state.entries.popitem(last=False)
                state.nbytes -= dropped.nbytes
                state.locks.pop(old, None)
        return value

    def _current(self, state: _State, key: Hashable) -> tuple[_Entry | None, bool]:
        """The entry of `key` if no write happened since it was read (else None), and
        whether it is younger than `max_age`."""
        with self._lock:
            entry = state.entries.get(key)
            if entry is None or entry.generation != state.generation:
                return None, False
            state.entries.move_to_end(key)
            return entry, time.monotonic() - entry.at <= self.max_age

    def clear(self) -> None:
        with self._lock:
            self._states = weakref.WeakKeyDictionary()


# The views' cache of this process (filled on first use; nothing is read at import).
views_cache = ViewCache()
# Whether a list (a record kind and its filters) has more matches than listing.COUNT_CAP:
# small entries, many of them (one a filter), kept apart so they never push a view out.
counts_cache = ViewCache(size=4096)
