"""An import batch's status as a state machine, on the state-machine kit.

    pending ──start──> running ──accept──> accepted ──supersede──> superseded
                          │──reject──> rejected       (a corrected re-send replaced it)
    pending | running ──fail──> failed                (stopped part-way: nothing loaded)
    pending | running ──same_file──> unchanged        (the same file as an accepted batch)

A batch is created ``pending`` (an upload waiting for the import flow) or ``running`` (a
file imported in place). Each move is written to ``batch_transitions`` with who and why.
System moves say why in their own words, so none needs a person's reason. Pure.
"""

from __future__ import annotations

from enum import StrEnum

from workflow.domain.vocabulary import BatchStatus as B
from workflow.statemachine.definition import Definition, Move


class BatchTrigger(StrEnum):
    START = "start"
    ACCEPT = "accept"
    REJECT = "reject"
    FAIL = "fail"
    SAME_FILE = "same_file"
    SUPERSEDE = "supersede"


OPENED = "created"  # the history's name for the row that records a new batch
FINISHED = frozenset({B.ACCEPTED, B.REJECTED, B.SUPERSEDED, B.UNCHANGED, B.FAILED})

DEFINITION: Definition[B, BatchTrigger] = Definition(
    name="import batch status",
    noun="import batch",
    states=B,
    triggers=BatchTrigger,
    start=B.PENDING,
    moves=(
        Move(BatchTrigger.START, (B.PENDING,), B.RUNNING, "start", reason_needed=False),
        Move(BatchTrigger.ACCEPT, (B.RUNNING,), B.ACCEPTED, "accept", reason_needed=False),
        Move(BatchTrigger.REJECT, (B.RUNNING,), B.REJECTED, "reject", reason_needed=False),
        Move(BatchTrigger.FAIL, (B.PENDING, B.RUNNING), B.FAILED, "fail", reason_needed=False),
        Move(
            BatchTrigger.SAME_FILE,
            (B.PENDING, B.RUNNING),
            B.UNCHANGED,
            "mark as unchanged",
            reason_needed=False,
        ),
        Move(BatchTrigger.SUPERSEDE, (B.ACCEPTED,), B.SUPERSEDED, "supersede", reason_needed=False),
    ),
    final_words={
        state: f"it is '{state.value}', and a finished batch does not change again"
        for state in (B.REJECTED, B.SUPERSEDED, B.UNCHANGED, B.FAILED)
    },
)
