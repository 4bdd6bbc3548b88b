"""The one shared household lifecycle machine, and ``fire``: the only way a state changes.

The machine is built once from ``rules.MOVES`` with the ``transitions`` library: enum
states, ``auto_transitions=False`` (no ``to_closed()`` back door) and ``model=None``, so
it holds no models. This is what the transitions FAQ recommends for many models: one
static machine, fired with ``machine.events[name].trigger(model)``.

Each ``fire`` hands the machine a throwaway stand-in (``_Firing``: a two-slot object
holding the state and what the guards read) and lets the machine's own event move it;
the episode takes the stand-in's new state only if the machine moved it. We neither
``add_model`` per episode (it decorates the object with a method per trigger and state:
about 1.5 s per 10,000 fires, measured) nor bind the machine to ORM objects (which would
write ``state`` behind the history's back). ``fire`` costs about 13 µs, of which the
machine's own ``Event.trigger`` is about 8.5 µs: 0.13 to 0.25 s per 10,000 fires on a
busy two-core box (``bench/bench_lifecycle.py``).

The machine is not queued and keeps no per-model state, so threads (FastAPI's pool) can
fire it at once: each call has its own stand-in and ``EventData``.

When the machine refuses (``MachineError`` for a wrong state, ``False`` when a guard
fails) ``fire`` asks the same machine definition for every reason and raises
``TransitionRefused``; the episode is left as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from transitions import EventData, Machine, MachineError

from workflow.domain.vocabulary import HouseholdState
from workflow.lifecycle.errors import TransitionRefused
from workflow.lifecycle.records import Episode, Transition
from workflow.lifecycle.rules import (
    MOVE_BY_TRIGGER,
    MOVES,
    Guard,
    GuardContext,
    Request,
    Trigger,
    reason_problems,
)


class _Firing:
    """The stand-in model the machine moves during one ``fire``."""

    __slots__ = ("request", "state")

    def __init__(self, state: HouseholdState, request: Request) -> None:
        self.state = state
        self.request = request


class GuardCondition:
    """A named guard as a ``transitions`` condition (``send_event=True``)."""

    __slots__ = ("guard",)

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    def __call__(self, event: EventData) -> bool:
        firing = cast(_Firing, event.model)
        return self.guard.passes(firing.request)

    def __repr__(self) -> str:
        return f"GuardCondition({self.guard.name})"


def _build() -> Machine:
    return Machine(
        model=None,
        states=HouseholdState,
        initial=None,
        transitions=[
            {
                "trigger": move.trigger.value,
                "source": list(move.sources),
                "dest": move.dest,
                "conditions": [GuardCondition(guard) for guard in move.guards],
            }
            for move in MOVES
        ],
        auto_transitions=False,
        send_event=True,
        name="household lifecycle",
    )


MACHINE = _build()


def fire(
    episode: Episode,
    trigger: Trigger | str,
    *,
    actor: str,
    reason: str,
    context: GuardContext | None = None,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Transition:
    """Move ``episode`` by ``trigger`` and return the record of the move.

    Raises:
        TransitionRefused: the trigger is unknown, the episode is in the wrong state, a
            guard refused, or no reason was given; every reason is listed, and the
            episode is untouched.
    """
    name = _known(trigger, episode)
    request = Request(reason=reason, context=context or {})
    start = HouseholdState(episode.state)
    if not reason_problems(reason):
        firing = _Firing(start, request)
        try:
            moved = MACHINE.events[name].trigger(firing)
        except MachineError:  # no transition for this trigger from this state
            moved = False
        if moved:
            episode.state = firing.state
            return Transition(
                household_id=episode.household_id,
                episode_id=episode.id,
                episode_number=episode.number,
                from_state=start,
                to_state=firing.state,
                trigger=name.value,
                actor=actor,
                at=at or dt.datetime.now(dt.UTC),
                reason=reason,
                detail=dict(detail or {}),
            )
    reasons = refusals(start, name, request) or ["the lifecycle machine refused it"]
    raise TransitionRefused(
        f"Cannot {MOVE_BY_TRIGGER[name].phrase} household {episode.label}: "
        + "; ".join(reasons)
        + ".",
        reasons=reasons,
        trigger=name.value,
        household_id=episode.household_id,
        state=start.value,
    )


def refusals(state: HouseholdState, trigger: Trigger, request: Request) -> list[str]:
    """Every reason the machine would refuse ``trigger`` from ``state`` (empty: it would not).

    Read from the machine's own definition: the states the trigger starts from, and the
    guards on its transitions (all of them, even from a wrong state, so a user learns
    everything that stands in the way at once).
    """
    event = MACHINE.events[trigger.value]
    reasons: list[str] = []
    if state.name not in event.transitions:
        reasons.append(_wrong_state(state, trigger))
    reasons.extend(reason_problems(request.reason))
    seen: set[str] = set()
    for candidates in event.transitions.values():
        for transition in candidates:
            for condition in transition.conditions:
                guard = _guard(condition.func)
                if guard.name not in seen and not guard.passes(request):
                    seen.add(guard.name)
                    reasons.append(guard.refusal)
    return reasons


def available_triggers(state: HouseholdState) -> list[Trigger]:
    """The triggers that start from ``state`` (guards not checked): for menus and buttons."""
    return [Trigger(name) for name in MACHINE.get_triggers(state)]


def sources(trigger: Trigger) -> list[HouseholdState]:
    """The states ``trigger`` starts from, in the machine's order."""
    return [state_named(name) for name in MACHINE.events[trigger.value].transitions]


def _wrong_state(state: HouseholdState, trigger: Trigger) -> str:
    if state is HouseholdState.CLOSED:
        return "it is 'closed', and a closed episode is final (a re-referral opens a new one)"
    starts = sources(trigger)
    needs = (
        f"'{starts[0].value}'"
        if len(starts) == 1
        else "one of " + ", ".join(f"'{s.value}'" for s in starts)
    )
    return f"it is '{state.value}', and {trigger.value} needs {needs}"


def _known(trigger: Trigger | str, episode: Episode) -> Trigger:
    try:
        return Trigger(trigger)
    except ValueError:
        known = ", ".join(t.value for t in Trigger)
        raise TransitionRefused(
            f"Cannot move household {episode.label}: there is no trigger {trigger!r} "
            f"(the triggers are {known}).",
            reasons=[f"there is no trigger {trigger!r}"],
            trigger=str(trigger),
            household_id=episode.household_id,
            state=str(episode.state),
        ) from None


def _guard(func: object) -> Guard:
    assert isinstance(func, GuardCondition), f"not a named guard: {func!r}"
    return func.guard


def state_named(name: str) -> HouseholdState:
    """The state the machine calls ``name`` (it keys enum states by member name)."""
    value = MACHINE.get_state(name).value
    assert isinstance(value, HouseholdState)
    return value
