"""How much a family weighs on its champion's caseload: its tier's weight, from the pathway
definition (bronze 0.25, silver 0.5, gold 1.0, intensive 2.0 by default). A family not yet
on a tier (allocated, in assessment) weighs what the tier it would start on weighs. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from workflow.pathway.definition import PathwayDefinition

DEFAULT_WEIGHTS = {"bronze": 0.25, "silver": 0.5, "gold": 1.0, "intensive": 2.0}
DEFAULT_START = {"periphery": "bronze", "at_risk": "silver", "gang_member": "gold"}


@dataclass(frozen=True)
class Weights:
    tiers: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    start_by_strand: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_START))
    start: str = "bronze"

    @classmethod
    def of_pathway(cls, definition: PathwayDefinition) -> Weights:
        return cls(
            tiers={tier.id: float(tier.weight) for tier in definition.tiers},
            start_by_strand={strand.value: tier for strand, tier in definition.start.items()},
            start=definition.default_start,
        )

    def of(self, tier: str | None, strand: str | None) -> float:
        if tier is None:
            tier = self.start_by_strand.get(strand or "", self.start)
        return float(self.tiers.get(tier, self.tiers.get(self.start, 1.0)))
