"""engagement mode facts: an engagement's mode and direction in record_facts (with an
index by scope, year, mode and direction), and the facts of a place's records noted when
its level changes (an organization makes an engagement multilateral)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:20:00

Nothing is filled here: the facts' rules digest changed with the columns, so the next
refresh recomputes every record's facts.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE_TRIGGER = """CREATE TRIGGER tr_facts_places_level AFTER UPDATE OF level ON places
    WHEN OLD.level IS NOT NEW.level BEGIN
    INSERT OR IGNORE INTO facts_dirty (record_id)
        SELECT record_id FROM record_parties WHERE place_id = NEW.id
        UNION SELECT id FROM records WHERE location_id = NEW.id; END"""
PG_TRIGGER = """CREATE TRIGGER tr_facts_places_level AFTER UPDATE OF level ON places
    FOR EACH ROW WHEN (OLD.level IS DISTINCT FROM NEW.level)
    EXECUTE FUNCTION facts_note_place()"""


def upgrade() -> None:
    with op.batch_alter_table("record_facts") as batch:
        batch.add_column(sa.Column("mode", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("direction", sa.String(length=12), nullable=True))
    op.create_index(
        "ix_record_facts_scope_mode",
        "record_facts",
        ["kind", "review_state", "year", "mode", "direction"],
        unique=False,
    )
    pg = op.get_bind().dialect.name == "postgresql"
    op.execute(PG_TRIGGER if pg else SQLITE_TRIGGER)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    op.execute("DROP TRIGGER IF EXISTS tr_facts_places_level" + (" ON places" if pg else ""))
    op.drop_index("ix_record_facts_scope_mode", table_name="record_facts")
    with op.batch_alter_table("record_facts") as batch:
        batch.drop_column("direction")
        batch.drop_column("mode")
