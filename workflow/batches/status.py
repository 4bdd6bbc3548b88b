"""An import batch's status as the data officer sees it, changed only through its state
machine (``workflow.batches.machine``) and recorded in ``batch_transitions``.

Every function here works inside the caller's unit of work: ``with uow:`` joins the
caller's transaction when one is open, so "store the rows and mark the batch accepted" is
one transaction. Used alone, each is its own short transaction, so a running batch is
visible while its file is read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from workflow import audit
from workflow.batches.machine import DEFINITION, OPENED, BatchTrigger
from workflow.batches.process import this_process
from workflow.db.base import utcnow
from workflow.db.models import BatchTransition, ImportBatch
from workflow.domain.vocabulary import BatchStatus
from workflow.errors import WorkflowError
from workflow.principal import Principal
from workflow.statemachine.definition import Request
from workflow.statemachine.engine import StateMachine
from workflow.uow import UnitOfWork

BATCHES: StateMachine[BatchStatus, BatchTrigger] = StateMachine(DEFINITION)
STOPPED_PART_WAY = "This import stopped before it finished; nothing from it was loaded."


class BatchChanged(WorkflowError):
    """Someone else changed the batch's status between reading and writing it."""

    code = "batch_changed"


def accepted_batch(uow: UnitOfWork, kind: str, checksum: str) -> int | None:
    """The accepted batch of this exact file, if there is one."""
    with uow:
        found = uow.connection.execute(
            select(ImportBatch.id).where(
                ImportBatch.kind == kind,
                ImportBatch.checksum == checksum,
                ImportBatch.status == BatchStatus.ACCEPTED.value,
            )
        ).scalar_one_or_none()
    return None if found is None else int(found)


def create_batch(
    connection: Connection,
    *,
    actor: Principal,
    status: BatchStatus,
    values: dict[str, Any],
    reason: str,
) -> int:
    """Record a new batch in ``status`` (pending or running), with its first history row."""
    assert status in (BatchStatus.PENDING, BatchStatus.RUNNING)
    now = utcnow()
    batch_id = int(
        connection.execute(
            insert(ImportBatch)
            .values(status=status.value, created_at=now, **values)
            .returning(ImportBatch.id)
        ).scalar_one()
    )
    _history(connection, batch_id, None, status, OPENED, actor, reason, now)
    return batch_id


def move_batch(
    connection: Connection,
    batch_id: int,
    trigger: BatchTrigger,
    *,
    actor: Principal,
    reason: str,
    values: dict[str, Any] | None = None,
) -> BatchStatus:
    """Move one batch by ``trigger`` (setting ``values`` with it) and record the move.

    Raises:
        TransitionRefused: the batch is not in a state ``trigger`` starts from.
        BatchChanged: another process moved it meanwhile (nothing is written).
    """
    current = connection.execute(
        select(ImportBatch.status).where(ImportBatch.id == batch_id)
    ).scalar_one()
    start = BatchStatus(current)
    dest = BATCHES.fire(start, trigger, Request(reason=reason), label=f"import batch {batch_id}")
    changed = connection.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id, ImportBatch.status == start.value)
        .values(status=dest.value, **(values or {}))
    ).rowcount
    if changed != 1:
        raise BatchChanged(f"Import batch {batch_id} was changed by another process: try again.")
    _history(connection, batch_id, start, dest, trigger.value, actor, reason, utcnow())
    return dest


def start_batch(
    uow: UnitOfWork,
    *,
    actor: Principal,
    kind: str,
    file_name: str,
    checksum: str,
    source: str,
    submitted_by: str,
    batch_id: int | None,
) -> int:
    """Mark an uploaded batch running, or record a new running batch for a file imported in
    place, with the process importing it (an earlier run whose process died is marked
    failed by ``workflow.batches.reaper``, which the import runs first)."""
    process = this_process()
    values = {
        "kind": kind,
        "checksum": checksum,
        "source": source,
        "submitted_by": submitted_by,
        "started_at": utcnow(),
        "worker_host": process.host,
        "worker_pid": process.pid,
        "worker_started": process.started,
    }
    with uow:
        connection = uow.connection
        if batch_id is None:
            batch_id = create_batch(
                connection,
                actor=actor,
                status=BatchStatus.RUNNING,
                values=values | {"file_name": file_name},
                reason="imported in place",
            )
        else:
            move_batch(
                connection,
                batch_id,
                BatchTrigger.START,
                actor=actor,
                reason="the import flow picked up the upload",
                values=values,
            )
        uow.commit()
    return batch_id


