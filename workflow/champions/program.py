"""The backlog as one linear programme for HiGHS (through scipy.optimize).

One variable per candidate pair (family f takes worker w) and one per worker for the load
a proposal puts above their busy share of capacity. Maximise

    Σ (score[f, w] + 1,000) · x[f, w]  −  5 · Σ above[w]

subject to each family taking at most one worker, each worker's load plus the weights they
take staying within capacity, and above[w] ≥ load + taken − max(90% of capacity, load).
The 1,000 is ``Weights.unassigned``; the 5 and 90% are ``busy`` and ``busy_share``.
A tie-break of at most 0.00001 a pair prefers lower staff and household references, so the
answer never depends on the order the solver happens to meet equal pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from workflow.champions.candidates import Candidates
from workflow.champions.pool import Floats, Ints

TIE = 1e-5


@dataclass(frozen=True, slots=True)
class Programme:
    cost: Floats  # to minimise: the negated value of each variable
    matrix: sparse.csr_array
    upper: Floats  # each row's upper bound (rows have no lower bound)
    pairs: int  # the first ``pairs`` variables are the pairs, in ``order``
    order: Ints  # the programme's pair k is the candidates' pair order[k]


def build(cands: Candidates) -> Programme:
    """Pairs are laid out family by family in household-reference order."""
    pool, weights = cands.pool, cands.weights
    families = len(cands.families)
    refs = np.array([f.household_ref for f in cands.families], dtype=object)
    rank = np.empty(families, dtype=np.intp)
    rank[np.argsort(refs, kind="stable")] = np.arange(families)
    family = cands.family_of_pairs()
    order = np.argsort(rank[family], kind="stable")
    family, worker = rank[family[order]], cands.worker[order]
    points = cands.points[order]
    taken = cands.weight[cands.family_of_pairs()[order]]
    used, column = np.unique(worker, return_inverse=True)
    n, w = order.size, used.size
    tie = TIE * (2 - family / max(families, 1) - worker / max(len(pool), 1)) / 2
    cost = np.concatenate([-(points + weights.unassigned + tie), np.full(w, weights.busy)])
    pair = np.arange(n)
    rows = np.concatenate(
        [family, families + column, families + w + column, families + w + np.arange(w)]
    )
    cols = np.concatenate([pair, pair, pair, n + np.arange(w)])
    values = np.concatenate([np.ones(n), taken, taken, -np.ones(w)])
    matrix = sparse.csr_array((values, (rows, cols)), shape=(families + 2 * w, n + w))
    capacity, load = pool.capacity[used], pool.load[used]
    upper = np.concatenate(
        [
            np.ones(families),
            capacity - load,
            np.maximum(weights.busy_share * capacity, load) - load,
        ]
    )
    return Programme(cost, matrix, upper, n, order)
