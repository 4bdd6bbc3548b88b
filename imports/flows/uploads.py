"""The uploads flow: import the files uploaded through the web app or API."""

from __future__ import annotations

from typing import Any

from prefect import flow

from imports.flows.common import flow_context
from imports.flows.importing import import_partner_file
from workflow.batches import pending_uploads


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
