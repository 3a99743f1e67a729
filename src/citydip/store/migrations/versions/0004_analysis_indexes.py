"""analysis indexes: covering indexes of records by scope and date or id, of parties by
record and place, of areas by area and record, and of records by kind, type and date

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 13:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES: list[tuple[str, str, list[str]]] = [
    (
        "ix_records_review_start",
        "records",
        ["kind", "review_state", "start", "type", "location_id"],
    ),
    (
        "ix_records_review_id",
        "records",
        ["kind", "review_state", "id", "start", "type", "location_id"],
    ),
    ("ix_records_kind_type_start", "records", ["kind", "type", "start"]),
    ("ix_record_parties_record_place", "record_parties", ["record_id", "place_id"]),
    ("ix_record_parties_place_record", "record_parties", ["place_id", "record_id"]),
    ("ix_record_areas_area_record", "record_areas", ["area", "record_id"]),
]


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
