"""Moving a leaver's (or an absent worker's) whole caseload as one proposal.

The leaver's families are allocated together over the remaining workers, exactly as a
backlog is (solver.py), with two changes: the leaver no longer counts as continuity, and
workers in the leaver's team are preferred (``Weights.previous_team``), so families keep
the team they know where the team has room.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from workflow.champions.candidates import DEFAULT_CANDIDATES
from workflow.champions.pool import WorkerPool
from workflow.champions.proposal import Proposal
from workflow.champions.records import Family, Worker
from workflow.champions.solver import Method, propose
from workflow.champions.weights import DEFAULT_WEIGHTS, Weights


def rebalance(
    leaver_staff_ref: str,
    families_of_leaver: Sequence[Family],
    workers: Sequence[Worker],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    candidates: int = DEFAULT_CANDIDATES,
    method: Method = "auto",
    time_limit: float = 10.0,
) -> Proposal:
    """A proposal moving every one of ``families_of_leaver`` to someone else.

    ``workers`` may include the leaver (their team is then preferred); they are never
    proposed. The others' loads should not include the leaver's families."""
    leaver = next((w for w in workers if w.staff_ref == leaver_staff_ref), None)
    team = leaver.team if leaver is not None else None
    moving = [
        dataclasses.replace(
            family,
            continuity=family.continuity - {leaver_staff_ref},
            previous_team=team if team is not None else family.previous_team,
        )
        for family in families_of_leaver
    ]
    pool = WorkerPool(workers, exclude=frozenset({leaver_staff_ref}))
    return propose(
        moving, pool, weights=weights, candidates=candidates, method=method, time_limit=time_limit
    )
