"""Fixtures: a fresh registry per test, on SQLite and (where reachable) on PostgreSQL.

PostgreSQL: CITYDIP_TEST_PG_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test.
A dedicated database is created for the session and dropped after it. Where the server is
not reachable the PostgreSQL tests skip with a message, except under CI (CI=true), where
they fail: CI must run them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from citydip.config import sqlite_url
from citydip.store import migrate
from citydip.store.engine import Registry, make_engine, open_registry
from citydip.store.registry import ensure_home
from citydip.store.resolve import Stamp
from registry_snapshot import truncate

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
# Generated tests: a developer's run draws new examples (and keeps failures in .hypothesis/);
# CI replays the same ones every time, so that a submission's result does not depend on luck.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def pytest_report_header() -> str:
    return f"shared corpus: {SHARED} ({'found' if SHARED.is_dir() else 'missing'})"


@pytest.fixture
def stamp() -> Stamp:
    return Stamp("tester", NOW)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite registry, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(sqlite_url(path))
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL of the PostgreSQL server the tests use, once it answers (else skip; in CI,
    fail: CI must run the PostgreSQL tests)."""
    base = os.environ.get("CITYDIP_TEST_PG_URL", PG_DEFAULT)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: no server here
        message = f"PostgreSQL not reachable at {base}: {str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must run the PostgreSQL tests)")
        pytest.skip(message)
    finally:
        admin.dispose()
    return base


@pytest.fixture(scope="session")
def pg_urls(pg_server: str) -> Iterator[tuple[str, str]]:
    """Two databases of their own on the PostgreSQL server (a registry and a second one for
    round trips), migrated once and dropped at the end."""
    base = pg_server
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    names = [f"citydip_test_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
    urls = []
    for name in names:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        urls.append(url)
    try:
        yield urls[0], urls[1]
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated registry database, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "registry.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return sqlite_url(path)
    url: str = request.getfixturevalue("pg_urls")[0]
    truncate(url)
    return url


@pytest.fixture
def registry(db_url: str, stamp: Stamp) -> Iterator[Registry]:
    """An empty registry whose home city is Seoul, KR."""
    reg = open_registry(db_url)
    with reg.session() as session:
        ensure_home(session, "Seoul,KR", stamp)
    yield reg
    reg.close()


@pytest.fixture
def empty_registry(
    request: pytest.FixtureRequest, db_url: str, tmp_path: Path, stamp: Stamp
) -> Iterator[Callable[[], Registry]]:
    """Opens a second registry on the same backend as `registry`, emptied on every call."""
    opened: list[Registry] = []

    def make() -> Registry:
        if db_url.startswith("sqlite"):
            path = tmp_path / f"other-{uuid.uuid4().hex[:8]}.db"
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
            url = sqlite_url(path)
        else:
            url = request.getfixturevalue("pg_urls")[1]
            truncate(url)
        reg = open_registry(url)
        with reg.session() as session:
            ensure_home(session, "Seoul,KR", stamp)
        opened.append(reg)
        return reg

    yield make
    for reg in opened:
        reg.close()


@pytest.fixture(scope="session")
def seed_gold() -> list[Path]:
    files = sorted((SHARED / "corpus" / "seeds").glob("*.gold.json"))
    if not files:
        pytest.skip(f"no seed corpus at {SHARED}")
    return files


@pytest.fixture(scope="session")
def all_gold(seed_gold: list[Path]) -> list[Path]:
    return seed_gold + sorted((SHARED / "corpus" / "dev").glob("*/*.gold.json"))
