"""A Mermaid ``stateDiagram-v2`` of a machine, read from the shared machine itself.

Drawn from the ``transitions`` machine (its states, events, transitions and guard
conditions), not from a second description, so a diagram cannot drift from what runs. A
trigger that starts from every state but its destination (``close``) is drawn once, from
an "any open state" box, rather than as an arrow from each state; ``fold=False`` draws
every arrow.
"""

from __future__ import annotations

from typing import Any

from transitions import Transition as MachineTransition

from workflow.statemachine.engine import GuardCondition, StateMachine


def mermaid(machine: StateMachine[Any, Any], *, fold: bool = True) -> str:
    """The machine as Mermaid text: an arrow per trigger and start state, guards in []."""
    states = [machine.state_named(name).value for name in machine.machine.states]
    lines = ["stateDiagram-v2", f"    [*] --> {machine.definition.start.value}"]
    has_exit: set[str] = set()
    for trigger, event in machine.machine.events.items():
        moves = [t for candidates in event.transitions.values() for t in candidates]
        starts = {_name(machine, t.source) for t in moves}
        dests = {_name(machine, t.dest) for t in moves}
        has_exit |= starts
        if fold and len(starts) > 1 and len(dests) == 1 and starts == set(states) - dests:
            box = f"any_open_state_{trigger}"
            lines.append(f'    state "any open state" as {box}')
            lines.append(f"    {box} --> {dests.pop()} : {_label(trigger, moves[0])}")
            continue
        lines.extend(
            f"    {_name(machine, t.source)} --> {_name(machine, t.dest)} : {_label(trigger, t)}"
            for t in moves
        )
    lines.extend(f"    {state} --> [*]" for state in states if state not in has_exit)
    return "\n".join(lines) + "\n"


def _label(trigger: str, transition: MachineTransition) -> str:
    guards = [
        c.func.guard.name for c in transition.conditions if isinstance(c.func, GuardCondition)
    ]
    return f"{trigger} [{', '.join(guards)}]" if guards else trigger


def _name(machine: StateMachine[Any, Any], state: str | None) -> str:
    assert state is not None, "the machine has no internal transitions"
    return str(machine.state_named(state).value)
