"""Deployments of the import flows to a Prefect server, run by a process worker.

This is how a council outgrows one machine: a Prefect server (``prefect server start``),
one or more workers (``prefect worker start --pool tfe-imports``), and these deployments:

- ``import-partner-file/on-demand`` — one file, run from the CLI, the API or the Prefect UI;
- ``import-delivery/on-demand`` — a whole folder;
- ``import-upload/on-demand`` — imports one upload by its batch id (``tfe serve`` submits
  each new upload to it, so no import runs in the web app's process);
- ``import-pending-uploads/every-minute`` — imports files uploaded through the API;
- ``watch-inbox/every-5-minutes`` — imports whatever arrives in the inbox folder;
- ``check-stopped-imports/every-5-minutes`` — marks failed the imports whose process died;
- ``overdue-tasks/daily`` (06:00) — marks tasks past their due day overdue and counts them
  for each champion and each team's managers;
- ``retention/daily`` (02:30) — deletes what the retention policy says has been kept long
  enough (``tfe retention --dry-run`` shows what would go).

Create them with ``tfe prefect deploy --inbox FOLDER`` (or call :func:`deploy_all`).
"""

from __future__ import annotations

import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

from imports.flows import (
    build_claim_window,
    build_due_claim_windows,
    check_stopped_imports,
    export_claim_window,
    import_delivery,
    import_partner_file,
    import_pending_uploads,
    import_upload,
    overdue_tasks,
    retention,
    watch_inbox,
)

WORK_POOL = "tfe-imports"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _module_path(flow_object: Any) -> str:
    """The flow's source file, relative to the project (a deployment's entrypoint)."""
    module = sys.modules[flow_object.fn.__module__]
    return Path(str(module.__file__)).resolve().relative_to(PROJECT_ROOT).as_posix()


def ensure_work_pool(name: str) -> None:
    """Create the process work pool if the server does not have it yet."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # a worker created it meanwhile
                client.create_work_pool(WorkPoolCreate(name=name, type="process"))


def _deploy(flow_object: Any, name: str, work_pool: str, **kwargs: Any) -> str:
    source: Any = flow_object.from_source(
        source=str(PROJECT_ROOT),
        entrypoint=f"{_module_path(flow_object)}:{flow_object.fn.__name__}",
    )
    source.deploy(
        name=name,
        work_pool_name=work_pool,
        build=False,
        push=False,
        print_next_steps=False,
        **kwargs,
    )
    return f"{flow_object.name}/{name}"


def deploy_all(*, inbox: Path, work_pool: str = WORK_POOL, interval_minutes: int = 5) -> list[str]:
    """Register the deployments with the server in ``PREFECT_API_URL``; returns their names."""
    ensure_work_pool(work_pool)
    return [
        _deploy(import_partner_file, "on-demand", work_pool),
        _deploy(import_delivery, "on-demand", work_pool),
        _deploy(import_upload, "on-demand", work_pool),
        _deploy(import_pending_uploads, "every-minute", work_pool, interval=60),
        _deploy(
            watch_inbox,
            f"every-{interval_minutes}-minutes",
            work_pool,
            interval=interval_minutes * 60,
            parameters={"inbox": str(inbox)},
        ),
        _deploy(check_stopped_imports, "every-5-minutes", work_pool, interval=300),
        _deploy(retention, "daily", work_pool, cron="30 2 * * *"),
        _deploy(overdue_tasks, "daily", work_pool, cron="0 6 * * *"),
        _deploy(build_claim_window, "on-demand", work_pool),
        _deploy(export_claim_window, "on-demand", work_pool),
        _deploy(build_due_claim_windows, "daily", work_pool, cron="0 5 * * *"),
    ]


UPLOAD = "import-upload/on-demand"


def deploy_for_serve(*, work_pool: str = WORK_POOL) -> list[str]:
    """What ``tfe serve`` registers with its own server: each upload imported on the worker,
    and the check for imports whose process died."""
    ensure_work_pool(work_pool)
    return [
        _deploy(import_upload, "on-demand", work_pool),
        _deploy(check_stopped_imports, "every-5-minutes", work_pool, interval=300),
        _deploy(retention, "daily", work_pool, cron="30 2 * * *"),
        _deploy(overdue_tasks, "daily", work_pool, cron="0 6 * * *"),
    ]


def submit_upload(batch_id: int) -> str:
    """Ask the worker to import upload ``batch_id`` (returns at once); the flow run's id."""
    from prefect.deployments import run_deployment

    run: Any = run_deployment(UPLOAD, parameters={"batch_id": batch_id}, timeout=0)
    return str(run.id)
