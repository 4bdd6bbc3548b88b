"""Making, completing and moving tasks inside the caller's transaction.

Used by the use cases that change a family's work (allocating, moving, recording): the
tasks a move makes are written with the move, or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select, text, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from workflow.calendar import WorkingDays
from workflow.db.base import utcnow
from workflow.db.models import ChampionAssignment, KeyworkerTask, Staff
from workflow.domain.vocabulary import TaskStatus
from workflow.lifecycle.records import Episode
from workflow.principal import Principal
from workflow.tasks.rules import DEFAULT_RULES, REVIEW_WEEKS, TaskRule, rules_for

T = KeyworkerTask
OPEN = TaskStatus.OPEN.value
# The predicate of the partial unique index uq_keyworker_tasks_one_open, word for word.
ONE_OPEN = text("status = 'open' AND dedupe_key IS NOT NULL")


def champion_of(connection: Connection, household_id: int) -> tuple[int, int | None] | None:
    """The household's active champion (staff id, team id), if it has one."""
    row = connection.execute(
        select(Staff.id, Staff.team_id)
        .join(ChampionAssignment, ChampionAssignment.staff_id == Staff.id)
        .where(
            ChampionAssignment.household_id == household_id,
            ChampionAssignment.ended_on.is_(None),
        )
    ).first()
    return None if row is None else (int(row[0]), None if row[1] is None else int(row[1]))


def make_tasks(
    connection: Connection,
    episode: Episode,
    when: str,
    *,
    start: dt.date,
    actor: Principal,
    rules: tuple[TaskRule, ...] = DEFAULT_RULES,
    tier: str | None = None,
    review_weeks: dict[str, int] | None = None,
    source: str = "rule",
    detail: dict[str, Any] | None = None,
) -> int:
    """Make the tasks ``when`` calls for (one open task of a rule per episode); how many."""
    days = WorkingDays()
    champion = champion_of(connection, episode.household_id)
    weeks = (review_weeks or REVIEW_WEEKS).get(tier or "")
    rows = []
    for rule in rules_for(when, rules):
        if rule.when == "tier" and weeks is None and rule.every_weeks is None:
            continue  # no tier yet: no review cycle
        staff_id = champion[0] if champion and rule.assignee == "champion" else None
        rows.append(
            {
                "household_id": episode.household_id,
                "episode_id": episode.id,
                "task": rule.task,
                "title": rule.title,
                "assignee_role": rule.assignee,
                "assignee_staff_id": staff_id,
                "team_id": champion[1] if champion else None,
                "due_on": rule.due(start, days, weeks=weeks),
                "status": OPEN,
                "source": source,
                "completed_by_kind": rule.completed_by,
                "dedupe_key": rule.task,
                "created_by": actor.ref,
                "created_at": utcnow(),
                "detail": detail or {},
            }
        )
    if not rows:
        return 0
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(T).on_conflict_do_nothing(
        index_elements=[T.episode_id, T.dedupe_key], index_where=ONE_OPEN
    )
    return int(connection.execute(statement, rows).rowcount or 0)


def complete_by_record(
    connection: Connection,
    episode: Episode,
    kind: str,
    record_id: int,
    *,
    actor: Principal,
    on: dt.date,
    tier: str | None,
    rules: tuple[TaskRule, ...] = DEFAULT_RULES,
    review_weeks: dict[str, int] | None = None,
) -> int:
    """A case record of ``kind`` completes the open tasks waiting for it; a review makes
    the next review task. Returns how many were completed."""
    done = connection.execute(
        update(T)
        .where(T.episode_id == episode.id, T.status == OPEN, T.completed_by_kind == kind)
        .values(
            status=TaskStatus.DONE.value,
            done_by=actor.ref,
            done_at=utcnow(),
            done_record_id=record_id,
        )
    ).rowcount
    if kind == "review":
        make_tasks(
            connection,
            episode,
            "tier",
            start=on,
            actor=actor,
            rules=rules,
            tier=tier,
            review_weeks=review_weeks,
        )
    if kind == "assessment":
        make_tasks(connection, episode, "record:assessment", start=on, actor=actor, rules=rules)
    return int(done or 0)


def cancel_open(connection: Connection, episode_id: int, reason: str) -> int:
    return int(
        connection.execute(
            update(T)
            .where(T.episode_id == episode_id, T.status == OPEN)
            .values(status=TaskStatus.CANCELLED.value, cancelled_reason=reason[:500])
        ).rowcount
        or 0
    )


def follow_champion(
    connection: Connection, household_id: int, staff_id: int, team: int | None
) -> int:
    """The household's open champion tasks go to its new champion."""
    return int(
        connection.execute(
            update(T)
            .where(T.household_id == household_id, T.status == OPEN, T.assignee_role == "champion")
            .values(assignee_staff_id=staff_id, team_id=team)
        ).rowcount
        or 0
    )


def finish_approval_tasks(connection: Connection, approval_id: int, *, actor: Principal) -> int:
    """A decided request's task for the managers is done."""
    return int(
        connection.execute(
            update(T)
            .where(T.status == OPEN, T.dedupe_key == f"approve_{approval_id}")
            .values(status=TaskStatus.DONE.value, done_by=actor.ref, done_at=utcnow())
        ).rowcount
        or 0
    )
