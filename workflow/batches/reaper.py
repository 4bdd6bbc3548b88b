"""Marking failed the imports whose process died, so none stays ``running`` for ever.

A batch records which process is importing it (``workflow.batches.process``). When that
process is gone (killed, crashed, out of memory) the batch can't finish: its rows were
never committed, so nothing was loaded. ``reap_stopped`` finds such batches and marks them
failed, saying so in words a data officer can act on. It runs before every import, when
``tfe serve`` starts and on each of its polls, and as the scheduled ``check-stopped-imports``
flow. A batch running on another machine can't be checked directly: it is given up on
only after ``STALE_ELSEWHERE`` without finishing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from workflow.batches.machine import BatchTrigger
from workflow.batches.process import ProcessId, is_alive
from workflow.batches.status import move_batch
from workflow.clock import Clock
from workflow.db.base import utcnow
from workflow.db.models import ImportBatch
from workflow.domain.vocabulary import BatchStatus
from workflow.principal import Principal
from workflow.statemachine.errors import TransitionRefused
from workflow.uow import UnitOfWork

STALE_ELSEWHERE = dt.timedelta(hours=6)
DIED = (
    "This import stopped before it finished: the process importing it ended (it was "
    "stopped, or ran out of memory). Nothing from it was loaded. Import the file again; if "
    "it stops again, send it to the support team."
)
GAVE_UP = (
    "This import has not finished after {hours} hours and its process can't be checked from "
    "here, so it was given up on. Nothing from it was loaded. Import the file again."
)


def reap_stopped(uow: UnitOfWork, *, actor: Principal, clock: Clock) -> list[int]:
    """Mark failed every running batch whose import process is gone; their ids."""
    b = ImportBatch
    reaped: list[int] = []
    with uow:
        connection = uow.connection
        running = connection.execute(
            select(b.id, b.worker_host, b.worker_pid, b.worker_started, b.started_at).where(
                b.status == BatchStatus.RUNNING.value
            )
        ).all()
        now = clock.now()
        for batch_id, host, pid, started, started_at in running:
            alive = None if pid is None else is_alive(ProcessId(host or "", pid, started))
            if alive is False:
                detail = DIED
            elif alive is None and _older(started_at, now, STALE_ELSEWHERE):
                detail = GAVE_UP.format(hours=int(STALE_ELSEWHERE.total_seconds() // 3600))
            else:
                continue
            try:
                move_batch(
                    connection,
                    int(batch_id),
                    BatchTrigger.FAIL,
                    actor=actor,
                    reason="its import process ended without finishing",
                    values={"detail": detail, "finished_at": utcnow()},
                )
            except TransitionRefused:  # it finished meanwhile
                continue
            reaped.append(int(batch_id))
        uow.commit()
    return reaped


def _older(started_at: dt.datetime | None, now: dt.datetime, age: dt.timedelta) -> bool:
    if started_at is None:
        return True
    if started_at.tzinfo is None:  # SQLite gives naive UTC back
        started_at = started_at.replace(tzinfo=dt.UTC)
    return now - started_at > age
