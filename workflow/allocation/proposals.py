"""Suggestions for one family, optimised proposals over a backlog, and rebalancing a
leaver's caseload: stored for a manager to review, then applied whole or edited, or
rejected.

- ``suggestions_for`` ranks keyworkers for one family, each with its reasons.
- ``make_proposal`` allocates the whole backlog (or one team's) in one optimisation
  (``workflow.champions.propose``) and stores it with its score, the greedy allocation's
  figures beside it and a fingerprint of what it was made from.
- ``rebalance_proposal`` does the same for every family a leaver or absent worker
  champions.
- ``apply_proposal`` assigns every family in it in one transaction, with the manager's
  edits. It refuses a proposal already applied or rejected, and one whose backlog or
  caseloads changed since it was made (stale): make a new one.
- ``reject_proposal`` records that a manager turned it down, and why.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from workflow import audit
from workflow.access.policy import Action, require
from workflow.allocation.assignments import AssignmentRefused
from workflow.allocation.bulk import Placement, assign_many
from workflow.allocation.inputs import Waiting, backlog, fingerprint, workers
from workflow.champions.records import Worker
from workflow.clock import Clock
from workflow.db.models import (
    AllocationProposal,
    AllocationProposalItem,
    ChampionAssignment,
    Household,
    Locality,
    Staff,
    Team,
)
from workflow.errors import WorkflowError
from workflow.households.lookup import Found, effective_date, find, known_from_many
from workflow.localities import LocalityMap
from workflow.pathway.catalogue import PathwayCatalogue
from workflow.principal import Principal
from workflow.statemachine.definition import reason_problems
from workflow.uow import UnitOfWork

P, Item = AllocationProposal, AllocationProposalItem


class ProposalRefused(WorkflowError):
    code = "proposal_refused"


class ProposalNotFound(WorkflowError):
    code = "proposal_not_found"


@dataclass(frozen=True)
class SuggestionsFor:
    household_ref: str
    needs: tuple[str, ...]
    locality: str | None
    weight: float
    current_champion: str | None
    suggestions: list[Any]  # workflow.champions.Suggestion

    def as_dict(self) -> dict[str, Any]:
        return {
            "household_ref": self.household_ref,
            "needs": list(self.needs),
            "locality": self.locality,
            "weight": self.weight,
            "current_champion": self.current_champion,
            "suggestions": [
                {
                    "staff_ref": s.staff_ref,
                    "name": s.name,
                    "team": s.team,
                    "score": s.score,
                    "reasons": list(s.reasons),
                    "load_after": s.load_after,
                    "capacity": s.capacity,
                    "over_capacity": s.over_capacity,
                }
                for s in self.suggestions
            ],
        }


@dataclass(frozen=True)
class ProposalItem:
    household_ref: str
    staff_ref: str | None
    previous_staff_ref: str | None
    score: float | None
    reasons: tuple[str, ...]
    edited_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**vars(self), "reasons": list(self.reasons)}


@dataclass(frozen=True)
class StoredProposal:
    id: int
    kind: str  # backlog | rebalance
    scope: str | None
    status: str  # proposed | applied | rejected
    families: int
    assigned: int
    unassigned: int
    score: float
    greedy_score: float
    greedy_unassigned: int
    workers_over_90: int
    greedy_workers_over_90: int
    seconds: float
    method: str
    created_by: str
    created_at: dt.datetime
    decided_by: str | None
    decision_reason: str | None
    items: list[ProposalItem] = field(default_factory=list)

    def summary(self) -> list[str]:
        """The two lines a manager compares: this proposal, and greedy on the same backlog."""
        return [
            f"Optimised: total score {self.score:,.1f}, {self.unassigned:,} families "
            f"unassigned, {self.workers_over_90:,} workers over 90% of capacity",
            f"Greedy (first come, first served): total score {self.greedy_score:,.1f}, "
            f"{self.greedy_unassigned:,} families unassigned, {self.greedy_workers_over_90:,} "
            "workers over 90% of capacity",
        ]

    def as_dict(self) -> dict[str, Any]:
        found = {k: v for k, v in vars(self).items() if k != "items"}
        found["created_at"] = self.created_at.isoformat()
        found["items"] = [item.as_dict() for item in self.items]
        return found


@dataclass(frozen=True)
class Applied:
    proposal_id: int
    assigned: int
    edited: int
    left_unassigned: int
    allocated: int  # families that moved from eligible to allocated

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


# --- what a proposal is made from ---------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    waiting: list[Waiting]
    workers: list[Worker]
    loads: dict[str, Any]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.waiting, self.loads)


def _team_locality(connection: Connection, team: str) -> str | None:
    row = connection.execute(
        select(Team.id, Locality.name)
        .outerjoin(Locality, Locality.id == Team.locality_id)
        .where(Team.name == team)
    ).first()
    if row is None:
        raise ProposalRefused(f"There is no team ‘{team[:60]}’.")
    return None if row[1] is None else str(row[1])


def _inputs(
    connection: Connection,
    *,
    kind: str,
    scope: str | None,
    pathways: PathwayCatalogue,
    localities: LocalityMap,
    today: dt.date,
) -> _Inputs:
    everyone, loads = workers(connection, pathways)
    if kind == "rebalance":
        assert scope is not None
        refs = [
            str(r)
            for (r,) in connection.execute(
                select(Household.household_ref)
                .join(ChampionAssignment, ChampionAssignment.household_id == Household.id)
                .join(Staff, Staff.id == ChampionAssignment.staff_id)
                .where(Staff.staff_ref == scope, ChampionAssignment.ended_on.is_(None))
                .order_by(ChampionAssignment.started_on, Household.household_ref)
            )
        ]
        waiting = backlog(
            connection, pathways, today=today, localities=localities, household_refs=refs
        )
        return _Inputs(waiting, everyone, loads)
    locality = None
    if scope is not None:
        locality = _team_locality(connection, scope)
        everyone = [w for w in everyone if w.team == scope]
        loads = {ref: c for ref, c in loads.items() if c.team == scope}
    waiting = backlog(connection, pathways, today=today, localities=localities, locality=locality)
    return _Inputs(waiting, everyone, loads)


# --- suggestions for one family -----------------------------------------------------------


def suggestions_for(
    household_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    localities: LocalityMap,
    limit: int = 5,
) -> SuggestionsFor:
    """The best keyworkers for one family, with their reasons; workers it would take over
    capacity are shown last, marked as needing a manager's override."""
    from workflow.champions import suggest

    require(actor, Action.ASSIGN_CHAMPION)
    with uow:
        c = uow.connection
        found = find(c, household_ref)
        found.open_episode()
        [waiting] = backlog(
            c,
            pathways,
            today=clock.today(),
            localities=localities,
            household_refs=[found.household_ref],
        )
        everyone, _loads = workers(c, pathways)
        current = c.execute(
            select(Staff.staff_ref)
            .join(ChampionAssignment, ChampionAssignment.staff_id == Staff.id)
            .where(
                ChampionAssignment.household_id == found.household_id,
                ChampionAssignment.ended_on.is_(None),
            )
        ).scalar()
        pool = [w for w in everyone if w.staff_ref != current]
        ranked = suggest(waiting.family, pool, limit=limit, include_overrides=True)
        audit.record(
            c,
            actor=actor,
            action="suggest_champions",
            entity_type="household",
            entity_id=found.household_ref,
            purpose="allocation",
        )
        uow.commit()
    family = waiting.family
    return SuggestionsFor(
        found.household_ref,
        tuple(sorted(family.needs)),
        family.locality,
        family.weight,
        current,
        ranked,
    )


