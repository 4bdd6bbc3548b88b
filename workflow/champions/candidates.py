"""The sparse candidate set of a backlog: for each family, its best workers with room.

Each family's candidates are its 40 best-scoring workers with room, then the 10 others
with the most units free, so that when the best workers are wanted by everyone the
solver still has somewhere to go; the solver adds greedy's choices too. The solver
chooses among these; the greedy baseline and the repair step look past them only when
every one is full. 50 a family keeps 10,000 families × 2,000 workers down to half a
million pairs (docs/decisions/0006).
"""

from __future__ import annotations

import dataclasses
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
ROOMY = 10  # of the 50: the workers with the most units free, after the best


@dataclass(frozen=True, slots=True)
class Candidates:
    """Family ``i``'s candidate pairs are ``start[i]:start[i + 1]``, best first (ties to the
    lower staff reference). The first ``top[i]`` of them are its best-scoring workers with
    room, with no better one left out; the rest were added for other reasons."""

    families: tuple[Family, ...]
    pool: WorkerPool
    weights: Weights
    start: Ints
    worker: Ints  # each pair's worker (a position in the pool)
    points: Floats  # each pair's score
    weight: Floats  # each family's caseload weight
    allowed: Ints  # each family: workers who may take it, capacity aside
    room: Ints  # each family: of those, how many have room before the proposal
    top: Ints  # each family: how many of its candidates are its best-scoring ones
    rank: Ints  # each family's place in household-reference order (for tie-breaks)
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
    if limit < 1:
        raise AllocationInputInvalid("Each family needs at least 1 candidate.")
    roomy = min(ROOMY, limit // 5)
    chosen: list[Ints] = []
    allowed, room = np.zeros(len(families), np.intp), np.zeros(len(families), np.intp)
    top = np.zeros(len(families), np.intp)
    scored: list[Floats] = []
    for i, family in enumerate(families):
        points, after = pool.points(family, weights)
        may = pool.allowed(family)
        fits = may & pool.room(family.weight)
        allowed[i], room[i] = int(may.sum()), int(fits.sum())
        best = pool.best(points, fits, limit - roomy)
        others = fits.copy()
        others[best] = False
        extra = pool.best(pool.capacity - after, others, roomy)
        top[i] = best.size
        both = np.concatenate([best, np.sort(extra)])
        order = np.lexsort((both, -points[both]))
        chosen.append(both[order])
        scored.append(points[both[order]])
    sizes = np.array([len(c) for c in chosen], dtype=np.intp)
    rank = np.empty(len(families), dtype=np.intp)
    rank[np.argsort(np.array(refs, dtype=object), kind="stable")] = np.arange(len(families))
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
        top=top,
        rank=rank,
        seconds=time.perf_counter() - began,
    )


def including(cands: Candidates, choice: Ints) -> Candidates:
    """The candidates with each family's ``choice`` (a pool position, or -1) added where
    it is missing, kept best first: so the solver can always do what greedy did."""
    family = cands.family_of_pairs()
    present = np.zeros(len(cands.families), dtype=np.bool_)
    present[family[cands.worker == choice[family]]] = True
    missing = np.flatnonzero(~present & (choice >= 0))
    if missing.size == 0:
        return cands
    points = np.array(
        [cands.pool.points(cands.families[i], cands.weights)[0][choice[i]] for i in missing]
    )
    family = np.concatenate([family, missing])
    worker = np.concatenate([cands.worker, choice[missing]])
    scores = np.concatenate([cands.points, points])
    order = np.lexsort((worker, -scores, family))
    sizes = np.bincount(family, minlength=len(cands.families))
    return dataclasses.replace(
        cands,
        start=np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp),
        worker=worker[order],
        points=scores[order],
    )


def best_with_room(cands: Candidates, family: int, load: Floats) -> int | None:
    """The best worker with room for the family on today's ``load``, looking first at its
    candidates and past them only when all are full. None when nobody has room."""
    span = cands.pairs(family)
    weight = cands.weight[family]
    workers = cands.worker[span]
    fits = load[workers] + weight <= cands.pool.capacity[workers] + EPS
    top = int(cands.top[family])
    if fits[:top].any():
        return int(workers[np.argmax(fits[:top])])  # the best with room: none better left out
    if cands.room[family] <= workers.size:
        # Every worker who had room is a candidate; the best of them with room now.
        return int(workers[np.argmax(fits)]) if fits.any() else None
    points, _ = cands.pool.points(cands.families[family], cands.weights)
    may = cands.pool.allowed(cands.families[family]) & cands.pool.room(weight, load)
    best = cands.pool.best(points, may, 1)
    return int(best[0]) if best.size else None
