"""From a relaxation's split answer to a whole one that keeps within every capacity.

1. Pairs the solver took whole are kept: they fit, since the relaxation respects every
   capacity.
2. The families left open are solved again on what room is left, and again, while that
   places more of them whole (at most ``ROUNDS`` times; each is small and quick).
3. Each family still open, in order of how much the solver wanted it placed, gets its
   most-wanted candidate that still has room, or else the best worker with room anywhere.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from workflow.champions.candidates import Candidates, best_with_room
from workflow.champions.pool import Floats, Ints
from workflow.champions.relaxation import Relaxation, relax
from workflow.champions.rules import EPS

Solve = Callable[[Relaxation], tuple[Floats, float]]
WHOLE = 1 - 1e-6  # a pair the solver took at least this much of counts as taken
ROUNDS = 4


def allocate(cands: Candidates, solve: Solve, rounds: int | None = None) -> tuple[Ints, float]:
    """Each family's worker (a pool position, or -1), and the first relaxation's value:
    a bound on what any allocation over these candidates can be worth."""
    family = cands.family_of_pairs()
    choice = np.full(len(cands.families), -1, dtype=np.intp)
    load = cands.pool.load.copy()
    wanted = np.zeros(cands.worker.size)
    bound = 0.0
    for round_ in range(ROUNDS if rounds is None else rounds):
        rel = relax(cands, np.flatnonzero(choice < 0), load)
        if rel.empty:
            break
        taken, value = solve(rel)
        if round_ == 0:
            bound = value
        wanted[rel.pair] = taken
        placed = _keep_whole(cands, family, rel.pair, taken, choice, load)
        if placed == 0:
            break
    _repair(cands, family, wanted, choice, load)
    return choice, bound


def _keep_whole(
    cands: Candidates, family: Ints, pairs: Ints, taken: Floats, choice: Ints, load: Floats
) -> int:
    whole = pairs[taken >= WHOLE]
    # Most-taken first: if the solver's tolerances ever let a worker's whole pairs add up
    # to a hair over capacity, the least-taken waits for the repair.
    whole = whole[np.argsort(-taken[taken >= WHOLE], kind="stable")]
    placed = 0
    for pair in whole:
        i, worker = family[pair], cands.worker[pair]
        if choice[i] < 0 and load[worker] + cands.weight[i] <= cands.pool.capacity[worker] + EPS:
            choice[i] = worker
            load[worker] += cands.weight[i]
            placed += 1
    return placed


def _repair(cands: Candidates, family: Ints, wanted: Floats, choice: Ints, load: Floats) -> None:
    most = np.zeros(len(cands.families))
    np.maximum.at(most, family, wanted)
    rest = sorted(
        (int(i) for i in np.flatnonzero(choice < 0)),
        key=lambda i: (float(cands.weight[i]), -round(float(most[i]), 6), int(cands.rank[i])),
    )
    for i in rest:
        span = cands.pairs(i)
        workers = cands.worker[span]
        fits = load[workers] + cands.weight[i] <= cands.pool.capacity[workers] + EPS
        if fits.any():
            # The most-wanted candidate with room; candidates are best first.
            ranked = np.lexsort((np.arange(workers.size), -np.round(wanted[span], 6)))
            worker = int(workers[ranked[np.argmax(fits[ranked])]])
        else:
            found = best_with_room(cands, i, load)
            if found is None:
                continue
            worker = found
        choice[i] = worker
        load[worker] += cands.weight[i]
