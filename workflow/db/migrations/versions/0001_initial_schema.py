"""Initial schema: households and episodes, people and memberships, staff, import batches,
one table per partner template (with provenance), police-intelligence lists kept apart,
and the append-only audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 05:27:34.260799
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=60), nullable=True),
        sa.Column("purpose", sa.String(length=100), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)

    op.create_table(
        "import_batches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=True),
        sa.Column("sheet", sa.String(length=100), nullable=True),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_loaded", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("rows_unlinked", sa.Integer(), nullable=False),
        sa.Column("report_path", sa.String(length=500), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("submitted_by", sa.String(length=100), nullable=True),
        sa.Column(
            "supersedes_batch_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["supersedes_batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_batches_supersedes_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batches_kind"), ["kind"], unique=False)
        batch_op.create_index(
            "uq_import_batches_accepted_checksum",
            ["kind", "checksum"],
            unique=True,
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )

    op.create_table(
        "localities",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_localities")),
        sa.UniqueConstraint("name", name=op.f("uq_localities_name")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_ref", sa.String(length=40), nullable=False),
        sa.Column("forename", sa.String(length=100), nullable=False),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("person_ref", name=op.f("uq_people_person_ref")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_nino"), ["nino"], unique=False)
        batch_op.create_index("ix_people_surname_dob", ["surname", "date_of_birth"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_upn"), ["upn"], unique=False)

    op.create_table(
        "households",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("household_ref", sa.String(length=40), nullable=False),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column(
            "locality_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["locality_id"], ["localities.id"], name=op.f("fk_households_locality_id_localities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        sa.UniqueConstraint("household_ref", name=op.f("uq_households_household_ref")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_households_postcode"), ["postcode"], unique=False)

    op.create_table(
        "teams",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "locality_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"], ["localities.id"], name=op.f("fk_teams_locality_id_localities")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("name", name=op.f("uq_teams_name")),
    )
    op.create_table(
        "fact_alternative_provision",
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_alternative_provision_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_alternative_provision_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_fact_alternative_provision_person_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_alternative_provision")),
    )
    with op.batch_alter_table("fact_alternative_provision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_alternative_provision_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_alternative_provision_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_alternative_provision_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_benefits",
        sa.Column("benefit", sa.String(length=40), nullable=False),
        sa.Column("out_of_work", sa.Boolean(), nullable=False),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_benefits_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_benefits_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_benefits_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_benefits")),
    )
    with op.batch_alter_table("fact_benefits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_benefits_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_benefits_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_benefits_person_id"), ["person_id"], unique=False)

    op.create_table(
        "fact_domestic_abuse",
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("marac", sa.Boolean(), nullable=True),
        sa.Column("risk_level", sa.String(length=40), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_domestic_abuse_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_domestic_abuse_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_domestic_abuse_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_domestic_abuse")),
    )
    with op.batch_alter_table("fact_domestic_abuse", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_domestic_abuse_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_domestic_abuse_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_domestic_abuse_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_employment",
        sa.Column("hours_per_week", sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_employment_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_employment_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_employment_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_employment")),
    )
    with op.batch_alter_table("fact_employment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_employment_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_employment_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_employment_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_exclusions",
        sa.Column("exclusion_type", sa.String(length=40), nullable=False),
        sa.Column("days", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_exclusions_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_exclusions_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_exclusions_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_exclusions")),
    )
    with op.batch_alter_table("fact_exclusions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_exclusions_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_exclusions_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_exclusions_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_health",
        sa.Column("need", sa.String(length=40), nullable=False),
        sa.Column("in_treatment", sa.Boolean(), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_fact_health_batch_id_import_batches")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_fact_health_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_health_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_health")),
    )
    with op.batch_alter_table("fact_health", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_health_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_health_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_health_person_id"), ["person_id"], unique=False)

    op.create_table(
        "fact_housing",
        sa.Column("household_ref", sa.String(length=40), nullable=True),
        sa.Column("issue", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_housing_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_housing_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_housing_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_housing")),
    )
    with op.batch_alter_table("fact_housing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_housing_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_housing_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_housing_person_id"), ["person_id"], unique=False)

    op.create_table(
        "fact_neet",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_fact_neet_batch_id_import_batches")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_fact_neet_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_neet_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_neet")),
    )
    with op.batch_alter_table("fact_neet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_neet_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_neet_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_neet_person_id"), ["person_id"], unique=False)

    op.create_table(
        "fact_police_incidents",
        sa.Column("incident_type", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("outcome", sa.String(length=100), nullable=True),
        sa.Column("intervention", sa.String(length=100), nullable=True),
        sa.Column("crime_ref", sa.String(length=40), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_police_incidents_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_police_incidents_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_police_incidents_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_police_incidents")),
    )
    with op.batch_alter_table("fact_police_incidents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_police_incidents_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_police_incidents_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_police_incidents_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_referrals",
        sa.Column("referral_ref", sa.String(length=40), nullable=False),
        sa.Column("referrer_agency", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("household_ref", sa.String(length=40), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_referrals_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_referrals_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_referrals_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_referrals")),
    )
    with op.batch_alter_table("fact_referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_referrals_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_referrals_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_referrals_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_school_attendance",
        sa.Column("academic_year", sa.String(length=9), nullable=False),
        sa.Column("term", sa.String(length=40), nullable=False),
        sa.Column("sessions_possible", sa.Integer(), nullable=False),
        sa.Column("sessions_authorised_absence", sa.Integer(), nullable=False),
        sa.Column("sessions_unauthorised_absence", sa.Integer(), nullable=False),
        sa.Column("school_urn", sa.String(length=20), nullable=True),
        sa.Column("school_name", sa.String(length=200), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_school_attendance_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_school_attendance_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_school_attendance_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_school_attendance")),
    )
    with op.batch_alter_table("fact_school_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_school_attendance_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_school_attendance_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_school_attendance_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_social_care",
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_social_care_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_social_care_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_social_care_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_social_care")),
    )
    with op.batch_alter_table("fact_social_care", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_social_care_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_social_care_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_social_care_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "fact_youth_justice",
        sa.Column("outcome_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("offence_category", sa.String(length=100), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("person_ref", sa.String(length=40), nullable=True),
        sa.Column("forename", sa.String(length=100), nullable=True),
        sa.Column("surname", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("address_line1", sa.String(length=200), nullable=True),
        sa.Column("uprn", sa.String(length=20), nullable=True),
        sa.Column("nino", sa.String(length=12), nullable=True),
        sa.Column("upn", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_fact_youth_justice_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_fact_youth_justice_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_fact_youth_justice_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_youth_justice")),
    )
    with op.batch_alter_table("fact_youth_justice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_fact_youth_justice_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_youth_justice_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_fact_youth_justice_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "household_episodes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("tier", sa.String(length=32), nullable=True),
        sa.Column("strand", sa.String(length=32), nullable=True),
        sa.Column("pathway_version", sa.String(length=40), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closure_reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_episodes_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_episodes")),
        sa.UniqueConstraint(
            "household_id", "number", name=op.f("uq_household_episodes_household_id_number")
        ),
    )
    with op.batch_alter_table("household_episodes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_episodes_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            "uq_household_episodes_one_open",
            ["household_id"],
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        )

    op.create_table(
        "household_memberships",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("relationship", sa.String(length=20), nullable=True),
        sa.Column("expecting_baby", sa.Boolean(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_household_memberships_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_memberships_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_household_memberships_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_memberships")),
    )
    with op.batch_alter_table("household_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_memberships_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_household_memberships_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_household_memberships_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            "uq_household_memberships_one_current",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text("valid_to IS NULL"),
            postgresql_where=sa.text("valid_to IS NULL"),
        )

    op.create_table(
        "intel_gangs_matrix",
        sa.Column("nominal_ref", sa.String(length=40), nullable=False),
        sa.Column("forename", sa.String(length=100), nullable=False),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column(
            "aliases",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("gang_name", sa.String(length=100), nullable=True),
        sa.Column("harm_score", sa.Integer(), nullable=False),
        sa.Column("harm_band", sa.String(length=40), nullable=False),
        sa.Column("victim_score", sa.Integer(), nullable=True),
        sa.Column("victim_band", sa.String(length=40), nullable=False),
        sa.Column("last_reviewed", sa.Date(), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_intel_gangs_matrix_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_intel_gangs_matrix_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_intel_gangs_matrix_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_gangs_matrix")),
    )
    with op.batch_alter_table("intel_gangs_matrix", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intel_gangs_matrix_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_gangs_matrix_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_gangs_matrix_nominal_ref"), ["nominal_ref"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_gangs_matrix_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "intel_iom_cohort",
        sa.Column("nominal_ref", sa.String(length=40), nullable=False),
        sa.Column("forename", sa.String(length=100), nullable=False),
        sa.Column("surname", sa.String(length=100), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("cohort", sa.String(length=40), nullable=False),
        sa.Column("offence_type", sa.String(length=100), nullable=True),
        sa.Column("probation_status", sa.String(length=100), nullable=True),
        sa.Column("release_date", sa.Date(), nullable=True),
        sa.Column(
            "needs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("link_method", sa.String(length=30), nullable=True),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "household_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_intel_iom_cohort_batch_id_import_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_intel_iom_cohort_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_intel_iom_cohort_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intel_iom_cohort")),
    )
    with op.batch_alter_table("intel_iom_cohort", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intel_iom_cohort_batch_id"), ["batch_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_iom_cohort_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_iom_cohort_nominal_ref"), ["nominal_ref"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_intel_iom_cohort_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "staff",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("staff_ref", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("team_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "locality_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("capacity_units", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column(
            "specialisms",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("batch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batches.id"], name=op.f("fk_staff_batch_id_import_batches")
        ),
        sa.ForeignKeyConstraint(
            ["locality_id"], ["localities.id"], name=op.f("fk_staff_locality_id_localities")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_staff_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_email")),
        sa.UniqueConstraint("staff_ref", name=op.f("uq_staff_staff_ref")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_team_id"), ["team_id"], unique=False)

    _make_audit_append_only()


def downgrade() -> None:
    _drop_audit_triggers()

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_team_id"))

    op.drop_table("staff")
    with op.batch_alter_table("intel_iom_cohort", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_iom_cohort_person_id"))
        batch_op.drop_index(batch_op.f("ix_intel_iom_cohort_nominal_ref"))
        batch_op.drop_index(batch_op.f("ix_intel_iom_cohort_household_id"))
        batch_op.drop_index(batch_op.f("ix_intel_iom_cohort_batch_id"))

    op.drop_table("intel_iom_cohort")
    with op.batch_alter_table("intel_gangs_matrix", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intel_gangs_matrix_person_id"))
        batch_op.drop_index(batch_op.f("ix_intel_gangs_matrix_nominal_ref"))
        batch_op.drop_index(batch_op.f("ix_intel_gangs_matrix_household_id"))
        batch_op.drop_index(batch_op.f("ix_intel_gangs_matrix_batch_id"))

    op.drop_table("intel_gangs_matrix")
    with op.batch_alter_table("household_memberships", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_household_memberships_one_current",
            sqlite_where=sa.text("valid_to IS NULL"),
            postgresql_where=sa.text("valid_to IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_household_memberships_person_id"))
        batch_op.drop_index(batch_op.f("ix_household_memberships_household_id"))
        batch_op.drop_index(batch_op.f("ix_household_memberships_batch_id"))

    op.drop_table("household_memberships")
    with op.batch_alter_table("household_episodes", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_household_episodes_one_open",
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_household_episodes_household_id"))

    op.drop_table("household_episodes")
    with op.batch_alter_table("fact_youth_justice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_youth_justice_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_youth_justice_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_youth_justice_batch_id"))

    op.drop_table("fact_youth_justice")
    with op.batch_alter_table("fact_social_care", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_social_care_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_social_care_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_social_care_batch_id"))

    op.drop_table("fact_social_care")
    with op.batch_alter_table("fact_school_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_school_attendance_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_school_attendance_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_school_attendance_batch_id"))

    op.drop_table("fact_school_attendance")
    with op.batch_alter_table("fact_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_referrals_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_referrals_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_referrals_batch_id"))

    op.drop_table("fact_referrals")
    with op.batch_alter_table("fact_police_incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_police_incidents_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_police_incidents_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_police_incidents_batch_id"))

    op.drop_table("fact_police_incidents")
    with op.batch_alter_table("fact_neet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_neet_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_neet_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_neet_batch_id"))

    op.drop_table("fact_neet")
    with op.batch_alter_table("fact_housing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_housing_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_housing_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_housing_batch_id"))

    op.drop_table("fact_housing")
    with op.batch_alter_table("fact_health", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_health_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_health_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_health_batch_id"))

    op.drop_table("fact_health")
    with op.batch_alter_table("fact_exclusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_exclusions_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_exclusions_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_exclusions_batch_id"))

    op.drop_table("fact_exclusions")
    with op.batch_alter_table("fact_employment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_employment_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_employment_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_employment_batch_id"))

    op.drop_table("fact_employment")
    with op.batch_alter_table("fact_domestic_abuse", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_domestic_abuse_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_domestic_abuse_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_domestic_abuse_batch_id"))

    op.drop_table("fact_domestic_abuse")
    with op.batch_alter_table("fact_benefits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_benefits_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_benefits_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_benefits_batch_id"))

    op.drop_table("fact_benefits")
    with op.batch_alter_table("fact_alternative_provision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fact_alternative_provision_person_id"))
        batch_op.drop_index(batch_op.f("ix_fact_alternative_provision_household_id"))
        batch_op.drop_index(batch_op.f("ix_fact_alternative_provision_batch_id"))

    op.drop_table("fact_alternative_provision")
    op.drop_table("teams")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_households_postcode"))

    op.drop_table("households")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_upn"))
        batch_op.drop_index("ix_people_surname_dob")
        batch_op.drop_index(batch_op.f("ix_people_nino"))

    op.drop_table("people")
    op.drop_table("localities")
    with op.batch_alter_table("import_batches", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_import_batches_accepted_checksum",
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )
        batch_op.drop_index(batch_op.f("ix_import_batches_kind"))

    op.drop_table("import_batches")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))

    op.drop_table("audit_events")


# The audit trail is append-only: the database itself refuses UPDATE and DELETE.
_REFUSAL = "audit_events is append-only: rows cannot be changed or deleted"


def _make_audit_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
                f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()"
    )


def _drop_audit_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_refuse_change()")
