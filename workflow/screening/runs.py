"""Reading back screening runs (counts only: a run holds no personal data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from workflow.errors import WorkflowError
from workflow.screening import tables as t
from workflow.uow import UnitOfWork


class ScreeningRunNotFound(WorkflowError):
    code = "screening_run_not_found"


def get_run(uow: UnitOfWork, run_id: int) -> dict[str, Any]:
    runs, versions = t.screening_runs(), t.ruleset_versions()
    query = (
        select(
            runs,
            versions.c.ruleset_id,
            versions.c.version.label("ruleset_version"),
            versions.c.content_hash.label("ruleset_hash"),
            versions.c.title.label("ruleset_title"),
        )
        .join(versions, versions.c.id == runs.c.ruleset_version_id)
        .where(runs.c.id == run_id)
    )
    with uow:
        row = uow.connection.execute(query).mappings().first()
    if row is None:
        raise ScreeningRunNotFound(f"There is no screening run {run_id}.")
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in row.items()
    }


def latest_run(uow: UnitOfWork, *, lifecycle_only: bool = True) -> dict[str, Any] | None:
    """The most recent finished screening run (by default one that moved households)."""
    runs, versions = t.screening_runs(), t.ruleset_versions()
    query = (
        select(runs.c.id, runs.c.as_of, versions.c.ruleset_id)
        .join(versions, versions.c.id == runs.c.ruleset_version_id)
        .where(runs.c.finished_at.is_not(None))
        .order_by(runs.c.id.desc())
        .limit(1)
    )
    if lifecycle_only:
        query = query.where(runs.c.lifecycle.is_(True))
    with uow:
        row = uow.connection.execute(query).mappings().first()
    return None if row is None else dict(row)
