"""Police lists keep partial identities and carry addresses (issue #13): a nominal's
forename, surname and date of birth may be missing, a date of birth that cannot exist is
kept as written, and a nominal may give a house number, street, address line and locality.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 23:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("intel_gangs_matrix", "intel_iom_cohort")
ADDED = (
    ("date_of_birth_as_written", 100),
    ("house_number", 20),
    ("street", 200),
    ("address_line1", 200),
    ("locality", 100),
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            for name in ("forename", "surname"):
                batch_op.alter_column(name, existing_type=sa.String(length=100), nullable=True)
            batch_op.alter_column("date_of_birth", existing_type=sa.Date(), nullable=True)
            for name, width in ADDED:
                batch_op.add_column(sa.Column(name, sa.String(length=width), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            for name, _ in reversed(ADDED):
                batch_op.drop_column(name)
            batch_op.alter_column("date_of_birth", existing_type=sa.Date(), nullable=False)
            for name in ("surname", "forename"):
                batch_op.alter_column(name, existing_type=sa.String(length=100), nullable=False)
