"""Screening and the household lifecycle: the rule-set versions used, screening runs and
their decisions, the append-only history of lifecycle transitions, and the flag an
eligible household carries when a re-screen finds it no longer meets the criteria.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:16:31.450460
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "ruleset_versions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("ruleset_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("document", JSON_DOC, nullable=False),
        sa.Column("files", JSON_DOC, nullable=False),
        sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ruleset_versions")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_ruleset_versions_content_hash")),
    )
    op.create_table(
        "screening_runs",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("ruleset_version_id", BIG_ID, nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("households_screened", sa.Integer(), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("newly_eligible", sa.Integer(), nullable=False),
        sa.Column("no_longer_meeting", sa.Integer(), nullable=False),
        sa.Column("lifecycle", sa.Boolean(), nullable=False),
        sa.Column("counts", JSON_DOC, nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("batch_id", BIG_ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_screening_runs_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["ruleset_version_id"],
            ["ruleset_versions.id"],
            name=op.f("fk_screening_runs_ruleset_version_id_ruleset_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_runs")),
    )
    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_runs_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "screening_decisions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("run_id", BIG_ID, nullable=False),
        sa.Column("household_id", BIG_ID, nullable=False),
        sa.Column("ruleset_version_id", BIG_ID, nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("criteria_met", JSON_DOC, nullable=False),
        sa.Column("facts", JSON_DOC, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_screening_decisions_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["ruleset_version_id"],
            ["ruleset_versions.id"],
            name=op.f("fk_screening_decisions_ruleset_version_id_ruleset_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["screening_runs.id"],
            name=op.f("fk_screening_decisions_run_id_screening_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_decisions")),
    )
    with op.batch_alter_table("screening_decisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_screening_decisions_household_ruleset",
            ["household_id", "ruleset_version_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_screening_decisions_run_id"), ["run_id"], unique=False)

    # On SQLite the new foreign key means a batch copy of the table (Alembic's
    # "move and copy"); it runs before anything refers to household_episodes' new shape.
    with op.batch_alter_table("household_episodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flag", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_decision_id", BIG_ID, nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_household_episodes_last_decision_id_screening_decisions"),
            "screening_decisions",
            ["last_decision_id"],
            ["id"],
        )

    op.create_table(
        "household_transitions",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("household_id", BIG_ID, nullable=False),
        sa.Column("episode_id", BIG_ID, nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=True),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("trigger", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("detail", JSON_DOC, nullable=False),
        sa.ForeignKeyConstraint(
            ["episode_id"],
            ["household_episodes.id"],
            name=op.f("fk_household_transitions_episode_id_household_episodes"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_transitions_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_transitions")),
    )
    with op.batch_alter_table("household_transitions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_transitions_episode_id"), ["episode_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_household_transitions_household_id"), ["household_id"], unique=False
        )

    _make_append_only("household_transitions")


def downgrade() -> None:
    _drop_append_only("household_transitions")

    with op.batch_alter_table("household_transitions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_transitions_household_id"))
        batch_op.drop_index(batch_op.f("ix_household_transitions_episode_id"))
    op.drop_table("household_transitions")

    with op.batch_alter_table("household_episodes", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_household_episodes_last_decision_id_screening_decisions"),
            type_="foreignkey",
        )
        batch_op.drop_column("last_decision_id")
        batch_op.drop_column("flagged_at")
        batch_op.drop_column("flag")

    with op.batch_alter_table("screening_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_decisions_run_id"))
        batch_op.drop_index("ix_screening_decisions_household_ruleset")
    op.drop_table("screening_decisions")

    with op.batch_alter_table("screening_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_runs_batch_id"))
    op.drop_table("screening_runs")

    op.drop_table("ruleset_versions")


# The lifecycle history is append-only, like the audit trail (0001): the database itself
# refuses UPDATE and DELETE.
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