# --- making and storing a proposal --------------------------------------------------------


def make_proposal(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    localities: LocalityMap,
    team: str | None = None,
) -> StoredProposal:
    """One optimised proposal for the whole backlog (or ``team``'s): stored, not applied."""
    from workflow.champions import propose

    require(actor, Action.PROPOSE_ALLOCATION)
    with uow:
        c = uow.connection
        inputs = _inputs(
            c,
            kind="backlog",
            scope=team,
            pathways=pathways,
            localities=localities,
            today=clock.today(),
        )
        if not inputs.waiting:
            raise ProposalRefused(
                "No family is waiting for a champion"
                + (f" in the {team} team's locality." if team else ".")
            )
        started = time.perf_counter()
        proposal = propose([w.family for w in inputs.waiting], inputs.workers)
        seconds = time.perf_counter() - started
        stored = _store(c, "backlog", team, inputs, proposal, seconds, clock, actor)
        uow.commit()
    return stored


def rebalance_proposal(
    staff_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    localities: LocalityMap,
) -> StoredProposal:
    """A proposal moving every family ``staff_ref`` champions (a leaver, or someone
    absent) to other keyworkers, their own team preferred."""
    from workflow.champions import rebalance

    require(actor, Action.PROPOSE_ALLOCATION)
    ref = staff_ref.strip()
    with uow:
        c = uow.connection
        if c.execute(select(Staff.id).where(Staff.staff_ref == ref)).first() is None:
            raise ProposalRefused(f"There is no keyworker ‘{ref[:40]}’.")
        inputs = _inputs(
            c,
            kind="rebalance",
            scope=ref,
            pathways=pathways,
            localities=localities,
            today=clock.today(),
        )
        if not inputs.waiting:
            raise ProposalRefused(f"{ref} champions no families: there is nothing to move.")
        started = time.perf_counter()
        proposal = rebalance(ref, [w.family for w in inputs.waiting], inputs.workers)
        seconds = time.perf_counter() - started
        stored = _store(c, "rebalance", ref, inputs, proposal, seconds, clock, actor)
        uow.commit()
    return stored


