"""The sparse candidate set of a backlog: for each family, its best workers with room.

The solver chooses among these; the greedy baseline and the repair step look past them
only when every one is full. Keeping 50 a family keeps 10,000 families × 2,000 workers
down to half a million pairs, and loses nothing measurable (docs/decisions/0006).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workflow.champions.errors import AllocationInputInvalid
from workflow.champions.pool import Floats, Ints, WorkerPool
from workflow.champions.records import Family
from workflow.champions.rules import EPS
from workflow.champions.weights import Weights

DEFAULT_CANDIDATES = 50


@dataclass(frozen=True, slots=True)
class Candidates:
    """Family ``i``'s candidate pairs are ``start[i]:start[i + 1]``, best first."""

    families: tuple[Family, ...]
    pool: WorkerPool
    weights: Weights
    start: Ints
    worker: Ints  # each pair's worker (a position in the pool)
    points: Floats  # each pair's score
    weight: Floats  # each family's caseload weight
    allowed: Ints  # each family: workers who may take it, capacity aside
    room: Ints  # each family: of those, how many have room before the proposal
    seconds: float

    def pairs(self, family: int) -> slice:
        return slice(int(self.start[family]), int(self.start[family + 1]))

    def family_of_pairs(self) -> Ints:
        return np.repeat(np.arange(len(self.families)), np.diff(self.start))


def gather(
    families: Sequence[Family],
    pool: WorkerPool,
    weights: Weights,
    limit: int = DEFAULT_CANDIDATES,
) -> Candidates:
    began = time.perf_counter()
    refs = [f.household_ref for f in families]
    if len(set(refs)) != len(refs):
        twice = sorted({r for r in refs if refs.count(r) > 1})
        raise AllocationInputInvalid(f"Household references given more than once: {twice[:5]}.")
    if any(not f.weight > 0 for f in families):
        raise AllocationInputInvalid("A family's caseload weight must be more than 0.")
    chosen: list[Ints] = []
    scored: list[Floats] = []
    allowed, room = np.zeros(len(families), np.intp), np.zeros(len(families), np.intp)
    for i, family in enumerate(families):
        points, _ = pool.points(family, weights)
        may = pool.allowed(family)
        fits = may & pool.room(family.weight)
        allowed[i], room[i] = int(may.sum()), int(fits.sum())
        best = pool.best(points, fits, limit)
        chosen.append(best)
        scored.append(points[best])
    sizes = np.array([len(c) for c in chosen], dtype=np.intp)
    return Candidates(
        families=tuple(families),
        pool=pool,
        weights=weights,
        start=np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp),
        worker=np.concatenate(chosen).astype(np.intp) if chosen else np.zeros(0, np.intp),
        points=np.concatenate(scored) if scored else np.zeros(0),
        weight=np.array([f.weight for f in families], dtype=np.float64),
        allowed=allowed,
        room=room,
        seconds=time.perf_counter() - began,
    )


def best_with_room(cands: Candidates, family: int, load: Floats) -> int | None:
    """The best worker with room for the family on today's ``load``, looking first at its
    candidates and past them only when all are full. None when nobody has room."""
    span = cands.pairs(family)
    weight = cands.weight[family]
    workers = cands.worker[span]
    fits = load[workers] + weight <= cands.pool.capacity[workers] + EPS
    if fits.any():
        return int(workers[np.argmax(fits)])  # candidates are best first
    if cands.room[family] <= workers.size:
        return None  # every worker who had room is among the candidates, and full
    points, _ = cands.pool.points(cands.families[family], cands.weights)
    may = cands.pool.allowed(cands.families[family]) & cands.pool.room(weight, load)
    best = cands.pool.best(points, may, 1)
    return int(best[0]) if best.size else None
