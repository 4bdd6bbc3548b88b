"""The claim flows: their tasks as plain functions, and the flows in-process under Prefect
(no server), with only ids and counts in their parameters and results."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.claims.conftest import CLOCK, FINANCE, Families
from workflow.claims.service import approve_window, open_window
from workflow.settings import get_settings


@pytest.fixture
def flow_env(monkeypatch: pytest.MonkeyPatch, families: Families, database_url: str) -> Families:
    monkeypatch.setenv("TFE_DATABASE_URL", database_url)
    monkeypatch.setenv("TFE_DATA_DIR", str(families.container.settings.data_dir))
    get_settings.cache_clear()
    return families


def _window(families: Families) -> int:
    import datetime as dt

    return open_window(
        "Autumn 2013",
        "troubled-families-2012",
        dt.date(2013, 4, 1),
        dt.date(2013, 9, 30),
        uow=families.container.uow(),
        clock=CLOCK,
        actor=FINANCE,
    ).id


def test_the_tasks_run_as_plain_functions(flow_env: Families) -> None:
    from imports.flows.claims import build_task, due_task, export_task

    window = _window(flow_env)
    assert due_task.fn() == [window]  # closed on 30/09/2013, not built yet
    built = build_task.fn(window, "MGR1")
    assert (built["results"], built["attachments"], built["baselines"]) == (1, 3, 4)
    assert due_task.fn() == []
    approve_window(window, uow=flow_env.container.uow(), clock=CLOCK, actor=FINANCE)
    exported = export_task.fn(window, "FIN1")
    assert exported["claims"] == 4 and Path(exported["workbook"]).is_file()
    assert set(built) <= {
        "window_id",
        "families",
        "results",
        "attachments",
        "not_yet",
        "total",
        "by_outcome",
        "baselines",
    }


def test_the_flow_builds_a_window_in_process(flow_env: Families) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from imports.flows.claims import build_due_claim_windows

    window = _window(flow_env)
    with prefect_test_harness(server_startup_timeout=180):  # an allowance under load
        result = build_due_claim_windows(submitted_by="MGR1")
    assert result == {"windows": [window]}
