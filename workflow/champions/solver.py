"""Bulk allocation: a whole backlog as one optimisation, never first come, first served.

    proposal = propose(families, workers)
    proposal.summary()  # optimised, then greedy, side by side

1. Candidates: each family's best 50 workers with room (candidates.py).
2. HiGHS solves the linear relaxation of the assignment (program.py), or, with
   ``method="milp"``, the integer programme itself under a time limit.
3. Rounding and repair: pairs the solver took whole are kept (they fit: the relaxation
   respects every capacity); each family it split or left out then gets, in order of how
   much the solver wanted it placed, its most-wanted candidate that still has room, or the
   best worker with room outside its candidates.
4. The greedy allocation of the same backlog is worked out in the same call; if it is at
   least as good (which can happen on a tiny backlog), it is what is proposed, and the
   proposal says so.

Deterministic: the same families and workers give the same proposal, whatever their order.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp

from workflow.champions.candidates import DEFAULT_CANDIDATES, Candidates, best_with_room, gather
from workflow.champions.errors import AllocationError
from workflow.champions.greedy import greedy
from workflow.champions.outcome import judge
from workflow.champions.pool import Floats, Ints, WorkerPool
from workflow.champions.program import Programme, build
from workflow.champions.proposal import Proposal
from workflow.champions.records import Family, Worker
from workflow.champions.rules import EPS
from workflow.champions.weights import DEFAULT_WEIGHTS, Weights

Method = Literal["lp", "milp"]
WHOLE = 1 - 1e-6  # a pair the solver took at least this much of counts as taken


def propose(
    families: Sequence[Family],
    workers: Sequence[Worker] | WorkerPool,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    candidates: int = DEFAULT_CANDIDATES,
    method: Method = "lp",
    time_limit: float = 20.0,
) -> Proposal:
    """One proposal for the whole backlog. ``families`` in backlog order (the order the
    greedy baseline takes them in); ``time_limit`` in seconds bounds the MILP only."""
    pool = workers if isinstance(workers, WorkerPool) else WorkerPool(workers)
    cands = gather(families, pool, weights, candidates)
    began = time.perf_counter()
    choice, bound = solve(cands, method, time_limit)
    seconds = cands.seconds + time.perf_counter() - began
    began = time.perf_counter()
    baseline = greedy(cands)
    greedy_seconds = cands.seconds + time.perf_counter() - began
    optimised, plain = judge(cands, choice), judge(cands, baseline)
    if plain.value > optimised.value + EPS:
        optimised, method_used = plain, "greedy"
    else:
        method_used = method
    return Proposal(
        assignments=optimised.assignments,
        unassigned=optimised.unassigned,
        total_score=optimised.total_score,
        workers_over_90=optimised.workers_over_90,
        seconds=seconds,
        greedy=plain.figures(greedy_seconds),
        method=method_used,
        bound=bound,
    )


def solve(cands: Candidates, method: Method, time_limit: float) -> tuple[Ints, float | None]:
    """Each family's worker (a pool position, or -1), and the solver's bound on the value."""
    if cands.worker.size == 0:
        return np.full(len(cands.families), -1, dtype=np.intp), 0.0
    programme = build(cands)
    result = _lp(programme) if method == "lp" else _milp(programme, time_limit)
    if result.x is None:
        raise AllocationError(f"The solver found no allocation: {result.message}")
    taken = np.empty(programme.pairs)
    taken[programme.order] = result.x[: programme.pairs]
    bound = -float(result.fun) if method == "lp" else -float(result.mip_dual_bound)
    return round_and_repair(cands, taken), bound


def _lp(programme: Programme) -> OptimizeResult:
    return linprog(
        programme.cost,
        A_ub=programme.matrix,
        b_ub=programme.upper,
        bounds=(0, None),  # a pair's x ≤ 1 follows from its family's row
        method="highs",
    )


def _milp(programme: Programme, time_limit: float) -> OptimizeResult:
    n, size = programme.pairs, programme.cost.size
    integral = np.zeros(size)
    integral[:n] = 1
    return milp(
        programme.cost,
        integrality=integral,
        bounds=Bounds(0, np.concatenate([np.ones(n), np.full(size - n, np.inf)])),
        constraints=LinearConstraint(programme.matrix, -np.inf, programme.upper),
        options={"time_limit": time_limit, "disp": False},
    )


def round_and_repair(cands: Candidates, taken: Floats) -> Ints:
    """An integral allocation within every capacity from the solver's (maybe split) one."""
    family = cands.family_of_pairs()
    choice = np.full(len(cands.families), -1, dtype=np.intp)
    load = cands.pool.load.copy()
    for pair in np.flatnonzero(taken >= WHOLE)[np.argsort(-taken[taken >= WHOLE], kind="stable")]:
        # Most-taken first, so that if the solver's tolerances ever let a worker's whole
        # pairs add up to a hair over capacity, the least-taken waits for the repair.
        i, worker = family[pair], cands.worker[pair]
        if load[worker] + cands.weight[i] <= cands.pool.capacity[worker] + EPS:
            choice[i] = worker
            load[worker] += cands.weight[i]
    wanted = np.zeros(len(cands.families))
    np.maximum.at(wanted, family, taken)
    refs = [f.household_ref for f in cands.families]
    rest = sorted(
        (int(i) for i in np.flatnonzero(choice < 0)),
        key=lambda i: (-round(float(wanted[i]), 6), refs[i]),
    )
    for i in rest:
        span = cands.pairs(i)
        workers = cands.worker[span]
        fits = load[workers] + cands.weight[i] <= cands.pool.capacity[workers] + EPS
        if fits.any():
            # The most-wanted candidate with room; the candidates are best first.
            ranked = np.lexsort((np.arange(workers.size), -np.round(taken[span], 6)))
            worker = int(workers[ranked[np.argmax(fits[ranked])]])
        else:
            found = best_with_room(cands, i, load)
            if found is None:
                continue
            worker = found
        choice[i] = worker
        load[worker] += cands.weight[i]
    return choice
