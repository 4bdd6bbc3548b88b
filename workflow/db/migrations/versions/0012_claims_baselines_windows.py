"""Payment-by-results claims: baselines, claim windows, claims and their history.

- ``claim_baselines``: what a family was identified with when it was attached (one per
  episode and phase);
- ``claim_windows``: a claim round's dates, phase and its own copy of the amounts table;
- ``claims``: at most one live claim per household, phase and kind (a partial unique
  index: a rejected claim frees its place); the approver is never the preparer, a paid
  amount never more than the claim (check constraints);
- ``claim_transitions``: every move of a claim's status.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 23:10:39.920362
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_windows",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column(
            "amounts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("results_rules", sa.String(length=120), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("export_path", sa.String(length=500), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "closes_on >= opens_on", name=op.f("ck_claim_windows_closes_after_opening")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_windows")),
    )
    with op.batch_alter_table("claim_windows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_windows_phase"), ["phase"], unique=False)

    op.create_table(
        "claim_baselines",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "episode_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("attached_on", sa.Date(), nullable=False),
        sa.Column("eligibility_rules", sa.String(length=120), nullable=False),
        sa.Column("results_rules", sa.String(length=120), nullable=False),
        sa.Column(
            "identified",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "figures",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "benefits",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "evidence",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("taken_by", sa.String(length=80), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_claim_baselines_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_claim_baselines_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_baselines")),
        sa.UniqueConstraint("episode_id", "phase", name="uq_claim_baselines_episode"),
    )
    with op.batch_alter_table("claim_baselines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_baselines_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "claims",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "window_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "baseline_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("paid_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column(
            "assessment",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "evidence",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("prepared_by", sa.String(length=80), nullable=False),
        sa.Column("approved_by", sa.String(length=80), nullable=True),
        sa.Column("override_by", sa.String(length=80), nullable=True),
        sa.Column("override_reason", sa.String(length=500), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_claims_amount_not_negative")),
        sa.CheckConstraint(
            "approved_by IS NULL OR approved_by <> prepared_by",
            name=op.f("ck_claims_approver_not_preparer"),
        ),
        sa.CheckConstraint(
            "override_by IS NULL OR override_reason IS NOT NULL",
            name=op.f("ck_claims_override_has_reason"),
        ),
        sa.CheckConstraint(
            "paid_amount IS NULL OR paid_amount <= amount",
            name=op.f("ck_claims_paid_within_amount"),
        ),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["claim_baselines.id"],
            name=op.f("fk_claims_baseline_id_claim_baselines"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_claims_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["window_id"], ["claim_windows.id"], name=op.f("fk_claims_window_id_claim_windows")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_household_id"), ["household_id"], unique=False)
        batch_op.create_index("ix_claims_window_state", ["window_id", "state"], unique=False)
        batch_op.create_index(
            "uq_claims_one_per_family",
            ["household_id", "phase", "kind"],
            unique=True,
            sqlite_where=sa.text("state <> 'rejected'"),
            postgresql_where=sa.text("state <> 'rejected'"),
        )

    op.create_table(
        "claim_transitions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("claim_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=True),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("actor_roles", sa.String(length=120), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_transitions_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_transitions")),
    )
    with op.batch_alter_table("claim_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_transitions_claim_id"), ["claim_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_transitions_claim_id"))

    op.drop_table("claim_transitions")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_claims_one_per_family",
            sqlite_where=sa.text("state <> 'rejected'"),
            postgresql_where=sa.text("state <> 'rejected'"),
        )
        batch_op.drop_index("ix_claims_window_state")
        batch_op.drop_index(batch_op.f("ix_claims_household_id"))

    op.drop_table("claims")
    with op.batch_alter_table("claim_baselines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_baselines_household_id"))

    op.drop_table("claim_baselines")
    with op.batch_alter_table("claim_windows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_windows_phase"))

    op.drop_table("claim_windows")
