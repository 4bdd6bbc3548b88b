"""Deployments of the import flows to a Prefect server, run by a process worker.

This is how a council outgrows one machine: a Prefect server (``prefect server start``),
one or more workers (``prefect worker start --pool tfe-imports``), and these deployments:

- ``import-partner-file/on-demand`` — one file, run from the CLI, the API or the Prefect UI;
- ``import-delivery/on-demand`` — a whole folder;
- ``import-pending-uploads/every-minute`` — imports files uploaded through the API;
- ``watch-inbox/every-5-minutes`` — imports whatever arrives in the inbox folder.

Create them with ``tfe prefect deploy --inbox FOLDER`` (or call :func:`deploy_all`).
"""

from __future__ import annotations

import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

from imports.flows import import_delivery, import_partner_file, import_pending_uploads, watch_inbox

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


def deploy_all(*, inbox: Path, work_pool: str = WORK_POOL, interval_minutes: int = 5) -> list[str]:
    """Register the deployments with the server in ``PREFECT_API_URL``; returns their names."""
    ensure_work_pool(work_pool)
    names = []
    for flow_object, name, kwargs in (
        (import_partner_file, "on-demand", {}),
        (import_delivery, "on-demand", {}),
        (import_pending_uploads, "every-minute", {"interval": 60}),
        (
            watch_inbox,
            f"every-{interval_minutes}-minutes",
            {"interval": interval_minutes * 60, "parameters": {"inbox": str(inbox)}},
        ),
    ):
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
        names.append(f"{flow_object.name}/{name}")
    return names
