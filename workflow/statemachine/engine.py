"""One shared ``transitions`` machine per definition, and ``fire``: the only way a state
changes.

The machine is built once from a ``Definition`` with the ``transitions`` library: enum
states, ``auto_transitions=False`` (no ``to_closed()`` back door) and ``model=None``, so
it holds no models. This is what the transitions FAQ recommends for many models: one
static machine, fired with ``machine.events[name].trigger(model)``.

Each ``fire`` hands the machine a throwaway stand-in (``_Firing``: a two-slot object
holding the state and what the guards read) and lets the machine's own event move it;
the caller takes the stand-in's new state only if the machine moved it. We neither
``add_model`` per subject (it decorates the object with a method per trigger and state:
about 1.5 s per 10,000 fires, measured) nor bind the machine to ORM objects (which would
write ``state`` behind the history's back). A fire costs about 13 µs
(``bench/bench_lifecycle.py``).

The machine is not queued and keeps no per-model state, so threads (FastAPI's pool) can
fire it at once: each call has its own stand-in and ``EventData``.

When the machine refuses (``MachineError`` for a wrong state, ``False`` when a guard
fails) ``fire`` asks the same machine for every reason and raises ``TransitionRefused``.
"""

from __future__ import annotations

from typing import Any, Generic, cast

from transitions import EventData, Machine, MachineError

from workflow.statemachine.definition import Definition, Guard, Request, S, T, reason_problems
from workflow.statemachine.errors import TransitionRefused


class _Firing:
    """The stand-in model the machine moves during one ``fire``."""

    __slots__ = ("request", "state")

    def __init__(self, state: Any, request: Request) -> None:
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


class StateMachine(Generic[S, T]):
    """The one shared machine of a definition."""

    def __init__(self, definition: Definition[S, T]) -> None:
        self.definition = definition
        self.machine = Machine(
            model=None,
            states=definition.states,
            initial=None,
            transitions=[
                {
                    "trigger": move.trigger.value,
                    "source": list(move.sources),
                    "dest": move.dest,
                    "conditions": [GuardCondition(guard) for guard in move.guards],
                }
                for move in definition.moves
            ],
            auto_transitions=False,
            send_event=True,
            name=definition.name,
        )

    def fire(self, state: S, trigger: T | str, request: Request, *, label: str) -> S:
        """The state ``trigger`` moves a subject in ``state`` to.

        ``label`` names the subject in a refusal ("household H000123").

        Raises:
            TransitionRefused: the trigger is unknown, the subject is in the wrong state, a
                guard refused, or the reason is missing or too long; every reason is listed.
        """
        known = self.known(trigger, label=label, state=state)
        move = self.definition.move(known)
        if not reason_problems(request.reason, needed=move.reason_needed):
            firing = _Firing(state, request)
            try:
                moved = self.machine.events[known.value].trigger(firing)
            except MachineError:  # no transition for this trigger from this state
                moved = False
            if moved:
                return cast(S, firing.state)
        reasons = self.refusals(state, known, request) or [f"the {self.definition.name} refused it"]
        raise TransitionRefused(
            f"Cannot {move.phrase} {label}: " + "; ".join(reasons) + ".",
            reasons=reasons,
            trigger=known.value,
            state=state.value,
        )

    def refusals(self, state: S, trigger: T, request: Request) -> list[str]:
        """Every reason the machine would refuse ``trigger`` from ``state`` (empty: it would not).

        Read from the machine's own definition: the states the trigger starts from, and the
        guards on its transitions (all of them, even from a wrong state, so a user learns
        everything that stands in the way at once).
        """
        event = self.machine.events[trigger.value]
        move = self.definition.move(trigger)
        reasons: list[str] = []
        if state.name not in event.transitions:
            reasons.append(self._wrong_state(state, trigger))
        reasons.extend(reason_problems(request.reason, needed=move.reason_needed))
        seen: set[str] = set()
        for candidates in event.transitions.values():
            for transition in candidates:
                for condition in transition.conditions:
                    guard = _guard(condition.func)
                    if guard.name not in seen and not guard.passes(request):
                        seen.add(guard.name)
                        reasons.append(guard.refusal)
        return reasons

    def triggers_from(self, state: S) -> list[T]:
        """The triggers that start from ``state`` (guards not checked): for menus and buttons."""
        return [self.definition.triggers(name) for name in self.machine.get_triggers(state)]

    def sources(self, trigger: T) -> list[S]:
        """The states ``trigger`` starts from, in the machine's order."""
        return [self.state_named(name) for name in self.machine.events[trigger.value].transitions]

    def state_named(self, name: str) -> S:
        """The state the machine calls ``name`` (it keys enum states by member name)."""
        value = self.machine.get_state(name).value
        assert isinstance(value, self.definition.states)
        return value

    def known(self, trigger: T | str, *, label: str, state: S) -> T:
        found = self.definition.trigger_named(str(trigger))
        if found is None:
            names = ", ".join(t.value for t in self.definition.triggers)
            raise TransitionRefused(
                f"Cannot move {label}: there is no trigger {str(trigger)[:60]!r} "
                f"(the triggers are {names}).",
                reasons=[f"there is no trigger {str(trigger)[:60]!r}"],
                trigger=str(trigger)[:60],
                state=state.value,
            )
        return found

    def _wrong_state(self, state: S, trigger: T) -> str:
        final = self.definition.final_words.get(state)
        if final is not None:
            return final
        starts = self.sources(trigger)
        needs = (
            f"'{starts[0].value}'"
            if len(starts) == 1
            else "one of " + ", ".join(f"'{s.value}'" for s in starts)
        )
        return f"it is '{state.value}', and {trigger.value} needs {needs}"


def _guard(func: object) -> Guard:
    assert isinstance(func, GuardCondition), f"not a named guard: {func!r}"
    return func.guard
