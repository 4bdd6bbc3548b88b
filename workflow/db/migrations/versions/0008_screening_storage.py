"""Screening stores a decision only when it differs from the household's last one: each
decision's fingerprint (eligible, criteria met and facts), an index to find every
household's last decision under a rule-set version quickly, and each run's count of the
decisions it stored.

Decisions stored before have no fingerprint; the next screening stores each household's
decision afresh once, then only changes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 22:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "screening_decisions", sa.Column("fingerprint", sa.String(length=32), nullable=True)
    )
    # How many of a run's decisions were new (the rest were as before, and kept).
    op.add_column("screening_runs", sa.Column("decisions_stored", sa.Integer(), nullable=True))
    op.create_index(
        "ix_screening_decisions_version_household",
        "screening_decisions",
        ["ruleset_version_id", "household_id", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_screening_decisions_version_household", table_name="screening_decisions")
    with op.batch_alter_table("screening_decisions") as batch_op:
        batch_op.drop_column("fingerprint")
    with op.batch_alter_table("screening_runs") as batch_op:
        batch_op.drop_column("decisions_stored")
