"""record facts: derived tables of the analyses (record_facts, record_places), the records
whose facts are to be recomputed (facts_dirty, filled by triggers) and facts_state

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:20:00

The triggers note a record's id in facts_dirty whenever its row (the columns the facts
read), its parties or its areas are inserted, changed or deleted, and the ids of a place's
records when its country changes. The facts are computed on first use (no facts_state
row): nothing is filled here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# the columns of records the facts read (kind, review state, dates, type, location)
RECORD_COLUMNS = "kind, review_state, date, start, since, type, location_id"
CHILDREN = ("record_parties", "record_areas")

SQLITE_TRIGGERS = [
    """CREATE TRIGGER tr_facts_records_insert AFTER INSERT ON records BEGIN
        INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (NEW.id); END""",
    f"""CREATE TRIGGER tr_facts_records_update AFTER UPDATE OF {RECORD_COLUMNS} ON records
        BEGIN INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (NEW.id); END""",
    """CREATE TRIGGER tr_facts_records_delete AFTER DELETE ON records BEGIN
        INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (OLD.id); END""",
    *(
        sql
        for table in CHILDREN
        for sql in (
            f"""CREATE TRIGGER tr_facts_{table}_insert AFTER INSERT ON {table} BEGIN
                INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (NEW.record_id); END""",
            f"""CREATE TRIGGER tr_facts_{table}_update AFTER UPDATE ON {table} BEGIN
                INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (OLD.record_id);
                INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (NEW.record_id); END""",
            f"""CREATE TRIGGER tr_facts_{table}_delete AFTER DELETE ON {table} BEGIN
                INSERT OR IGNORE INTO facts_dirty (record_id) VALUES (OLD.record_id); END""",
        )
    ),
    """CREATE TRIGGER tr_facts_places_country AFTER UPDATE OF country ON places
        WHEN OLD.country IS NOT NEW.country BEGIN
        INSERT OR IGNORE INTO facts_dirty (record_id)
            SELECT record_id FROM record_parties WHERE place_id = NEW.id
            UNION SELECT id FROM records WHERE location_id = NEW.id; END""",
]

PG_FUNCTIONS = [
    """CREATE FUNCTION facts_note_record() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            INSERT INTO facts_dirty (record_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
        ELSE
            INSERT INTO facts_dirty (record_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION facts_note_child() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            INSERT INTO facts_dirty (record_id) VALUES (OLD.record_id) ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO facts_dirty (record_id) VALUES (NEW.record_id) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION facts_note_place() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO facts_dirty (record_id)
            SELECT record_id FROM record_parties WHERE place_id = NEW.id
            UNION SELECT id FROM records WHERE location_id = NEW.id
            ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
]
PG_TRIGGERS = [
    """CREATE TRIGGER tr_facts_records_insert AFTER INSERT OR DELETE ON records
        FOR EACH ROW EXECUTE FUNCTION facts_note_record()""",
    f"""CREATE TRIGGER tr_facts_records_update AFTER UPDATE OF {RECORD_COLUMNS} ON records
        FOR EACH ROW EXECUTE FUNCTION facts_note_record()""",
    *(
        f"""CREATE TRIGGER tr_facts_{table} AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION facts_note_child()"""
        for table in CHILDREN
    ),
    """CREATE TRIGGER tr_facts_places_country AFTER UPDATE OF country ON places
        FOR EACH ROW WHEN (OLD.country IS DISTINCT FROM NEW.country)
        EXECUTE FUNCTION facts_note_place()""",
]


def _triggers() -> list[str]:
    if op.get_bind().dialect.name == "postgresql":
        return [*PG_FUNCTIONS, *PG_TRIGGERS]
    return SQLITE_TRIGGERS


def upgrade() -> None:
    op.create_table(
        "record_facts",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("areas", sa.Integer(), nullable=False),
        sa.Column("regions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_record_facts")),
    )
    op.create_index(
        "ix_record_facts_scope_regions",
        "record_facts",
        ["kind", "review_state", "year", "regions"],
        unique=False,
    )
    op.create_index(
        "ix_record_facts_scope_areas",
        "record_facts",
        ["kind", "review_state", "year", "areas", "type"],
        unique=False,
    )
    op.create_table(
        "record_places",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("place_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("record_id", "place_id", name=op.f("pk_record_places")),
    )
    op.create_index(
        "ix_record_places_place_scope",
        "record_places",
        ["place_id", "review_state", "year", "kind", "weight", "n"],
        unique=False,
    )
    op.create_table(
        "facts_dirty",
        sa.Column("record_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_facts_dirty")),
    )
    op.create_table(
        "facts_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=True),
        sa.Column("rules", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facts_state")),
    )
    for sql in _triggers():
        op.execute(sql)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    names = ["tr_facts_records_insert", "tr_facts_records_update", "tr_facts_places_country"]
    if pg:
        names += [f"tr_facts_{t}" for t in CHILDREN]
    else:
        names += ["tr_facts_records_delete"]
        names += [f"tr_facts_{t}_{op_}" for t in CHILDREN for op_ in ("insert", "update", "delete")]
    tables = {"tr_facts_places_country": "places"}
    for name in names:
        if pg:
            table = tables.get(name) or next(
                (t for t in CHILDREN if name.startswith(f"tr_facts_{t}")), "records"
            )
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if pg:
        for fn in ("facts_note_record", "facts_note_child", "facts_note_place"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
    op.drop_table("facts_state")
    op.drop_table("facts_dirty")
    op.drop_index("ix_record_places_place_scope", table_name="record_places")
    op.drop_table("record_places")
    op.drop_index("ix_record_facts_scope_areas", table_name="record_facts")
    op.drop_index("ix_record_facts_scope_regions", table_name="record_facts")
    op.drop_table("record_facts")
