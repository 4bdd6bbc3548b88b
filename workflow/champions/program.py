"""A relaxation as a linear programme for HiGHS (scipy.optimize), or as the integer
programme itself.

One variable a pair (how much of family f worker w takes) and one a worker (the units a
proposal puts them above 90% of capacity). Maximise

    Σ value[f, w] · x[f, w]  −  busy · Σ above[w]

subject to each family taking at most one worker in all, each worker taking no more than
their room, and above[w] ≥ taken − calm[w]. ``value`` is the pair's score plus the
1,000 a family assigned is worth (``Weights.unassigned``), so families are placed first.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp

from workflow.champions.errors import AllocationError
from workflow.champions.pool import Floats
from workflow.champions.relaxation import Relaxation


def _programme(rel: Relaxation) -> tuple[Floats, sparse.csr_array, Floats]:
    n, w = rel.pair.size, rel.room.size
    cost = np.concatenate([-rel.value, np.full(w, rel.busy)])
    pair = np.arange(n)
    f = rel.families
    rows = np.concatenate([rel.family, f + rel.worker, f + w + rel.worker, f + w + np.arange(w)])
    cols = np.concatenate([pair, pair, pair, n + np.arange(w)])
    values = np.concatenate([np.ones(n), rel.weight, rel.weight, -np.ones(w)])
    matrix = sparse.csr_array((values, (rows, cols)), shape=(f + 2 * w, n + w))
    upper = np.concatenate([np.ones(f), rel.room, rel.calm])
    return cost, matrix, upper


def _taken(rel: Relaxation, result: OptimizeResult, bound: float) -> tuple[Floats, float]:
    if result.x is None:
        raise AllocationError(
            "The solver stopped before finding an allocation (its time limit, or a problem "
            f"it could not solve). It said: {result.message}"
        )
    return np.asarray(result.x[: rel.pair.size], dtype=np.float64), bound


def solve_lp(rel: Relaxation) -> tuple[Floats, float]:
    """How much of each pair the linear relaxation takes, and its value (a bound)."""
    cost, matrix, upper = _programme(rel)
    result = linprog(cost, A_ub=matrix, b_ub=upper, bounds=(0, None), method="highs")
    return _taken(rel, result, -float(result.fun) if result.x is not None else 0.0)


GAP = 1e-6  # HiGHS stops when its answer is proved within this share of the best


class Unfinished(AllocationError):
    """HiGHS stopped at its time limit before proving its allocation the best."""

    code = "allocation_unfinished"


def solve_milp(
    rel: Relaxation, time_limit: float, *, finished_only: bool = False
) -> tuple[Floats, float]:
    """The integer programme under a time limit: the best allocation HiGHS found, and the
    bound it proved. With ``finished_only``, an allocation not proved the best (within
    ``GAP``) is refused: what HiGHS reaches in a time limit depends on the
    machine, and a proposal must not."""
    cost, matrix, upper = _programme(rel)
    n, size = rel.pair.size, cost.size
    integral = np.zeros(size)
    integral[:n] = 1
    result = milp(
        cost,
        integrality=integral,
        bounds=Bounds(0, np.concatenate([np.ones(n), np.full(size - n, np.inf)])),
        constraints=LinearConstraint(matrix, -np.inf, upper),
        options={"time_limit": time_limit, "disp": False, "mip_rel_gap": GAP},
    )
    if finished_only and result.status != 0:
        raise Unfinished(f"HiGHS stopped before proving its answer the best: {result.message}")
    bound = getattr(result, "mip_dual_bound", None)
    return _taken(rel, result, -float(bound) if bound is not None else np.nan)
