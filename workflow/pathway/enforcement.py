"""The enforcement overlay: not a tier, but something a household on silver or above can
carry beside its tier ("all possible levers"), recorded with the agency responsible
(docs/product-model.md §4). Which tiers allow it is the definition's
(``enforcement_allowed``). Pure.

    agency = check_enforcement(definition, "silver", "police", label="household H000123")

A household stepping down to a tier that does not allow it can no longer carry it:
``enforcement_allowed(definition, tier)`` says whether it still can.
"""

from __future__ import annotations

from enum import StrEnum

from workflow.pathway.definition import PathwayDefinition
from workflow.pathway.errors import EnforcementRefused


class Agency(StrEnum):
    """The agency responsible for an enforcement overlay."""

    POLICE = "police"
    ASB = "asb"  # the council's anti-social behaviour team
    HOUSING = "housing"
    OTHER = "other"


AGENCY_WORDS: dict[Agency, str] = {
    Agency.POLICE: "the police",
    Agency.ASB: "the anti-social behaviour team",
    Agency.HOUSING: "housing",
    Agency.OTHER: "another agency",
}


def enforcement_allowed(definition: PathwayDefinition, tier: str | None) -> bool:
    """Whether a household on ``tier`` may carry an enforcement overlay."""
    return definition.has_tier(tier) and definition.tier(str(tier)).enforcement_allowed


def enforcement_refusals(definition: PathwayDefinition, tier: str | None, agency: str) -> list[str]:
    """Every reason a household on ``tier`` cannot carry enforcement by ``agency``
    (empty: it can)."""
    reasons = []
    if agency not in set(Agency):
        reasons.append(
            f"there is no agency '{agency[:40]}' (they are {', '.join(a.value for a in Agency)})"
        )
    allowed = definition.enforcement_tiers()
    if tier is None:
        reasons.append("it is not on a tier yet, and enforcement needs a tier that allows it")
    elif not enforcement_allowed(definition, tier):
        where = _tiers(allowed, definition.tier_ids) if allowed else "no tier of this pathway"
        reasons.append(f"it is on '{tier[:40]}', and enforcement is only for {where}")
    return reasons


def check_enforcement(
    definition: PathwayDefinition, tier: str | None, agency: str, *, label: str
) -> Agency:
    """The agency, if a household on ``tier`` may carry enforcement by it.

    Raises:
        EnforcementRefused: an unknown agency, or a tier that does not allow enforcement.
    """
    reasons = enforcement_refusals(definition, tier, agency)
    if reasons:
        raise EnforcementRefused(
            f"Cannot add enforcement for {label}: " + "; ".join(reasons) + ".", reasons=reasons
        )
    return Agency(agency)


def _tiers(tiers: tuple[str, ...], order: tuple[str, ...]) -> str:
    """ "'silver' and above" when they are the most intensive tiers, else each by name."""
    if len(tiers) > 1 and order[-len(tiers) :] == tiers:
        return f"'{tiers[0]}' and above"
    quoted = [f"'{tier}'" for tier in tiers]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
