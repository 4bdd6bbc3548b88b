"""The household lifecycle as data: its triggers, the moves they make, and named guards.

Pure: no database and no state-machine library. ``workflow.lifecycle.machine`` builds the
one shared machine from ``DEFINITION`` with the state-machine kit; the diagram is drawn
from that machine.

A guard is a named rule with the plain-English reason it refuses (docs/product-model.md §3:
"champion not assigned", "no whole-family assessment recorded", "manager approval
needed"). It judges the episode's ``EpisodeFacts``, which the lifecycle's store adapter
(``workflow.lifecycle.facts.StoredFacts``) reads from the database for that episode: the
caller of a move never says whether a champion is assigned.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from workflow.domain.vocabulary import ClosureReason
from workflow.domain.vocabulary import HouseholdState as S
from workflow.statemachine.definition import MAX_REASON, Definition, Guard, Move, Request
from workflow.statemachine.definition import reason_problems as _reason_problems


class Trigger(StrEnum):
    """The named triggers that move an episode (docs/product-model.md §3)."""

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
__all__ = ["MAX_REASON", "OPENED", "OPEN_STATES", "START", "EpisodeFacts", "Trigger"]


class EpisodeFacts(Protocol):
    """What the guards ask about one episode, answered from the store."""

    def champion_assigned(self) -> bool:
        """The household has an active champion."""
        ...

    def assessment_recorded(self) -> bool:
        """A whole-family assessment is recorded for this episode."""
        ...

    def plan_recorded(self) -> bool:
        """A family plan is recorded for this episode."""
        ...

    def progress_recorded(self) -> bool:
        """Evidence of the family's progress is recorded for this episode."""
        ...

    def approved(self, action: str) -> bool:
        """A manager approved ``action`` (a trigger's name) for this episode."""
        ...


@dataclass(frozen=True, slots=True)
class KnownFacts:
    """Facts given outright: for unit tests of the rules, which need no database."""

    champion: bool = False
    assessment: bool = False
    plan: bool = False
    progress: bool = False
    approvals: frozenset[str] = frozenset()

    def champion_assigned(self) -> bool:
        return self.champion

    def assessment_recorded(self) -> bool:
        return self.assessment

    def plan_recorded(self) -> bool:
        return self.plan

    def progress_recorded(self) -> bool:
        return self.progress

    def approved(self, action: str) -> bool:
        return action in self.approvals


NO_FACTS = KnownFacts()


def _facts(request: Request) -> EpisodeFacts:
    facts = request.facts
    return NO_FACTS if facts is None else facts


CHAMPION_ASSIGNED = Guard(
    "champion_assigned",
    "champion not assigned",
    lambda request: _facts(request).champion_assigned(),
)
ASSESSMENT_RECORDED = Guard(
    "assessment_recorded",
    "no whole-family assessment recorded",
    lambda request: _facts(request).assessment_recorded(),
)
PLAN_RECORDED = Guard(
    "plan_recorded",
    "no family plan recorded",
    lambda request: _facts(request).plan_recorded(),
)
PROGRESS_RECORDED = Guard(
    "progress_recorded",
    "no evidence of progress recorded",
    lambda request: _facts(request).progress_recorded(),
)
MANAGER_APPROVED = Guard(
    "manager_approved",
    "manager approval needed",
    lambda request: _facts(request).approved(Trigger.CLAIM.value),
)
_CLOSURE_REASONS = frozenset(reason.value for reason in ClosureReason)
CLOSURE_REASON = Guard(
    "closure_reason",
    "closing needs one of the closure reasons: " + ", ".join(r.value for r in ClosureReason),
    lambda request: request.reason in _CLOSURE_REASONS,
)
PLAN_IN_PLACE = Guard(
    "plan_in_place",
    "closing as ‘plan completed’ needs a family plan agreed first",
    lambda request: (
        request.reason != ClosureReason.PLAN_COMPLETED.value or _facts(request).plan_recorded()
    ),
)

LifecycleMove = Move[S, Trigger]

MOVES: tuple[LifecycleMove, ...] = (
    Move(Trigger.SCREEN, (S.IDENTIFIED,), S.SCREENED, "screen"),
    Move(Trigger.MEETS_CRITERIA, (S.SCREENED,), S.ELIGIBLE, "mark as eligible"),
    Move(Trigger.DOES_NOT_MEET, (S.SCREENED,), S.NOT_ELIGIBLE, "mark as not eligible"),
    Move(Trigger.RESCREEN_ELIGIBLE, (S.NOT_ELIGIBLE,), S.ELIGIBLE, "re-screen as eligible"),
    Move(Trigger.ALLOCATE, (S.ELIGIBLE,), S.ALLOCATED, "allocate", (CHAMPION_ASSIGNED,)),
    Move(Trigger.START_ASSESSMENT, (S.ALLOCATED,), S.ASSESSMENT, "start the assessment of"),
    Move(
        Trigger.AGREE_PLAN,
        (S.ASSESSMENT,),
        S.ACTIVE,
        "agree the plan for",
        (ASSESSMENT_RECORDED, PLAN_RECORDED),
    ),
    Move(
        Trigger.EVIDENCE_PROGRESS,
        (S.ACTIVE,),
        S.PROGRESS_EVIDENCED,
        "evidence progress for",
        (PROGRESS_RECORDED,),
    ),
    Move(Trigger.CLAIM, (S.PROGRESS_EVIDENCED,), S.CLAIMED, "claim for", (MANAGER_APPROVED,)),
    Move(Trigger.CLOSE, OPEN_STATES, S.CLOSED, "close", (CLOSURE_REASON, PLAN_IN_PLACE)),
)

DEFINITION: Definition[S, Trigger] = Definition(
    name="household lifecycle",
    noun="household",
    states=S,
    triggers=Trigger,
    start=START,
    moves=MOVES,
    final_words={
        S.CLOSED: "it is 'closed', and a closed episode is final (a re-referral opens a new one)"
    },
)
MOVE_BY_TRIGGER: dict[Trigger, LifecycleMove] = {move.trigger: move for move in MOVES}


def reason_problems(reason: str) -> list[str]:
    """What is wrong with the reason given for any move (every move needs one)."""
    return _reason_problems(reason)
