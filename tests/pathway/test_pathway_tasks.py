"""The shipped task rules (docs/product-model.md §6, by hand) and when each falls due, in
working days across England's bank holidays. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.calendar import WorkingDays
from workflow.domain.vocabulary import HouseholdState as S
from workflow.pathway import Assignee, PathwayDefinition, RecordKind, When, load_pathways

DAYS = WorkingDays()

# when, task, due (working days or "every N" / "every tier"), completed by, assignee.
EXPECTED = [
    ("state:allocated", "first_contact", "5", "contact", "champion"),
    ("state:allocated", "whole_family_assessment", "20", "assessment", "champion"),
    ("record:assessment", "family_plan", "10", "plan", "champion"),
    ("state:active", "plan_review", "every tier", "review", "champion"),
    ("state:progress_evidenced", "claim_evidence", "10", "outcome_evidence", "champion"),
    ("concern", "new_concern", "5", None, "champion"),
    ("flag", "flagged_review", "5", None, "manager"),
]


@pytest.fixture(scope="module")
def pathway() -> PathwayDefinition:
    return load_pathways(None).current


def test_the_shipped_task_rules(pathway: PathwayDefinition) -> None:
    def due(rule) -> str:  # type: ignore[no-untyped-def]
        if rule.every_tier_review:
            return "every tier"
        return f"every {rule.every_weeks}" if rule.every_weeks else str(rule.due_working_days)

    assert [
        (str(r.when), r.task, due(r), r.completed_by and r.completed_by.value, r.assignee.value)
        for r in pathway.tasks
    ] == EXPECTED


def test_the_rules_for_an_event(pathway: PathwayDefinition) -> None:
    assert [r.task for r in pathway.tasks_for(When.state(S.ALLOCATED))] == [
        "first_contact",
        "whole_family_assessment",
    ]
    assert [r.task for r in pathway.tasks_for(When.record(RecordKind.ASSESSMENT))] == [
        "family_plan"
    ]
    assert [r.task for r in pathway.tasks_for(When.concern())] == ["new_concern"]
    [flagged] = pathway.tasks_for(When.flag())
    assert flagged.assignee is Assignee.MANAGER
    assert pathway.tasks_for(When.state(S.ELIGIBLE)) == ()
    assert pathway.tasks_for(When.tier("gold")) == ()
    assert str(When.tier("gold")) == "tier:gold"


def test_first_contact_after_an_allocation_before_easter_is_due_after_it(
    pathway: PathwayDefinition,
) -> None:
    [first, assessment] = pathway.tasks_for(When.state(S.ALLOCATED))
    thursday_before_easter = dt.date(2026, 4, 2)
    # Good Friday 3 April and Easter Monday 6 April are bank holidays in England.
    assert first.due_on(thursday_before_easter, calendar=DAYS) == dt.date(2026, 4, 13)
    assert assessment.due_on(thursday_before_easter, calendar=DAYS) == dt.date(
        2026, 5, 5
    )  # not the 4 May bank holiday
    assert not first.repeats


@pytest.mark.parametrize(
    ("tier", "weeks", "due"),
    [
        ("bronze", 12, dt.date(2026, 4, 27)),
        ("silver", 12, dt.date(2026, 4, 27)),
        ("gold", 6, dt.date(2026, 3, 16)),
        ("intensive", 4, dt.date(2026, 3, 2)),
    ],
)
def test_plan_reviews_follow_the_tier(
    pathway: PathwayDefinition, tier: str, weeks: int, due: dt.date
) -> None:
    [review] = pathway.tasks_for(When.state(S.ACTIVE))
    assert review.repeats and review.completed_by is RecordKind.REVIEW
    every = pathway.tier(tier).review_every_weeks
    assert (every, review.weeks(every)) == (weeks, weeks)
    assert review.due_on(dt.date(2026, 2, 2), calendar=DAYS, review_every_weeks=every) == due


def test_a_review_due_on_a_bank_holiday_is_due_the_next_working_day(
    pathway: PathwayDefinition,
) -> None:
    [review] = pathway.tasks_for(When.state(S.ACTIVE))
    # 4 weeks after Monday 30 November 2026 is Monday 28 December, a bank holiday (Boxing Day's).
    assert review.due_on(dt.date(2026, 11, 30), calendar=DAYS, review_every_weeks=4) == dt.date(
        2026, 12, 29
    )
    with pytest.raises(ValueError, match="follows the tier's reviews"):
        review.due_on(dt.date(2026, 11, 30), calendar=DAYS)
