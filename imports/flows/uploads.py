"""The uploads flows: import the files uploaded through the web app or API.

``import-upload`` imports one pending upload by its batch id. ``tfe serve`` hands each new
upload to its Prefect worker as a run of this flow, so the import runs in a process of its
own, under a memory ceiling (``imports.memory``): a file that crashes or exhausts a reader
ends that process only, never the web app; the batch is then marked failed by the reaper.
``import-pending-uploads`` imports every waiting upload in turn (for a scheduled
deployment on a council's own Prefect server).
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger

from imports.flows.common import flow_context
from imports.flows.importing import import_partner_file
from imports.memory import limit_memory
from workflow.batches import pending_uploads


@flow(name="import-upload", persist_result=False, log_prints=False)
def import_upload(batch_id: int) -> dict[str, Any] | None:
    """Import one uploaded file still waiting as ``batch_id`` (None if it no longer waits)."""
    logger = get_run_logger()
    ceiling = limit_memory()
    with flow_context() as context:
        waiting = pending_uploads(uow=context.container.uow(), batch_id=batch_id)
    if not waiting:
        logger.info("Batch %s is no longer waiting to be imported", batch_id)
        return None
    upload = waiting[0]
    logger.info("Batch %s: importing an upload (memory ceiling %s MB)", batch_id, ceiling)
    return import_partner_file(
        upload.stored_path,
        upload.kind,
        source=upload.source,
        submitted_by=upload.submitted_by,
        batch_id=upload.batch_id,
    )


@flow(name="import-pending-uploads", persist_result=False, log_prints=False)
def import_pending_uploads() -> list[dict[str, Any]]:
    """Import the files uploaded through the web app or API that are waiting (oldest first)."""
    with flow_context() as context:
        waiting = pending_uploads(uow=context.container.uow())
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
