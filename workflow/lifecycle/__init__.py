"""The household lifecycle (docs/product-model.md §3): one shared state machine, a typed ``fire``
that explains refusals, guards that read their facts from the store, and the bulk helpers
that keep the append-only history.

    episodes = open_episodes(connection, household_ids)
    moves = [fire(episodes[h], Trigger.SCREEN, actor=principal, reason="...") for h in ...]
    record_transitions(connection, moves)

``fire`` is pure (no database); ``record_transitions`` writes the history rows and the
episodes' new states in the caller's transaction.

Importing this package loads nothing else: its names are looked up in the submodule that
defines them on first use, so ``import workflow.lifecycle.rules`` (pure) does not pull in
``transitions`` or SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "EpisodesChanged": "errors",
    "TransitionRefused": "errors",
    "LIFECYCLE": "machine",
    "MACHINE": "machine",
    "available_triggers": "machine",
    "fire": "machine",
    "refusals": "machine",
    "Episode": "records",
    "Transition": "records",
    "DEFINITION": "rules",
    "MOVES": "rules",
    "OPEN_STATES": "rules",
    "OPENED": "rules",
    "EpisodeFacts": "rules",
    "KnownFacts": "rules",
    "Trigger": "rules",
    "StoredFacts": "facts",
    "history": "store",
    "hold_lifecycle": "store",
    "open_episode": "store",
    "open_episodes": "store",
    "open_new_episodes": "store",
    "record_transitions": "store",
}
__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'workflow.lifecycle' has no attribute {name!r}")
    return getattr(importlib.import_module(f"workflow.lifecycle.{module}"), name)
