"""Part of a backlog as a relaxation for a solver: the open families, the pairs they could
still take (workers with room on today's loads) and the room each worker has left.

Both solvers (HiGHS, program.py, and OR-Tools' min-cost flow, flow.py) read this and say
how much of each pair they take: 1 for whole, less where they split a family.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workflow.champions.candidates import Candidates
from workflow.champions.pool import Floats, Ints
from workflow.champions.rules import EPS

TIE = 1e-5  # at most this much a pair, to prefer lower staff and household references


def tie(family: Floats, worker: Floats) -> Floats:
    """A pair's tie-break, from its family's and worker's places in reference order (0 to
    1). Lower references are preferred; and where two allocations differ only by which
    family goes to which worker, the lower household reference gets the lower staff
    reference (the product term: a sum alone could not tell them apart)."""
    first, second = 1 - family, 1 - worker
    return np.asarray(TIE * (first + second + first * second) / 3, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Relaxation:
    """Pairs are laid out family by family, in household-reference order."""

    pair: Ints  # each pair's place among the candidates' pairs
    family: Ints  # each pair's family: 0 … families - 1, in household-reference order
    worker: Ints  # each pair's worker: 0 … workers - 1
    value: Floats  # what taking the pair whole is worth: score + unassigned weight + tie
    weight: Floats  # the pair's family's caseload weight
    families: int
    room: Floats  # each worker: units free
    calm: Floats  # each worker: units free before a proposal puts them above 90%
    busy: float  # points lost a unit above that

    @property
    def empty(self) -> bool:
        return self.pair.size == 0


def relax(cands: Candidates, open_families: Ints, load: Floats) -> Relaxation:
    """The relaxation of ``open_families`` (positions in the backlog) on ``load``."""
    pool, weights = cands.pool, cands.weights
    family = cands.family_of_pairs()
    wanted = np.zeros(len(cands.families), dtype=np.bool_)
    wanted[open_families] = True
    fits = load[cands.worker] + cands.weight[family] <= pool.capacity[cands.worker] + EPS
    pair = np.flatnonzero(wanted[family] & fits)
    pair = pair[np.argsort(cands.rank[family[pair]], kind="stable")]
    _, local = np.unique(cands.rank[family[pair]], return_inverse=True)
    used, column = np.unique(cands.worker[pair], return_inverse=True)
    rank_f = cands.rank[family[pair]] / max(len(cands.families), 1)
    rank_w = cands.worker[pair] / max(len(pool), 1)
    threshold = np.maximum(weights.busy_share * pool.capacity, pool.load)[used]
    return Relaxation(
        pair=pair,
        family=local.astype(np.intp),
        worker=column.astype(np.intp),
        value=cands.points[pair] + weights.unassigned + tie(rank_f, rank_w),
        weight=cands.weight[family[pair]],
        families=int(local.max()) + 1 if pair.size else 0,
        room=pool.capacity[used] - load[used],
        calm=np.maximum(threshold - load[used], 0.0),
        busy=weights.busy,
    )
