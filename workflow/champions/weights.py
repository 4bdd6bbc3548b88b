"""The one place the allocation engine's weights live.

A worker's score for a family is the sum of points for each thing that makes them suit it:

| component | points | when |
|---|---|---|
| continuity | 40 | the worker already works with a member of the family |
| specialism | 15 for each need covered | the worker is a specialist in something the family needs |
| previous team | 20 | moving a caseload: the worker is in the last champion's team |
| locality | 10 | the worker works in the family's locality |
| language | 10 | the worker speaks a language the family would rather use |
| spare capacity | up to 10 | 10 × the share of their capacity still free after taking the family |

A whole proposal (bulk allocation or a rebalance) adds up its families' scores, loses
20 points for each unit of load it puts a worker above 90% of their capacity (more than a
specialism match, less than continuity: the engine would rather give a family a slightly
less matched worker than push a keyworker past 90%), and counts 1,000 points against each
family it leaves without a champion: far more than any one family's score, so the solver
assigns as many families as it can first, then looks for the best matches. Councils who
weigh these differently pass their own ``Weights``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from workflow.champions.errors import AllocationInputInvalid


@dataclass(frozen=True, slots=True)
class Weights:
    continuity: float = 40.0
    specialism: float = 15.0  # for each need covered
    previous_team: float = 20.0
    locality: float = 10.0
    language: float = 10.0
    spare: float = 10.0  # times the fraction of capacity free after taking the family
    busy: float = 20.0  # per unit a proposal adds above busy_share of a worker's capacity
    busy_share: float = 0.9
    unassigned: float = 1000.0  # per family a proposal leaves without a champion

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not value >= 0:  # also refuses NaN
                raise AllocationInputInvalid(
                    f"The weight {field.name} must be 0 or more, not {value}."
                )
        if not 0 < self.busy_share <= 1:
            raise AllocationInputInvalid(
                f"The weight busy_share must be above 0 and at most 1, not {self.busy_share}."
            )


DEFAULT_WEIGHTS = Weights()
