"""The matching flow: police lists and partner rows the importer could not link, matched
to the register (after an import, or on demand)."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from imports.after import match, wants_matching
from imports.flows.common import acting_for, flow_context
from workflow.domain.vocabulary import RunTrigger

__all__ = ["match_after_import", "match_police_lists", "match_task", "wants_matching"]

MATCH_COUNTS = (
    "run_id",
    "model_version",
    "trained",
    "nominals",
    "open_nominals",
    "linked",
    "kept",
    "unlinked",
    "to_review",
    "decisions_applied",
    "rescreened",
    "seconds",
)


@task(name="match police lists to the register", cache_policy=NO_CACHE, persist_result=False)
def match_task(
    retrain: bool, trigger: str, submitted_by: str, batch_id: int | None
) -> dict[str, Any]:
    """Link the police lists' unlinked nominals; returns counts only (no personal data)."""
    from imports.linkage import match_lists

    with flow_context() as context:
        container = context.container
        report = match_lists(
            uow=container.uow(),
            clock=container.clock,
            actor=acting_for(submitted_by),
            catalogue=context.catalogue(),
            model_dir=context.model_dir,
            retrain=retrain,
            trigger=RunTrigger(trigger),
            batch_id=batch_id,
        )
    summary = {k: v for k, v in report.as_dict().items() if k in MATCH_COUNTS}
    return summary | {
        "refused": len(report.refused),
        "households_changed": len(report.households_changed),
    }


@flow(name="match-police-lists", persist_result=False, log_prints=False)
def match_police_lists(
    retrain: bool = False, submitted_by: str = "system", batch_id: int | None = None
) -> dict[str, Any]:
    """Match the police lists (gangs matrix, IOM cohort) and the partner feeds' unlinked
    rows to the register (after an import, or on demand)."""
    logger = get_run_logger()
    trigger = RunTrigger.IMPORT if batch_id else RunTrigger.COMMAND
    summary = match_task(retrain, trigger.value, submitted_by, batch_id)
    logger.info(
        "Matching run %s (model v%s): %s linked, %s kept, %s unlinked, %s to review, "
        "%s households re-screened",
        summary["run_id"],
        summary["model_version"],
        summary["linked"],
        summary["kept"],
        summary["unlinked"],
        summary["to_review"],
        summary["rescreened"],
    )
    return summary


@task(name="match after the import", cache_policy=NO_CACHE, persist_result=False)
def match_after_task(batch_id: int, submitted_by: str) -> dict[str, Any]:
    """Matching after an import (``imports.after.match``): counts, or why it did not run."""
    with flow_context() as context:
        container = context.container
        after = match(
            uow=container.uow(),
            clock=container.clock,
            actor=acting_for(submitted_by),
            catalogue=context.catalogue(),
            model_dir=context.model_dir,
            batch_id=batch_id,
        )
    if after.report is None:
        return {"ran": False, "note": after.note}
    counts = {k: v for k, v in after.report.as_dict().items() if k in MATCH_COUNTS}
    return {"ran": True, **counts}


def match_after_import(batch_id: int, submitted_by: str) -> None:
    """Match after an import; a problem with matching (a model file from another version,
    say) is logged and leaves the import as it is."""
    logger = get_run_logger()
    matched = match_after_task(batch_id, submitted_by)
    if not matched["ran"]:
        logger.warning("Batch %s: matching did not run: %s", batch_id, matched["note"])
        return
    logger.info("Batch %s: matching linked %s nominals", batch_id, matched["linked"])
