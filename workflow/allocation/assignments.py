"""Assigning a family its champion, and ending an assignment.

One use case, one transaction: the old assignment ends with its reason, the new one
starts (the database keeps at most one active per household), the family's open tasks go
to its new champion, and an eligible family moves to ``allocated`` with its first tasks.
A worker is never taken over capacity without a manager's override and reason, and two
families competing for a worker's last unit can't both get it (the worker's row is locked
while their caseload is counted, on PostgreSQL; SQLite lets one writer in at a time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from workflow import audit
from workflow.access.policy import Action, require
from workflow.allocation.caseloads import caseloads
from workflow.allocation.weights import Weights
from workflow.clock import Clock
from workflow.db.models import ChampionAssignment, HouseholdEpisode, Staff
from workflow.domain.vocabulary import HouseholdState
from workflow.errors import WorkflowError
from workflow.households.lookup import Found, effective_date, find
from workflow.lifecycle.facts import StoredFacts
from workflow.lifecycle.machine import fire
from workflow.lifecycle.records import Episode
from workflow.lifecycle.rules import Trigger
from workflow.lifecycle.store import record_transitions
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.pathway.tasks import When
from workflow.principal import Principal
from workflow.statemachine.definition import reason_problems
from workflow.tasks.store import follow_champion, make_tasks
from workflow.uow import UnitOfWork

A = ChampionAssignment


class AssignmentRefused(WorkflowError):
    code = "assignment_refused"


@dataclass(frozen=True)
class Assigned:
    household_ref: str
    staff_ref: str
    started_on: dt.date
    previous_staff_ref: str | None
    load_after: float
    capacity: float
    over_capacity: bool
    allocated: bool  # the family moved from eligible to allocated

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "started_on": self.started_on.isoformat()}


def staff_by_ref(connection: Connection, staff_ref: str, *, lock: bool = False) -> tuple[int, bool]:
    """A keyworker's id and whether they are active (raises if unknown).

    With ``lock``, other assignments to the same worker wait until this transaction ends,
    so their caseload is counted once at a time: a row lock on PostgreSQL; on SQLite a
    first write, which takes the database's write lock."""
    query = select(Staff.id, Staff.active).where(Staff.staff_ref == staff_ref.strip())
    if lock and connection.dialect.name == "postgresql":
        query = query.with_for_update()
    row = connection.execute(query).first()
    if row is None:
        raise AssignmentRefused(f"There is no keyworker ‘{staff_ref[:40]}’.")
    if lock and connection.dialect.name != "postgresql":
        connection.execute(update(Staff).where(Staff.id == row[0]).values(active=Staff.active))
    return int(row[0]), bool(row[1])


def assign_champion(
    household_ref: str,
    staff_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reason: str,
    effective_on: dt.date | None = None,
    pathways: PathwayCatalogue,
    over_capacity_reason: str | None = None,
    proposal_id: int | None = None,
) -> Assigned:
    """Make ``staff_ref`` the household's champion (ending any current one)."""
    require(actor, Action.ASSIGN_CHAMPION)
    if over_capacity_reason:
        require(actor, Action.OVERRIDE_CAPACITY)
    problems = reason_problems(reason)
    if problems:
        raise AssignmentRefused(f"Cannot assign a champion: {problems[0]}.")
    with uow:
        connection = uow.connection
        found = find(connection, household_ref)
        episode = found.open_episode()
        on = effective_date(found, effective_on, today=clock.today(), actor=actor)
        assigned = assign_in(
            connection,
            found,
            episode,
            staff_ref,
            on=on,
            clock=clock,
            actor=actor,
            reason=reason,
            over_capacity_reason=over_capacity_reason,
            pathways=pathways,
            proposal_id=proposal_id,
        )
        uow.commit()
    return assigned


