"""The match flow: its task as a plain function, and a run under Prefect after a list import."""

from __future__ import annotations

from pathlib import Path

import pytest

from imports.loading.folder import delivery_plan
from workflow.bootstrap import Container
from workflow.settings import get_settings

from .conftest import import_kinds
from .helpers import rows


@pytest.fixture
def flow_env(monkeypatch: pytest.MonkeyPatch, container: Container) -> Container:
    """Flows build their own container from TFE_ settings: point those at this test's database."""
    monkeypatch.setenv("TFE_DATABASE_URL", container.settings.effective_database_url)
    monkeypatch.setenv("TFE_DATA_DIR", str(container.settings.data_dir))
    get_settings.cache_clear()
    return container


def test_the_match_task_runs_as_a_plain_function_and_returns_counts_only(
    flow_env: Container, imported: Container
) -> None:
    from imports.flows.matching import match_task

    summary = match_task.fn(False, "command", "S1", None)
    assert summary["linked"] >= 1 and summary["model_version"] == 1
    assert all(isinstance(v, int | float | bool) for v in summary.values())


def test_importing_a_police_list_runs_the_match_flow(
    flow_env: Container, migrated_engine, borough_dir: Path
) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from imports.flows import import_partner_file

    import_kinds(flow_env, borough_dir, ("people",))
    plan, _ = delivery_plan(borough_dir)
    gangs = next(path for kind, path in plan if kind == "gangs_matrix")
    with prefect_test_harness(server_startup_timeout=180):  # an allowance under load
        summary = import_partner_file(str(gangs), "gangs_matrix", submitted_by="S1")
    runs = rows(flow_env, "SELECT trigger, actor, batch_id FROM match_runs")
    assert runs.values.tolist() == [["import", "S1", summary["batch_id"]]]


@pytest.mark.parametrize(
    ("summary", "wanted"),
    [
        ({"kind": "gangs_matrix", "status": "accepted", "batch_id": 1, "rows_unlinked": 0}, True),
        ({"kind": "youth_justice", "status": "accepted", "batch_id": 1, "rows_unlinked": 0}, True),
        ({"kind": "health", "status": "accepted", "batch_id": 1, "rows_unlinked": 3}, True),
        ({"kind": "health", "status": "accepted", "batch_id": 1, "rows_unlinked": 0}, False),
        ({"kind": "gangs_matrix", "status": "rejected", "batch_id": 1, "rows_unlinked": 0}, False),
        ({"kind": "iom_cohort", "status": "unchanged", "batch_id": 1, "rows_unlinked": 0}, False),
    ],
)
def test_matching_follows_police_lists_offence_feeds_and_files_with_unlinked_rows(
    summary: dict[str, object], wanted: bool
) -> None:
    from imports.flows.matching import wants_matching

    assert wants_matching(summary) is wanted
