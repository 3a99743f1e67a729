"""Opening a registry: engine, sessions, SQLite pragmas and automatic schema upgrade."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from citydip.errors import StoreError
from citydip.store import migrate

log = logging.getLogger(__name__)


# Read the file through a memory map (up to 1 GiB of it): an index looked up at random (a
# record's parties, a place) is then read from the OS page cache without a copy into the
# connection's page cache — a third faster for the analyses' look-ups. The page cache itself
# stays at SQLite's default: a larger one makes big sorts slower (measured: 2× for a GROUP
# BY of a million rows with a 256 MB cache).
SQLITE_MMAP_SIZE = 1 << 30


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_SIZE}")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Registry:
    """An open registry: its engine and a session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_registry(url: str, *, upgrade: bool = True) -> Registry:
    """Open (and on first use create or upgrade) the registry at `url`."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        if upgrade and migrate.current_revision(engine) != migrate.HEAD:
            log.info("upgrading registry schema at %s", engine.url)
            migrate.upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot open registry {engine.url!r}: {reason}") from exc
    return Registry(engine, sessionmaker(engine, expire_on_commit=False))


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())
