"""Re-screening the households an import touched.

Once a council has screened its borough, new partner data can change a household's
decision. After each accepted import, the households whose people (or household) the
batch's rows are about are screened again under the rule set of the latest screening run
that moved households, as at the import's date. Before the first screening there is
nothing to re-screen: the first ``tfe screen`` decides everyone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select, union

from workflow.bootstrap import Container
from workflow.db.base import Base
from workflow.db.models.facts import FACT_MODELS
from workflow.screening.runs import latest_run
from workflow.screening.service import ScreeningReport, screen_households

INTELLIGENCE = {"gangs_matrix": "intel_gangs_matrix", "iom_cohort": "intel_iom_cohort"}
NOT_ABOUT_HOUSEHOLDS = {"keyworkers"}


def households_touched(connection: Connection, batch_id: int) -> list[int]:
    """The households whose members (or who themselves) rows of this batch are about."""
    batches = Base.metadata.tables["import_batches"]
    kind = connection.execute(select(batches.c.kind).where(batches.c.id == batch_id)).scalar()
    if kind is None or kind in NOT_ABOUT_HOUSEHOLDS:
        return []
    memberships = Base.metadata.tables["household_memberships"]
    if kind == "people":
        query = select(memberships.c.household_id).where(memberships.c.batch_id == batch_id)
        return sorted({int(h) for (h,) in connection.execute(query.distinct())})
    name = INTELLIGENCE.get(kind) or FACT_MODELS[kind].__tablename__
    table = Base.metadata.tables[name]
    by_person = (
        select(memberships.c.household_id)
        .join(table, table.c.person_id == memberships.c.person_id)
        .where(table.c.batch_id == batch_id, memberships.c.valid_to.is_(None))
    )
    by_household = select(table.c.household_id).where(
        table.c.batch_id == batch_id, table.c.household_id.is_not(None)
    )
    rows = connection.execute(union(by_person, by_household))
    return sorted({int(h) for (h,) in rows if h is not None})


def rescreen(
    container: Container,
    household_ids: list[int],
    *,
    trigger: str,
    today: dt.date | None = None,
    actor: str = "system",
    batch_id: int | None = None,
) -> ScreeningReport | None:
    """Screen ``household_ids`` again under the rule set of the latest screening run, as
    at ``today``; None before the first screening or with no households."""
    latest = latest_run(container)
    if latest is None or not household_ids:
        return None
    return screen_households(
        container,
        ruleset_id=str(latest["ruleset_id"]),
        as_of=today or dt.date.today(),
        household_ids=household_ids,
        actor=actor,
        trigger=trigger,
        batch_id=batch_id,
    )


def rescreen_after_import(
    container: Container, batch_id: int, *, today: dt.date | None = None, actor: str = "system"
) -> ScreeningReport | None:
    """Screen again the households ``batch_id`` touched; None when there is nothing to do."""
    if latest_run(container) is None:
        return None
    with container.engine.connect() as connection:
        household_ids = households_touched(connection, batch_id)
    return rescreen(
        container, household_ids, trigger="import", today=today, actor=actor, batch_id=batch_id
    )
