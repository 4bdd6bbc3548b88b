"""A proposal: who becomes each family's champion, who is left without one and why, and
how it compares with a greedy allocation of the same backlog. What a manager reviews."""

from __future__ import annotations

from dataclasses import dataclass

from workflow.champions import text


@dataclass(frozen=True, slots=True)
class Assignment:
    household_ref: str
    staff_ref: str
    score: float  # the worker's score for the family (scoring.score, on today's loads)
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unassigned:
    household_ref: str
    reason: str  # "no worker with spare capacity in the North A team (it needs 2 units)"


@dataclass(frozen=True, slots=True)
class Figures:
    """One way of allocating the backlog, in the numbers a manager compares."""

    total_score: float  # the families' scores, less 20 a unit put above 90% of capacity
    assigned: int
    unassigned: int
    workers_over_90: int  # available workers above 90% of capacity afterwards
    seconds: float

    def line(self, label: str) -> str:
        return (
            f"{label}: total score {text.score(self.total_score)}, "
            f"{text.families(self.unassigned)} unassigned, "
            f"{text.workers(self.workers_over_90)} over 90% of capacity, "
            f"{self.seconds:.1f} seconds"
        )


@dataclass(frozen=True, slots=True)
class Proposal:
    """Assignments in household-reference order; unassigned families likewise.

    ``method`` says how it was worked out: ``"flow"`` (OR-Tools' min-cost flow of the
    relaxation, rounded and repaired), ``"lp"`` (the same relaxation by HiGHS), ``"milp"``
    (HiGHS's integer programme), or ``"greedy"`` when the greedy allocation was better and
    is proposed instead. ``bound`` is the solver's proof of how good any allocation over
    the candidates could be (1,000 a family assigned plus the total score), or None.
    """

    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    total_score: float
    workers_over_90: tuple[str, ...]  # their staff references
    seconds: float
    greedy: Figures
    method: str
    bound: float | None = None

    @property
    def figures(self) -> Figures:
        return Figures(
            self.total_score,
            len(self.assignments),
            len(self.unassigned),
            len(self.workers_over_90),
            self.seconds,
        )

    def summary(self) -> list[str]:
        """Two lines a manager reads side by side, optimised then greedy."""
        return [
            self.figures.line("Optimised"),
            self.greedy.line("Greedy (first come, first served)"),
        ]
