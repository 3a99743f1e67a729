"""Alembic environment: runs on the engine citydip hands over in config.attributes."""

from __future__ import annotations

from alembic import context

from citydip.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - citydip always passes its engine
    raise RuntimeError("run migrations through citydip.store.migrate")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
