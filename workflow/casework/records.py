"""Recording a contact, an assessment, a plan, a review or evidence of progress.

Recording is what completes the task waiting for it (the first contact, the assessment …)
and what satisfies the guard that needs it (a plan can be agreed once a whole-family
assessment is recorded). One record is one transaction: the record, the tasks it completes
or makes, and the audit trail. The note itself is case data: it is never written to the
audit trail or logs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.models import CaseRecord, HouseholdEpisode
from workflow.domain.vocabulary import CaseRecordKind
from workflow.errors import WorkflowError
from workflow.households.lookup import effective_date, find, pathway_of
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.principal import Principal
from workflow.tasks.store import complete_by_record
from workflow.uow import UnitOfWork

MAX_NOTE = 20_000


class RecordRefused(WorkflowError):
    code = "record_refused"


@dataclass(frozen=True)
class Recorded:
    record_id: int
    household_ref: str
    kind: str
    effective_on: dt.date
    tasks_completed: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "household_ref": self.household_ref,
            "kind": self.kind,
            "effective_on": self.effective_on.isoformat(),
            "tasks_completed": self.tasks_completed,
        }


def record_case(
    household_ref: str,
    kind: CaseRecordKind | str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    summary: str | None = None,
    effective_on: dt.date | None = None,
) -> Recorded:
    """Record a piece of casework for the household's open episode."""
    try:
        known = CaseRecordKind(kind)
    except ValueError:
        kinds = ", ".join(k.value for k in CaseRecordKind)
        raise RecordRefused(f"‘{str(kind)[:40]}’ is not a kind of case record: {kinds}.") from None
    require(actor, Action.RECORD_CASEWORK)
    if summary is not None and len(summary) > MAX_NOTE:
        raise RecordRefused(f"A note must be {MAX_NOTE:,} characters or fewer.")
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        on = effective_date(found, effective_on, today=clock.today(), actor=actor)
        record_id = int(
            connection.execute(
                insert(CaseRecord)
                .values(
                    household_id=found.household_id,
                    episode_id=episode.id,
                    kind=known.value,
                    effective_on=on,
                    summary=summary,
                    detail={},
                    recorded_by=actor.ref,
                    recorded_at=clock.now(),
                )
                .returning(CaseRecord.id)
            ).scalar_one()
        )
        tier = connection.execute(
            select(HouseholdEpisode.tier).where(HouseholdEpisode.id == episode.id)
        ).scalar()
        completed = complete_by_record(
            connection,
            episode,
            known.value,
            record_id,
            actor=actor,
            on=on,
            tier=tier,
            pathway=pathway_of(connection, episode, pathways),
        )
        audit.record(
            connection,
            actor=actor,
            action=f"record_{known.value}",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="casework",
            detail={"record_id": record_id, "effective_on": on.isoformat()},
        )
        uow.commit()
    return Recorded(record_id, found.household_ref, known.value, on, completed)
