"""Prefect flows for imports: thin wrappers over the plain functions in ``imports.loading``.

- Parameters and logs carry batch ids, kinds and file paths — never names, dates of birth
  or DataFrames of people. Results are not persisted (``persist_result=False``).
- Reading a file is retried (a network share can hiccup); writing to the database is never
  cached (``NO_CACHE``) and never retried blindly: an import commits whole or not at all,
  and a new run of the same file finishes the job.
- Tasks are coarse (a file), not a task per row.

Run them in-process (ephemeral Prefect), or deploy them to a Prefect server with a worker
(``imports.deployments``, ``docs/prefect.md``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from imports.loading.folder import delivery_plan, kind_from_name
from imports.loading.outcome import ImportOutcome
from imports.loading.service import StartedImport, begin_import, finish_import, read_import
from imports.reading import FileRefused, ReadResult, load_mapping
from workflow.batches import pending_uploads
from workflow.bootstrap import Container, build
from workflow.settings import get_settings


def _container() -> Container:
    return build(get_settings())


@task(name="begin import", cache_policy=NO_CACHE, persist_result=False)
def begin_task(
    path: str,
    kind: str,
    source: str | None,
    submitted_by: str,
    batch_id: int | None,
    list_date: str | None = None,
) -> StartedImport | ImportOutcome:
    container = _container()
    try:
        return begin_import(
            container,
            Path(path),
            kind,
            source=source,
            submitted_by=submitted_by,
            batch_id=batch_id,
            list_date=None if list_date is None else dt.date.fromisoformat(list_date),
        )
    finally:
        container.close()


@task(
    name="read partner file",
    retries=2,
    retry_delay_seconds=[2, 10],
    cache_policy=NO_CACHE,
    persist_result=False,
)
def read_task(started: StartedImport, mapping_path: str | None) -> ReadResult | FileRefused:
    mapping = load_mapping(Path(mapping_path)) if mapping_path else None
    return read_import(started, mapping=mapping)


@task(name="store partner rows", cache_policy=NO_CACHE, persist_result=False)
def store_task(started: StartedImport, result: ReadResult | FileRefused) -> ImportOutcome:
    container = _container()
    try:
        return finish_import(container, started, result)
    finally:
        container.close()


@task(name="re-screen the households touched", cache_policy=NO_CACHE, persist_result=False)
def rescreen_task(batch_id: int) -> dict[str, Any] | None:
    """After an accepted import, screen again the households its rows are about."""
    from workflow.screening.rescreen import rescreen_after_import

    container = _container()
    try:
        report = rescreen_after_import(container, batch_id, actor="import")
    finally:
        container.close()
    if report is None:
        return None
    return {
        "run_id": report.run_id,
        "households": report.households_screened,
        "newly_eligible": report.newly_eligible,
    }


MATCHED_KINDS = frozenset({"gangs_matrix", "iom_cohort"})
# Offences make offender-family flags, so their imports refresh matching's flags too.
OFFENCE_KINDS = frozenset({"youth_justice", "police_incidents"})


def _wants_matching(summary: dict[str, Any]) -> bool:
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
    from imports.matching import match_lists

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


def _summary(outcome: ImportOutcome) -> dict[str, Any]:
    """What a flow returns and logs: counts and references, no personal data."""
    keep = (
        "kind",
        "file_name",
        "status",
        "batch_id",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "rows_unlinked",
        "rows_replaced",
        "report_path",
        "code",
        "accepted",
    )
    return {k: v for k, v in outcome.as_dict().items() if k in keep}


@flow(name="import-partner-file", persist_result=False, log_prints=False)
def import_partner_file(
    path: str,
    kind: str,
    mapping_path: str | None = None,
    source: str | None = None,
    submitted_by: str = "system",
    batch_id: int | None = None,
    list_date: str | None = None,
    match_after: bool = True,
) -> dict[str, Any]:
    """Import one partner file (the flow version of ``imports.loading.import_file``).

    ``list_date`` (``yyyy-mm-dd``): the day a snapshot list such as the IOM cohort was
    produced, when the sender gave it. ``match_after``: run matching afterwards when the
    file needs it (a police list, an offence feed, rows left unlinked); a delivery runs
    it once, after its last file.
    """
    logger = get_run_logger()
    started = begin_task(path, kind, source, submitted_by, batch_id, list_date)
    if isinstance(started, ImportOutcome):
        logger.info(
            "Batch %s: this %s file was imported before; nothing changed", started.batch_id, kind
        )
        return _summary(started)
    # Not the path: partners sometimes name a file after a family.
    logger.info("Batch %s: importing a %s file", started.batch_id, kind)
    outcome = store_task(started, read_task(started, mapping_path))
    if outcome.status == "accepted" and outcome.batch_id is not None:
        rescreened = rescreen_task(outcome.batch_id)
        if rescreened:
            logger.info(
                "Batch %s: re-screened %s households (screening run %s, %s newly eligible)",
                outcome.batch_id,
                rescreened["households"],
                rescreened["run_id"],
                rescreened["newly_eligible"],
            )
    if match_after and _wants_matching(_summary(outcome)):
        _match_after_import(int(str(outcome.batch_id)), submitted_by)
    logger.info(
        "Batch %s: %s (%s loaded, %s rejected, %s replaced)",
        outcome.batch_id,
        outcome.status,
        outcome.rows_loaded,
        outcome.rows_rejected,
        outcome.rows_replaced,
    )
    return _summary(outcome)


def _match_after_import(batch_id: int, submitted_by: str) -> None:
    """Match after an import; a problem with matching (a model file from another version,
    say) is logged and leaves the import as it is."""
    from imports.matching import MatchingError

    logger = get_run_logger()
    try:
        matched = match_police_lists(submitted_by=submitted_by, batch_id=batch_id)
    except MatchingError as exc:
        logger.warning("Batch %s: matching did not run: %s", batch_id, exc.detail)
        return
    logger.info("Batch %s: matching linked %s nominals", batch_id, matched["linked"])


@flow(name="import-delivery", persist_result=False, log_prints=False)
def import_delivery(
    folder: str, submitted_by: str = "system", list_date: str | None = None
) -> list[dict[str, Any]]:
    """Import every partner file in a folder, registers first (``list_date``: as for
    :func:`import_partner_file`, the day the delivery's snapshot lists were produced)."""
    plan, unknown = delivery_plan(Path(folder))
    logger = get_run_logger()
    if unknown:  # not their names: partners sometimes name a file after a family
        logger.warning(
            "Skipped %s files whose names do not say which kind of file they are "
            "(tfe import --dir lists them)",
            len(unknown),
        )
    results = [
        import_partner_file(
            str(path), kind, submitted_by=submitted_by, list_date=list_date, match_after=False
        )
        for kind, path in plan
    ]
    wanted = [r for r in results if _wants_matching(r)]
    if wanted:
        _match_after_import(int(wanted[-1]["batch_id"]), submitted_by)
    return results


@flow(name="watch-inbox", persist_result=False, log_prints=False)
def watch_inbox(inbox: str) -> list[dict[str, Any]]:
    """Import what has arrived in an inbox folder, then file it under done/ or not-loaded/.

    Run on a schedule (``imports.deployments``). A file whose kind can't be told from its
    name is moved to not-loaded/ with nothing imported.
    """
    folder = Path(inbox)
    done, refused = folder / "done", folder / "not-loaded"
    done.mkdir(parents=True, exist_ok=True)
    refused.mkdir(parents=True, exist_ok=True)
    plan, unknown = delivery_plan(folder)
    summaries = []
    for kind, path in plan:
        summary = import_partner_file(str(path), kind, source=None)
        shutil.move(path, (done if summary["accepted"] else refused) / path.name)
        summaries.append(summary)
    for path in unknown:
        shutil.move(path, refused / path.name)
    return summaries


@flow(name="import-pending-uploads", persist_result=False, log_prints=False)
def import_pending_uploads() -> list[dict[str, Any]]:
    """Import the files uploaded through the web app or API that are waiting (oldest first)."""
    container = _container()
    try:
        waiting = pending_uploads(uow=container.uow())
    finally:
        container.close()
    return [
        import_partner_file(
            upload.stored_path,
            upload.kind,
            source=upload.source,
            submitted_by=upload.submitted_by,
            batch_id=upload.batch_id,
        )
        for upload in waiting
    ]


__all__ = [
    "import_delivery",
    "import_partner_file",
    "import_pending_uploads",
    "kind_from_name",
    "match_police_lists",
    "watch_inbox",
]
