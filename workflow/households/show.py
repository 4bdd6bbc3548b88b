"""What a manager or keyworker reads about households: one family's page (``show``) and
the list a manager works from (``listing``). Both reads are written to the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, select

from workflow import audit
from workflow.access.families import check_family, intelligence, listing_clause
from workflow.access.scope import DEFAULT_INTELLIGENCE_ROLES, Sight, family_listing
from workflow.clock import Clock
from workflow.db.models import (
    ChampionAssignment,
    Household,
    HouseholdEpisode,
    HouseholdMembership,
    HouseholdTransition,
    Person,
    Staff,
    Team,
    TierTransition,
)
from workflow.domain.vocabulary import StaffRole
from workflow.errors import HouseholdNotFound
from workflow.households.lookup import find
from workflow.lifecycle.store import history
from workflow.principal import Principal
from workflow.tasks.service import TaskView
from workflow.uow import UnitOfWork

E, A = HouseholdEpisode, ChampionAssignment


@dataclass(frozen=True)
class Champion:
    staff_ref: str
    name: str
    since: dt.date


@dataclass
class HouseholdPage:
    household_ref: str
    episode: int | None
    state: str | None
    tier: str | None
    strand: str | None
    strand_reason: str | None
    flag: str | None
    champion: Champion | None
    members: list[dict[str, Any]] = field(default_factory=list)
    tasks: list[TaskView] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    intelligence: dict[str, Any] = field(default_factory=dict)
    read_only: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "household_ref": self.household_ref,
            "episode": self.episode,
            "state": self.state,
            "tier": self.tier,
            "strand": self.strand,
            "strand_reason": self.strand_reason,
            "flag": self.flag,
            "champion": None
            if self.champion is None
            else {**vars(self.champion), "since": self.champion.since.isoformat()},
            "members": self.members,
            "tasks": [t.as_dict() for t in self.tasks],
            "history": self.history,
            "intelligence": self.intelligence,
            "read_only": self.read_only,
        }


def show(
    household_ref: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    purpose: str,
    covering: bool = False,
    intelligence_roles: frozenset[StaffRole] = DEFAULT_INTELLIGENCE_ROLES,
) -> HouseholdPage:
    """One household's page: where it is, who champions it, what is due, what happened,
    if ``actor`` may see it (``workflow.access.scope``; else, for them, it is not there),
    with police intelligence in detail only for ``intelligence_roles``."""
    from workflow.tasks.service import tasks_of

    with uow:
        connection = uow.connection
        try:
            sight = check_family(
                connection, actor, household_ref, covering=covering, purpose=purpose
            )
        except HouseholdNotFound:
            uow.commit()  # keep the refused attempt in the audit trail
            raise
        found = find(connection, household_ref)
        episode = connection.execute(
            select(E.number, E.state, E.tier, E.strand, E.strand_reason, E.flag)
            .where(E.household_id == found.household_id)
            .order_by(E.number.desc())
            .limit(1)
        ).first()
        champion = connection.execute(
            select(Staff.staff_ref, Staff.name, A.started_on)
            .join(Staff, Staff.id == A.staff_id)
            .where(A.household_id == found.household_id, A.ended_on.is_(None))
        ).first()
        members = [
            {
                "person_ref": r[0],
                "forename": r[1],
                "surname": r[2],
                "date_of_birth": r[3].isoformat() if r[3] else None,
                "relationship": r[4],
            }
            for r in connection.execute(
                select(
                    Person.person_ref,
                    Person.forename,
                    Person.surname,
                    Person.date_of_birth,
                    HouseholdMembership.relationship,
                )
                .join(HouseholdMembership, HouseholdMembership.person_id == Person.id)
                .where(
                    HouseholdMembership.household_id == found.household_id,
                    HouseholdMembership.valid_to.is_(None),
                )
                .order_by(Person.date_of_birth)
            )
        ]
        moves = [
            {
                "kind": "lifecycle",
                "from": t.from_state and t.from_state.value,
                "to": t.to_state.value,
                "trigger": t.trigger,
                "by": t.actor,
                "recorded": t.at.isoformat(),
                "effective_on": t.effective_on.isoformat() if t.effective_on else None,
                "reason": t.reason,
            }
            for t in history(connection, found.household_id)
        ]
        moves += [
            {
                "kind": "tier",
                "from": r[0],
                "to": r[1],
                "trigger": r[2],
                "by": r[3],
                "recorded": r[4].isoformat(),
                "effective_on": r[5].isoformat() if r[5] else None,
                "reason": r[6],
            }
            for r in connection.execute(
                select(
                    TierTransition.from_state,
                    TierTransition.to_state,
                    TierTransition.trigger,
                    TierTransition.actor,
                    TierTransition.at,
                    TierTransition.effective_on,
                    TierTransition.reason,
                )
                .where(TierTransition.household_id == found.household_id)
                .order_by(TierTransition.id)
            )
        ]
        moves.sort(key=lambda m: (str(m["effective_on"] or m["recorded"])[:10], str(m["recorded"])))
        tasks = tasks_of(connection, found.household_id, today=clock.today())
        intel = intelligence(connection, found.household_id, actor, intelligence_roles)
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="household",
            entity_id=found.household_ref,
            purpose=purpose[:100],
            detail={"members": len(members), "covering": covering},
        )
        uow.commit()
    return HouseholdPage(
        found.household_ref,
        None if episode is None else int(episode[0]),
        None if episode is None else episode[1],
        None if episode is None else episode[2],
        None if episode is None else episode[3],
        None if episode is None else episode[4],
        None if episode is None else episode[5],
        None if champion is None else Champion(str(champion[0]), str(champion[1]), champion[2]),
        members,
        tasks,
        moves,
        intel,
        sight is Sight.READ,
    )


@dataclass(frozen=True)
class ListedHousehold:
    household_ref: str
    state: str
    tier: str | None
    strand: str | None
    champion: str | None
    flag: str | None

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def listing(
    *,
    uow: UnitOfWork,
    actor: Principal,
    state: str | None = None,
    tier: str | None = None,
    unallocated: bool = False,
    covering: bool = False,
    limit: int = 1000,
) -> list[ListedHousehold]:
    """Households with an open episode that ``actor`` may see: the list a manager works
    from, a keyworker's caseload (references only)."""
    scope = family_listing(actor, covering=covering)
    query = (
        select(Household.household_ref, E.state, E.tier, E.strand, Staff.staff_ref, E.flag)
        .join(E, and_(E.household_id == Household.id, E.closed_at.is_(None)))
        .outerjoin(A, and_(A.household_id == Household.id, A.ended_on.is_(None)))
        .outerjoin(Staff, Staff.id == A.staff_id)
        .outerjoin(Team, Team.id == Staff.team_id)
        .where(listing_clause(scope, Staff.staff_ref, Team.name, A.id))
        .order_by(Household.household_ref)
        .limit(limit)
    )
    if state is not None:
        query = query.where(E.state == state)
    if tier is not None:
        query = query.where(E.tier == tier)
    if unallocated:
        query = query.where(A.id.is_(None), E.state == "eligible")
    with uow:
        rows = uow.connection.execute(query).all()
        audit.record(
            uow.connection,
            actor=actor,
            action="read",
            entity_type="household_list",
            purpose="working list",
            detail={
                "households": len(rows),
                "state": state,
                "tier": tier,
                "unallocated": unallocated,
            },
        )
        uow.commit()
    return [ListedHousehold(*(str(v) if v is not None else None for v in r)) for r in rows]  # type: ignore[arg-type]


__all__ = ["HouseholdPage", "HouseholdTransition", "ListedHousehold", "listing", "show"]
