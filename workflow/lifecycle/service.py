"""Moving one household along its lifecycle, as a keyworker or manager asks.

``move_household`` fires a trigger with the guards reading their facts from the store, and
in the same transaction records the move (who, when it was recorded, the day it took
effect, why, what it relied on), makes the tasks entering the new state calls for, and on
closing ends the family's champion and cancels its open tasks. A refused move says why and
changes nothing. ``refer_household`` opens a new episode for a household that has none
open (a re-referral keeps every earlier episode).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.models import HouseholdEpisode
from workflow.domain.vocabulary import HouseholdState
from workflow.households.lookup import effective_date, find, pathway_of
from workflow.lifecycle.facts import StoredFacts
from workflow.lifecycle.machine import fire
from workflow.lifecycle.records import Episode, Transition
from workflow.lifecycle.rules import Trigger
from workflow.lifecycle.store import open_episode, record_transitions
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.pathway.tasks import When
from workflow.principal import Principal
from workflow.tasks.store import cancel_open, make_tasks
from workflow.uow import UnitOfWork

# What else happens, in the same transaction, when a move lands (tiers hook in here).
AfterMove = Callable[[Connection, Episode, Transition, dt.date, Principal, Clock], None]


@dataclass(frozen=True)
class Moved:
    household_ref: str
    trigger: str
    from_state: str
    to_state: str
    effective_on: dt.date
    tasks_made: int

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "effective_on": self.effective_on.isoformat()}


def move_household(
    household_ref: str,
    trigger: Trigger | str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str,
    pathways: PathwayCatalogue,
    effective_on: dt.date | None = None,
    after: AfterMove | None = None,
    detail: dict[str, Any] | None = None,
) -> Moved:
    """Fire ``trigger`` for the household's open episode (``close``: ``reason`` is the
    closure reason)."""
    require(actor, Action.CLOSE_HOUSEHOLD if trigger == Trigger.CLOSE else Action.MOVE_HOUSEHOLD)
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        on = effective_date(found, effective_on, today=clock.today(), actor=actor)
        start = episode.state
        moved = fire(
            episode,
            trigger,
            actor=actor,
            reason=reason,
            facts=StoredFacts(connection, episode),
            at=clock.now(),
            effective_on=on,
            detail=detail,
        )
        record_transitions(connection, [moved])
        made = follow_up(connection, episode, moved, on, actor, clock, pathways)
        if after is not None:
            after(connection, episode, moved, on, actor, clock)
        audit.record(
            connection,
            actor=actor,
            action="move",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={
                "trigger": moved.trigger,
                "to": moved.to_state.value,
                "effective_on": on.isoformat(),
            },
        )
        uow.commit()
    return Moved(found.household_ref, moved.trigger, start.value, moved.to_state.value, on, made)


def follow_up(
    connection: Connection,
    episode: Episode,
    moved: Transition,
    on: dt.date,
    actor: Principal,
    clock: Clock,
    pathways: PathwayCatalogue,
) -> int:
    """The tasks the new state calls for; on closing, the champion ends and tasks stop."""
    if moved.to_state is HouseholdState.CLOSED:
        from workflow.allocation.assignments import end_champion

        end_champion(
            connection,
            episode.household_id,
            on=on,
            actor=actor,
            clock=clock,
            reason=f"episode closed: {moved.reason}",
        )
        cancel_open(connection, episode.id, f"the episode closed ({moved.reason})")
        return 0
    pathway = pathway_of(connection, episode, pathways)
    tier = connection.execute(
        select(HouseholdEpisode.tier).where(HouseholdEpisode.id == episode.id)
    ).scalar()
    if moved.to_state is HouseholdState.ACTIVE and tier is None:
        from workflow.tiers.service import place_in  # its plan agreed: onto its first tier

        tier = place_in(connection, episode, pathway, on=on, actor=actor, clock=clock).to_tier
    return make_tasks(
        connection,
        episode,
        When.state(moved.to_state),
        start=on,
        actor=actor,
        pathway=pathway,
        tier=tier,
    )


def refer_household(
    household_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str,
) -> Episode:
    """Open a new episode (``identified``) for a household with none open; earlier
    episodes stay as they were."""
    require(actor, Action.MOVE_HOUSEHOLD)
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = open_episode(
            connection, found.household_id, actor=actor, reason=reason, at=clock.now()
        )
        audit.record(
            connection,
            actor=actor,
            action="refer",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"episode": episode.number},
        )
        uow.commit()
    return episode
