"""An import batch's status as the data officer sees it: running, then accepted,
rejected, unchanged (the same file again) or failed (stopped part-way; nothing loaded).

Each change here is its own short transaction, so a batch is visible while its file is
read. Acceptance is not here: it is written with the facts, in the import's one
transaction (:mod:`imports.loading.service`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from imports.reading import FileRefused
from workflow import audit
from workflow.bootstrap import Container
from workflow.db.base import utcnow
from workflow.db.models import ImportBatch
from workflow.domain.vocabulary import BatchStatus

STOPPED_PART_WAY = "This import stopped before it finished; nothing from it was loaded."


def accepted_batch(container: Container, kind: str, checksum: str) -> int | None:
    with container.uow() as uow:
        return uow.session.execute(
            select(ImportBatch.id).where(
                ImportBatch.kind == kind,
                ImportBatch.checksum == checksum,
                ImportBatch.status == BatchStatus.ACCEPTED.value,
            )
        ).scalar_one_or_none()


def start_batch(
    container: Container,
    kind: str,
    path: Path,
    checksum: str,
    source: str,
    submitted_by: str,
    batch_id: int | None,
) -> int:
    values = {
        "kind": kind,
        "checksum": checksum,
        "source": source,
        "status": BatchStatus.RUNNING.value,
        "submitted_by": submitted_by,
        "started_at": utcnow(),
    }
    with container.uow() as uow:
        connection = uow.session.connection()
        # An earlier run of this file that stopped part-way loaded nothing: say so.
        _fail_stale_runs(connection, kind, checksum, keep=batch_id)
        if batch_id is None:
            batch_id = connection.execute(
                insert(ImportBatch)
                .values(file_name=path.name, created_at=utcnow(), **values)
                .returning(ImportBatch.id)
            ).scalar_one()
        else:
            connection.execute(
                update(ImportBatch).where(ImportBatch.id == batch_id).values(**values)
            )
        uow.commit()
    return batch_id


def _fail_stale_runs(connection: Connection, kind: str, checksum: str, keep: int | None) -> None:
    stale = update(ImportBatch).where(
        ImportBatch.kind == kind,
        ImportBatch.checksum == checksum,
        ImportBatch.status == BatchStatus.RUNNING.value,
    )
    if keep is not None:
        stale = stale.where(ImportBatch.id != keep)
    connection.execute(
        stale.values(
            status=BatchStatus.FAILED.value,
            detail=STOPPED_PART_WAY,
        )
    )


def finish_rejected(
    container: Container, batch_id: int, refused: FileRefused, report: Path, submitted_by: str
) -> None:
    with container.uow() as uow:
        connection = uow.session.connection()
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id)
            .values(
                status=BatchStatus.REJECTED.value,
                detail=refused.detail,
                report_path=str(report),
                finished_at=utcnow(),
            )
        )
        audit.record(
            connection,
            actor=submitted_by,
            action="import_rejected",
            entity_type="import_batch",
            entity_id=batch_id,
            detail={"code": refused.code},
        )
        uow.commit()


def mark_unchanged(container: Container, batch_id: int, same_as: int) -> None:
    detail = f"The same file as batch {same_as}: nothing changed."
    _close(container, batch_id, BatchStatus.UNCHANGED, detail)


def mark_failed(container: Container, batch_id: int) -> None:
    _close(container, batch_id, BatchStatus.FAILED, STOPPED_PART_WAY + " Run it again.")


def _close(container: Container, batch_id: int, status: BatchStatus, detail: str) -> None:
    with container.uow() as uow:
        uow.session.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id)
            .values(status=status.value, detail=detail, finished_at=utcnow())
        )
        uow.commit()
