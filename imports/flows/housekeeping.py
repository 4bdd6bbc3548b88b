"""Housekeeping flows on a schedule: imports whose process died are marked failed, and
data past its retention period is deleted (counts only in parameters and logs)."""

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


@flow(name="retention", persist_result=False, log_prints=False)
def retention(dry_run: bool = False) -> dict[str, object]:
    """Delete (or count, with ``dry_run``) what the retention policy says has been kept
    long enough; returns the counts by kind."""
    from workflow.retention.policy import load_policy
    from workflow.retention.sweep import sweep

    with flow_context() as context:
        container = context.container
        settings = container.settings
        report = sweep(
            uow=container.uow(),
            clock=container.clock,
            actor=SYSTEM,
            policy=load_policy(settings.effective_retention_file),
            uploads_dir=settings.uploads_dir,
            reports_dir=settings.reports_dir,
            dry_run=dry_run,
        )
    get_run_logger().info(
        "Retention%s: %s items past their period", " (dry run)" if dry_run else "", report.total
    )
    return report.as_dict()


@flow(name="overdue-tasks", persist_result=False, log_prints=False)
def overdue_tasks() -> dict[str, object]:
    """The daily check: open tasks past their due day are marked overdue and counted for
    each champion and each team's managers (counts only: no names, no families)."""
    from workflow.tasks.service import mark_overdue

    with flow_context() as context:
        container = context.container
        report = mark_overdue(uow=container.uow(), clock=container.clock, actor=SYSTEM)
    logger = get_run_logger()
    logger.info(
        "Overdue tasks: %s newly overdue; %s champions and %s teams have some",
        report.newly_overdue,
        len(report.by_assignee),
        len(report.by_team),
    )
    return report.as_dict()
