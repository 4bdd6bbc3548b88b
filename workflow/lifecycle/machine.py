"""The one shared household lifecycle machine, and ``fire``: the only way a state changes.

Built once from ``rules.DEFINITION`` by the state-machine kit (``workflow.statemachine``):
one ``transitions`` machine with no models, fired with a throwaway stand-in per move.
``fire`` is pure (no database): the caller gives it the episode's facts as read from the
store (``workflow.lifecycle.facts.StoredFacts``), and records the returned
``Transition`` with ``workflow.lifecycle.store.record_transitions``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from workflow.domain.vocabulary import HouseholdState
from workflow.lifecycle.records import Episode, Transition
from workflow.lifecycle.rules import DEFINITION, EpisodeFacts, Trigger
from workflow.principal import Principal
from workflow.statemachine.definition import Request
from workflow.statemachine.engine import StateMachine
from workflow.statemachine.errors import TransitionRefused

LIFECYCLE: StateMachine[HouseholdState, Trigger] = StateMachine(DEFINITION)
MACHINE = LIFECYCLE.machine  # the ``transitions`` machine itself


def fire(
    episode: Episode,
    trigger: Trigger | str,
    *,
    actor: Principal,
    reason: str,
    facts: EpisodeFacts | None = None,
    detail: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
    effective_on: dt.date | None = None,
) -> Transition:
    """Move ``episode`` by ``trigger`` and return the record of the move.

    ``at`` is when the move is recorded (default: now); ``effective_on`` is the day it took
    effect, when that is earlier (a back-dated move); ``facts`` are the episode's facts as
    the store holds them (without them, every guard that needs one refuses).

    Raises:
        TransitionRefused: the trigger is unknown, the episode is in the wrong state, a
            guard refused, or no reason was given; every reason is listed, and the
            episode is untouched.
    """
    start = HouseholdState(episode.state)
    try:
        dest = LIFECYCLE.fire(
            start, trigger, Request(reason=reason, facts=facts), label=f"household {episode.label}"
        )
    except TransitionRefused as refused:
        refused.subject_id = episode.household_id
        raise
    episode.state = dest
    return Transition(
        household_id=episode.household_id,
        episode_id=episode.id,
        episode_number=episode.number,
        from_state=start,
        to_state=dest,
        trigger=Trigger(trigger).value,
        actor=actor.ref,
        actor_roles=actor.role_names,
        at=at or dt.datetime.now(dt.UTC),
        reason=reason,
        detail=dict(detail or {}),
        effective_on=effective_on,
    )


def refusals(state: HouseholdState, trigger: Trigger, request: Request) -> list[str]:
    """Every reason the machine would refuse ``trigger`` from ``state`` (empty: it would not)."""
    return LIFECYCLE.refusals(state, trigger, request)


def available_triggers(state: HouseholdState) -> list[Trigger]:
    """The triggers that start from ``state`` (guards not checked): for menus and buttons."""
    return LIFECYCLE.triggers_from(state)


def sources(trigger: Trigger) -> list[HouseholdState]:
    """The states ``trigger`` starts from, in the machine's order."""
    return LIFECYCLE.sources(trigger)
