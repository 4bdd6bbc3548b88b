"""The enforcement overlay: silver and above, with an agency (docs/product-model.md §4)."""

from __future__ import annotations

import pytest

from workflow.errors import WorkflowError
from workflow.pathway import (
    Agency,
    EnforcementRefused,
    check_enforcement,
    enforcement_allowed,
    load_pathways,
)

PATHWAY = load_pathways(None).current
LABEL = "household H000123"


@pytest.mark.parametrize(
    ("tier", "allowed"),
    [
        ("bronze", False),
        ("silver", True),
        ("gold", True),
        ("intensive", True),
        (None, False),
        ("platinum", False),
    ],
)
def test_enforcement_is_for_silver_and_above(tier: str | None, allowed: bool) -> None:
    assert enforcement_allowed(PATHWAY, tier) is allowed


@pytest.mark.parametrize("agency", ["police", "asb", "housing", "other"])
def test_each_agency_can_be_recorded_on_silver(agency: str) -> None:
    assert check_enforcement(PATHWAY, "silver", agency, label=LABEL) is Agency(agency)


def test_enforcement_on_bronze_or_with_no_tier_is_refused() -> None:
    with pytest.raises(EnforcementRefused) as caught:
        check_enforcement(PATHWAY, "bronze", "police", label=LABEL)
    assert caught.value.detail == (
        f"Cannot add enforcement for {LABEL}: it is on 'bronze', and enforcement is only for 'silver' and above."
    )
    assert isinstance(caught.value, WorkflowError) and caught.value.code == "enforcement_refused"
    with pytest.raises(EnforcementRefused) as caught:
        check_enforcement(PATHWAY, None, "army", label=LABEL)
    assert caught.value.reasons == (
        "there is no agency 'army' (they are police, asb, housing, other)",
        "it is not on a tier yet, and enforcement needs a tier that allows it",
    )