def _store(
    c: Connection,
    kind: str,
    scope: str | None,
    inputs: _Inputs,
    proposal: Any,
    seconds: float,
    clock: Clock,
    actor: Principal,
) -> StoredProposal:
    staff_ids = dict(c.execute(select(Staff.staff_ref, Staff.id)).all())
    greedy = proposal.greedy
    proposal_id = c.execute(
        insert(P)
        .values(
            kind=kind,
            scope=scope,
            status="proposed",
            fingerprint=inputs.fingerprint,
            score=proposal.total_score,
            greedy_score=greedy.total_score,
            families=len(inputs.waiting),
            unassigned=len(proposal.unassigned),
            greedy_unassigned=greedy.unassigned,
            workers_over_90=len(proposal.workers_over_90),
            greedy_workers_over_90=greedy.workers_over_90,
            seconds=round(seconds, 3),
            created_by=actor.ref,
            created_at=clock.now(),
            detail={
                "method": proposal.method,
                "bound": proposal.bound,
                "greedy_seconds": round(greedy.seconds, 3),
            },
        )
        .returning(P.id)
    ).scalar_one()
    household = {w.family.household_ref: w.household_id for w in inputs.waiting}
    previous: dict[str, int | None] = {}
    if kind == "rebalance":
        leaver = staff_ids.get(scope or "")
        previous = dict.fromkeys(household, leaver)
    rows = [
        {
            "proposal_id": proposal_id,
            "household_id": household[a.household_ref],
            "staff_id": staff_ids[a.staff_ref],
            "previous_staff_id": previous.get(a.household_ref),
            "score": a.score,
            "reasons": list(a.reasons),
        }
        for a in proposal.assignments
    ] + [
        {
            "proposal_id": proposal_id,
            "household_id": household[u.household_ref],
            "staff_id": None,
            "previous_staff_id": previous.get(u.household_ref),
            "score": None,
            "reasons": [u.reason],
        }
        for u in proposal.unassigned
    ]
    for start in range(0, len(rows), 2000):
        c.execute(insert(Item), rows[start : start + 2000])
    audit.record(
        c,
        actor=actor,
        action="propose_allocation",
        entity_type="allocation_proposal",
        entity_id=proposal_id,
        detail={"kind": kind, "families": len(rows)},
    )
    return _load(c, int(proposal_id), items=True)


# --- reading, applying, rejecting ---------------------------------------------------------


