"""The household lifecycle (pathway.md §3): one shared state machine, a typed ``fire``
that explains refusals, and the bulk helpers that keep the append-only history.

    episodes = open_episodes(connection, household_ids)
    moves = [fire(episodes[h], Trigger.SCREEN, actor="system", reason="...") for h in ...]
    record_transitions(connection, moves)

``fire`` is pure (no database); ``record_transitions`` writes the history rows and the
episodes' new states in the caller's transaction.
"""

from workflow.lifecycle.errors import EpisodesChanged, TransitionRefused
from workflow.lifecycle.machine import MACHINE, available_triggers, fire, refusals
from workflow.lifecycle.records import Episode, Transition
from workflow.lifecycle.rules import (
    MOVES,
    OPEN_STATES,
    OPENED,
    GuardContext,
    Request,
    Trigger,
)
from workflow.lifecycle.store import (
    history,
    hold_lifecycle,
    open_episode,
    open_episodes,
    open_new_episodes,
    record_transitions,
)

__all__ = [
    "hold_lifecycle",
    "MACHINE",
    "MOVES",
    "OPENED",
    "OPEN_STATES",
    "Episode",
    "EpisodesChanged",
    "GuardContext",
    "Request",
    "Transition",
    "TransitionRefused",
    "Trigger",
    "available_triggers",
    "fire",
    "history",
    "open_episode",
    "open_episodes",
    "open_new_episodes",
    "record_transitions",
    "refusals",
]
