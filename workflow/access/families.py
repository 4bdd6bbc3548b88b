"""Applying the need-to-know policy (``workflow.access.scope``) to stored families: whether a
principal may open one, what police intelligence they see of it, and who has read it.

A refusal is a ``HouseholdNotFound`` (the API's 404) and an audit event of its own, so a
keyworker guessing another team's family ids learns nothing and leaves a trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select

from workflow import audit
from workflow.access.policy import NotAllowed
from workflow.access.scope import (
    GANG_AFFECTED,
    Area,
    Family,
    Listing,
    Sight,
    family_sight,
    may_see,
    sees_intelligence,
)
from workflow.db.models import (
    AuditEvent,
    ChampionAssignment,
    GangNominal,
    Household,
    HouseholdMembership,
    IomNominal,
    Staff,
    Team,
)
from workflow.domain.vocabulary import StaffRole
from workflow.errors import HouseholdNotFound
from workflow.principal import Principal
from workflow.uow import UnitOfWork

A = ChampionAssignment


def family_facts(connection: Connection, household_ref: str) -> Family | None:
    """The family's champion and their team, or ``None`` if there is no such household."""
    row = connection.execute(
        select(Household.id, Staff.staff_ref, Team.name)
        .outerjoin(A, and_(A.household_id == Household.id, A.ended_on.is_(None)))
        .outerjoin(Staff, Staff.id == A.staff_id)
        .outerjoin(Team, Team.id == Staff.team_id)
        .where(Household.household_ref == household_ref.strip())
    ).first()
    if row is None:
        return None
    return Family(row[1], row[2])


def check_family(
    connection: Connection,
    actor: Principal,
    household_ref: str,
    *,
    need: Sight = Sight.READ,
    covering: bool = False,
    purpose: str | None = None,
) -> Sight:
    """How much of the family ``actor`` may have, at least ``need``; otherwise the attempt
    is logged and the family is, for them, not there (``HouseholdNotFound``). The caller
    commits (the refusal's audit event is written in a unit of work of its own)."""
    family = family_facts(connection, household_ref)
    sight = Sight.NONE if family is None else family_sight(actor, family, covering=covering)
    if family is None or not sight.allows(need):
        if family is not None:
            audit.record(
                connection,
                actor=actor,
                action="read_refused" if need is Sight.READ else "change_refused",
                entity_type="household",
                entity_id=household_ref.strip()[:60],
                purpose=(purpose or "")[:100] or None,
            )
        raise HouseholdNotFound.named(household_ref)
    return sight


def require_family(
    household_ref: str,
    *,
    uow: UnitOfWork,
    actor: Principal,
    need: Sight = Sight.WRITE,
    covering: bool = False,
    purpose: str | None = None,
) -> Sight:
    """``check_family`` in a unit of work of its own, keeping the refusal's audit event."""
    with uow:
        try:
            sight = check_family(
                uow.connection, actor, household_ref, need=need, covering=covering, purpose=purpose
            )
        except HouseholdNotFound:
            uow.commit()
            raise
        uow.commit()
    return sight


def require_area(actor: Principal, area: Area) -> None:
    from workflow.access.scope import AREA_PHRASES, AREAS

    if not may_see(actor, area):
        roles = " or ".join(sorted(r.value.replace("_", " ") for r in AREAS[area]))
        raise NotAllowed(f"Only a {roles} can see {AREA_PHRASES[area]}.")


def listing_clause(listing: Listing, champion_ref: Any, team_name: Any, champion_id: Any) -> Any:
    """A SQL condition for a ``Listing``, given the columns of the champion's reference,
    their team's name and the assignment's id (null while unallocated)."""
    from sqlalchemy import false, or_, true

    if listing.everyone:
        return true()
    parts = []
    if listing.champion_ref is not None:
        parts.append(champion_ref == listing.champion_ref)
    if listing.teams:
        parts.append(team_name.in_(sorted(listing.teams)))
    if listing.unallocated:
        parts.append(champion_id.is_(None))
    return or_(*parts) if parts else false()


def intelligence(
    connection: Connection, household_id: int, actor: Principal, allowed: frozenset[StaffRole]
) -> dict[str, Any]:
    """The police intelligence about a family's current members: in detail for the roles
    allowed it, else only whether the family is gang-affected."""
    people = select(HouseholdMembership.person_id).where(
        HouseholdMembership.household_id == household_id, HouseholdMembership.valid_to.is_(None)
    )
    gangs = connection.execute(
        select(
            GangNominal.nominal_ref,
            GangNominal.harm_score,
            GangNominal.harm_band,
            GangNominal.victim_score,
            GangNominal.victim_band,
        ).where(GangNominal.person_id.in_(people))
    ).all()
    iom = connection.execute(
        select(IomNominal.nominal_ref, IomNominal.cohort, IomNominal.probation_status).where(
            IomNominal.person_id.in_(people)
        )
    ).all()
    if not sees_intelligence(actor, allowed):
        return {"gang_affected": bool(gangs), "summary": GANG_AFFECTED if gangs else None}
    return {
        "gang_affected": bool(gangs),
        "summary": GANG_AFFECTED if gangs else None,
        "gangs_matrix": [
            {
                "nominal_ref": g[0],
                "harm_score": g[1],
                "harm_band": g[2],
                "victim_score": g[3],
                "victim_band": g[4],
            }
            for g in gangs
        ],
        "iom": [{"nominal_ref": i[0], "cohort": i[1], "probation_status": i[2]} for i in iom],
    }


@dataclass(frozen=True)
class Reading:
    at: dt.datetime
    actor: str
    roles: str | None
    action: str
    purpose: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "roles": self.roles,
            "action": self.action,
            "purpose": self.purpose,
        }


def readers(household_ref: str, *, uow: UnitOfWork, actor: Principal) -> list[Reading]:
    """Who read (or tried to read) a family's record, newest first: for an admin. Asking
    is itself recorded."""
    require_area(actor, Area.READERS)
    ref = household_ref.strip()
    with uow:
        c = uow.connection
        if c.execute(select(Household.id).where(Household.household_ref == ref)).first() is None:
            raise HouseholdNotFound.named(ref)
        rows = c.execute(
            select(
                AuditEvent.at,
                AuditEvent.actor,
                AuditEvent.actor_roles,
                AuditEvent.action,
                AuditEvent.purpose,
            )
            .where(
                AuditEvent.entity_type == "household",
                AuditEvent.entity_id == ref,
                AuditEvent.action.in_(["read", "read_refused", "change_refused"]),
            )
            .order_by(AuditEvent.id.desc())
            .limit(1000)
        ).all()
        audit.record(
            c, actor=actor, action="readers_listed", entity_type="household", entity_id=ref
        )
        uow.commit()
    return [Reading(*r) for r in rows]