def _load(c: Connection, proposal_id: int, *, items: bool) -> StoredProposal:
    row = c.execute(select(*P.__table__.c).where(P.id == proposal_id)).first()
    if row is None:
        raise ProposalNotFound(f"There is no allocation proposal {proposal_id}.")
    found: list[ProposalItem] = []
    assigned = 0
    if items:
        now_staff, before = Staff.__table__.alias("now_staff"), Staff.__table__.alias("before")
        for ref, staff, prior, score, reasons, edited in c.execute(
            select(
                Household.household_ref,
                now_staff.c.staff_ref,
                before.c.staff_ref,
                Item.score,
                Item.reasons,
                Item.edited_by,
            )
            .join(Household, Household.id == Item.household_id)
            .outerjoin(now_staff, now_staff.c.id == Item.staff_id)
            .outerjoin(before, before.c.id == Item.previous_staff_id)
            .where(Item.proposal_id == proposal_id)
            .order_by(Household.household_ref)
        ):
            found.append(ProposalItem(str(ref), staff, prior, score, tuple(reasons or ()), edited))
        assigned = sum(1 for item in found if item.staff_ref is not None)
    else:
        assigned = row.families - row.unassigned
    return StoredProposal(
        id=row.id,
        kind=row.kind,
        scope=row.scope,
        status=row.status,
        families=row.families,
        assigned=assigned,
        unassigned=row.families - assigned,
        score=row.score,
        greedy_score=row.greedy_score,
        greedy_unassigned=row.greedy_unassigned,
        workers_over_90=row.workers_over_90,
        greedy_workers_over_90=row.greedy_workers_over_90,
        seconds=row.seconds,
        method=str((row.detail or {}).get("method", "")),
        created_by=row.created_by,
        created_at=row.created_at,
        decided_by=row.decided_by,
        decision_reason=row.decision_reason,
        items=found,
    )


def show_proposal(
    proposal_id: int, *, uow: UnitOfWork, actor: Principal, items: bool = True
) -> StoredProposal:
    require(actor, Action.PROPOSE_ALLOCATION)
    with uow:
        found = _load(uow.connection, proposal_id, items=items)
        audit.record(
            uow.connection,
            actor=actor,
            action="read_allocation_proposal",
            entity_type="allocation_proposal",
            entity_id=proposal_id,
        )
        uow.commit()
    return found


def list_proposals(*, uow: UnitOfWork, actor: Principal, limit: int = 20) -> list[StoredProposal]:
    require(actor, Action.PROPOSE_ALLOCATION)
    with uow:
        ids = uow.connection.execute(select(P.id).order_by(P.id.desc()).limit(limit)).scalars()
        return [_load(uow.connection, int(i), items=False) for i in ids]


def _decidable(c: Connection, proposal_id: int) -> Any:
    query = select(*P.__table__.c).where(P.id == proposal_id)
    if c.dialect.name == "postgresql":
        query = query.with_for_update()
    row = c.execute(query).first()
    if row is None:
        raise ProposalNotFound(f"There is no allocation proposal {proposal_id}.")
    if row.status != "proposed":
        raise ProposalRefused(
            f"Proposal {proposal_id} was {row.status} by {row.decided_by} on "
            f"{row.decided_at:%d/%m/%Y}: it can't be applied or rejected again."
        )
    return row


