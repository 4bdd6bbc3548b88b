"""Tiers beside the lifecycle: placed when the plan is agreed (by the strand), stepped up
with a reason (into intensive only with another manager's approval), stepped down after a
review, the strand overridden by a manager with a reason, enforcement from silver up."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select, text

from tests.heart.conftest import CLOCK, KEYWORKER, MANAGER, OTHER_MANAGER, PATHWAYS, Heart
from tests.heart.test_allocate_and_move import record, rows, to_active
from workflow.access.policy import NotAllowed
from workflow.casework.approvals import decide_approval, request_approval
from workflow.db.models import HouseholdIntelFlag, Person
from workflow.pathway.errors import EnforcementRefused
from workflow.statemachine.errors import TransitionRefused
from workflow.tiers.service import (
    TierRefused,
    add_enforcement,
    override_strand,
    step_tier,
)


def tier(heart: Heart, ref: str) -> tuple[str | None, str | None]:
    [(found, strand)] = rows(
        heart,
        "SELECT e.tier, e.strand FROM household_episodes e JOIN households h "
        f"ON h.id = e.household_id WHERE h.household_ref = '{ref}' AND e.closed_at IS NULL",
    )
    return found, strand


def step(heart: Heart, trigger: str, to: str | None = None, reason: str = "needs more") -> object:
    return step_tier(
        "H1",
        trigger,
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=KEYWORKER,
        pathways=PATHWAYS,
        reason=reason,
        to=to,
    )


def test_a_family_goes_on_its_strands_first_tier_when_its_plan_is_agreed(heart: Heart) -> None:
    with pytest.raises(TierRefused, match="goes on a tier when its plan is agreed"):
        step(heart, "step_up")
    to_active(heart, "H1")
    assert tier(heart, "H1") == ("bronze", "periphery")
    assert rows(heart, "SELECT from_state, to_state, trigger FROM tier_transitions") == [
        (None, "bronze", "place")
    ]


def test_a_gang_perpetrators_family_starts_on_gold(heart: Heart) -> None:
    with heart.container.engine.begin() as connection:
        person = connection.execute(select(Person.id).where(Person.person_ref == "P11")).scalar()
        connection.execute(
            insert(HouseholdIntelFlag).values(
                household_id=heart.households["H1"],
                person_id=person,
                flag="gang_affected",
                role="gang_perpetrator",
                harm_band="amber",
                victim_band="zero",
                source_kind="gangs_matrix",
                intel_row_id=1,
                nominal_ref="N1",
            )
        )
    to_active(heart, "H1")
    assert tier(heart, "H1") == ("gold", "gang_member")
    [(reason,)] = rows(heart, "SELECT strand_reason FROM household_episodes WHERE tier = 'gold'")
    assert "perpetrator" in reason and "amber" in reason


def test_stepping_up_into_intensive_needs_another_managers_approval(heart: Heart) -> None:
    to_active(heart, "H1")
    step(heart, "step_up", to="gold")
    with pytest.raises(TransitionRefused, match="needs a manager's approval"):
        step(heart, "step_up")
    uow = heart.container.uow
    asked = request_approval(
        "H1", "step_up_to_intensive", uow=uow(), clock=CLOCK, actor=MANAGER, reason="gang exit work"
    )
    decide_approval(
        asked.approval_id,
        True,
        uow=uow(),
        clock=CLOCK,
        actor=OTHER_MANAGER,
        reason="agreed at panel",
    )
    step(heart, "step_up")
    assert tier(heart, "H1")[0] == "intensive"


def test_stepping_down_needs_a_review_since_the_last_change(heart: Heart) -> None:
    to_active(heart, "H1")
    step(heart, "step_up", to="gold")
    with pytest.raises(TransitionRefused, match="a review must be completed"):
        step(heart, "step_down")
    record(heart, "H1", "review")
    step(heart, "step_down", reason="school attendance back to normal")
    assert tier(heart, "H1")[0] == "silver"
    with pytest.raises(TransitionRefused, match="a reason is needed"):
        step(heart, "step_up", reason="  ")


def test_a_manager_overrides_the_strand_with_a_reason(heart: Heart) -> None:
    to_active(heart, "H1")
    uow = heart.container.uow
    with pytest.raises(NotAllowed):
        override_strand("H1", "at_risk", uow=uow(), actor=KEYWORKER, reason="older brother")
    with pytest.raises(TierRefused, match="a reason is needed"):
        override_strand("H1", "at_risk", uow=uow(), actor=MANAGER, reason="")
    override_strand("H1", "at_risk", uow=uow(), actor=MANAGER, reason="older brother's friends")
    assert rows(
        heart,
        "SELECT strand, strand_reason, strand_set_by FROM household_episodes "
        "WHERE tier IS NOT NULL",
    ) == [("at_risk", "set by a manager: older brother's friends", "MGR1")]


def test_enforcement_is_carried_from_silver_up_with_its_agency(heart: Heart) -> None:
    to_active(heart, "H1")
    uow = heart.container.uow
    with pytest.raises(EnforcementRefused):
        add_enforcement(
            "H1",
            "police",
            uow=uow(),
            clock=CLOCK,
            actor=KEYWORKER,
            pathways=PATHWAYS,
            reason="dispersal order",
        )
    step(heart, "step_up")
    add_enforcement(
        "H1",
        "housing",
        uow=uow(),
        clock=CLOCK,
        actor=KEYWORKER,
        pathways=PATHWAYS,
        reason="tenancy warning",
    )
    assert rows(heart, "SELECT agency, reason FROM enforcement_overlays") == [
        ("housing", "tenancy warning")
    ]


def test_each_tier_change_is_kept_with_who_why_and_the_pathway_version(heart: Heart) -> None:
    to_active(heart, "H1")
    step(heart, "step_up", reason="exclusion")
    with heart.container.engine.connect() as connection:
        rows_ = connection.execute(
            text(
                "SELECT from_state, to_state, trigger, actor, reason FROM tier_transitions "
                "ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in rows_] == [
        (None, "bronze", "place", "KW1", "the periphery strand starts on bronze"),
        ("bronze", "silver", "step_up", "KW1", "exclusion"),
    ]
