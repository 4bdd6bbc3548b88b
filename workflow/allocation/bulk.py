"""Many champions at once, in the caller's transaction: what applying a proposal does.

The same rules as ``assignments.assign_in``, one family at a time, but each step done for
every family in one statement: the workers locked together (in staff order, so two
managers applying proposals never deadlock), their caseloads counted once and added to in
the proposal's order (no one over capacity: a bulk change has no overrides), the old
assignments ended with their reason, the new ones inserted (the database still keeps one
active per household), the families' open tasks following their champion, the eligible
families moved to ``allocated`` through the lifecycle machine (its guard reading the
assignments just stored), their first tasks made, and one audit event per family.

Any refusal names the household and changes nothing: the caller's transaction rolls back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from workflow import audit
from workflow.allocation.assignments import AssignmentRefused
from workflow.allocation.caseloads import caseloads
from workflow.allocation.weights import Weights
from workflow.clock import Clock
from workflow.db.models import ChampionAssignment, HouseholdEpisode, KeyworkerTask, Staff
from workflow.domain.vocabulary import HouseholdState
from workflow.lifecycle.facts import StoredFacts
from workflow.lifecycle.machine import fire
from workflow.lifecycle.records import Episode
from workflow.lifecycle.rules import Trigger
from workflow.lifecycle.store import open_episodes, record_transitions
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.pathway.tasks import When
from workflow.principal import Principal
from workflow.tasks.store import insert_tasks, task_rows

A, E, T = ChampionAssignment, HouseholdEpisode, KeyworkerTask
CHUNK = 5000


@dataclass(frozen=True)
class Placement:
    household_id: int
    household_ref: str
    staff_ref: str
    on: dt.date  # the day it takes effect


@dataclass(frozen=True)
class Placed:
    assigned: int
    allocated: int  # moved from eligible to allocated


class _Assigned(StoredFacts):
    """The lifecycle's facts, with "a champion is assigned" read for all the families at
    once from the assignments just stored (the other facts as ``StoredFacts`` reads them)."""

    __slots__ = ("_with_champion",)

    def __init__(self, connection: Connection, episode: Episode, with_champion: set[int]):
        super().__init__(connection, episode)
        self._with_champion = with_champion

    def champion_assigned(self) -> bool:
        return self._episode.household_id in self._with_champion


def _chunks(items: Sequence[int]) -> list[list[int]]:
    return [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]


def assign_many(
    connection: Connection,
    placements: Sequence[Placement],
    *,
    clock: Clock,
    actor: Principal,
    reason: str,
    pathways: PathwayCatalogue,
    proposal_id: int | None,
) -> Placed:
    if not placements:
        return Placed(0, 0)
    refs = sorted({p.staff_ref for p in placements})
    staff = {
        str(ref): (int(sid), bool(active), None if team is None else int(team))
        for ref, sid, active, team in connection.execute(
            select(Staff.staff_ref, Staff.id, Staff.active, Staff.team_id).where(
                Staff.staff_ref.in_(refs)
            )
        )
    }
    for p in placements:
        if p.staff_ref not in staff:
            raise AssignmentRefused(
                f"Household {p.household_ref}: there is no keyworker ‘{p.staff_ref[:40]}’."
            )
        if not staff[p.staff_ref][1]:
            raise AssignmentRefused(
                f"Household {p.household_ref}: {p.staff_ref} has left: choose a keyworker who "
                "is still in post."
            )
    ids = sorted(sid for sid, _, _ in staff.values())
    _lock(connection, ids)
    households = [p.household_id for p in placements]
    episodes = open_episodes(connection, households)
    shape = {
        int(eid): (tier, strand, version)
        for chunk in _chunks([e.id for e in episodes.values()])
        for eid, tier, strand, version in connection.execute(
            select(E.id, E.tier, E.strand, E.pathway_version).where(E.id.in_(chunk))
        )
    }
    current = {
        int(hid): (int(aid), int(sid))
        for chunk in _chunks(households)
        for aid, hid, sid in connection.execute(
            select(A.id, A.household_id, A.staff_id).where(
                A.household_id.in_(chunk), A.ended_on.is_(None)
            )
        )
    }
    loads = caseloads(connection, pathways, ids + sorted({s for _, s in current.values()}))
    load = {sid: c.load for sid, c in loads.items()}
    weights: dict[str | None, Weights] = {}
    rows, ending, allocating = [], [], []
    for p in placements:
        episode = episodes.get(p.household_id)
        if episode is None:
            raise AssignmentRefused(
                f"Household {p.household_ref} has no open episode: it can't have a champion."
            )
        staff_id, _, _ = staff[p.staff_ref]
        tier, strand, version = shape[episode.id]
        if version not in weights:
            pathway = pathways.current if version is None else pathways.get(str(version))
            weights[version] = Weights.of_pathway(pathway)
        weight = weights[version].of(tier, strand)
        was = current.get(p.household_id)
        if was is not None:
            if was[1] == staff_id:
                raise AssignmentRefused(
                    f"{p.staff_ref} is already household {p.household_ref}'s champion."
                )
            load[was[1]] = round(load.get(was[1], 0.0) - weight, 2)
            ending.append({"a_id": was[0], "a_on": p.on})
        after = round(load.get(staff_id, 0.0) + weight, 2)
        if after > loads[staff_id].capacity:
            raise AssignmentRefused(
                f"Household {p.household_ref} (weight {weight:g}) would take {p.staff_ref} to "
                f"{after:g} of {loads[staff_id].capacity:g} units: over capacity. A manager "
                "can assign them one at a time with an override and a reason."
            )
        load[staff_id] = after
        rows.append(
            {
                "household_id": p.household_id,
                "episode_id": episode.id,
                "staff_id": staff_id,
                "started_on": p.on,
                "weight": weight,
                "assigned_by": actor.ref,
                "over_capacity_reason": None,
                "proposal_id": proposal_id,
                "recorded_at": clock.now(),
            }
        )
        if episode.state is HouseholdState.ELIGIBLE:
            allocating.append((episode, p))
    now = clock.now()
    if ending:
        connection.execute(
            update(A)
            .where(A.id == bindparam("a_id"), A.ended_on.is_(None))
            .values(
                ended_on=bindparam("a_on"),
                end_reason=f"champion changed: {reason}"[:500],
                ended_by=actor.ref,
                ended_recorded_at=now,
            )
            .execution_options(synchronize_session=False),
            ending,
        )
    try:
        with connection.begin_nested():
            connection.execute(insert(A), rows)
    except IntegrityError:
        raise AssignmentRefused(
            "Someone else assigned one of these families a champion at the same time: look "
            "again before applying."
        ) from None
    connection.execute(
        update(T)
        .where(
            T.household_id == bindparam("t_h"), T.status == "open", T.assignee_role == "champion"
        )
        .values(assignee_staff_id=bindparam("t_s"), team_id=bindparam("t_team"))
        .execution_options(synchronize_session=False),
        [
            {"t_h": p.household_id, "t_s": staff[p.staff_ref][0], "t_team": staff[p.staff_ref][2]}
            for p in placements
        ],
    )
    _allocate(
        connection,
        allocating,
        staff,
        clock=clock,
        actor=actor,
        reason=reason,
        pathways=pathways,
        proposal_id=proposal_id,
    )
    audit.record_many(
        connection,
        actor=actor,
        action="assign_champion",
        entity_type="household",
        purpose="allocation",
        entries=[
            (p.household_ref, {"staff_ref": p.staff_ref, "proposal_id": proposal_id})
            for p in placements
        ],
    )
    return Placed(len(rows), len(allocating))


def _lock(connection: Connection, staff_ids: list[int]) -> None:
    """Other assignments to these workers wait until this transaction ends (their
    caseloads are counted once at a time): row locks in staff order on PostgreSQL; on
    SQLite, a first write takes the database's write lock."""
    for chunk in _chunks(staff_ids):
        if connection.dialect.name == "postgresql":
            connection.execute(
                select(Staff.id).where(Staff.id.in_(chunk)).order_by(Staff.id).with_for_update()
            ).all()
        else:
            connection.execute(update(Staff).where(Staff.id.in_(chunk)).values(active=Staff.active))


