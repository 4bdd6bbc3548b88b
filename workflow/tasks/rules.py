"""When tasks are made, and when they fall due (docs/product-model.md §6). Pure.

A rule says: when a household enters a state (``state:allocated``), when a case record of a
kind is made (``record:assessment``: the assessment is done), when it is placed on or moves
to a tier (``tier``: the tier's plan reviews), when a partner import brings a new concern
(``concern``) or a re-screening flags the family (``flag``), make this task, for the champion
or the manager, due in so many **working days** (England and Wales bank holidays), or, for
reviews, every so many weeks. ``completed_by`` names the kind of case record whose making
completes it.

The pathway definition file carries a council's rules; ``DEFAULT_RULES`` are the product
model's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflow.calendar import WorkingDays


@dataclass(frozen=True)
class TaskRule:
    when: str  # state:<state> | record:<kind> | tier | concern | flag
    task: str
    title: str
    assignee: str = "champion"  # champion | manager
    due_working_days: int | None = None
    every_weeks: int | None = None  # tier reviews: from the tier's own period when None
    completed_by: str | None = None

    def due(self, start: dt.date, days: WorkingDays, *, weeks: int | None = None) -> dt.date:
        """When a task made on ``start`` falls due (a working day)."""
        if self.due_working_days is not None:
            return days.add(start, self.due_working_days)
        every = self.every_weeks or weeks
        if every is None:
            raise ValueError(f"task rule {self.task!r} has no due date")
        return days.add(start + dt.timedelta(weeks=every), 0)


DEFAULT_RULES: tuple[TaskRule, ...] = (
    TaskRule(
        "state:allocated",
        "first_contact",
        "First contact with the family",
        due_working_days=5,
        completed_by="contact",
    ),
    TaskRule(
        "state:allocated",
        "assessment",
        "Whole-family assessment",
        due_working_days=20,
        completed_by="assessment",
    ),
    TaskRule(
        "record:assessment",
        "plan",
        "Agree the family plan",
        due_working_days=10,
        completed_by="plan",
    ),
    TaskRule("tier", "review", "Review the family plan", completed_by="review"),
    TaskRule(
        "state:progress_evidenced",
        "claim_evidence",
        "Collect the claim evidence",
        due_working_days=10,
        completed_by="outcome_evidence",
    ),
    TaskRule(
        "concern",
        "new_concern",
        "Follow up a new concern from a partner",
        due_working_days=5,
        completed_by="contact",
    ),
    TaskRule(
        "flag",
        "review_eligibility",
        "Review: no longer meets the criteria",
        assignee="manager",
        due_working_days=5,
    ),
)
# Plan reviews by tier (weeks), when the pathway definition does not say.
REVIEW_WEEKS = {"bronze": 12, "silver": 12, "gold": 6, "intensive": 4}


def rules_for(when: str, rules: tuple[TaskRule, ...] = DEFAULT_RULES) -> list[TaskRule]:
    return [rule for rule in rules if rule.when == when]
