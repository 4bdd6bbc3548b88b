"""How well a worker suits a family, with the reasons in plain English; the ranked
suggestions for one family.

    suggest(family, workers, limit=5)  # best first; over-capacity workers left out

``score`` judges one worker and writes the reasons; ``WorkerPool`` (pool.py) scores every
worker at once with numpy, for speed, by the same rules (a property test holds them to
the same numbers). Weights: ``workflow/champions/weights.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workflow.champions import text
from workflow.champions.pool import WorkerPool
from workflow.champions.records import Family, Worker
from workflow.champions.rules import over_capacity, place, rounded, spoken
from workflow.champions.weights import DEFAULT_WEIGHTS, Weights

OVER_CAPACITY = "over capacity: needs a manager's override and a reason"


@dataclass(frozen=True, slots=True)
class Score:
    points: float
    reasons: tuple[str, ...]
    load_after: float  # the worker's load in units if they take the family
    capacity: float
    over_capacity: bool


@dataclass(frozen=True, slots=True)
class Suggestion:
    staff_ref: str
    name: str
    team: str
    score: float
    reasons: tuple[str, ...]
    load_after: float
    capacity: float
    over_capacity: bool  # only suggested when overrides were asked for


def score(
    family: Family, worker: Worker, weights: Weights = DEFAULT_WEIGHTS, *, load: float | None = None
) -> Score:
    """The worker's points for the family and why. ``load`` is the worker's load before
    taking the family (their own ``load`` unless given). Hard rules (left, absent, another
    team) are not judged here: see ``rules.barred``."""
    points, reasons = 0.0, []
    if worker.staff_ref in family.continuity:
        points += weights.continuity
        reasons.append(f"already works with a member of the family ({worker.team})")
    covered = sorted(family.needs & worker.specialisms)
    points += weights.specialism * len(covered)
    reasons += [f"specialist in {text.specialism(need)}" for need in covered]
    previous = place(family.previous_team)
    if previous is not None and place(worker.team) == previous:
        points += weights.previous_team
        reasons.append(f"in the same team as the family's last champion ({worker.team})")
    if place(family.locality) is not None and place(family.locality) == place(worker.locality):
        points += weights.locality
        reasons.append(f"works in the {worker.locality} locality")
    shared = spoken(family.languages) & spoken(worker.languages)
    if shared:
        points += weights.language
        named = sorted(lang.strip() for lang in worker.languages if spoken([lang]) & shared)
        reasons.append(f"speaks {' and '.join(named)}")
    capacity = float(worker.capacity)
    load_after = (worker.load if load is None else load) + family.weight
    over = over_capacity(load_after, capacity)
    if over:
        reasons.append(OVER_CAPACITY)
        reasons.append(f"would carry {text.units(load_after)} of {text.units(capacity)} units")
    else:
        points += weights.spare * min(max((capacity - load_after) / capacity, 0.0), 1.0)
        free = max(capacity - load_after, 0.0)
        reasons.append(
            f"has {text.units(free)} of {text.units(capacity)} units free after this family"
        )
    return Score(rounded(points), tuple(reasons), load_after, capacity, over)


def suggest(
    family: Family,
    workers: Sequence[Worker] | WorkerPool,
    limit: int = 5,
    *,
    include_overrides: bool = False,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """The best ``limit`` workers for the family, best first; ties go to the lower staff
    reference. Workers who have left, are absent or are outside the family's team are never
    suggested; workers the family would take over capacity only with ``include_overrides``,
    marked as needing a manager's override."""
    pool = workers if isinstance(workers, WorkerPool) else WorkerPool(workers)
    points, _ = pool.points(family, weights)
    allowed = pool.allowed(family) if include_overrides else pool.fits(family)
    ranked = pool.best(points, allowed, limit)
    suggestions = []
    for i in ranked:
        worker = pool.workers[i]
        judged = score(family, worker, weights)
        suggestions.append(
            Suggestion(
                worker.staff_ref,
                worker.name,
                worker.team,
                judged.points,
                judged.reasons,
                judged.load_after,
                judged.capacity,
                judged.over_capacity,
            )
        )
    return suggestions
