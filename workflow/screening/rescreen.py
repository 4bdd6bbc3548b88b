"""Re-screening the households an import touched.

Once a council has screened its borough, new partner data can change a household's
decision. After each accepted import, the households whose people (or household) the
batch's rows are about are screened again under the rule set of the latest screening run
that moved households, as at the import's date. Before the first screening there is
nothing to re-screen: the first ``tfe screen`` decides everyone.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, union

from eligibility.catalogue import Catalogue
from workflow.clock import Clock
from workflow.db.base import Base
from workflow.db.models import INTEL_MODELS
from workflow.db.models.facts import FACT_MODELS
from workflow.domain.vocabulary import RunTrigger
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.principal import Principal
from workflow.screening.runs import latest_run
from workflow.screening.service import ScreeningReport, screen_households
from workflow.uow import UnitOfWork

INTELLIGENCE = {kind: model.__tablename__ for kind, model in INTEL_MODELS.items()}
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
    household_ids: list[int],
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    trigger: RunTrigger,
    batch_id: int | None = None,
    pathways: PathwayCatalogue | None = None,
) -> ScreeningReport | None:
    """Screen ``household_ids`` again under the rule set of the latest screening run, as
    at today; None before the first screening or with no households. Inside a caller's
    unit of work it joins that transaction (a review decision and its re-screening are
    one change)."""
    with uow:
        latest = latest_run(uow)
        if latest is None or not household_ids:
            return None
        report = screen_households(
            uow=uow,
            clock=clock,
            actor=actor,
            catalogue=catalogue,
            ruleset_id=str(latest["ruleset_id"]),
            household_ids=household_ids,
            trigger=trigger,
            batch_id=batch_id,
            pathways=pathways,
        )
        uow.commit()
    return report


def rescreen_after_import(
    batch_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    catalogue: Catalogue,
    pathways: PathwayCatalogue | None = None,
) -> ScreeningReport | None:
    """Screen again the households ``batch_id`` touched; None when there is nothing to do."""
    with uow:
        if latest_run(uow) is None:
            return None
        household_ids = households_touched(uow.connection, batch_id)
        report = rescreen(
            household_ids,
            uow=uow,
            clock=clock,
            actor=actor,
            catalogue=catalogue,
            trigger=RunTrigger.IMPORT,
            batch_id=batch_id,
            pathways=pathways,
        )
        uow.commit()
    return report
