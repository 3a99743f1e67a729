"""datasets: tie pairs imported from outside the registry, their ties and unresolved names

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "datasets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("licence", sa.String(length=500), nullable=True),
        sa.Column("tie_type", sa.String(length=40), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_datasets")),
        sa.UniqueConstraint("key", name=op.f("uq_datasets_key")),
    )
    op.create_table(
        "dataset_ties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_ties_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["a_id"], ["places.id"], name=op.f("fk_dataset_ties_a_id_places")),
        sa.ForeignKeyConstraint(["b_id"], ["places.id"], name=op.f("fk_dataset_ties_b_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_ties")),
        sa.UniqueConstraint("dataset_id", "a_id", "b_id", name=op.f("uq_dataset_ties_dataset_id")),
    )
    for column in ("dataset_id", "a_id", "b_id"):
        op.create_index(op.f(f"ix_dataset_ties_{column}"), "dataset_ties", [column])
    op.create_table(
        "dataset_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("city", sa.String(length=300), nullable=False),
        sa.Column("country_label", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"],
            ["datasets.id"],
            name=op.f("fk_dataset_names_dataset_id_datasets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_dataset_names_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset_names")),
    )
    op.create_index(op.f("ix_dataset_names_dataset_id"), "dataset_names", ["dataset_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_dataset_names_dataset_id"), table_name="dataset_names")
    op.drop_table("dataset_names")
    for column in ("b_id", "a_id", "dataset_id"):
        op.drop_index(op.f(f"ix_dataset_ties_{column}"), table_name="dataset_ties")
    op.drop_table("dataset_ties")
    op.drop_table("datasets")
