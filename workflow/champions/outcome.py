"""What a choice of workers comes to: the assignments with their reasons, the families left
without a champion and why, the total score and the workers over 90% of capacity.

Every way of allocating (the solver, the greedy baseline, a rebalance) is judged here, by
the same rules, so their figures can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workflow.champions import text
from workflow.champions.candidates import Candidates
from workflow.champions.pool import Floats, Ints
from workflow.champions.proposal import Assignment, Figures, Unassigned
from workflow.champions.rules import EPS
from workflow.champions.scoring import score

OVER = 0.9  # the share of capacity above which a worker counts as "over 90%"


@dataclass(frozen=True, slots=True)
class Outcome:
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    total_score: float
    workers_over_90: tuple[str, ...]
    unassigned_weight: float  # the points counted against each family left unassigned

    @property
    def value(self) -> float:
        """What the solver maximises: the total score, and 1,000 for each family assigned."""
        return self.total_score + self.unassigned_weight * len(self.assignments)

    def figures(self, seconds: float) -> Figures:
        return Figures(
            self.total_score,
            len(self.assignments),
            len(self.unassigned),
            len(self.workers_over_90),
            seconds,
        )


def loads_after(cands: Candidates, choice: Ints) -> Floats:
    chosen = choice >= 0
    added = np.bincount(
        choice[chosen], weights=cands.weight[chosen], minlength=len(cands.pool)
    ).astype(np.float64)
    return cands.pool.load + added


def busy_units(cands: Candidates, load: Floats) -> float:
    """Units of load a proposal puts workers above their busy share of capacity."""
    pool, weights = cands.pool, cands.weights
    threshold = np.maximum(weights.busy_share * pool.capacity, pool.load)
    return float(np.maximum(load - threshold, 0.0).sum())


def judge(cands: Candidates, choice: Ints) -> Outcome:
    """``choice[i]`` is family ``i``'s worker (a pool position), or -1 for none."""
    pool, weights = cands.pool, cands.weights
    load = loads_after(cands, choice)
    assignments, unassigned, total = [], [], 0.0
    for i, family in enumerate(cands.families):
        if choice[i] < 0:
            unassigned.append(Unassigned(family.household_ref, why_unassigned(cands, i)))
            continue
        worker = pool.workers[int(choice[i])]
        judged = score(family, worker, weights)
        free = max(float(pool.capacity[choice[i]] - load[choice[i]]), 0.0)
        capacity = text.units(judged.capacity)
        reasons = (
            *judged.reasons[:-1],
            f"has {text.units(free)} of {capacity} units free after this proposal",
        )
        assignments.append(
            Assignment(family.household_ref, worker.staff_ref, judged.points, reasons)
        )
        total += judged.points
    total -= weights.busy * busy_units(cands, load)
    over = pool.available & (load > OVER * pool.capacity + EPS)
    return Outcome(
        tuple(sorted(assignments, key=lambda a: a.household_ref)),
        tuple(sorted(unassigned, key=lambda u: u.household_ref)),
        round(total, 6),
        tuple(pool.workers[i].staff_ref for i in np.flatnonzero(over)),
        weights.unassigned,
    )


def why_unassigned(cands: Candidates, family: int) -> str:
    team = cands.families[family].team
    needs = f"it needs {text.amount(float(cands.weight[family]))}"
    if cands.allowed[family] == 0:
        return (
            f"no keyworker in the {team} team is available" if team else "no keyworker is available"
        )
    if cands.room[family] == 0:
        where = f" in the {team} team" if team else ""
        return f"no worker with spare capacity{where} ({needs})"
    count = int(cands.room[family])
    if count == 1:
        return "the one worker with room for this family was needed for other families"
    return f"the {count:,} workers with room for this family were needed for other families"
