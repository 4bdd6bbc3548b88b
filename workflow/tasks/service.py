"""Keyworkers' and managers' tasks: the list each works from, completing, reassigning,
adding an ad hoc task, and the daily check that marks tasks overdue.

A keyworker's list puts overdue tasks first, then the rest by due date. Two keyworkers
completing the same task at once get one completion and one refusal (the task is claimed
with a conditional update).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, insert, select, update

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.base import utcnow
from workflow.db.models import Household, KeyworkerTask, Staff, Team
from workflow.domain.vocabulary import TaskStatus
from workflow.errors import WorkflowError
from workflow.households.lookup import find
from workflow.principal import Principal
from workflow.statemachine.definition import reason_problems
from workflow.uow import UnitOfWork

T = KeyworkerTask
OPEN = TaskStatus.OPEN.value
MAX_TITLE = 200


class TaskRefused(WorkflowError):
    code = "task_refused"


@dataclass(frozen=True)
class TaskView:
    task_id: int
    household_ref: str
    task: str
    title: str
    due_on: dt.date
    overdue: bool
    assignee: str | None  # a staff_ref, or None: waiting for the team's managers
    role: str
    status: str

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "due_on": self.due_on.isoformat()}


def list_tasks(
    *,
    uow: UnitOfWork,
    clock: Clock,
    staff_ref: str | None = None,
    team: str | None = None,
    overdue_only: bool = False,
    teams: frozenset[str] | None = None,
    limit: int = 500,
) -> list[TaskView]:
    """Open tasks (a worker's, a team's, or all; with ``teams``, only those teams'),
    overdue first, then by due date."""
    today = clock.today()
    assignee = Staff.__table__.alias("assignee")
    query = (
        select(
            T.id,
            Household.household_ref,
            T.task,
            T.title,
            T.due_on,
            assignee.c.staff_ref,
            T.assignee_role,
            T.status,
        )
        .join(Household, Household.id == T.household_id)
        .outerjoin(assignee, assignee.c.id == T.assignee_staff_id)
        .where(T.status == OPEN)
        .order_by(case((T.due_on < today, 0), else_=1), T.due_on, T.id)
        .limit(limit)
    )
    if staff_ref is not None:
        query = query.where(assignee.c.staff_ref == staff_ref)
    if team is not None or teams is not None:
        query = query.join(Team, Team.id == T.team_id)
    if team is not None:
        query = query.where(Team.name == team)
    if teams is not None:
        query = query.where(Team.name.in_(sorted(teams)))
    if overdue_only:
        query = query.where(T.due_on < today)
    with uow:
        rows = uow.connection.execute(query).all()
    return [
        TaskView(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            r[4],
            r[4] < today,
            r[5],
            str(r[6]),
            str(r[7]),
        )
        for r in rows
    ]


def complete_task(task_id: int, *, uow: UnitOfWork, clock: Clock, actor: Principal) -> TaskView:
    """Mark a task done (a task waiting for a record is done by recording it, or here)."""
    with uow:
        connection = uow.connection
        found = _task(uow, task_id)
        if found.role == "manager":
            require(actor, Action.MANAGE_TASKS)
        done = connection.execute(
            update(T)
            .where(T.id == task_id, T.status == OPEN)
            .values(status=TaskStatus.DONE.value, done_by=actor.ref, done_at=clock.now())
        ).rowcount
        if done != 1:
            raise TaskRefused(f"Task {task_id} is already {found.status}: nothing changed.")
        audit.record(
            connection,
            actor=actor,
            action="complete_task",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"task_id": task_id},
        )
        uow.commit()
    return TaskView(**{**vars(found), "status": TaskStatus.DONE.value})


def reassign_task(task_id: int, staff_ref: str, *, uow: UnitOfWork, actor: Principal) -> TaskView:
    """A manager gives an open task to another member of staff."""
    require(actor, Action.MANAGE_TASKS)
    with uow:
        connection = uow.connection
        found = _task(uow, task_id)
        staff = connection.execute(
            select(Staff.id, Staff.team_id, Staff.active).where(Staff.staff_ref == staff_ref)
        ).first()
        if staff is None or not staff[2]:
            raise TaskRefused(f"There is no member of staff ‘{staff_ref[:40]}’ in post.")
        moved = connection.execute(
            update(T)
            .where(T.id == task_id, T.status == OPEN)
            .values(assignee_staff_id=staff[0], team_id=staff[1])
        ).rowcount
        if moved != 1:
            raise TaskRefused(f"Task {task_id} is already {found.status}: nothing changed.")
        audit.record(
            connection,
            actor=actor,
            action="reassign_task",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"task_id": task_id, "to": staff_ref},
        )
        uow.commit()
    return TaskView(**{**vars(found), "assignee": staff_ref})


def add_task(
    household_ref: str,
    title: str,
    due_on: dt.date,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    staff_ref: str | None = None,
) -> TaskView:
    """Anyone working with a family adds a task of their own (for them, or someone named)."""
    require(actor, Action.RECORD_CASEWORK)
    problems = reason_problems(title)
    if problems or len(title) > MAX_TITLE:
        raise TaskRefused(f"A task needs a title of 1 to {MAX_TITLE} characters.")
    if due_on < clock.today():
        raise TaskRefused(f"A new task can't be due before today ({clock.today():%d/%m/%Y}).")
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        who = staff_ref or (None if actor.is_system else actor.ref)
        staff = None
        if who is not None:
            staff = connection.execute(
                select(Staff.id, Staff.team_id).where(Staff.staff_ref == who)
            ).first()
            if staff is None:
                raise TaskRefused(f"There is no member of staff ‘{who[:40]}’.")
        task_id = int(
            connection.execute(
                insert(T)
                .values(
                    household_id=found.household_id,
                    episode_id=episode.id,
                    task="ad_hoc",
                    title=title.strip(),
                    assignee_role="champion",
                    assignee_staff_id=None if staff is None else staff[0],
                    team_id=None if staff is None else staff[1],
                    due_on=due_on,
                    status=OPEN,
                    source="ad_hoc",
                    created_by=actor.ref,
                    created_at=utcnow(),
                    detail={},
                )
                .returning(T.id)
            ).scalar_one()
        )
        audit.record(
            connection,
            actor=actor,
            action="add_task",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"task_id": task_id},
        )
        uow.commit()
    return TaskView(
        task_id, found.household_ref, "ad_hoc", title.strip(), due_on, False, who, "champion", OPEN
    )


@dataclass(frozen=True)
class OverdueReport:
    newly_overdue: int
    by_assignee: dict[str, int]  # staff_ref (or "unassigned") -> open overdue tasks
    by_team: dict[str, int]  # for each team's managers

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def mark_overdue(*, uow: UnitOfWork, clock: Clock, actor: Principal) -> OverdueReport:
    """The daily check: open tasks past their due day are marked overdue (once), and the
    overdue tasks are counted for each champion and each team's managers."""
    today = clock.today()
    assignee = Staff.__table__.alias("assignee")
    with uow:
        connection = uow.connection
        newly = connection.execute(
            update(T)
            .where(T.status == OPEN, T.due_on < today, T.overdue_since.is_(None))
            .values(overdue_since=today)
        ).rowcount
        by_person = connection.execute(
            select(func.coalesce(assignee.c.staff_ref, "unassigned"), func.count())
            .select_from(T)
            .outerjoin(assignee, assignee.c.id == T.assignee_staff_id)
            .where(T.status == OPEN, T.due_on < today)
            .group_by(assignee.c.staff_ref)
        ).all()
        by_team = connection.execute(
            select(func.coalesce(Team.name, "no team"), func.count())
            .select_from(T)
            .outerjoin(Team, Team.id == T.team_id)
            .where(T.status == OPEN, T.due_on < today)
            .group_by(Team.name)
        ).all()
        audit.record(
            connection,
            actor=actor,
            action="mark_overdue",
            entity_type="tasks",
            purpose="casework",
            detail={"newly_overdue": int(newly or 0)},
        )
        uow.commit()
    return OverdueReport(
        int(newly or 0),
        {str(k): int(v) for k, v in by_person},
        {str(k): int(v) for k, v in by_team},
    )


def _task(uow: UnitOfWork, task_id: int) -> TaskView:
    assignee = Staff.__table__.alias("assignee")
    row = uow.connection.execute(
        select(
            T.id,
            Household.household_ref,
            T.task,
            T.title,
            T.due_on,
            assignee.c.staff_ref,
            T.assignee_role,
            T.status,
        )
        .join(Household, Household.id == T.household_id)
        .outerjoin(assignee, assignee.c.id == T.assignee_staff_id)
        .where(T.id == task_id)
    ).first()
    if row is None:
        raise TaskRefused(f"There is no task {task_id}.")
    return TaskView(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        row[4],
        False,
        row[5],
        str(row[6]),
        str(row[7]),
    )


def tasks_of(connection: Any, household_id: int, *, today: dt.date | None = None) -> list[TaskView]:
    """A household's open tasks, by due date (for its page)."""
    assignee = Staff.__table__.alias("assignee")
    rows = connection.execute(
        select(
            T.id,
            Household.household_ref,
            T.task,
            T.title,
            T.due_on,
            assignee.c.staff_ref,
            T.assignee_role,
            T.status,
        )
        .join(Household, Household.id == T.household_id)
        .outerjoin(assignee, assignee.c.id == T.assignee_staff_id)
        .where(T.household_id == household_id, T.status == OPEN)
        .order_by(T.due_on, T.id)
    ).all()
    return [
        TaskView(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            r[4],
            today is not None and r[4] < today,
            r[5],
            str(r[6]),
            str(r[7]),
        )
        for r in rows
    ]
