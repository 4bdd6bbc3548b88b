"""The import flows: as plain functions, in-process under Prefect, and on a server with a worker."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.loading.builders import a_borough, incidents
from tests.loading.test_facts import INCIDENTS
from workflow.settings import get_settings


@pytest.fixture
def engine_env(
    monkeypatch: pytest.MonkeyPatch, database_url: str, migrated_engine, tmp_path: Path
) -> Path:
    """Flows build their own container from TFE_ settings: point those at this test's database."""
    monkeypatch.setenv("TFE_DATABASE_URL", database_url)
    monkeypatch.setenv("TFE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    return tmp_path


def count(engine, sql: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one())


def test_the_tasks_run_as_plain_functions(engine_env: Path, migrated_engine) -> None:
    from imports.flows.importing import begin_task, read_task, store_task

    people = a_borough(engine_env / "people.xlsx")
    started = begin_task.fn(str(people), "people", None, "S1", None)
    outcome = store_task.fn(started, read_task.fn(started, None))
    assert outcome.status == "accepted" and outcome.rows_loaded == 5
    assert count(migrated_engine, "SELECT COUNT(*) FROM people") == 5


def test_the_flow_imports_a_delivery_in_process(engine_env: Path, migrated_engine) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from imports.flows import import_delivery

    delivery = engine_env / "delivery"
    delivery.mkdir()
    a_borough(delivery / "people.xlsx")
    incidents(delivery / "police_incidents_march.xlsx", INCIDENTS)
    (delivery / "notes.xlsx").write_bytes(b"not a partner file")
    with prefect_test_harness(server_startup_timeout=180):  # an allowance under load
        summaries = import_delivery(str(delivery))
    assert [(s["kind"], s["status"]) for s in summaries] == [
        ("people", "accepted"),
        ("police_incidents", "accepted"),
    ]
    # The flow's results carry counts and references, never people's details.
    assert "Okafor" not in str(summaries)
    assert count(migrated_engine, "SELECT COUNT(*) FROM fact_police_incidents") == 5


def test_pending_uploads_are_imported_in_the_uploaders_name(
    engine_env: Path, migrated_engine
) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from imports.flows import import_pending_uploads
    from imports.reading import file_checksum
    from workflow.batches import record_upload
    from workflow.bootstrap import build
    from workflow.principal import Principal

    (engine_env / "uploads").mkdir()
    stored = a_borough(engine_env / "uploads" / "people.xlsx")
    container = build(get_settings())
    try:
        batch_id = record_upload(
            uow=container.uow(),
            kind="people",
            file_name="People (March).xlsx",
            stored_path=str(stored),
            checksum=file_checksum(stored),
            source="council",
            actor=Principal.staff("S7"),
        )
    finally:
        container.close()
    with prefect_test_harness(server_startup_timeout=180):  # an allowance under load
        [summary] = import_pending_uploads()
    assert (summary["batch_id"], summary["status"]) == (batch_id, "accepted")
    with migrated_engine.connect() as connection:
        batch = connection.execute(
            text("SELECT submitted_by, file_name, source FROM import_batches WHERE id = :i"),
            {"i": batch_id},
        ).one()
    assert tuple(batch) == ("S7", "People (March).xlsx", "council")


def test_the_flow_runs_on_a_prefect_server_with_a_worker(
    engine_env: Path, migrated_engine, database_url: str
) -> None:
    """How a council outgrows one machine: server + process worker + deployments (docs/prefect.md)."""
    inbox = engine_env / "inbox"
    inbox.mkdir()
    people = a_borough(engine_env / "people.xlsx")
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from imports.prefect_runtime import PrefectRuntime
        with PrefectRuntime(Path({str(engine_env / "prefect")!r})):
            from prefect.deployments import run_deployment
            from imports.deployments import deploy_all
            names = deploy_all(inbox=Path({str(inbox)!r}))
            run = run_deployment(
                "import-partner-file/on-demand",
                parameters={{"path": {str(people)!r}, "kind": "people"}},
                timeout=240,
            )
            print("STATE", run.state.type.value, sorted(names))
        """
    )
    env = os.environ | {
        "TFE_DATABASE_URL": database_url,
        "TFE_DATA_DIR": str(engine_env / "data"),
        "PREFECT_HOME": str(engine_env / "prefect"),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert "STATE COMPLETED" in result.stdout, result.stdout[-2000:] + result.stderr[-3000:]
    assert "watch-inbox/every-5-minutes" in result.stdout
    assert count(migrated_engine, "SELECT COUNT(*) FROM people") == 5
