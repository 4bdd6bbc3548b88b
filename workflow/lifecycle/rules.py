"""The household lifecycle as data: its triggers, the moves they make, and named guards.

Pure: no database and no state-machine library. ``workflow.lifecycle.machine`` builds the
one shared machine from ``MOVES``; the diagram is drawn from that machine.

A guard is a named rule with the plain-English reason it refuses (pathway.md §3:
"champion not assigned", "no whole-family assessment recorded", "manager approval
needed"). Guards read what the caller knows and passes in as a ``GuardContext``; there is
no champion, assessment or approval table yet, and when there is, the service that fires
the trigger fills the context from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from workflow.domain.vocabulary import ClosureReason
from workflow.domain.vocabulary import HouseholdState as S


class Trigger(StrEnum):
    """The named triggers that move an episode (pathway.md §3)."""

    SCREEN = "screen"
    MEETS_CRITERIA = "meets_criteria"
    DOES_NOT_MEET = "does_not_meet"
    RESCREEN_ELIGIBLE = "rescreen_eligible"
    ALLOCATE = "allocate"
    START_ASSESSMENT = "start_assessment"
    AGREE_PLAN = "agree_plan"
    EVIDENCE_PROGRESS = "evidence_progress"
    CLAIM = "claim"
    CLOSE = "close"


# Not a trigger of the machine: the history's name for the row that opens an episode.
OPENED = "open_episode"
START = S.IDENTIFIED
OPEN_STATES: tuple[S, ...] = tuple(state for state in S if state is not S.CLOSED)
MAX_REASON = 500  # household_transitions.reason


class GuardContext(TypedDict, total=False):
    """What the caller knows that the guards need. A missing key counts as "no"."""

    champion_assigned: bool  # allocate
    assessment_recorded: bool  # agree_plan: a whole-family assessment is on record
    manager_approved: bool  # claim


@dataclass(frozen=True, slots=True)
class Request:
    """What a guard sees: the reason given for the move and the caller's context."""

    reason: str
    context: GuardContext


@dataclass(frozen=True, slots=True)
class Guard:
    """A named rule a move must pass, with the reason it gives when it refuses."""

    name: str
    refusal: str
    test: Callable[[Request], bool]

    def passes(self, request: Request) -> bool:
        return self.test(request)


CHAMPION_ASSIGNED = Guard(
    "champion_assigned",
    "champion not assigned",
    lambda request: request.context.get("champion_assigned") is True,
)
ASSESSMENT_RECORDED = Guard(
    "assessment_recorded",
    "no whole-family assessment recorded",
    lambda request: request.context.get("assessment_recorded") is True,
)
MANAGER_APPROVED = Guard(
    "manager_approved",
    "manager approval needed",
    lambda request: request.context.get("manager_approved") is True,
)
_CLOSURE_REASONS = frozenset(reason.value for reason in ClosureReason)
CLOSURE_REASON = Guard(
    "closure_reason",
    "closing needs one of the closure reasons: " + ", ".join(r.value for r in ClosureReason),
    lambda request: request.reason in _CLOSURE_REASONS,
)


@dataclass(frozen=True, slots=True)
class Move:
    """One trigger: the states it starts from, where it goes, and its guards.

    ``phrase`` finishes "Cannot ... household H000123" in a refusal.
    """

    trigger: Trigger
    sources: tuple[S, ...]
    dest: S
    phrase: str
    guards: tuple[Guard, ...] = ()


MOVES: tuple[Move, ...] = (
    Move(Trigger.SCREEN, (S.IDENTIFIED,), S.SCREENED, "screen"),
    Move(Trigger.MEETS_CRITERIA, (S.SCREENED,), S.ELIGIBLE, "mark as eligible"),
    Move(Trigger.DOES_NOT_MEET, (S.SCREENED,), S.NOT_ELIGIBLE, "mark as not eligible"),
    Move(Trigger.RESCREEN_ELIGIBLE, (S.NOT_ELIGIBLE,), S.ELIGIBLE, "re-screen as eligible"),
    Move(Trigger.ALLOCATE, (S.ELIGIBLE,), S.ALLOCATED, "allocate", (CHAMPION_ASSIGNED,)),
    Move(Trigger.START_ASSESSMENT, (S.ALLOCATED,), S.ASSESSMENT, "start the assessment of"),
    Move(
        Trigger.AGREE_PLAN, (S.ASSESSMENT,), S.ACTIVE, "agree the plan for", (ASSESSMENT_RECORDED,)
    ),
    Move(Trigger.EVIDENCE_PROGRESS, (S.ACTIVE,), S.PROGRESS_EVIDENCED, "evidence progress for"),
    Move(Trigger.CLAIM, (S.PROGRESS_EVIDENCED,), S.CLAIMED, "claim for", (MANAGER_APPROVED,)),
    Move(Trigger.CLOSE, OPEN_STATES, S.CLOSED, "close", (CLOSURE_REASON,)),
)
MOVE_BY_TRIGGER: dict[Trigger, Move] = {move.trigger: move for move in MOVES}


def reason_problems(reason: str) -> list[str]:
    """What is wrong with the reason given for any move (every move needs one)."""
    if not reason.strip():
        return ["a reason is needed"]
    if len(reason) > MAX_REASON:
        return [f"the reason is longer than {MAX_REASON} characters"]
    return []
