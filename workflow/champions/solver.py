"""Bulk allocation: a whole backlog as one optimisation, never first come, first served.

    proposal = propose(families, workers)
    proposal.summary()  # optimised, then greedy, side by side

1. Candidates: each family's best workers with room (candidates.py), and greedy's choice.
2. The relaxation of the whole assignment (every family, every worker, at once) is solved
   exactly: by OR-Tools' min-cost flow (``method="flow"``, flow.py) or HiGHS's linear
   programme (``"lp"``, program.py); or HiGHS solves the integer programme itself under a
   time limit (``"milp"``). ``"auto"``, the default, takes the flow, and for a small
   backlog (up to 10,000 candidate pairs: a caseload, a small team's backlog) also the
   integer programme, keeping it when HiGHS proves it the best within its time limit.
3. Rounding and repair (rounding.py) make the answer whole within every capacity; then a
   family still waiting takes a full worker's place where one of theirs can move to
   another worker with room (improve.py).
4. The greedy allocation of the same backlog is worked out in the same call; if it is
   better (which can happen on a tiny backlog), it is what is proposed, and the proposal
   says so.

Deterministic: the same families and workers in the same order give the same proposal,
ties broken by references. The order of the workers never matters; the backlog's order
matters only through greedy's choices (which join the candidates, and are proposed if
better).
Which solver and why, with measurements: docs/decisions/0006-allocation-solver.md.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from typing import Literal

from workflow.champions.candidates import DEFAULT_CANDIDATES, Candidates, gather, including
from workflow.champions.flow import solve_flow
from workflow.champions.greedy import greedy
from workflow.champions.improve import make_room
from workflow.champions.outcome import Outcome, judge
from workflow.champions.pool import WorkerPool
from workflow.champions.program import Unfinished, solve_lp, solve_milp
from workflow.champions.proposal import Proposal
from workflow.champions.records import Family, Worker
from workflow.champions.rounding import Solve, allocate
from workflow.champions.rules import EPS
from workflow.champions.weights import DEFAULT_WEIGHTS, Weights

Method = Literal["auto", "flow", "lp", "milp"]
SMALL = 10_000  # candidate pairs up to which "auto" also tries the integer programme


def propose(
    families: Sequence[Family],
    workers: Sequence[Worker] | WorkerPool,
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    candidates: int = DEFAULT_CANDIDATES,
    method: Method = "auto",
    time_limit: float = 5.0,
) -> Proposal:
    """One proposal for the whole backlog. ``families`` in backlog order (the order the
    greedy baseline takes them in); ``time_limit`` in seconds bounds the MILP only."""
    pool = workers if isinstance(workers, WorkerPool) else WorkerPool(workers)
    cands = gather(families, pool, weights, candidates)
    began = time.perf_counter()
    baseline = greedy(cands)
    greedy_seconds = cands.seconds + time.perf_counter() - began
    began = time.perf_counter()
    widened = including(cands, baseline)
    optimised, bound, used = _optimise(widened, method, time_limit)
    seconds = cands.seconds + time.perf_counter() - began
    plain = judge(cands, baseline)
    if plain.value > optimised.value + EPS:
        optimised, used = plain, "greedy"
    return Proposal(
        assignments=optimised.assignments,
        unassigned=optimised.unassigned,
        total_score=optimised.total_score,
        workers_over_90=optimised.workers_over_90,
        seconds=seconds,
        greedy=plain.figures(greedy_seconds),
        method=used,
        bound=bound,
    )


def _optimise(cands: Candidates, method: Method, time_limit: float) -> tuple[Outcome, float, str]:
    if method == "milp":
        return _run(cands, partial(solve_milp, time_limit=time_limit), rounds=1) + ("milp",)
    outcome, bound = _run(cands, solve_lp if method == "lp" else solve_flow)
    used = "lp" if method == "lp" else "flow"
    if method == "auto" and 0 < cands.worker.size <= SMALL:
        try:
            exact, proved = _run(
                cands, partial(solve_milp, time_limit=time_limit, finished_only=True), rounds=1
            )
        except Unfinished:
            return outcome, bound, used
        bound = min(bound, proved)
        if exact.value > outcome.value + EPS:
            outcome, used = exact, "milp"
    return outcome, bound, used


def _run(cands: Candidates, solve: Solve, rounds: int | None = None) -> tuple[Outcome, float]:
    choice, bound = allocate(cands, solve, rounds)
    return judge(cands, make_room(cands, choice)), bound
