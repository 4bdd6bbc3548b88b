"""Tasks made by what happens to a family outside its casework: a partner import bringing
a new concern (for its champion), and a re-screening flagging it (for its manager)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select, union

from workflow.db.base import Base
from workflow.db.models import ChampionAssignment, HouseholdMembership
from workflow.db.models.facts import FACT_MODELS
from workflow.households.lookup import pathway_of
from workflow.lifecycle.records import Episode
from workflow.lifecycle.store import open_episodes
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.pathway.tasks import When
from workflow.principal import Principal
from workflow.tasks.store import make_tasks

# The partner rows that are a new concern for a family already being worked with.
CONCERN_KINDS = ("police_incidents", "exclusions", "domestic_abuse", "youth_justice")


def concern_tasks(
    connection: Connection,
    batch_id: int,
    *,
    actor: Principal,
    today: dt.date,
    pathways: PathwayCatalogue,
) -> int:
    """A task for the champion of each family that this batch's rows bring a new concern
    for (only families with an open episode and a champion); how many families."""
    batches = Base.metadata.tables["import_batches"]
    kind = connection.execute(select(batches.c.kind).where(batches.c.id == batch_id)).scalar()
    if kind not in CONCERN_KINDS:
        return 0
    table = FACT_MODELS[str(kind)].__table__
    m, a = HouseholdMembership, ChampionAssignment
    by_person = (
        select(m.household_id)
        .join(table, table.c.person_id == m.person_id)
        .where(table.c.batch_id == batch_id, m.valid_to.is_(None))
    )
    by_household = select(table.c.household_id).where(
        table.c.batch_id == batch_id, table.c.household_id.is_not(None)
    )
    touched = union(by_person, by_household).subquery()
    championed = connection.execute(
        select(a.household_id).where(a.ended_on.is_(None), a.household_id.in_(select(touched.c[0])))
    ).scalars()
    episodes = open_episodes(connection, [int(h) for h in championed])
    for episode in episodes.values():
        make_tasks(
            connection,
            episode,
            When.concern(),
            start=today,
            actor=actor,
            pathway=pathway_of(connection, episode, pathways),
            source="concern",
            detail={"batch_id": batch_id, "kind": str(kind)},
        )
    return len(episodes)


def flag_tasks(
    connection: Connection,
    episodes: list[Episode],
    *,
    actor: Principal,
    today: dt.date,
    pathways: PathwayCatalogue,
) -> int:
    """A task for the managers of each family a re-screening flagged for review."""
    for episode in episodes:
        pathway = pathway_of(connection, episode, pathways)
        make_tasks(
            connection,
            episode,
            When.flag(),
            start=today,
            actor=actor,
            pathway=pathway,
            source="flag",
        )
    return len(episodes)
