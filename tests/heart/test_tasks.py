"""Keyworker tasks: due in working days across bank holidays, overdue first, completed
once, reassigned by a manager, added by anyone, made by new concerns and by flags."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.heart.conftest import CLOCK, KEYWORKER, MANAGER, PATHWAYS, Heart
from tests.heart.test_allocate_and_move import assign, open_tasks, record, rows, to_active
from workflow.access.policy import NotAllowed
from workflow.clock import FixedClock
from workflow.tasks.service import (
    TaskRefused,
    add_task,
    complete_task,
    list_tasks,
    mark_overdue,
    reassign_task,
)
from workflow.tiers.service import step_tier

D = dt.date


def test_tasks_fall_due_on_working_days_across_bank_holidays(heart: Heart) -> None:
    # Allocated on Thursday 2 April 2026: Good Friday, Easter Monday and the May Day bank
    # holiday (4 May) are not working days.
    assign(heart, "H1", "KW1", effective_on=D(2026, 4, 2))
    assert [(t, str(d)) for t, d, _ in open_tasks(heart, "H1")] == [
        ("first_contact", "2026-04-13"),  # 5 working days
        ("whole_family_assessment", "2026-05-05"),  # 20 working days
    ]


def test_a_keyworkers_list_puts_overdue_tasks_first(heart: Heart) -> None:
    assign(heart, "H1", "KW1", effective_on=D(2026, 10, 1))  # first contact due 08/10/2026
    assign(heart, "H2", "KW1")  # due 30/11/2026 and 21/12/2026
    listed = list_tasks(uow=heart.container.uow(), clock=CLOCK, staff_ref="KW1")
    assert [(t.household_ref, t.task, t.overdue) for t in listed] == [
        ("H1", "first_contact", True),
        ("H1", "whole_family_assessment", True),  # due 29/10/2026
        ("H2", "first_contact", False),
        ("H2", "whole_family_assessment", False),
    ]
    overdue = list_tasks(
        uow=heart.container.uow(),
        clock=CLOCK,
        staff_ref="KW1",
        overdue_only=True,
    )
    assert {t.household_ref for t in overdue} == {"H1"}


def test_a_task_is_completed_once(heart: Heart) -> None:
    assign(heart, "H1", "KW1")
    [task, *_] = list_tasks(uow=heart.container.uow(), clock=CLOCK, staff_ref="KW1")
    complete_task(task.task_id, uow=heart.container.uow(), clock=CLOCK, actor=KEYWORKER)
    with pytest.raises(TaskRefused, match=f"Task {task.task_id} is already done"):
        complete_task(task.task_id, uow=heart.container.uow(), clock=CLOCK, actor=KEYWORKER)


def test_a_manager_reassigns_and_anyone_adds_a_task(heart: Heart) -> None:
    assign(heart, "H1", "KW1")
    [task, *_] = list_tasks(uow=heart.container.uow(), clock=CLOCK, staff_ref="KW1")
    with pytest.raises(NotAllowed):
        reassign_task(task.task_id, "KW2", uow=heart.container.uow(), actor=KEYWORKER)
    reassign_task(task.task_id, "KW2", uow=heart.container.uow(), actor=MANAGER)
    assert [
        t.task_id for t in list_tasks(uow=heart.container.uow(), clock=CLOCK, staff_ref="KW2")
    ] == [task.task_id]
    added = add_task(
        "H1",
        "Ring the school about the uniform grant",
        D(2026, 11, 25),
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=KEYWORKER,
    )
    assert (added.assignee, added.task) == ("KW1", "ad_hoc")
    with pytest.raises(TaskRefused, match="can't be due before today"):
        add_task(
            "H1",
            "Too late",
            D(2026, 11, 20),
            uow=heart.container.uow(),
            clock=CLOCK,
            actor=KEYWORKER,
        )


def test_the_daily_check_marks_overdue_tasks_for_champions_and_managers(heart: Heart) -> None:
    assign(heart, "H1", "KW1")
    later = FixedClock(D(2026, 12, 1))  # first contact was due 30/11/2026
    report = mark_overdue(uow=heart.container.uow(), clock=later, actor=MANAGER)
    assert (report.newly_overdue, report.by_assignee, report.by_team) == (
        1,
        {"KW1": 1},
        {"North": 1},
    )
    again = mark_overdue(uow=heart.container.uow(), clock=later, actor=MANAGER)
    assert again.newly_overdue == 0 and again.by_assignee == {"KW1": 1}


def test_a_tier_change_retimes_the_review_and_recording_one_makes_the_next(heart: Heart) -> None:
    to_active(heart, "H1")  # bronze: reviewed every 12 weeks
    assert [(t, str(d)) for t, d, _ in open_tasks(heart, "H1")] == [("plan_review", "2027-02-15")]
    step_tier(
        "H1",
        "step_up",
        uow=heart.container.uow(),
        clock=CLOCK,
        actor=KEYWORKER,
        pathways=PATHWAYS,
        reason="a sibling excluded",
        to="gold",
    )
    # Gold: every 6 weeks from the day of the change.
    assert [(t, str(d)) for t, d, _ in open_tasks(heart, "H1")] == [("plan_review", "2027-01-04")]
    record(heart, "H1", "review")
    assert [(t, str(d)) for t, d, _ in open_tasks(heart, "H1")] == [("plan_review", "2027-01-04")]
    assert rows(
        heart, "SELECT status FROM keyworker_tasks WHERE task = 'plan_review' ORDER BY id"
    ) == [
        ("done",),
        ("open",),
    ]


def test_a_new_concern_from_a_partner_import_gives_the_champion_a_task(
    heart: Heart, tmp_path
) -> None:
    from imports.after import rescreen
    from tests.loading.builders import incidents
    from tests.support import import_file, rules

    assign(heart, "H1", "KW1")
    path = incidents(
        tmp_path / "incidents.xlsx",
        [
            (
                "P11",
                "Test",
                "01/01/1985",
                "QX1 1AA",
                "P11",
                None,
                "20/11/2026",
                "offence",
                "victim",
                "CR77",
            )
        ],
    )
    outcome = import_file(heart.container, path, "police_incidents", today=D(2026, 11, 23))
    assert outcome.status == "accepted" and outcome.rows_unlinked == 0
    rescreen(
        outcome.batch_id,
        uow=heart.container.uow(),
        clock=CLOCK,
        pathways=PATHWAYS,
        actor=MANAGER,
        catalogue=rules(heart.container),
    )
    assert [(t, str(d), s) for t, d, s in open_tasks(heart, "H1") if t == "new_concern"] == [
        ("new_concern", "2026-11-30", "KW1")
    ]
    assert [t for t, _, _ in open_tasks(heart, "H2")] == []  # no champion, no concern task


def test_a_family_flagged_by_a_re_screening_gives_its_manager_a_task(heart: Heart) -> None:
    from tests.support import screen_households

    assign(heart, "H1", "KW1")
    later = screen_households(heart.container, as_of=D(2027, 9, 1), today=D(2027, 9, 1))
    assert later.no_longer_meeting == 3  # flagged for a manager, never closed
    assert rows(
        heart,
        "SELECT h.household_ref, t.assignee_role, t.assignee_staff_id, tm.name, "
        "CAST(t.due_on AS VARCHAR(10)) "
        "FROM keyworker_tasks t JOIN households h ON h.id = t.household_id "
        "LEFT JOIN teams tm ON tm.id = t.team_id "
        "WHERE t.task = 'flagged_review' ORDER BY h.household_ref",
    ) == [
        ("H1", "manager", None, "North", "2027-09-08"),  # its champion's team's managers
        ("H2", "manager", None, None, "2027-09-08"),  # no champion yet: any manager
        ("H3", "manager", None, None, "2027-09-08"),
    ]
