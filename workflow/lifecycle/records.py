"""An open episode as the lifecycle sees it, and the record of one transition. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from workflow.domain.vocabulary import HouseholdState


@dataclass(slots=True)
class Episode:
    """A household's episode: ``fire`` moves ``state`` when a trigger is allowed.

    Read from the database by ``open_episodes``; ``household_ref`` names the household in
    refusals ("Cannot allocate household H000123: ...").
    """

    id: int
    household_id: int
    number: int
    state: HouseholdState
    household_ref: str | None = None
    flag: str | None = None
    last_decision_id: int | None = None

    @property
    def label(self) -> str:
        return self.household_ref or f"#{self.household_id}"


@dataclass(frozen=True, slots=True)
class Transition:
    """One move of one episode: what the history table keeps.

    ``detail`` holds references only, such as ``{"ruleset": ..., "version": n, "hash": ...,
    "decision_id": n}``: never names, dates of birth or addresses. ``id`` is set once the
    row is read back from the history.
    """

    household_id: int
    episode_id: int
    episode_number: int
    from_state: HouseholdState | None  # None when the episode opened
    to_state: HouseholdState
    trigger: str
    actor: str  # the acting principal's ref: a staff reference, or a system job's name
    at: dt.datetime  # when the move was recorded
    reason: str
    detail: Mapping[str, Any] = field(default_factory=dict)
    id: int | None = None
    actor_roles: str | None = None  # the roles the actor held: "keyworker,manager", "system"
    effective_on: dt.date | None = None  # the day it took effect, when back-dated
