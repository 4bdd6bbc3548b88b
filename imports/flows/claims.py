"""The claim flows: building a claim window and writing its finance export, on demand or
on schedule (every morning, each window that closed and has not been built is built).

Parameters and logs carry window ids, staff references and counts only: no family, no
amounts per family. Writing to the database is never cached or retried blindly: a build
commits whole or not at all, and building again claims nothing twice.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from imports.flows.common import acting_for, flow_context

__all__ = ["build_claim_window", "build_due_claim_windows", "export_claim_window"]


def _actor(container: Any, submitted_by: str) -> Any:
    """A system job, or the member of staff with their roles from the staff register (the
    claim machine's maker-checker and the policy read the roles, so they must be real)."""
    from workflow.staff import principal_for

    actor = acting_for(submitted_by)
    return actor if actor.is_system else principal_for(container.uow(), submitted_by)


@task(name="build a claim window", cache_policy=NO_CACHE, persist_result=False)
def build_task(window_id: int, submitted_by: str) -> dict[str, Any]:
    from workflow.claims.service import build_window, snapshot_baselines

    with flow_context() as context:
        container = context.container
        actor = _actor(container, submitted_by)
        rules_dir = container.settings.effective_rules_dir
        catalogue = context.catalogue()
        baselines = snapshot_baselines(
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=catalogue,
            rules_dir=rules_dir,
        )
        report = build_window(
            window_id,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=catalogue,
            rules_dir=rules_dir,
        )
    return report.as_dict() | {"baselines": baselines.taken}


@flow(name="build-claim-window", persist_result=False, log_prints=False)
def build_claim_window(window_id: int, submitted_by: str = "system") -> dict[str, Any]:
    """Take missing baselines and prepare a window's candidate claims."""
    summary = build_task(window_id, submitted_by)
    get_run_logger().info(
        "Claim window %s: %s results and %s attachment fees prepared for %s families "
        "(%s new baselines)",
        window_id,
        summary["results"],
        summary["attachments"],
        summary["families"],
        summary["baselines"],
    )
    return summary


@task(name="export a claim window", cache_policy=NO_CACHE, persist_result=False)
def export_task(window_id: int, submitted_by: str) -> dict[str, Any]:
    from workflow.claims.export import export_window

    with flow_context() as context:
        container = context.container
        report = export_window(
            window_id,
            context.reports_dir / "claims",
            uow=container.uow(),
            clock=container.clock,
            actor=_actor(container, submitted_by),
        )
    return report.as_dict()


@flow(name="export-claim-window", persist_result=False, log_prints=False)
def export_claim_window(window_id: int, submitted_by: str = "system") -> dict[str, Any]:
    """Write an approved window's finance workbook and CSV."""
    summary = export_task(window_id, submitted_by)
    get_run_logger().info(
        "Claim window %s exported: %s claims, %s overrides",
        window_id,
        summary["claims"],
        summary["overrides"],
    )
    return summary


@task(name="find claim windows due", cache_policy=NO_CACHE, persist_result=False)
def due_task() -> list[int]:
    from workflow.claims.service import list_windows

    with flow_context() as context:
        container = context.container
        today = container.clock.today()
        return [w.id for w in list_windows(container.uow()) if w.closes_on <= today and not w.built]


@flow(name="build-due-claim-windows", persist_result=False, log_prints=False)
def build_due_claim_windows(submitted_by: str = "system") -> dict[str, Any]:
    """Build every window that has closed and has no claims yet (the schedule)."""
    built = [build_claim_window(window_id, submitted_by) for window_id in due_task()]
    get_run_logger().info("%s claim windows built", len(built))
    return {"windows": [b["window_id"] for b in built]}
