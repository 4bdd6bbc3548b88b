"""The heart's tables: pathway tiers' history, enforcement overlays, keyworker tasks and
allocation proposals, and why a household's strand is what it is.

- ``tier_transitions``: the append-only history of tier moves (bronze to intensive);
- ``enforcement_overlays``: enforcement alongside support, with its agency;
- ``keyworker_tasks``: what is due for a family, for whom, by when (one open task of a rule
  per episode: a partial unique index);
- ``allocation_proposals`` and their items: an optimised assignment of champions, stored
  for a manager to accept, edit or reject;
- ``household_episodes.strand_reason`` and ``strand_set_by``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 19:22:22.501637
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "allocation_proposals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("greedy_score", sa.Float(), nullable=False),
        sa.Column("families", sa.Integer(), nullable=False),
        sa.Column("unassigned", sa.Integer(), nullable=False),
        sa.Column("greedy_unassigned", sa.Integer(), nullable=False),
        sa.Column("workers_over_90", sa.Integer(), nullable=False),
        sa.Column("greedy_workers_over_90", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_proposals")),
    )
    op.create_table(
        "allocation_proposal_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "proposal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "previous_staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "reasons",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("edited_by", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_allocation_proposal_items_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["previous_staff_id"],
            ["staff.id"],
            name=op.f("fk_allocation_proposal_items_previous_staff_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["allocation_proposals.id"],
            name=op.f("fk_allocation_proposal_items_proposal_id_allocation_proposals"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_allocation_proposal_items_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_proposal_items")),
    )
    with op.batch_alter_table("allocation_proposal_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_allocation_proposal_items_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "enforcement_overlays",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "episode_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("agency", sa.String(length=30), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_enforcement_overlays_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_enforcement_overlays_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enforcement_overlays")),
    )
    with op.batch_alter_table("enforcement_overlays", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enforcement_overlays_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "tier_transitions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "episode_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
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
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_tier_transitions_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_tier_transitions_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_transitions")),
    )
    with op.batch_alter_table("tier_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tier_transitions_episode_id"), ["episode_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tier_transitions_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "keyworker_tasks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "episode_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("task", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("assignee_role", sa.String(length=20), nullable=False),
        sa.Column(
            "assignee_staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("overdue_since", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("completed_by_kind", sa.String(length=30), nullable=True),
        sa.Column("dedupe_key", sa.String(length=60), nullable=True),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_by", sa.String(length=80), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "done_record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("cancelled_reason", sa.String(length=500), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["assignee_staff_id"],
            ["staff.id"],
            name=op.f("fk_keyworker_tasks_assignee_staff_id_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["done_record_id"],
            ["case_records.id"],
            name=op.f("fk_keyworker_tasks_done_record_id_case_records"),
        ),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_keyworker_tasks_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_keyworker_tasks_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_keyworker_tasks_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyworker_tasks")),
    )
    with op.batch_alter_table("keyworker_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_keyworker_tasks_assignee_open",
            ["assignee_staff_id", "status", "due_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_keyworker_tasks_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "ix_keyworker_tasks_team_open", ["team_id", "status", "due_on"], unique=False
        )
        batch_op.create_index(
            "uq_keyworker_tasks_one_open",
            ["episode_id", "dedupe_key"],
            unique=True,
            sqlite_where=sa.text("status = 'open' AND dedupe_key IS NOT NULL"),
            postgresql_where=sa.text("status = 'open' AND dedupe_key IS NOT NULL"),
        )

    # Plain ADD COLUMN: no copy of the episodes table on SQLite.
    op.add_column(
        "household_episodes", sa.Column("strand_reason", sa.String(length=500), nullable=True)
    )
    op.add_column(
        "household_episodes", sa.Column("strand_set_by", sa.String(length=80), nullable=True)
    )
    _make_append_only("tier_transitions")


def downgrade() -> None:
    with op.batch_alter_table("household_episodes", schema=None) as batch_op:
        batch_op.drop_column("strand_set_by")
        batch_op.drop_column("strand_reason")

    with op.batch_alter_table("keyworker_tasks", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_keyworker_tasks_one_open",
            sqlite_where=sa.text("status = 'open' AND dedupe_key IS NOT NULL"),
            postgresql_where=sa.text("status = 'open' AND dedupe_key IS NOT NULL"),
        )
        batch_op.drop_index("ix_keyworker_tasks_team_open")
        batch_op.drop_index(batch_op.f("ix_keyworker_tasks_household_id"))
        batch_op.drop_index("ix_keyworker_tasks_assignee_open")

    op.drop_table("keyworker_tasks")
    _drop_append_only("tier_transitions")
    with op.batch_alter_table("tier_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tier_transitions_household_id"))
        batch_op.drop_index(batch_op.f("ix_tier_transitions_episode_id"))

    op.drop_table("tier_transitions")
    with op.batch_alter_table("enforcement_overlays", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enforcement_overlays_household_id"))

    op.drop_table("enforcement_overlays")
    with op.batch_alter_table("allocation_proposal_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_proposal_items_proposal_id"))

    op.drop_table("allocation_proposal_items")
    op.drop_table("allocation_proposals")


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