def apply_proposal(
    proposal_id: int,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    pathways: PathwayCatalogue,
    localities: LocalityMap,
    reason: str = "allocation proposal accepted",
    changes: Mapping[str, str | None] | None = None,
    effective_on: Mapping[str, dt.date] | dt.date | None = None,
) -> Applied:
    """Assign every family in the proposal, in one transaction; ``changes`` are the
    manager's edits (household reference → another keyworker, or None to leave the family
    waiting). ``effective_on``: the day the assignments took effect (back-dated work), one
    for all or per household."""
    require(actor, Action.APPLY_ALLOCATION)
    problems = reason_problems(reason)
    if problems:
        raise ProposalRefused(f"Cannot apply the proposal: {problems[0]}.")
    edits = {ref.strip(): (None if s is None else s.strip()) for ref, s in (changes or {}).items()}
    with uow:
        c = uow.connection
        row = _decidable(c, proposal_id)
        inputs = _inputs(
            c,
            kind=row.kind,
            scope=row.scope,
            pathways=pathways,
            localities=localities,
            today=clock.today(),
        )
        if inputs.fingerprint != row.fingerprint:
            raise ProposalRefused(
                f"Proposal {proposal_id} is out of date: families or caseloads have changed "
                "since it was made. Make a new proposal."
            )
        stored = _load(c, proposal_id, items=True)
        listed = {item.household_ref for item in stored.items}
        strangers = sorted(set(edits) - listed)
        if strangers:
            raise ProposalRefused(
                f"Household {strangers[0]} is not in proposal {proposal_id}: only its families "
                "can be changed."
            )
        ids = {
            str(ref): int(hid)
            for start in range(0, len(stored.items), 5000)
            for ref, hid in c.execute(
                select(Household.household_ref, Household.id).where(
                    Household.household_ref.in_(
                        [item.household_ref for item in stored.items[start : start + 5000]]
                    )
                )
            )
        }
        known = known_from_many(c, list(ids.values()))
        today = clock.today()
        placements: list[Placement] = []
        edited_rows: list[dict[str, Any]] = []
        waiting = 0
        for item in stored.items:
            staff_ref = edits.get(item.household_ref, item.staff_ref)
            if item.household_ref in edits and edits[item.household_ref] != item.staff_ref:
                edited_rows.append({"e_h": ids[item.household_ref], "e_s": staff_ref})
            if staff_ref is None:
                waiting += 1
                continue
            household_id = ids[item.household_ref]
            asked = (
                effective_on.get(item.household_ref)
                if isinstance(effective_on, Mapping)
                else effective_on
            )
            found = Found(household_id, item.household_ref, known[household_id], None)
            on = effective_date(found, asked, today=today, actor=actor)
            placements.append(Placement(household_id, item.household_ref, staff_ref, on))
        if edited_rows:
            staff_ids = dict(c.execute(select(Staff.staff_ref, Staff.id)).all())
            c.execute(
                update(Item)
                .where(Item.proposal_id == proposal_id, Item.household_id == bindparam("e_h"))
                .values(staff_id=bindparam("e_staff"), edited_by=actor.ref)
                .execution_options(synchronize_session=False),
                [
                    {
                        "e_h": row["e_h"],
                        "e_staff": staff_ids.get(row["e_s"]) if row["e_s"] else None,
                    }
                    for row in edited_rows
                ],
            )
        try:
            placed = assign_many(
                c,
                placements,
                clock=clock,
                actor=actor,
                reason=reason,
                pathways=pathways,
                proposal_id=proposal_id,
            )
        except AssignmentRefused as refused:
            raise ProposalRefused(
                f"Proposal {proposal_id} was not applied: {refused.detail} Nothing was changed."
            ) from None
        assigned, allocated, edited = placed.assigned, placed.allocated, len(edited_rows)
        c.execute(
            update(P)
            .where(P.id == proposal_id)
            .values(
                status="applied",
                decided_by=actor.ref,
                decided_at=clock.now(),
                decision_reason=reason[:500],
            )
        )
        audit.record(
            c,
            actor=actor,
            action="apply_allocation",
            entity_type="allocation_proposal",
            entity_id=proposal_id,
            detail={"assigned": assigned, "edited": edited},
        )
        uow.commit()
    return Applied(proposal_id, assigned, edited, waiting, allocated)


def reject_proposal(
    proposal_id: int, *, reason: str, uow: UnitOfWork, clock: Clock, actor: Principal
) -> StoredProposal:
    require(actor, Action.APPLY_ALLOCATION)
    problems = reason_problems(reason)
    if problems:
        raise ProposalRefused(f"Cannot reject the proposal: {problems[0]}.")
    with uow:
        c = uow.connection
        _decidable(c, proposal_id)
        c.execute(
            update(P)
            .where(P.id == proposal_id)
            .values(
                status="rejected",
                decided_by=actor.ref,
                decided_at=clock.now(),
                decision_reason=reason[:500],
            )
        )
        audit.record(
            c,
            actor=actor,
            action="reject_allocation",
            entity_type="allocation_proposal",
            entity_id=proposal_id,
            purpose=reason[:100],
        )
        found = _load(c, proposal_id, items=False)
        uow.commit()
    return found
