"""The import flows: one partner file, and a whole delivery folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from imports.after import rescreen, wants_matching
from imports.flows.common import acting_for, flow_context
from imports.flows.matching import match_after_import
from imports.loading.folder import delivery_plan
from imports.loading.outcome import ImportOutcome
from imports.loading.service import StartedImport, begin_import, finish_import, read_import
from imports.reading import FileRefused, ReadResult, load_mapping


@task(name="begin import", cache_policy=NO_CACHE, persist_result=False)
def begin_task(
    path: str,
    kind: str,
    source: str | None,
    submitted_by: str,
    batch_id: int | None,
    list_date: str | None = None,
) -> StartedImport | ImportOutcome:
    with flow_context() as context:
        container = context.container
        return begin_import(
            Path(path),
            kind,
            uow=container.uow(),
            clock=container.clock,
            actor=acting_for(submitted_by),
            source=source,
            batch_id=batch_id,
            list_date=None if list_date is None else dt.date.fromisoformat(list_date),
        )


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
    with flow_context() as context:
        return finish_import(
            started, result, uow=context.container.uow(), reports_dir=context.reports_dir
        )


@task(name="re-screen the households touched", cache_policy=NO_CACHE, persist_result=False)
def rescreen_task(batch_id: int, submitted_by: str) -> dict[str, Any] | None:
    """After an accepted import, screen again the households its rows are about."""
    with flow_context() as context:
        container = context.container
        report = rescreen(
            batch_id,
            uow=container.uow(),
            clock=container.clock,
            actor=acting_for(submitted_by),
            catalogue=context.catalogue(),
        )
    if report is None:
        return None
    return {
        "run_id": report.run_id,
        "households": report.households_screened,
        "newly_eligible": report.newly_eligible,
    }


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
        rescreened = rescreen_task(outcome.batch_id, submitted_by)
        if rescreened:
            logger.info(
                "Batch %s: re-screened %s households (screening run %s, %s newly eligible)",
                outcome.batch_id,
                rescreened["households"],
                rescreened["run_id"],
                rescreened["newly_eligible"],
            )
    if match_after and wants_matching(_summary(outcome)):
        match_after_import(int(str(outcome.batch_id)), submitted_by)
    logger.info(
        "Batch %s: %s (%s loaded, %s rejected, %s replaced)",
        outcome.batch_id,
        outcome.status,
        outcome.rows_loaded,
        outcome.rows_rejected,
        outcome.rows_replaced,
    )
    return _summary(outcome)


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
    wanted = [r for r in results if wants_matching(r)]
    if wanted:
        match_after_import(int(wanted[-1]["batch_id"]), submitted_by)
    return results
