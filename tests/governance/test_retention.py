"""Nothing is kept longer than the retention policy allows, and what goes is counted.

Each case sets up data on both sides of its period, sweeps with a clock on a known day,
and checks by hand what went and what stayed. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text, update

from tests.screening.builders import Borough
from workflow.bootstrap import Container
from workflow.clock import FixedClock
from workflow.db.models import ImportBatch
from workflow.principal import Principal
from workflow.retention.policy import RetentionInvalid, RetentionPolicy, load_policy
from workflow.retention.sweep import sweep

D = dt.date
TODAY = D(2033, 1, 10)
OFFICER = Principal.staff("IG1")


def run(container: Container, policy: RetentionPolicy | None = None, *, dry_run: bool = False):
    settings = container.settings
    return sweep(
        uow=container.uow(),
        clock=FixedClock(TODAY),
        actor=OFFICER,
        policy=policy or RetentionPolicy(),
        uploads_dir=settings.uploads_dir,
        reports_dir=settings.reports_dir,
        dry_run=dry_run,
    )


def count(container: Container, sql: str) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


@pytest.fixture
def borough(container: Container, migrated_engine) -> dict[str, int]:
    with container.engine.begin() as connection:
        b = Borough(connection)
        home = b.household("H1")
        mum = b.person("P1", born=D(1985, 1, 1), lives_in=home)
        b.fact("police_incidents", mum, on=D(2026, 1, 9))  # 7 years old on TODAY: goes
        b.fact("police_incidents", mum, on=D(2027, 6, 1))  # 5½ years: stays
        b.fact("benefits", mum, on=D(2020, 1, 1), until=D(2027, 2, 1))  # ended < 6 years ago
        b.fact("benefits", mum, on=D(2018, 1, 1), until=D(2026, 12, 31))  # ended > 6 years ago
        old_list = b.batch("gangs_matrix")
        b.fact("gangs_matrix", mum, on=D(2025, 1, 1), batch_id=old_list)
        return {"home": home, "mum": mum, "old_list": old_list}


def test_partner_facts_go_six_years_after_they_ended(container: Container, borough) -> None:
    report = run(container)
    assert report.counts["facts: police_incidents"] == 1
    assert report.counts["facts: benefits"] == 1
    assert count(container, "SELECT COUNT(*) FROM fact_police_incidents") == 1
    assert count(container, "SELECT COUNT(*) FROM fact_benefits") == 1


def test_a_police_list_replaced_long_enough_ago_goes_and_the_current_one_stays(
    container: Container, borough
) -> None:
    with container.engine.begin() as connection:
        b = Borough(connection)
        newer = b.batch("gangs_matrix")  # the next list from the same sender
        b.fact("gangs_matrix", borough["mum"], on=D(2025, 1, 1), batch_id=newer)
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == newer)
            .values(finished_at=dt.datetime(2032, 12, 1, tzinfo=dt.UTC))  # 40 days before TODAY
        )
    assert run(container).counts["police list: gangs_matrix"] == 0  # still in its review period
    with container.engine.begin() as connection:
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == newer)
            .values(finished_at=dt.datetime(2032, 9, 1, tzinfo=dt.UTC))  # 131 days before
        )
    assert run(container).counts["police list: gangs_matrix"] == 1
    rows = "SELECT batch_id FROM intel_gangs_matrix"
    with container.engine.connect() as connection:
        assert [r[0] for r in connection.execute(text(rows))] == [newer]


def test_uploads_and_reports_go_after_their_periods_and_the_batch_keeps_its_counts(
    container: Container, borough
) -> None:
    settings = container.settings
    folder = settings.uploads_dir / "abc"
    folder.mkdir(parents=True)
    (folder / "upload.xlsx").write_bytes(b"PK")
    report_file = settings.reports_dir / "batch-9-report.xlsx"
    report_file.parent.mkdir(parents=True)
    report_file.write_bytes(b"PK")
    with container.engine.begin() as connection:
        batch = Borough(connection).batch("housing", status="rejected")
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch)
            .values(
                stored_path=str(folder / "upload.xlsx"),
                report_path=str(report_file),
                finished_at=dt.datetime(2032, 12, 1, tzinfo=dt.UTC),  # 40 days ago
                rows_read=12,
            )
        )
    first = run(container)
    assert (first.counts["uploaded files"], first.counts["error reports"]) == (1, 0)
    assert not folder.exists() and report_file.exists()
    with container.engine.begin() as connection:
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch)
            .values(finished_at=dt.datetime(2032, 9, 1, tzinfo=dt.UTC))
        )
    assert run(container).counts["error reports"] == 1
    assert not report_file.exists()
    assert count(container, f"SELECT rows_read FROM import_batches WHERE id = {batch}") == 12


def test_a_dry_run_counts_the_same_and_changes_nothing(container: Container, borough) -> None:
    would = run(container, dry_run=True)
    assert would.counts["facts: police_incidents"] == 1 and would.dry_run
    assert count(container, "SELECT COUNT(*) FROM fact_police_incidents") == 2
    done = run(container)
    assert {k: v for k, v in done.counts.items() if v} == {
        k: v for k, v in would.counts.items() if v
    }


def test_what_went_is_recorded_by_kind_and_count_never_by_name(
    container: Container, borough
) -> None:
    run(container)
    with container.engine.connect() as connection:
        actor, action, detail = connection.execute(
            text("SELECT actor, action, detail FROM audit_events WHERE action = 'retention'")
        ).one()
    detail = detail if isinstance(detail, dict) else __import__("json").loads(detail)
    assert (actor, action) == ("IG1", "retention")
    assert detail == {"facts: police_incidents": 1, "facts: benefits": 1}


def test_a_councils_policy_file_changes_periods_and_bad_values_are_refused(
    tmp_path: Path,
) -> None:
    good = tmp_path / "retention.toml"
    good.write_text("uploads_days = 7\n[facts_years]\npolice_incidents = 3\n")
    policy = load_policy(good)
    assert (policy.uploads_days, policy.facts_years["police_incidents"]) == (7, 3)
    assert policy.facts_years["benefits"] == 6
    bad = tmp_path / "bad.toml"
    bad.write_text("uploads_days = -1\nkeep_forever = true\n[facts_years]\nschools = 2\n")
    with pytest.raises(RetentionInvalid) as refused:
        load_policy(bad)
    assert refused.value.detail == (
        "bad.toml: uploads_days must be a whole number from 1 to 3650; keep_forever is not a "
        "retention setting; facts_years.schools is not a kind of partner fact."
    )


def test_screening_decisions_no_longer_in_force_go_after_their_period(
    container: Container, borough
) -> None:
    from tests.support import screen_households

    first = screen_households(container, as_of=D(2026, 7, 31), today=D(2026, 8, 1))
    with container.engine.begin() as connection:  # the data changes: a new decision
        Borough(connection).fact("health", borough["mum"], on=D(2026, 6, 1))
    second = screen_households(container, as_of=D(2026, 7, 31), today=D(2026, 8, 1))
    assert (first.decisions_stored, second.decisions_stored) == (1, 1)
    with container.engine.begin() as connection:  # both made long ago
        connection.execute(text("UPDATE screening_decisions SET created_at = '2030-01-01'"))
        connection.execute(text("UPDATE screening_runs SET started_at = '2030-01-01'"))
    report = run(container)
    assert report.counts["screening decisions no longer in force"] == 1
    assert report.counts["screening runs"] == 1  # the first run, left with no decisions
    with container.engine.connect() as connection:
        left = connection.execute(text("SELECT run_id FROM screening_decisions")).all()
    assert [r[0] for r in left] == [second.run_id]


def test_case_notes_of_an_episode_closed_long_ago_go(container: Container, borough) -> None:
    from workflow.db.models import CaseRecord, HouseholdEpisode

    with container.engine.begin() as connection:
        episode = connection.execute(
            HouseholdEpisode.__table__.insert().values(  # type: ignore[attr-defined]
                household_id=borough["home"],
                number=1,
                state="closed",
                opened_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
                closed_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                closure_reason="disengaged",
            )
        ).inserted_primary_key[0]
        connection.execute(
            CaseRecord.__table__.insert().values(  # type: ignore[attr-defined]
                household_id=borough["home"],
                episode_id=episode,
                kind="contact",
                effective_on=D(2025, 6, 1),
                summary="Visited; mum worried about school",
                detail={},
                recorded_by="KW1",
                recorded_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
            )
        )
    assert run(container).counts["case notes"] == 1  # closed 6 years and 10 months ago
    assert count(container, "SELECT COUNT(*) FROM case_records") == 0
