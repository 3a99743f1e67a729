"""Migrations: the migrated schema equals the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from citydip.config import sqlite_url
from citydip.store import migrate
from citydip.store.engine import make_engine, open_registry
from citydip.store.models import Base


def test_migrated_schema_equals_models(db_url):
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def test_head_constant_matches_alembic():
    assert migrate.head_revision() == migrate.HEAD


def test_first_use_creates_and_upgrades(tmp_path):
    url = sqlite_url(tmp_path / "sub" / "new.db")
    registry = open_registry(url)
    assert migrate.current_revision(registry.engine) == migrate.HEAD
    tables = set(inspect(registry.engine).get_table_names())
    assert {"places", "records", "evidence", "documents", "plans"} <= tables
    registry.close()


def test_downgrade_then_upgrade(tmp_path):
    engine = make_engine(sqlite_url(tmp_path / "d.db"))
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert "records" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD
    engine.dispose()
