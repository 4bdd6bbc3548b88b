"""Champions (docs/product-model.md §5): suggestions for one family, bulk allocation of a
backlog as one optimisation, and rebalancing a leaver's caseload. Pure: no database.

    suggest(family, workers)               # ranked, with reasons (scoring.py)
    propose(families, workers)             # one proposal for a backlog (solver.py)
    rebalance(leaver, families, workers)   # a leaver's whole caseload (rebalancing.py)

Importing this package loads nothing else: each name is looked up in the submodule that
defines it on first use, so suggestions never load scipy.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "AllocationError": "errors",
    "AllocationInputInvalid": "errors",
    "Assignment": "proposal",
    "DEFAULT_WEIGHTS": "weights",
    "Family": "records",
    "Figures": "proposal",
    "Proposal": "proposal",
    "Score": "scoring",
    "Suggestion": "scoring",
    "Unassigned": "proposal",
    "Weights": "weights",
    "Worker": "records",
    "WorkerPool": "pool",
    "propose": "solver",
    "rebalance": "rebalancing",
    "score": "scoring",
    "suggest": "scoring",
}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'workflow.champions' has no attribute {name!r}")
    return getattr(importlib.import_module(f"workflow.champions.{module}"), name)
