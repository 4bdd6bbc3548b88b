"""Matching partner feeds as well as police lists, and offender families from a recent
proven offence: wider list-kind columns (a feed's kind is longer than a list's), and the
household flags gain the date of their evidence (``since``) and a nullable nominal ref
(a flag from an offence names its row, not a nominal).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 14:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KIND_TABLES = ("match_links", "match_reviews", "match_decisions", "intel_household_flags")


def upgrade() -> None:
    for name in KIND_TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column(
                "source_kind",
                existing_type=sa.String(length=20),
                type_=sa.String(length=30),
                existing_nullable=False,
            )
    with op.batch_alter_table("intel_household_flags", schema=None) as batch_op:
        batch_op.add_column(sa.Column("since", sa.Date(), nullable=True))
        batch_op.alter_column("nominal_ref", existing_type=sa.String(length=40), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("intel_household_flags", schema=None) as batch_op:
        batch_op.alter_column("nominal_ref", existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_column("since")
    for name in KIND_TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column(
                "source_kind",
                existing_type=sa.String(length=30),
                type_=sa.String(length=20),
                existing_nullable=False,
            )
