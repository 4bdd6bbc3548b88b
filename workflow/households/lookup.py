"""A household by its reference, with its open episode and the first day it was known."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from workflow.access.policy import Action, require
from workflow.db.models import Household, HouseholdEpisode, HouseholdMembership
from workflow.errors import HouseholdNotFound, WorkflowError
from workflow.lifecycle.records import Episode
from workflow.lifecycle.store import open_episodes
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.pathway.definition import PathwayDefinition
from workflow.principal import Principal


class NoOpenEpisode(WorkflowError):
    """The household is not in the programme now (never referred, or its episode closed)."""

    code = "no_open_episode"


class EffectiveDateRefused(WorkflowError):
    code = "effective_date_refused"


@dataclass(frozen=True)
class Found:
    household_id: int
    household_ref: str
    known_from: dt.date  # the earliest day the council's records place the household
    episode: Episode | None

    def open_episode(self) -> Episode:
        if self.episode is None:
            raise NoOpenEpisode(
                f"Household {self.household_ref} has no open episode: it has not been "
                "identified yet, or its episode is closed (refer it again to open a new one)."
            )
        return self.episode


def find(connection: Connection, household_ref: str) -> Found:
    """The household ``household_ref`` (raises ``HouseholdNotFound``)."""
    ref = household_ref.strip()
    row = connection.execute(
        select(Household.id, Household.household_ref, Household.created_at).where(
            Household.household_ref == ref
        )
    ).first()
    if row is None:
        raise HouseholdNotFound.named(ref)
    household_id = int(row[0])
    moved_in = connection.execute(
        select(func.min(HouseholdMembership.valid_from)).where(
            HouseholdMembership.household_id == household_id
        )
    ).scalar()
    created: dt.date = row[2].date()
    known_from = min(moved_in, created) if moved_in is not None else created
    episode = open_episodes(connection, [household_id]).get(household_id)
    return Found(household_id, str(row[1]), known_from, episode)


def known_from_many(connection: Connection, household_ids: list[int]) -> dict[int, dt.date]:
    """The first day each household was known (as ``find`` works it out), in two queries
    per 5,000 households."""
    found: dict[int, dt.date] = {}
    for start in range(0, len(household_ids), 5000):
        chunk = household_ids[start : start + 5000]
        created = dict(
            connection.execute(
                select(Household.id, Household.created_at).where(Household.id.in_(chunk))
            ).all()
        )
        moved = dict(
            connection.execute(
                select(HouseholdMembership.household_id, func.min(HouseholdMembership.valid_from))
                .where(HouseholdMembership.household_id.in_(chunk))
                .group_by(HouseholdMembership.household_id)
            ).all()
        )
        for household_id, at in created.items():
            day: dt.date = at.date()
            first = moved.get(household_id)
            found[int(household_id)] = min(first, day) if first is not None else day
    return found


def pathway_of(
    connection: Connection, episode: Episode, pathways: PathwayCatalogue
) -> PathwayDefinition:
    """The pathway version the household is on: the one it started under (kept until a
    manager migrates it), or, before it starts, the current one."""
    version = connection.execute(
        select(HouseholdEpisode.pathway_version).where(HouseholdEpisode.id == episode.id)
    ).scalar()
    return pathways.current if version is None else pathways.get(str(version))


def effective_date(
    found: Found, given: dt.date | None, *, today: dt.date, actor: Principal
) -> dt.date:
    """The day a change takes effect: today, or an earlier day given for back-dated work
    (by a manager or data officer), never a day in the future or before the household was
    known."""
    if given is None or given == today:
        return today
    if given > today:
        raise EffectiveDateRefused(
            f"The effective date {given:%d/%m/%Y} is after today ({today:%d/%m/%Y}): a change "
            "can be dated today or earlier."
        )
    require(actor, Action.BACKDATE)
    if given < found.known_from:
        raise EffectiveDateRefused(
            f"The effective date {given:%d/%m/%Y} is before household {found.household_ref} "
            f"was known to the council ({found.known_from:%d/%m/%Y})."
        )
    return given
