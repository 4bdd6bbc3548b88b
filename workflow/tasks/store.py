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
from workflow.domain.vocabulary import CaseRecordKind, TaskStatus
from workflow.lifecycle.records import Episode
from workflow.pathway.definition import PathwayDefinition
from workflow.pathway.tasks import Assignee, TaskRule, When
from workflow.principal import Principal

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
    when: When,
    *,
    start: dt.date,
    actor: Principal,
    pathway: PathwayDefinition,
    tier: str | None = None,
    source: str = "rule",
    detail: dict[str, Any] | None = None,
) -> int:
    """Make the tasks the pathway's rules call for on ``when`` (one open task of a rule per
    episode); how many."""
    return add_tasks(
        connection,
        episode,
        pathway.tasks_for(when),
        start=start,
        actor=actor,
        pathway=pathway,
        tier=tier,
        source=source,
        detail=detail,
    )


def add_tasks(
    connection: Connection,
    episode: Episode,
    rules: tuple[TaskRule, ...],
    *,
    start: dt.date,
    actor: Principal,
    pathway: PathwayDefinition | None,
    tier: str | None = None,
    source: str = "rule",
    detail: dict[str, Any] | None = None,
) -> int:
    """Make a task of each rule, due from ``start`` (a repeating task: the tier's reviews)."""
    champion = champion_of(connection, episode.household_id)
    rows = task_rows(
        episode,
        rules,
        start=start,
        actor=actor,
        pathway=pathway,
        tier=tier,
        champion=champion,
        source=source,
        detail=detail,
    )
    return insert_tasks(connection, rows)


CALENDAR = WorkingDays()


def task_rows(
    episode: Episode,
    rules: tuple[TaskRule, ...],
    *,
    start: dt.date,
    actor: Principal,
    pathway: PathwayDefinition | None,
    champion: tuple[int, int | None] | None,
    tier: str | None = None,
    source: str = "rule",
    detail: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The rows of the tasks each rule makes for ``episode`` (its champion, staff id and
    team id, given), for ``insert_tasks``: many episodes' rows go in one statement."""
    weeks = None
    if tier is not None and pathway is not None and pathway.has_tier(tier):
        weeks = pathway.tier(tier).review_every_weeks
    rows = []
    for rule in rules:
        if rule.every_tier_review and weeks is None:
            continue  # no tier yet: no review cycle
        staff_id = champion[0] if champion and rule.assignee == Assignee.CHAMPION else None
        rows.append(
            {
                "household_id": episode.household_id,
                "episode_id": episode.id,
                "task": rule.task,
                "title": rule.title,
                "assignee_role": rule.assignee.value,
                "assignee_staff_id": staff_id,
                "team_id": champion[1] if champion else None,
                "due_on": rule.due_on(start, calendar=CALENDAR, review_every_weeks=weeks),
                "status": OPEN,
                "source": source,
                "completed_by_kind": None if rule.completed_by is None else rule.completed_by.value,
                "dedupe_key": rule.task,
                "created_by": actor.ref,
                "created_at": utcnow(),
                "detail": detail or {},
            }
        )
    return rows


def insert_tasks(connection: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert task rows, skipping any whose episode already has that task open."""
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
    pathway: PathwayDefinition,
) -> int:
    """A case record of ``kind`` completes the open tasks waiting for it; a repeating task
    (a review) falls due again from the record's day, and the record's own rules fire
    (an assessment done: agree the plan). Returns how many were completed."""
    done = (
        connection.execute(
            update(T)
            .where(T.episode_id == episode.id, T.status == OPEN, T.completed_by_kind == kind)
            .values(
                status=TaskStatus.DONE.value,
                done_by=actor.ref,
                done_at=utcnow(),
                done_record_id=record_id,
            )
            .returning(T.task)
        )
        .scalars()
        .all()
    )
    again = tuple(rule for rule in pathway.tasks if rule.task in set(done) and rule.repeats)
    add_tasks(connection, episode, again, start=on, actor=actor, pathway=pathway, tier=tier)
    make_tasks(
        connection,
        episode,
        When.record(CaseRecordKind(kind)),
        start=on,
        actor=actor,
        pathway=pathway,
        tier=tier,
    )
    return len(done)


def retime_reviews(
    connection: Connection,
    episode: Episode,
    *,
    pathway: PathwayDefinition,
    tier: str,
    start: dt.date,
) -> int:
    """A tier change sets the open review's due day to the new tier's interval."""
    weeks = pathway.tier(tier).review_every_weeks if pathway.has_tier(tier) else None
    if weeks is None:
        return 0
    calendar = WorkingDays()
    changed = 0
    for rule in pathway.tasks:
        if rule.every_tier_review:
            changed += int(
                connection.execute(
                    update(T)
                    .where(T.episode_id == episode.id, T.status == OPEN, T.task == rule.task)
                    .values(due_on=rule.due_on(start, calendar=calendar, review_every_weeks=weeks))
                ).rowcount
                or 0
            )
    return changed


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
