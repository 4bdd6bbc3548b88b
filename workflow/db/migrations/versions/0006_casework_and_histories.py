"""Room for the heart: who did what as which roles, back-dated history, an import batch's
history of statuses, and the casework the lifecycle's guards read (champions, case
records, approvals).

- ``audit_events.actor_roles`` and ``household_transitions.actor_roles``: the roles the
  acting person held (or ``system`` for a named job);
- ``household_transitions.effective_on``: the day a back-dated move took effect;
- ``batch_transitions``: the append-only history of every import batch's status;
- ``champion_assignments`` (at most one active per household, a partial unique index),
  ``case_records`` and ``approvals`` (the approver is never the requester, a check).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
UTC = sa.DateTime(timezone=True)


def _history_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("from_state", sa.String(length=32), nullable=True),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("actor_roles", sa.String(length=120), nullable=True),
        sa.Column("at", UTC, nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("detail", JSON_DOC, nullable=False),
    ]


def upgrade() -> None:
    # Plain ADD COLUMN (no table copy): the append-only triggers stay in place.
    op.add_column("audit_events", sa.Column("actor_roles", sa.String(length=120), nullable=True))
    op.add_column(
        "household_transitions", sa.Column("actor_roles", sa.String(length=120), nullable=True)
    )
    op.add_column("household_transitions", sa.Column("effective_on", sa.Date(), nullable=True))

    op.create_table(
        "batch_transitions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("batch_id", BIG_ID, nullable=False),
        *_history_columns(),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_batch_transitions_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_transitions")),
    )
    op.create_index(op.f("ix_batch_transitions_batch_id"), "batch_transitions", ["batch_id"])
    _make_append_only("batch_transitions")

    op.create_table(
        "champion_assignments",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("household_id", BIG_ID, nullable=False),
        sa.Column("episode_id", BIG_ID, nullable=False),
        sa.Column("staff_id", BIG_ID, nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.Column("over_capacity_reason", sa.String(length=500), nullable=True),
        sa.Column("weight", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("assigned_by", sa.String(length=80), nullable=False),
        sa.Column("ended_by", sa.String(length=80), nullable=True),
        sa.Column("proposal_id", BIG_ID, nullable=True),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.Column("ended_recorded_at", UTC, nullable=True),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_champion_assignments_ends_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_champion_assignments_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_champion_assignments_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_champion_assignments_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_champion_assignments")),
    )
    for column in ("household_id", "episode_id", "staff_id"):
        op.create_index(op.f(f"ix_champion_assignments_{column}"), "champion_assignments", [column])
    op.create_index(
        "uq_champion_assignments_one_active",
        "champion_assignments",
        ["household_id"],
        unique=True,
        sqlite_where=sa.text("ended_on IS NULL"),
        postgresql_where=sa.text("ended_on IS NULL"),
    )

    op.create_table(
        "case_records",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("household_id", BIG_ID, nullable=False),
        sa.Column("episode_id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("detail", JSON_DOC, nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_case_records_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_case_records_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_records")),
    )
    op.create_index(op.f("ix_case_records_household_id"), "case_records", ["household_id"])
    op.create_index("ix_case_records_episode_kind", "case_records", ["episode_id", "kind"])

    op.create_table(
        "approvals",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("household_id", BIG_ID, nullable=False),
        sa.Column("episode_id", BIG_ID, nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("requested_at", UTC, nullable=False),
        sa.Column("request_reason", sa.String(length=500), nullable=False),
        sa.Column("detail", JSON_DOC, nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", UTC, nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "decided_by IS NULL OR decided_by <> requested_by",
            name=op.f("ck_approvals_not_own_request"),
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_approvals_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_approvals_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    op.create_index(op.f("ix_approvals_household_id"), "approvals", ["household_id"])
    op.create_index("ix_approvals_episode_action", "approvals", ["episode_id", "action"])


def downgrade() -> None:
    op.drop_table("approvals")
    op.drop_table("case_records")
    op.drop_index("uq_champion_assignments_one_active", table_name="champion_assignments")
    op.drop_table("champion_assignments")
    _drop_append_only("batch_transitions")
    op.drop_table("batch_transitions")
    # On SQLite dropping a column copies the table, which loses its triggers: put them back.
    for table, columns in (
        ("household_transitions", ("effective_on", "actor_roles")),
        ("audit_events", ("actor_roles",)),
    ):
        _drop_append_only(table)
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
        _make_append_only(table)


def _make_append_only(table: str) -> None:
    refusal = f"{table} is append-only: rows cannot be changed or deleted"
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{refusal}'); END"
            )
        return
    op.execute(
        f"CREATE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{refusal}'; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()"
    )


def _drop_append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {table}_refuse_change()")