def _allocate(
    connection: Connection,
    allocating: list[tuple[Episode, Placement]],
    staff: dict[str, tuple[int, bool, int | None]],
    *,
    clock: Clock,
    actor: Principal,
    reason: str,
    pathways: PathwayCatalogue,
    proposal_id: int | None,
) -> None:
    """Eligible families move to ``allocated``, start on the current pathway version and
    get their first tasks."""
    if not allocating:
        return
    ids = [episode.household_id for episode, _ in allocating]
    with_champion = {
        int(h)
        for chunk in _chunks(ids)
        for (h,) in connection.execute(
            select(A.household_id).where(A.household_id.in_(chunk), A.ended_on.is_(None))
        )
    }
    at = clock.now()
    moves = [
        fire(
            episode,
            Trigger.ALLOCATE,
            actor=actor,
            reason=reason,
            facts=_Assigned(connection, episode, with_champion),
            at=at,
            effective_on=p.on,
            detail={"staff_ref": p.staff_ref, "proposal_id": proposal_id},
        )
        for episode, p in allocating
    ]
    record_transitions(connection, moves)
    pathway = pathways.current
    for chunk in _chunks([episode.id for episode, _ in allocating]):
        connection.execute(
            update(E)
            .where(E.id.in_(chunk), E.pathway_version.is_(None))
            .values(pathway_version=pathway.version_id)
        )
    rules = pathway.tasks_for(When.state(HouseholdState.ALLOCATED))
    tasks = []
    for episode, p in allocating:
        staff_id, _, team = staff[p.staff_ref]
        tasks += task_rows(
            episode, rules, start=p.on, actor=actor, pathway=pathway, champion=(staff_id, team)
        )
    insert_tasks(connection, tasks)
