"""The schema: Alembic migrations build it from empty, and they agree with the models."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

import workflow.db.models as models
from workflow.db.base import Base
from workflow.db.migrate import MIGRATIONS, current_revision, downgrade, head_revision, upgrade


def test_upgrade_from_empty_reaches_head_with_every_table(engine: Engine) -> None:
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_models_and_migrations_agree(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], f"models and migrations differ: {differences}"


def test_downgrade_to_empty_and_up_again(migrated_engine: Engine) -> None:
    downgrade(migrated_engine, "base")
    assert current_revision(migrated_engine) is None
    assert not set(Base.metadata.tables) & set(inspect(migrated_engine).get_table_names())
    upgrade(migrated_engine)
    assert current_revision(migrated_engine) == head_revision()


def test_migrations_form_a_single_line_with_numbered_files() -> None:
    files = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    assert files, "no migrations"
    assert all(name[:4].isdigit() and name[4] == "_" for name in files)
    assert head_revision() == Path(files[-1]).stem[:4]


def _audit_row(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(models.AuditEvent).values(
                at=dt.datetime.now(dt.UTC),
                actor="system",
                action="create",
                entity_type="test",
                detail={},
            )
        )


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET actor = 'someone'", "DELETE FROM audit_events"]
)
def test_the_audit_trail_is_append_only(migrated_engine: Engine, statement: str) -> None:
    _audit_row(migrated_engine)
    with pytest.raises(DBAPIError, match="append-only"), migrated_engine.begin() as connection:
        connection.execute(text(statement))
    with migrated_engine.connect() as connection:
        assert connection.execute(text("SELECT actor FROM audit_events")).scalar_one() == "system"


def _household(connection, ref: str) -> int:
    return connection.execute(
        insert(models.Household)
        .values(household_ref=ref, created_at=dt.datetime.now(dt.UTC))
        .returning(models.Household.id)
    ).scalar_one()


def test_a_household_has_at_most_one_open_episode(migrated_engine: Engine) -> None:
    now = dt.datetime.now(dt.UTC)
    with migrated_engine.begin() as connection:
        household = _household(connection, "H1")
        connection.execute(
            insert(models.HouseholdEpisode).values(
                household_id=household, number=1, state="closed", opened_at=now, closed_at=now
            )
        )
        connection.execute(
            insert(models.HouseholdEpisode).values(
                household_id=household, number=2, state="identified", opened_at=now
            )
        )
    with pytest.raises(IntegrityError), migrated_engine.begin() as connection:
        connection.execute(
            insert(models.HouseholdEpisode).values(
                household_id=household, number=3, state="identified", opened_at=now
            )
        )


def test_a_person_lives_in_one_household_at_a_time(migrated_engine: Engine) -> None:
    now = dt.datetime.now(dt.UTC)
    with migrated_engine.begin() as connection:
        first, second = _household(connection, "H1"), _household(connection, "H2")
        person = connection.execute(
            insert(models.Person)
            .values(
                person_ref="P1",
                forename="Sam",
                surname="Okafor",
                date_of_birth=dt.date(2010, 5, 1),
                created_at=now,
            )
            .returning(models.Person.id)
        ).scalar_one()
        connection.execute(
            insert(models.HouseholdMembership).values(
                person_id=person,
                household_id=first,
                valid_from=dt.date(2020, 1, 1),
                valid_to=dt.date(2024, 3, 1),
            )
        )
        connection.execute(
            insert(models.HouseholdMembership).values(
                person_id=person, household_id=second, valid_from=dt.date(2024, 3, 1)
            )
        )
    with pytest.raises(IntegrityError), migrated_engine.begin() as connection:
        connection.execute(
            insert(models.HouseholdMembership).values(
                person_id=person, household_id=first, valid_from=dt.date(2025, 1, 1)
            )
        )


def test_a_fact_cannot_point_at_a_batch_that_does_not_exist(migrated_engine: Engine) -> None:
    with pytest.raises(IntegrityError), migrated_engine.begin() as connection:
        connection.execute(
            insert(models.NeetSpell).values(
                batch_id=999, source_row=2, valid_from=dt.date(2025, 1, 1)
            )
        )


def test_stored_subject_references_are_rekeyed_and_keep_their_decisions(engine: Engine) -> None:
    """0005: a decision made on a partner-feed subject under the old unkeyed reference
    holds under the deployment's keyed one."""
    import hashlib

    from workflow.matching.subjects import subject_key, subject_ref

    upgrade(engine, "0004")
    born = dt.date(2010, 3, 4)
    unkeyed = (
        "subject-"
        + hashlib.blake2b(
            b"maryjane|obrien|2010-03-04|QX12AB", digest_size=10, person=b"tfe-subject-v1"
        ).hexdigest()
    )
    with engine.begin() as connection:
        batch = connection.execute(
            insert(models.ImportBatch)
            .values(kind="health", file_name="health.xlsx", checksum="c", status="accepted")
            .returning(models.ImportBatch.id)
        ).scalar_one()
        connection.execute(
            insert(models.HealthNeed).values(
                batch_id=batch,
                source_row=2,
                valid_from=dt.date(2025, 1, 1),
                need="mental_health",
                forename="Mary-Jane",
                surname="O'Brien",
                date_of_birth=born,
                postcode="QX1 2AB",
            )
        )
        connection.execute(
            insert(models.MatchDecision).values(
                source_kind="health",
                nominal_ref=unkeyed,
                person_ref="P1",
                decision="reject",
                decided_by="officer",
            )
        )
    upgrade(engine)
    with engine.begin() as connection:
        key = subject_key(connection)
        stored = connection.execute(text("SELECT nominal_ref FROM match_decisions")).scalar()
    assert stored == subject_ref(key, "Mary-Jane", "O'Brien", born, "QX1 2AB") != unkeyed
