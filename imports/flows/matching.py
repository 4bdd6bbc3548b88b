"""The matching flow: police lists and partner rows the importer could not link, matched
to the register (after an import, or on demand)."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from imports.flows.common import container as _container

MATCHED_KINDS = frozenset({"gangs_matrix", "iom_cohort"})
# Offences make offender-family flags, so their imports refresh matching's flags too.
OFFENCE_KINDS = frozenset({"youth_justice", "police_incidents"})


def wants_matching(summary: dict[str, Any]) -> bool:
    """An accepted police list, offence feed, or file that left rows unlinked (from the
    import's summary): matching runs after it."""
    if summary.get("status") != "accepted" or summary.get("batch_id") is None:
        return False
    return summary["kind"] in MATCHED_KINDS | OFFENCE_KINDS or bool(summary.get("rows_unlinked"))


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

    container = _container()
    try:
        report = match_lists(
            container, retrain=retrain, actor=submitted_by, trigger=trigger, batch_id=batch_id
        )
    finally:
        container.close()
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
    summary = match_task(retrain, "import" if batch_id else "command", submitted_by, batch_id)
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


def match_after_import(batch_id: int, submitted_by: str) -> None:
    """Match after an import; a problem with matching (a model file from another version,
    say) is logged and leaves the import as it is."""
    from imports.linkage import MatchingError

    logger = get_run_logger()
    try:
        matched = match_police_lists(submitted_by=submitted_by, batch_id=batch_id)
    except MatchingError as exc:
        logger.warning("Batch %s: matching did not run: %s", batch_id, exc.detail)
        return
    logger.info("Batch %s: matching linked %s nominals", batch_id, matched["linked"])
