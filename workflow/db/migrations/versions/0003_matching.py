"""Matching police lists to the register: trained models, match runs, links with their
evidence, the review queue, remembered review decisions, and the household flags
(offender family, gang-affected family with the member's role) kept beside the lists.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:47:16.338832
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "match_models",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("splink_version", sa.String(length=20), nullable=False),
        sa.Column("em_trained", sa.Boolean(), nullable=False),
        sa.Column("nominals", sa.Integer(), nullable=False),
        sa.Column("register_people", sa.Integer(), nullable=False),
        sa.Column("upper_threshold", sa.Float(), nullable=False),
        sa.Column("lower_threshold", sa.Float(), nullable=False),
        sa.Column("trained_by", sa.String(length=80), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_models")),
        sa.UniqueConstraint("version", name=op.f("uq_match_models_version")),
    )
    op.create_table(
        "match_runs",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("batch_id", BIG_ID, nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counts", JSON_DOC, nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_match_runs_batch_id_import_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_runs")),
    )
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_runs_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "intel_household_flags",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("household_id", BIG_ID, nullable=False),
        sa.Column("person_id", BIG_ID, nullable=False),
        sa.Column("flag", sa.String(length=30), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("harm_band", sa.String(length=10), nullable=True),
        sa.Column("victim_band", sa.String(length=10), nullable=True),
        sa.Column("cohort", sa.String(length=10), nullable=True),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("intel_row_id", sa.Integer(), nullable=False),
        sa.Column("nominal_ref", sa.String(length=40), nullable=False),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_intel_household_flags_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_intel_household_flags_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_household_flags")),
    )
    with op.batch_alter_table("intel_household_flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intel_household_flags_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_household_flags_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "match_links",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("run_id", BIG_ID, nullable=True),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("intel_row_id", sa.Integer(), nullable=False),
        sa.Column("nominal_ref", sa.String(length=40), nullable=False),
        sa.Column("person_id", BIG_ID, nullable=False),
        sa.Column("person_ref", sa.String(length=40), nullable=False),
        sa.Column("household_id", BIG_ID, nullable=True),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=True),
        sa.Column("match_weight", sa.Float(), nullable=True),
        sa.Column("match_probability", sa.Float(), nullable=True),
        sa.Column("evidence", JSON_DOC, nullable=False),
        sa.Column("reviewed_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=80), nullable=True),
        sa.Column("undo_reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_match_links_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_match_links_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["match_runs.id"], name=op.f("fk_match_links_run_id_match_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_links")),
    )
    with op.batch_alter_table("match_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_match_links_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "ix_match_links_pair", ["source_kind", "nominal_ref", "person_ref"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_match_links_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_links_run_id"), ["run_id"], unique=False)

    op.create_table(
        "match_reviews",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("run_id", BIG_ID, nullable=True),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("intel_row_id", sa.Integer(), nullable=False),
        sa.Column("nominal_ref", sa.String(length=40), nullable=False),
        sa.Column("person_id", BIG_ID, nullable=False),
        sa.Column("person_ref", sa.String(length=40), nullable=False),
        sa.Column("household_id", BIG_ID, nullable=True),
        sa.Column("model_version", sa.Integer(), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("match_probability", sa.Float(), nullable=False),
        sa.Column("evidence", JSON_DOC, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_match_reviews_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_match_reviews_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["match_runs.id"], name=op.f("fk_match_reviews_run_id_match_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_reviews")),
    )
    with op.batch_alter_table("match_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_reviews_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_reviews_run_id"), ["run_id"], unique=False)
        batch_op.create_index("ix_match_reviews_status", ["status"], unique=False)

    op.create_table(
        "match_decisions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("nominal_ref", sa.String(length=40), nullable=False),
        sa.Column("person_ref", sa.String(length=40), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("review_id", BIG_ID, nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["match_reviews.id"],
            name=op.f("fk_match_decisions_review_id_match_reviews"),
        ),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_decisions")),
        sa.UniqueConstraint(
            "source_kind",
            "nominal_ref",
            "person_ref",
            name=op.f("uq_match_decisions_source_kind_nominal_ref_person_ref"),
        ),
    )


def downgrade() -> None:
    op.drop_table("match_decisions")
    with op.batch_alter_table("match_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_match_reviews_status")
        batch_op.drop_index(batch_op.f("ix_match_reviews_run_id"))
        batch_op.drop_index(batch_op.f("ix_match_reviews_person_id"))

    op.drop_table("match_reviews")
    with op.batch_alter_table("match_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_links_run_id"))
        batch_op.drop_index(batch_op.f("ix_match_links_person_id"))
        batch_op.drop_index("ix_match_links_pair")
        batch_op.drop_index(batch_op.f("ix_match_links_household_id"))

    op.drop_table("match_links")
    with op.batch_alter_table("intel_household_flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_household_flags_person_id"))
        batch_op.drop_index(batch_op.f("ix_intel_household_flags_household_id"))

    op.drop_table("intel_household_flags")
    with op.batch_alter_table("match_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_runs_batch_id"))

    op.drop_table("match_runs")
    op.drop_table("match_models")
