"""ties by date: an index of records by kind and `since`, so that a list of ties (or
memberships) sorted by the date they began reads a page from the index instead of sorting
every tie

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:35:00
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_records_kind_since", "records", ["kind", "since"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_records_kind_since", table_name="records")
