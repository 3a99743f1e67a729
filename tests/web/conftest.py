"""The web app over the demo registry (the same data as `citydip demo`), on both backends.

The demo registry is built once per session (reviewed answers imported, three documents
extracted into proposed records, one user per role) and copied for each test: a file copy
on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from citydip.config import Settings, sqlite_url
from citydip.exchange.importer import import_files
from citydip.ingest import ingest
from citydip.sample import demo_split, sample_files
from citydip.services import accounts
from citydip.store import migrate
from citydip.store.engine import Registry, make_engine, open_registry
from citydip.store.registry import ensure_home
from citydip.store.resolve import Stamp

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
PASSWORDS = {"viewer": "viewer-pass-1", "editor": "editor-pass-1", "admin": "admin-pass-1"}


def build_demo(url: str) -> None:
    reg = open_registry(url)
    stamp = Stamp("tester", NOW)
    with reg.session() as session:
        ensure_home(session, "Seoul,KR", stamp)
    with sample_files() as files:
        reviewed, fresh = demo_split(files)
        summary = import_files(reg, reviewed, Stamp("tester", NOW, "accepted"), 10**8)
        assert not summary.failed
        ingested = ingest(reg, fresh, stamp)
        assert not ingested.failures and ingested.documents == len(fresh)
    with reg.session() as session:
        for role, password in PASSWORDS.items():
            accounts.add_user(session, role, password, role)
    reg.close()


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copy(sqlite_template, path)
    build_demo(sqlite_url(path))
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_pg(pg_server: str) -> Iterator[tuple[str, str]]:
    """(server URL, name of a demo database to copy); the copies are dropped at the end."""
    base = pg_server
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"citydip_demo_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    build_demo(url)
    try:
        yield base, name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _pg_copy(base: str, template: str) -> str:
    name = f"{template}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def _pg_drop(base: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def web_registry(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Registry]:
    """A fresh copy of the demo registry, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "demo.db"
        shutil.copy(request.getfixturevalue("demo_sqlite"), path)
        reg = open_registry(sqlite_url(path))
        yield reg
        reg.close()
        return
    base, template = request.getfixturevalue("demo_pg")
    url = _pg_copy(base, template)
    reg = open_registry(url)
    try:
        yield reg
    finally:
        reg.close()
        _pg_drop(base, url)


@pytest.fixture
def web_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, secret_key="test-secret-key", database_url=None)


@pytest.fixture
def app(web_settings: Settings, web_registry: Registry) -> Iterator[FastAPI]:
    from citydip.web.app import create_app

    web = create_app(web_settings, web_registry)
    yield web
    web.state.jobs.shutdown(wait=True)


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, role: str) -> TestClient:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": role, "password": PASSWORDS[role], "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    client.headers["X-CSRF-Token"] = csrf_of(client.get("/login").text)
    return client


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[Callable[[str | None], TestClient]]:
    """A browser-like client: signed in as 'viewer', 'editor' or 'admin', or (None) not."""
    clients: list[TestClient] = []

    def make(role: str | None) -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        clients.append(client)
        return sign_in(client, role) if role else client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def token_for(app: FastAPI, web_registry: Registry) -> Callable[[str], dict[str, str]]:
    """Authorization headers with an API token of the user of a role."""

    def make(role: str) -> dict[str, str]:
        with web_registry.session() as session:
            user = accounts.get_user(session, role)
            assert user is not None
            _, token = accounts.make_token(session, user, "tests")
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    """A client with no session (send a token in headers)."""
    with TestClient(app, base_url="http://testserver") as client:
        yield client