def hold_file(connection: Connection, *, kind: str, checksum: str, batch_id: int) -> int | None:
    """Make other imports of the same file wait until this transaction ends, then say
    whether one of them was accepted meanwhile (its batch id), so that 20 imports of one
    file at once load it once and the other 19 are "unchanged", not errors.

    On PostgreSQL an advisory lock keyed on the file; on SQLite the transaction's first
    write takes the database's write lock, which does the same.
    """
    if connection.dialect.name == "postgresql":
        key = int(checksum[:15], 16)  # 60 bits of the file's SHA-256: a bigint lock key
        connection.execute(select(func.pg_advisory_xact_lock(key)))
    else:
        connection.execute(
            update(ImportBatch).where(ImportBatch.id == batch_id).values(status=ImportBatch.status)
        )
    found = connection.execute(
        select(ImportBatch.id).where(
            ImportBatch.kind == kind,
            ImportBatch.checksum == checksum,
            ImportBatch.status == BatchStatus.ACCEPTED.value,
            ImportBatch.id != batch_id,
        )
    ).scalar_one_or_none()
    return None if found is None else int(found)


def same_file(connection: Connection, batch_id: int, same_as: int, *, actor: Principal) -> str:
    """Mark a batch unchanged because batch ``same_as`` holds the same file; the detail."""
    detail = f"The same file as batch {same_as}: nothing changed."
    move_batch(
        connection,
        batch_id,
        BatchTrigger.SAME_FILE,
        actor=actor,
        reason=detail,
        values={"detail": detail, "finished_at": utcnow()},
    )
    return detail


def finish_rejected(
    uow: UnitOfWork,
    batch_id: int,
    *,
    actor: Principal,
    detail: str,
    code: str,
    report: str,
) -> None:
    """The file as a whole was wrong: nothing loaded; the report says why."""
    with uow:
        connection = uow.connection
        move_batch(
            connection,
            batch_id,
            BatchTrigger.REJECT,
            actor=actor,
            reason=f"the file was refused ({code})",
            values={"detail": detail, "report_path": report, "finished_at": utcnow()},
        )
        audit.record(
            connection,
            actor=actor,
            action="import_rejected",
            entity_type="import_batch",
            entity_id=batch_id,
            detail={"code": code},
        )
        uow.commit()


def mark_unchanged(uow: UnitOfWork, batch_id: int, same_as: int, *, actor: Principal) -> None:
    with uow:
        same_file(uow.connection, batch_id, same_as, actor=actor)
        uow.commit()


def mark_failed(
    uow: UnitOfWork, batch_id: int, *, actor: Principal, detail: str | None = None
) -> None:
    """The import stopped part-way (nothing was loaded): say so, in words a data officer
    can act on."""
    detail = detail or STOPPED_PART_WAY + " Run it again."
    with uow:
        move_batch(
            uow.connection,
            batch_id,
            BatchTrigger.FAIL,
            actor=actor,
            reason=detail[:500],
            values={"detail": detail, "finished_at": utcnow()},
        )
        uow.commit()


def _history(
    connection: Connection,
    batch_id: int,
    start: BatchStatus | None,
    dest: BatchStatus,
    trigger: str,
    actor: Principal,
    reason: str,
    at: dt.datetime,
) -> None:
    connection.execute(
        insert(BatchTransition).values(
            batch_id=batch_id,
            from_state=None if start is None else start.value,
            to_state=dest.value,
            trigger=trigger,
            actor=actor.ref,
            actor_roles=actor.role_names,
            at=at,
            reason=reason[:500],
            detail={},
        )
    )
