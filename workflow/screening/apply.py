"""Applying a screening run's lifecycle plan in bulk, in the run's transaction.

Thousands of households can move in one run, so this works set-wise: new episodes are
opened together, every trigger goes through the lifecycle machine's ``fire`` (so a move
the machine would refuse is refused here too), and the history rows and new states are
written in one batch.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, bindparam, select, update

from eligibility import RuleSet
from workflow.db.base import utcnow
from workflow.lifecycle.machine import fire
from workflow.lifecycle.records import Episode, Transition
from workflow.lifecycle.store import open_episodes, open_new_episodes, record_transitions
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.principal import Principal
from workflow.screening import tables as t
from workflow.screening.moves import Plan
from workflow.tasks.triggers import flag_tasks

CHUNK = 5_000  # ids per IN (...) list: inside SQLite's variable limit


def apply_plan(
    connection: Connection,
    plan: Plan,
    *,
    ruleset: RuleSet,
    decision_ids: dict[int, int],
    actor: Principal,
    as_of: dt.date,
    pathways: PathwayCatalogue,
) -> None:
    """Open episodes, fire the triggers, flag and unflag (with a task for the managers of
    each family flagged), as ``plan`` says."""
    detail = {"ruleset": ruleset.id, "version": ruleset.version, "hash": ruleset.content_hash}
    episodes = open_new_episodes(
        connection,
        plan.open_new,
        actor=actor,
        reason=f"Found by screening under {ruleset.id} as at {as_of:%d/%m/%Y}",
        detail=detail,
    )
    episodes.update(open_episodes(connection, [h for h in plan.fire if h not in episodes]))
    reason = {
        "screen": f"Screened under {ruleset.id} as at {as_of:%d/%m/%Y}",
        "meets_criteria": f"Meets the criteria of {ruleset.id}",
        "rescreen_eligible": f"Meets the criteria of {ruleset.id} on new data",
        "does_not_meet": f"Does not meet the criteria of {ruleset.id}",
    }
    now = utcnow()
    moves: list[Transition] = []
    for household_id, triggers in plan.fire.items():
        episode = episodes[household_id]
        about = detail | {"decision_id": decision_ids.get(household_id)}
        for trigger in triggers:
            moves.append(
                fire(episode, trigger, actor=actor, reason=reason[trigger], detail=about, at=now)
            )
    record_transitions(connection, moves)
    flag = f"No longer meets {ruleset.id} as at {as_of:%d/%m/%Y}: a manager should review"
    _set_flag(connection, plan.flag, flag, now)
    _set_flag(connection, plan.unflag, None, None)
    if plan.flag:
        flagged = _episodes_by_id(connection, plan.flag)
        flag_tasks(connection, flagged, actor=actor, today=as_of, pathways=pathways)
    table = t.household_episodes()
    touched = [
        {"episode": episodes[h].id, "decision": decision_ids[h]}
        for h in plan.fire
        if h in decision_ids
    ]
    if touched:
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("episode"))
            .values(last_decision_id=bindparam("decision")),
            touched,
        )


def _set_flag(
    connection: Connection, episode_ids: list[int], flag: str | None, at: dt.datetime | None
) -> None:
    table = t.household_episodes()
    for start in range(0, len(episode_ids), CHUNK):
        chunk = episode_ids[start : start + CHUNK]
        connection.execute(
            update(table).where(table.c.id.in_(chunk)).values(flag=flag, flagged_at=at)
        )


def _episodes_by_id(connection: Connection, episode_ids: list[int]) -> list[Episode]:
    table = t.household_episodes()
    households = [
        int(h)
        for start in range(0, len(episode_ids), CHUNK)
        for (h,) in connection.execute(
            select(table.c.household_id).where(table.c.id.in_(episode_ids[start : start + CHUNK]))
        )
    ]
    return list(open_episodes(connection, households).values())
