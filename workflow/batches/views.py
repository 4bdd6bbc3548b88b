"""Import batches as the API and the flows see them: uploads waiting, statuses, reports.

The web app and the import flows never import each other: an upload records a
``pending`` batch here, and the import flow picks pending batches up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from workflow import audit
from workflow.batches.status import create_batch
from workflow.db.models import ImportBatch
from workflow.domain.vocabulary import BatchStatus
from workflow.errors import WorkflowError
from workflow.principal import Principal
from workflow.uow import UnitOfWork


class BatchNotFound(WorkflowError):
    code = "batch_not_found"


@dataclass(frozen=True)
class BatchView:
    """What a data officer needs to know about one batch (no personal data)."""

    id: int
    kind: str
    file_name: str
    status: str
    source: str | None
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_unlinked: int
    detail: str | None
    has_report: bool
    created_at: dt.datetime
    finished_at: dt.datetime | None
    submitted_by: str | None


def _view(batch: ImportBatch) -> BatchView:
    return BatchView(
        id=batch.id,
        kind=batch.kind,
        file_name=batch.file_name,
        status=batch.status,
        source=batch.source,
        rows_read=batch.rows_read,
        rows_loaded=batch.rows_loaded,
        rows_rejected=batch.rows_rejected,
        rows_unlinked=batch.rows_unlinked,
        detail=batch.detail,
        has_report=batch.report_path is not None,
        created_at=batch.created_at,
        finished_at=batch.finished_at,
        submitted_by=batch.submitted_by,
    )


def record_upload(
    *,
    uow: UnitOfWork,
    kind: str,
    file_name: str,
    stored_path: str,
    checksum: str,
    source: str | None,
    actor: Principal,
) -> int:
    """Record an uploaded file as a pending batch; the import flow will pick it up."""
    with uow:
        connection = uow.connection
        batch_id = create_batch(
            connection,
            actor=actor,
            status=BatchStatus.PENDING,
            values={
                "kind": kind,
                "file_name": file_name,
                "stored_path": stored_path,
                "checksum": checksum,
                "source": source or kind,
                "submitted_by": actor.ref,
            },
            reason="uploaded",
        )
        audit.record(
            connection,
            actor=actor,
            action="upload",
            entity_type="import_batch",
            entity_id=batch_id,
            detail={"kind": kind},
        )
        uow.commit()
    return int(batch_id)


def get_batch(*, uow: UnitOfWork, batch_id: int) -> BatchView:
    with uow:
        batch = uow.session.get(ImportBatch, batch_id)
        if batch is None:
            raise BatchNotFound(f"There is no import batch {batch_id}.")
        return _view(batch)


def list_batches(*, uow: UnitOfWork, limit: int = 50) -> list[BatchView]:
    with uow:
        batches = uow.session.scalars(
            select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
        )
        return [_view(b) for b in batches]


def report_path(*, uow: UnitOfWork, batch_id: int, actor: Principal) -> str:
    """The sender's error report of a batch; reading it is audited (it holds rows of people)."""
    with uow:
        batch = uow.session.get(ImportBatch, batch_id)
        if batch is None:
            raise BatchNotFound(f"There is no import batch {batch_id}.")
        if batch.report_path is None:
            raise BatchNotFound(
                f"Import batch {batch_id} has no error report: no rows were rejected."
            )
        if not Path(batch.report_path).is_file():
            raise BatchNotFound(
                f"The error report of import batch {batch_id} is no longer on the server: "
                "import the file again to make a new one."
            )
        audit.record(
            uow.connection,
            actor=actor,
            action="read",
            entity_type="import_report",
            entity_id=batch_id,
            purpose="return rejected rows to the sender",
        )
        uow.commit()
        return batch.report_path


@dataclass(frozen=True)
class PendingUpload:
    """An uploaded file waiting for the import flow, and who uploaded it."""

    batch_id: int
    kind: str
    stored_path: str
    source: str | None
    submitted_by: str


def pending_uploads(*, uow: UnitOfWork, batch_id: int | None = None) -> list[PendingUpload]:
    """The uploads waiting to be imported, oldest first (or just ``batch_id``, if it waits)."""
    b = ImportBatch
    query = (
        select(b.id, b.kind, b.stored_path, b.source, b.submitted_by)
        .where(b.status == BatchStatus.PENDING.value, b.stored_path.is_not(None))
        .order_by(b.id)
    )
    if batch_id is not None:
        query = query.where(b.id == batch_id)
    with uow:
        rows = uow.connection.execute(query).all()
    return [PendingUpload(int(r[0]), r[1], str(r[2]), r[3], r[4] or "system") for r in rows]
