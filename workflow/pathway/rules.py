"""A pathway's tier moves as a state-machine definition, and the facts its guards judge. Pure.

The states are the definition's tiers and the triggers its moves, so both are built as
``StrEnum``s from the definition (a council can rename tiers and add one). Each move is
one trigger of the kit, named after where it goes (``step_up_to_intensive``); the tier
machine (``workflow.pathway.machine``) turns "step up" (to the next tier, or to the one
named) into that trigger.

A guard judges the household's ``TierFacts``, which a store adapter reads from the
database for that household: the caller of a move never says whether a manager approved
it. ``KnownTierFacts`` gives the answers outright, for tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from workflow.pathway.definition import GuardName, MoveKind, PathwayDefinition, TierMoveRule
from workflow.statemachine.definition import Definition, Guard, Move, Request

PLACE = "place"  # the history's name for placing a household on its first tier
MIGRATE = "migrate"  # moving a household to another version of the pathway
TRIGGERS = tuple(kind.value for kind in MoveKind)  # the tier machine's triggers
PHRASES = {MoveKind.STEP_UP: "step up", MoveKind.STEP_DOWN: "step down"}
DOING = {MoveKind.STEP_UP: "stepping up", MoveKind.STEP_DOWN: "stepping down"}
INTO = {MoveKind.STEP_UP: "into", MoveKind.STEP_DOWN: "to"}


class TierFacts(Protocol):
    """What the tier guards ask about one household, answered from the store."""

    def manager_approved(self, to_tier: str) -> bool:
        """A manager approved moving this household into ``to_tier``, and that manager is
        not the person who asked for it (an approval of one's own request does not count)."""
        ...

    def review_completed(self) -> bool:
        """A review is recorded for this episode since its last tier change (or since it was
        placed on its first tier)."""
        ...


@dataclass(frozen=True, slots=True)
class KnownTierFacts:
    """Facts given outright: for unit tests of the tier rules, which need no database.

    ``approved_into``: the tiers a manager other than the requester approved moving into.
    """

    approved_into: frozenset[str] = frozenset()
    review: bool = False

    def manager_approved(self, to_tier: str) -> bool:
        return to_tier in self.approved_into

    def review_completed(self) -> bool:
        return self.review


NO_FACTS = KnownTierFacts()


def _facts(request: Request) -> TierFacts:
    facts = request.facts
    return NO_FACTS if facts is None else facts


def guard(name: GuardName, move: TierMoveRule) -> Guard:
    """The named guard as it applies to ``move``, with the refusal it gives."""
    if name is GuardName.MANAGER_APPROVED:
        to = move.to
        return Guard(
            name.value,
            f"{DOING[move.kind]} {INTO[move.kind]} {to} needs a manager's approval, from a "
            "manager other than "
            "the person who asked",
            lambda request: _facts(request).manager_approved(to),
        )
    if name is GuardName.REVIEW_COMPLETED:
        return Guard(
            name.value,
            f"a review must be completed before {DOING[move.kind]} (none is recorded since "
            "the last change of tier)",
            lambda request: _facts(request).review_completed(),
        )
    raise AssertionError(f"no guard called {name!r}")  # pragma: no cover - GuardName is closed


def tier_definition(pathway: PathwayDefinition) -> Definition[StrEnum, StrEnum]:
    """The kit's definition of ``pathway``'s tier moves: one trigger per move."""
    states: type[StrEnum] = StrEnum(  # type: ignore[misc]
        f"{pathway.version_id} tiers", [(tier.upper(), tier) for tier in pathway.tier_ids]
    )
    triggers: type[StrEnum] = StrEnum(  # type: ignore[misc]
        f"{pathway.version_id} moves", [(m.trigger.upper(), m.trigger) for m in pathway.moves]
    )
    moves: tuple[Move[StrEnum, StrEnum], ...] = tuple(
        Move(
            triggers(move.trigger),
            tuple(states(source) for source in move.sources),
            states(move.to),
            PHRASES[move.kind],
            tuple(guard(name, move) for name in move.guards),
        )
        for move in pathway.moves
    )
    return Definition(
        name=f"pathway tiers ({pathway.version_id})",
        noun="household",
        states=states,
        triggers=triggers,
        start=states(pathway.default_start),
        moves=moves,
    )