def assign_in(
    connection: Connection,
    found: Found,
    episode: Episode,
    staff_ref: str,
    *,
    on: dt.date,
    clock: Clock,
    actor: Principal,
    reason: str,
    over_capacity_reason: str | None,
    pathways: PathwayCatalogue,
    proposal_id: int | None,
) -> Assigned:
    """``assign_champion`` inside the caller's transaction (a proposal applies many)."""
    staff_id, active = staff_by_ref(connection, staff_ref, lock=True)
    if not active:
        raise AssignmentRefused(f"{staff_ref} has left: choose a keyworker who is still in post.")
    current = connection.execute(
        select(A.id, A.staff_id, Staff.staff_ref)
        .join(Staff, Staff.id == A.staff_id)
        .where(A.household_id == found.household_id, A.ended_on.is_(None))
    ).first()
    if current is not None and int(current[1]) == staff_id:
        raise AssignmentRefused(
            f"{staff_ref} is already household {found.household_ref}'s champion."
        )
    tier, strand, version = connection.execute(
        select(
            HouseholdEpisode.tier, HouseholdEpisode.strand, HouseholdEpisode.pathway_version
        ).where(HouseholdEpisode.id == episode.id)
    ).one()
    pathway = pathways.current if version is None else pathways.get(str(version))
    weight = Weights.of_pathway(pathway).of(tier, strand)
    caseload = caseloads(connection, pathways, [staff_id])[staff_id]
    after = round(caseload.load + weight, 2)
    over = after > caseload.capacity
    if over and not over_capacity_reason:
        raise AssignmentRefused(
            f"{staff_ref} carries {caseload.describe()}: household {found.household_ref} "
            f"(weight {weight:g}) would take them over capacity. A manager can assign them "
            "anyway with an override and a reason."
        )
    if current is not None:
        connection.execute(
            update(A)
            .where(A.id == current[0], A.ended_on.is_(None))
            .values(
                ended_on=on,
                end_reason=f"champion changed: {reason}"[:500],
                ended_by=actor.ref,
                ended_recorded_at=clock.now(),
            )
        )
    try:
        with connection.begin_nested():
            connection.execute(
                insert(A).values(
                    household_id=found.household_id,
                    episode_id=episode.id,
                    staff_id=staff_id,
                    started_on=on,
                    weight=weight,
                    assigned_by=actor.ref,
                    over_capacity_reason=over_capacity_reason if over else None,
                    proposal_id=proposal_id,
                    recorded_at=clock.now(),
                )
            )
    except IntegrityError:
        raise AssignmentRefused(
            f"Someone else assigned household {found.household_ref} a champion at the same "
            "time: look again before assigning."
        ) from None
    team = connection.execute(select(Staff.team_id).where(Staff.id == staff_id)).scalar()
    follow_champion(connection, found.household_id, staff_id, None if team is None else int(team))
    allocated = False
    if episode.state is HouseholdState.ELIGIBLE:
        moved = fire(
            episode,
            Trigger.ALLOCATE,
            actor=actor,
            reason=reason,
            facts=StoredFacts(connection, episode),
            at=clock.now(),
            effective_on=on,
            detail={"staff_ref": staff_ref, "proposal_id": proposal_id},
        )
        record_transitions(connection, [moved])
        # The household starts on the current pathway version, and keeps it till migrated.
        connection.execute(
            update(HouseholdEpisode)
            .where(HouseholdEpisode.id == episode.id, HouseholdEpisode.pathway_version.is_(None))
            .values(pathway_version=pathway.version_id)
        )
        make_tasks(
            connection,
            episode,
            When.state(HouseholdState.ALLOCATED),
            start=on,
            actor=actor,
            pathway=pathway,
        )
        allocated = True
    audit.record(
        connection,
        actor=actor,
        action="assign_champion",
        entity_type="household",
        entity_id=found.household_ref,
        purpose="allocation",
        detail={"staff_ref": staff_ref, "over_capacity": over, "proposal_id": proposal_id},
    )
    return Assigned(
        found.household_ref,
        staff_ref,
        on,
        None if current is None else str(current[2]),
        after,
        caseload.capacity,
        over,
        allocated,
    )


def end_champion(
    connection: Connection,
    household_id: int,
    *,
    on: dt.date,
    reason: str,
    actor: Principal,
    clock: Clock,
) -> bool:
    """End the household's active assignment, if it has one (an episode closing)."""
    ended = connection.execute(
        update(A)
        .where(A.household_id == household_id, A.ended_on.is_(None))
        .values(
            ended_on=on, end_reason=reason[:500], ended_by=actor.ref, ended_recorded_at=clock.now()
        )
    ).rowcount
    return bool(ended)
