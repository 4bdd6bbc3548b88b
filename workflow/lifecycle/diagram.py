"""A Mermaid ``stateDiagram-v2`` of the household lifecycle, read from the shared machine.

Drawn from ``MACHINE`` itself (its states, events, transitions and guard conditions), not
from a second description, so the README's diagram cannot drift from what runs. A trigger
that starts from every other state (``close``) is drawn once, from an "any open state"
box, rather than as an arrow from each state; ``fold=False`` draws every arrow.
"""

from __future__ import annotations

from transitions import Transition as MachineTransition

from workflow.lifecycle.machine import MACHINE, GuardCondition, state_named
from workflow.lifecycle.rules import START


def mermaid(*, fold: bool = True) -> str:
    """The lifecycle as Mermaid text: an arrow per trigger and start state, guards in []."""
    states = [state_named(name).value for name in MACHINE.states]
    lines = ["stateDiagram-v2", f"    [*] --> {START.value}"]
    has_exit: set[str] = set()
    for trigger, event in MACHINE.events.items():
        moves = [t for candidates in event.transitions.values() for t in candidates]
        starts = {_name(t.source) for t in moves}
        dests = {_name(t.dest) for t in moves}
        has_exit |= starts
        if fold and len(starts) > 1 and len(dests) == 1 and starts == set(states) - dests:
            box = f"any_open_state_{trigger}"
            lines.append(f'    state "any open state" as {box}')
            lines.append(f"    {box} --> {dests.pop()} : {_label(trigger, moves[0])}")
            continue
        lines.extend(
            f"    {_name(t.source)} --> {_name(t.dest)} : {_label(trigger, t)}" for t in moves
        )
    lines.extend(f"    {state} --> [*]" for state in states if state not in has_exit)
    return "\n".join(lines) + "\n"


def _label(trigger: str, transition: MachineTransition) -> str:
    guards = [
        c.func.guard.name for c in transition.conditions if isinstance(c.func, GuardCondition)
    ]
    return f"{trigger} [{', '.join(guards)}]" if guards else trigger


def _name(state: str | None) -> str:
    assert state is not None, "the lifecycle has no internal transitions"
    return state_named(state).value
