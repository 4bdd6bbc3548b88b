"""A state machine as data: its moves, their named guards, and what a refusal says. Pure.

A ``Definition`` lists ``Move``s: a trigger, the states it starts from, where it goes, the
phrase a refusal finishes ("Cannot *allocate* household H000123: ...") and its guards.
A ``Guard`` is a named rule with the plain-English reason it gives when it refuses
("champion not assigned"). It judges a ``Request``: the reason the person gave for the
move and the *facts* the machine's owner reads from the store for this subject. The
caller of a move never supplies those facts: each machine's store adapter reads them
(``workflow.lifecycle.facts`` for households), so a guard can't be told the answer.

``workflow.statemachine.engine`` builds one shared ``transitions`` machine per definition;
the household lifecycle, pathway tiers, claims and import batches each declare theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar

S = TypeVar("S", bound=StrEnum)  # the machine's states
T = TypeVar("T", bound=StrEnum)  # its triggers

MAX_REASON = 500  # the history's reason column


@dataclass(frozen=True, slots=True)
class Request:
    """What a guard sees: the reason given for the move, and the subject's facts as the
    machine's store adapter read them (any object; each machine's guards know its shape)."""

    reason: str
    facts: Any = None
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Guard:
    """A named rule a move must pass, with the reason it gives when it refuses."""

    name: str
    refusal: str
    test: Callable[[Request], bool]

    def passes(self, request: Request) -> bool:
        return self.test(request) is True


@dataclass(frozen=True, slots=True)
class Move(Generic[S, T]):
    """One trigger: the states it starts from, where it goes, and its guards.

    ``phrase`` finishes "Cannot ... household H000123" in a refusal. ``reason_needed``:
    whether a person must say why (system moves, such as screening, give their own).
    """

    trigger: T
    sources: tuple[S, ...]
    dest: S
    phrase: str
    guards: tuple[Guard, ...] = ()
    reason_needed: bool = True


@dataclass(frozen=True)
class Definition(Generic[S, T]):
    """A whole machine: its states, start state, triggers and moves.

    ``noun`` names a subject in refusals ("household", "import batch", "claim").
    ``final`` states have no way out, and a refusal from one says so in ``final_words``.
    """

    name: str
    noun: str
    states: type[S]
    triggers: type[T]
    start: S
    moves: tuple[Move[S, T], ...]
    final_words: Mapping[S, str] = field(default_factory=dict)
    _by_trigger: dict[str, Move[S, T]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_trigger: dict[str, Move[S, T]] = {}
        for move in self.moves:
            if move.trigger.value in by_trigger:
                raise ValueError(f"{self.name}: trigger {move.trigger.value!r} is declared twice")
            by_trigger[move.trigger.value] = move
        object.__setattr__(self, "_by_trigger", by_trigger)

    def move(self, trigger: T) -> Move[S, T]:
        return self._by_trigger[trigger.value]

    def trigger_named(self, name: str) -> T | None:
        move = self._by_trigger.get(str(name))
        return None if move is None else move.trigger


def reason_problems(reason: str, *, needed: bool = True) -> list[str]:
    """What is wrong with the reason given for a move."""
    if needed and not reason.strip():
        return ["a reason is needed"]
    if len(reason) > MAX_REASON:
        return [f"the reason is longer than {MAX_REASON} characters"]
    return []
