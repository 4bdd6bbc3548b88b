"""Which process is importing a running batch (host, process id, process start time), so
that a batch whose process died is marked failed rather than left running.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("import_batches", sa.Column("worker_host", sa.String(length=100), nullable=True))
    op.add_column("import_batches", sa.Column("worker_pid", sa.Integer(), nullable=True))
    op.add_column("import_batches", sa.Column("worker_started", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_batches") as batch_op:
        batch_op.drop_column("worker_started")
        batch_op.drop_column("worker_pid")
        batch_op.drop_column("worker_host")
