"""A family allocated a champion, moved along with its guards reading the store, its tasks
made and completed by recording the work, and closed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from tests.heart.conftest import CLOCK, KEYWORKER, MANAGER, OTHER_MANAGER, PATHWAYS, TODAY, Heart
from workflow.access.policy import NotAllowed
from workflow.allocation.assignments import AssignmentRefused, assign_champion
from workflow.casework.approvals import ApprovalRefused, decide_approval, request_approval
from workflow.casework.records import record_case
from workflow.households.lookup import EffectiveDateRefused
from workflow.lifecycle.service import move_household
from workflow.statemachine.errors import TransitionRefused

D = dt.date


def rows(heart: Heart, sql: str) -> list[tuple]:
    with heart.container.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def state(heart: Heart, ref: str) -> str:
    [(found,)] = rows(
        heart,
        "SELECT e.state FROM household_episodes e JOIN households h ON h.id = e.household_id "
        f"WHERE h.household_ref = '{ref}' AND e.closed_at IS NULL",
    )
    return found


def assign(heart: Heart, ref: str, staff: str, **options) -> object:
    return assign_champion(
        ref,
        staff,
        uow=heart.container.uow(),
        clock=CLOCK,
        pathways=PATHWAYS,
        actor=MANAGER,
        reason=options.pop("reason", "best fit"),
        **options,
    )


def move(heart: Heart, ref: str, trigger: str, reason: str = "as planned", **options) -> object:
    return move_household(
        ref,
        trigger,
        uow=heart.container.uow(),
        clock=CLOCK,
        pathways=PATHWAYS,
        actor=options.pop("actor", KEYWORKER),
        reason=reason,
        **options,
    )


def record(heart: Heart, ref: str, kind: str, **options) -> object:
    return record_case(
        ref,
        kind,
        uow=heart.container.uow(),
        clock=CLOCK,
        pathways=PATHWAYS,
        actor=options.pop("actor", KEYWORKER),
        summary="notes",
        **options,
    )


def to_active(heart: Heart, ref: str, staff: str = "KW1") -> None:
    """Allocate, assess and agree the plan: the family is active on its first tier."""
    assign(heart, ref, staff)
    record(heart, ref, "contact")
    move(heart, ref, "start_assessment")
    record(heart, ref, "assessment")
    record(heart, ref, "plan")
    move(heart, ref, "agree_plan")


def open_tasks(heart: Heart, ref: str) -> list[tuple[str, str, str]]:
    return rows(
        heart,
        "SELECT t.task, t.due_on, COALESCE(s.staff_ref, '') FROM keyworker_tasks t "
        "JOIN households h ON h.id = t.household_id LEFT JOIN staff s ON s.id = t.assignee_staff_id "
        f"WHERE h.household_ref = '{ref}' AND t.status = 'open' ORDER BY t.task",
    )


def test_assigning_a_champion_allocates_the_family_and_makes_its_first_tasks(heart) -> None:
    assigned = assign(heart, "H1", "KW1")
    assert assigned.allocated and state(heart, "H1") == "allocated"
    # Monday 23/11/2026: first contact in 5 working days, the assessment in 20.
    assert [(t, str(d), s) for t, d, s in open_tasks(heart, "H1")] == [
        ("first_contact", "2026-11-30", "KW1"),
        ("whole_family_assessment", "2026-12-21", "KW1"),
    ]


def test_recording_the_work_completes_its_tasks_and_satisfies_the_guards(heart) -> None:
    assign(heart, "H1", "KW1")
    record(heart, "H1", "contact")
    move(heart, "H1", "start_assessment")
    with pytest.raises(TransitionRefused) as refused:
        move(heart, "H1", "agree_plan")
    assert refused.value.reasons == (
        "no whole-family assessment recorded",
        "no family plan recorded",
    )
    assert state(heart, "H1") == "assessment"  # refused: nothing changed
    record(heart, "H1", "assessment")
    # The contact and the assessment are done; agreeing the plan is next.
    assert [t for t, _, _ in open_tasks(heart, "H1")] == ["family_plan"]
    record(heart, "H1", "plan")
    move(heart, "H1", "agree_plan")
    # On the bronze tier (the periphery strand's start): its plan reviewed every 12 weeks.
    assert state(heart, "H1") == "active"
    assert [(t, str(d)) for t, d, _ in open_tasks(heart, "H1")] == [("plan_review", "2027-02-15")]
    with pytest.raises(TransitionRefused, match="no evidence of progress recorded"):
        move(heart, "H1", "evidence_progress")
    record(heart, "H1", "outcome_evidence")
    move(heart, "H1", "evidence_progress")
    assert [t for t, _, _ in open_tasks(heart, "H1")] == ["claim_evidence", "plan_review"]


def test_a_claim_needs_another_managers_approval(heart) -> None:
    assign(heart, "H1", "KW1")
    record(heart, "H1", "contact")
    move(heart, "H1", "start_assessment")
    for kind in ("assessment", "plan", "outcome_evidence"):
        record(heart, "H1", kind)
    move(heart, "H1", "agree_plan")
    move(heart, "H1", "evidence_progress")
    with pytest.raises(TransitionRefused, match="manager approval needed"):
        move(heart, "H1", "claim", actor=MANAGER)
    uow = heart.container.uow
    asked = request_approval(
        "H1",
        "claim",
        uow=uow(),
        clock=CLOCK,
        actor=MANAGER,
        reason="results met",
    )
    with pytest.raises(ApprovalRefused, match="can't approve or refuse their own request"):
        decide_approval(
            asked.approval_id,
            True,
            uow=uow(),
            clock=CLOCK,
            actor=MANAGER,
            reason="",
        )
    with pytest.raises(NotAllowed, match="Only a manager or senior manager can approve"):
        decide_approval(
            asked.approval_id,
            True,
            uow=uow(),
            clock=CLOCK,
            actor=KEYWORKER,
            reason="",
        )
    decide_approval(
        asked.approval_id,
        True,
        uow=uow(),
        clock=CLOCK,
        actor=OTHER_MANAGER,
        reason="checked",
    )
    move(heart, "H1", "claim", actor=MANAGER)
    assert state(heart, "H1") == "claimed"


def test_no_worker_goes_over_capacity_without_a_managers_override(heart) -> None:
    assign(heart, "H1", "KW2")  # capacity 0.5; each family weighs 0.25 until it has a tier
    assign(heart, "H2", "KW2")
    with pytest.raises(AssignmentRefused) as refused:
        assign(heart, "H3", "KW2")
    assert refused.value.detail == (
        "KW2 carries 0.5 of 0.5 units: household H3 (weight 0.25) would take them over "
        "capacity. A manager can assign them anyway with an override and a reason."
    )
    assert rows(heart, "SELECT COUNT(*) FROM champion_assignments") == [(2,)]  # nothing changed
    with pytest.raises(NotAllowed, match="Only a manager or senior manager can assign a champion"):
        assign_champion(
            "H3",
            "KW2",
            uow=heart.container.uow(),
            clock=CLOCK,
            pathways=PATHWAYS,
            actor=KEYWORKER,
            reason="x",
            over_capacity_reason="only Farsi speaker",
        )
    over = assign(heart, "H3", "KW2", over_capacity_reason="the only Farsi speaker")
    assert (over.over_capacity, over.load_after, over.capacity) == (True, 0.75, 0.5)
    with pytest.raises(AssignmentRefused, match="already household H1's champion"):
        assign(heart, "H1", "KW2")


def test_a_change_of_champion_ends_the_old_one_with_its_reason_and_moves_the_tasks(heart) -> None:
    assign(heart, "H1", "KW1")
    assign(heart, "H1", "KW2", reason="speaks the family's language")
    assert rows(
        heart,
        "SELECT s.staff_ref, a.ended_on IS NULL, a.end_reason FROM champion_assignments a "
        "JOIN staff s ON s.id = a.staff_id ORDER BY a.id",
    ) == [
        ("KW1", False, "champion changed: speaks the family's language"),
        ("KW2", True, None),
    ]
    assert {s for _, _, s in open_tasks(heart, "H1")} == {"KW2"}


def test_closing_ends_the_champion_and_cancels_the_tasks(heart) -> None:
    assign(heart, "H1", "KW1")
    with pytest.raises(NotAllowed, match="Only a manager or senior manager can close"):
        move(heart, "H1", "close", reason="disengaged")
    move(heart, "H1", "close", reason="disengaged", actor=MANAGER)
    assert rows(heart, "SELECT ended_on IS NOT NULL FROM champion_assignments") == [(True,)]
    assert open_tasks(heart, "H1") == []


def test_back_dated_work_keeps_its_effective_date_and_when_it_was_recorded(heart) -> None:
    assign(heart, "H1", "KW1", effective_on=D(2025, 6, 2))
    [(effective, at)] = rows(
        heart,
        "SELECT effective_on, at FROM household_transitions WHERE trigger = 'allocate'",
    )
    assert str(effective) == "2025-06-02" and str(at).startswith("2026-11-23")
    with pytest.raises(EffectiveDateRefused, match="is after today"):
        assign(heart, "H2", "KW1", effective_on=TODAY + dt.timedelta(days=1))
    with pytest.raises(EffectiveDateRefused, match="before household H2 was known"):
        assign(heart, "H2", "KW1", effective_on=D(2019, 12, 31))
    with pytest.raises(NotAllowed, match="record a change with an earlier effective date"):
        move(heart, "H1", "start_assessment", effective_on=D(2025, 6, 9))
