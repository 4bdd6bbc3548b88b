"""Housekeeping flows on a schedule: imports whose process died are marked failed."""

from __future__ import annotations

from prefect import flow, get_run_logger

from imports.flows.common import flow_context
from workflow.batches.reaper import reap_stopped
from workflow.principal import SYSTEM


@flow(name="check-stopped-imports", persist_result=False, log_prints=False)
def check_stopped_imports() -> list[int]:
    """Mark failed every running import whose process is gone; their batch ids."""
    with flow_context() as context:
        container = context.container
        reaped = reap_stopped(container.uow(), actor=SYSTEM, clock=container.clock)
    if reaped:
        get_run_logger().warning(
            "Marked %s stopped imports failed: batches %s", len(reaped), reaped
        )
    return reaped
