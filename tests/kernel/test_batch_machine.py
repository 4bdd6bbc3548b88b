"""An import batch's status moves only along its machine, and each move is kept.

The expected table is written out by hand from the batch lifecycle in
``docs/architecture.md``: pending → running → accepted → superseded, rejected, failed,
unchanged.
"""

from __future__ import annotations

import pytest

from workflow.batches.machine import DEFINITION, BatchTrigger
from workflow.domain.vocabulary import BatchStatus as B
from workflow.statemachine.definition import Request
from workflow.statemachine.engine import StateMachine
from workflow.statemachine.errors import TransitionRefused

MACHINE = StateMachine(DEFINITION)
TABLE = """
state       start    accept    reject    fail    same_file  supersede
pending     running  -         -         failed  unchanged  -
running     -        accepted  rejected  failed  unchanged  -
accepted    -        -         -         -       -          superseded
rejected    -        -         -         -       -          -
superseded  -        -         -         -       -          -
unchanged   -        -         -         -       -          -
failed      -        -         -         -       -          -
"""


def cells() -> list[tuple[B, BatchTrigger, B | None]]:
    header, *rows = [line.split() for line in TABLE.strip().splitlines()]
    return [
        (B(state), BatchTrigger(trigger), None if dest == "-" else B(dest))
        for state, *dests in rows
        for trigger, dest in zip(header[1:], dests, strict=True)
    ]


def test_the_table_covers_every_status_and_trigger() -> None:
    assert sorted((s, t) for s, t, _ in cells()) == sorted((s, t) for s in B for t in BatchTrigger)


@pytest.mark.parametrize(("state", "trigger", "dest"), cells())
def test_each_status_and_trigger(state: B, trigger: BatchTrigger, dest: B | None) -> None:
    if dest is not None:
        assert MACHINE.fire(state, trigger, Request(reason=""), label="import batch 7") is dest
        return
    with pytest.raises(TransitionRefused) as refused:
        MACHINE.fire(state, trigger, Request(reason=""), label="import batch 7")
    assert refused.value.detail.startswith(
        f"Cannot {DEFINITION.move(trigger).phrase} import batch 7"
    )
