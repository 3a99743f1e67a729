"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-22 22:38:36.309049
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("key", name=op.f("uq_places_key")),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_places_review_state"), ["review_state"], unique=False)

    op.create_table(
        "registry_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_registry_settings")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("lang", sa.String(length=3), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("home_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["home_id"], ["places.id"], name=op.f("fk_documents_home_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("doc_id", name=op.f("uq_documents_doc_id")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_published"), ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sha256"), ["sha256"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("affiliation", sa.String(length=300), nullable=True),
        sa.Column("term_start", sa.String(length=10), nullable=True),
        sa.Column("term_end", sa.String(length=10), nullable=True),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_people_place_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("key", name=op.f("uq_people_key")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_place_id"), ["place_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_review_state"), ["review_state"], unique=False)

    op.create_table(
        "place_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("norm", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name=op.f("fk_place_names_place_id_places"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_place_names")),
        sa.UniqueConstraint("place_id", "norm", name=op.f("uq_place_names_place_id")),
    )
    with op.batch_alter_table("place_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_place_names_norm"), ["norm"], unique=False)

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("summary", sa.String(length=4000), nullable=True),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_plans_place_id_places")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("key", name=op.f("uq_plans_key")),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plans_review_state"), ["review_state"], unique=False)

    op.create_table(
        "records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("summary", sa.String(length=4000), nullable=True),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("since", sa.String(length=10), nullable=True),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"], ["places.id"], name=op.f("fk_records_location_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["places.id"], name=op.f("fk_records_member_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["places.id"], name=op.f("fk_records_network_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint("key", name=op.f("uq_records_key")),
    )
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_records_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_location_id"), ["location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_review_state"), ["review_state"], unique=False)
        batch_op.create_index(batch_op.f("ix_records_type"), ["type"], unique=False)

    op.create_table(
        "commitments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=True),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["records.id"],
            name=op.f("fk_commitments_agreement_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitments_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitments_review_state"), ["review_state"], unique=False
        )

    op.create_table(
        "engagement_people",
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["records.id"],
            name=op.f("fk_engagement_people_engagement_id_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_engagement_people_person_id_people")
        ),
        sa.PrimaryKeyConstraint("engagement_id", "position", name=op.f("pk_engagement_people")),
    )
    with op.batch_alter_table("engagement_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_people_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_evidence_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_evidence_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_record_id"), ["record_id"], unique=False)

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.String(length=10), nullable=True),
        sa.Column("blockers", sa.JSON(), nullable=False),
        sa.Column("review_state", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["places.id"], name=op.f("fk_projects_partner_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_projects_plan_id_plans"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_projects_review_state"), ["review_state"], unique=False
        )

    op.create_table(
        "record_areas",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_record_areas_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "area", name=op.f("pk_record_areas")),
    )
    with op.batch_alter_table("record_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_areas_area"), ["area"], unique=False)

    op.create_table(
        "record_parties",
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"], ["places.id"], name=op.f("fk_record_parties_place_id_places")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_record_parties_record_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", "position", name=op.f("pk_record_parties")),
    )
    with op.batch_alter_table("record_parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_parties_place_id"), ["place_id"], unique=False)

    op.create_table(
        "relationship_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relationship_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["relationship_id"],
            ["records.id"],
            name=op.f("fk_relationship_events_relationship_id_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship_events")),
    )
    with op.batch_alter_table("relationship_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relationship_events_relationship_id"), ["relationship_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("relationship_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relationship_events_relationship_id"))

    op.drop_table("relationship_events")
    with op.batch_alter_table("record_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_parties_place_id"))

    op.drop_table("record_parties")
    with op.batch_alter_table("record_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_areas_area"))

    op.drop_table("record_areas")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_review_state"))
        batch_op.drop_index(batch_op.f("ix_projects_plan_id"))

    op.drop_table("projects")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_record_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_document_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("engagement_people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_engagement_people_person_id"))

    op.drop_table("engagement_people")
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitments_review_state"))
        batch_op.drop_index(batch_op.f("ix_commitments_agreement_id"))

    op.drop_table("commitments")
    with op.batch_alter_table("records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_records_type"))
        batch_op.drop_index(batch_op.f("ix_records_review_state"))
        batch_op.drop_index(batch_op.f("ix_records_network_id"))
        batch_op.drop_index(batch_op.f("ix_records_member_id"))
        batch_op.drop_index(batch_op.f("ix_records_location_id"))
        batch_op.drop_index(batch_op.f("ix_records_kind"))

    op.drop_table("records")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plans_review_state"))

    op.drop_table("plans")
    with op.batch_alter_table("place_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_place_names_norm"))

    op.drop_table("place_names")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_review_state"))
        batch_op.drop_index(batch_op.f("ix_people_place_id"))

    op.drop_table("people")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_sha256"))
        batch_op.drop_index(batch_op.f("ix_documents_published"))

    op.drop_table("documents")
    op.drop_table("registry_settings")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_review_state"))
        batch_op.drop_index(batch_op.f("ix_places_country"))

    op.drop_table("places")
