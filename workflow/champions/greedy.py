"""The baseline every proposal is compared with: first come, first served.

Families are taken in the order given (the backlog's order), and each gets the
best-scoring worker who still has room, as a manager working down a list would do.
"""

from __future__ import annotations

import numpy as np

from workflow.champions.candidates import Candidates, best_with_room
from workflow.champions.pool import Ints


def greedy(cands: Candidates) -> Ints:
    """Each family's worker (a pool position), or -1 when nobody had room left."""
    load = cands.pool.load.copy()
    choice = np.full(len(cands.families), -1, dtype=np.intp)
    for i in range(len(cands.families)):
        worker = best_with_room(cands, i, load)
        if worker is not None:
            choice[i] = worker
            load[worker] += cands.weight[i]
    return choice
