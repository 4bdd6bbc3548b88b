"""A relaxation as a minimum-cost flow, for OR-Tools' network simplex.

The linear relaxation of the assignment is a transportation problem: each family sends
its caseload weight (in hundredths of a unit) to its candidates or to "nobody"; each
worker passes up to their room on to the sink, free up to 90% of capacity and at the
busy penalty above. A unit's cost is minus the pair's value over the family's weight, so
the cheapest flow is the relaxation's best allocation (docs/decisions/0006). Capacities
and loads are kept to hundredths of a unit, as the register keeps them.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

from workflow.champions.errors import AllocationError
from workflow.champions.pool import Floats
from workflow.champions.relaxation import Relaxation

HUNDREDTHS = 100
SCALE = 1e9  # costs are integers: the value of a hundredth of a unit, times this


def solve_flow(rel: Relaxation) -> tuple[Floats, float]:
    """How much of each pair the relaxation takes, and its value (a bound)."""
    f, w = rel.families, rel.room.size
    supply = np.zeros(f, dtype=np.int64)
    supply[rel.family] = np.round(rel.weight * HUNDREDTHS).astype(np.int64)
    nobody, sink = f + w, f + w + 1
    room = np.floor(rel.room * HUNDREDTHS + 1e-6).astype(np.int64)
    calm = np.minimum(np.floor(rel.calm * HUNDREDTHS + 1e-6).astype(np.int64), room)
    unit = np.round(rel.value / (rel.weight * HUNDREDTHS) * SCALE).astype(np.int64)
    busy = round(rel.busy / HUNDREDTHS * SCALE)
    workers = f + np.arange(w)
    tails = np.concatenate([rel.family, np.arange(f), workers, workers, [nobody]])
    heads = np.concatenate(
        [f + rel.worker, np.full(f, nobody), np.full(w, sink), np.full(w, sink), [sink]]
    )
    capacities = np.concatenate(
        [supply[rel.family], supply, calm, room - calm, [supply.sum()]]
    ).astype(np.int64)
    costs = np.concatenate(
        [-unit, np.zeros(f + w, np.int64), np.full(w, busy, np.int64), [0]]
    ).astype(np.int64)
    network = min_cost_flow.SimpleMinCostFlow()
    arcs = network.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(f + w + 2, dtype=np.int64)
    supplies[:f], supplies[sink] = supply, -supply.sum()
    network.set_nodes_supplies(np.arange(f + w + 2), supplies)
    status = network.solve()
    if status != network.OPTIMAL:
        raise AllocationError(f"The min-cost flow solver stopped without an answer ({status}).")
    flows = np.asarray(network.flows(arcs[: rel.pair.size]), dtype=np.float64)
    taken = flows / supply[rel.family]
    return taken, float(-network.optimal_cost() / SCALE)
