"""Task rules: what entering a state or tier, recording something, or a new concern
gives a keyworker or manager to do, and by when (docs/product-model.md §6). Pure.

A rule lives in the pathway definition (``[[tasks]]``)::

    [[tasks]]
    when = "state:allocated"        # entering a lifecycle state
    task = "first_contact"
    title = "Make first contact with the family"
    due_working_days = 5
    completed_by = "contact"        # recording a contact completes it
    assignee = "champion"

``when`` is one of:

- ``state:<lifecycle state>``: the household's episode enters that state;
- ``tier:<tier id>``: the household enters that tier (placed, stepped up or down);
- ``record:<record kind>``: a case record of that kind is recorded ("assessment done");
- ``concern``: a partner import brings a new concern about a family with a champion;
- ``flag``: a re-screening flags a family further along for its manager to review.

A task is due ``due_working_days`` working days after the event (England's bank holidays
not counted), or falls due ``every_weeks`` weeks after it and again each time it is done.
``every_weeks = "tier"`` takes the weeks from the household's tier
(``review_every_weeks``): reviews every 12 weeks on bronze, every 4 on intensive.
``completed_by`` is the kind of case record that completes the task; a rule without one is
ticked off by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from workflow.calendar import WorkingDays
from workflow.domain.vocabulary import CaseRecordKind, HouseholdState

# The kinds of case record a keyworker records (``case_records.kind``): one vocabulary.
RecordKind = CaseRecordKind


class Assignee(StrEnum):
    """Who a task goes to: the family's champion, or the champion's manager."""

    CHAMPION = "champion"
    MANAGER = "manager"


class TaskOn(StrEnum):
    """The kinds of event a task rule fires on (the part of ``when`` before the colon)."""

    STATE = "state"
    TIER = "tier"
    RECORD = "record"
    CONCERN = "concern"
    FLAG = "flag"


NEEDS_SUBJECT = frozenset({TaskOn.STATE, TaskOn.TIER, TaskOn.RECORD})
TIER_WEEKS = "tier"  # every_weeks = "tier": the household's tier's review_every_weeks


@dataclass(frozen=True, slots=True)
class When:
    """An event tasks can fire on: ``When.state(HouseholdState.ALLOCATED)``, ``When.concern()``.

    ``str(when)`` is how the definition file writes it ("state:allocated", "concern").
    """

    on: TaskOn
    subject: str | None = None

    @classmethod
    def state(cls, state: HouseholdState) -> When:
        return cls(TaskOn.STATE, HouseholdState(state).value)

    @classmethod
    def tier(cls, tier: str) -> When:
        return cls(TaskOn.TIER, tier)

    @classmethod
    def record(cls, kind: RecordKind) -> When:
        return cls(TaskOn.RECORD, RecordKind(kind).value)

    @classmethod
    def concern(cls) -> When:
        return cls(TaskOn.CONCERN)

    @classmethod
    def flag(cls) -> When:
        return cls(TaskOn.FLAG)

    def __str__(self) -> str:
        return self.on.value if self.subject is None else f"{self.on.value}:{self.subject}"


@dataclass(frozen=True, slots=True)
class TaskRule:
    """One ``[[tasks]]`` rule of a pathway definition.

    Exactly one of ``due_working_days`` and ``every_weeks`` is set, or neither when
    ``every_tier_review`` is (``every_weeks = "tier"`` in the file).
    """

    when: When
    task: str  # the task's id: "first_contact", "plan_review"
    title: str  # plain English, shown to the keyworker
    assignee: Assignee
    due_working_days: int | None = None
    every_weeks: int | None = None
    every_tier_review: bool = False
    completed_by: RecordKind | None = None

    @property
    def repeats(self) -> bool:
        """Whether the task falls due again after it is done (a review every N weeks)."""
        return self.every_weeks is not None or self.every_tier_review

    def weeks(self, review_every_weeks: int | None) -> int | None:
        """How many weeks apart a repeating task falls due; ``review_every_weeks`` is the
        household's tier's (for ``every_weeks = "tier"``). None: the task does not repeat."""
        return review_every_weeks if self.every_tier_review else self.every_weeks

    def due_on(
        self,
        start: dt.date,
        *,
        calendar: WorkingDays,
        review_every_weeks: int | None = None,
    ) -> dt.date:
        """When the task falls due, counted from ``start`` (the event's effective day).

        ``due_working_days`` counts working days after ``start``; a repeating task is due
        its weeks after ``start``, or the next working day when that is not one.

        Raises:
            ValueError: the rule follows the tier's reviews and no ``review_every_weeks``
                was given.
        """
        if self.due_working_days is not None:
            return calendar.add(start, self.due_working_days)
        weeks = self.weeks(review_every_weeks)
        if weeks is None:
            raise ValueError(f"task {self.task!r} follows the tier's reviews: give its weeks")
        return calendar.add(start + dt.timedelta(weeks=weeks), 0)
