"""Staff can hold several roles (``keyworker,manager``) and leave: the roles column is
wider, and a leaver keeps the day they left and why (their history stays theirs).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.alter_column(
            "role", existing_type=sa.String(length=20), type_=sa.String(length=120)
        )
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("left_reason", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("left_reason")
        batch_op.drop_column("left_on")
        batch_op.alter_column(
            "role", existing_type=sa.String(length=120), type_=sa.String(length=20)
        )
