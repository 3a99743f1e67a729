"""engagement pairs: the pairs of places engagements link, by review state, with their
count (engagement_pairs, kept by analytics.facts.refresh from record_places)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 14:10:00

Nothing is filled here: the facts' rules digest changed with the table, so the next
refresh recomputes every record's facts and these pairs with them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engagement_pairs",
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("place_a", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("place_b", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "review_state", "place_a", "place_b", name=op.f("pk_engagement_pairs")
        ),
    )


def downgrade() -> None:
    op.drop_table("engagement_pairs")
