"""A member of staff as a ``Principal``: their reference, role and team from the staff
register (the keyworker register import, or the accounts the web app's sign-in keeps)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update

from workflow import audit
from workflow.access.policy import Action, require
from workflow.clock import Clock
from workflow.db.models import Staff, Team
from workflow.domain.vocabulary import StaffRole
from workflow.errors import WorkflowError
from workflow.principal import Principal
from workflow.uow import UnitOfWork


class StaffNotFound(WorkflowError):
    code = "staff_not_found"


def principal_for(uow: UnitOfWork, staff_ref: str) -> Principal:
    """The principal of a member of staff in post (raises if unknown or left)."""
    with uow:
        row = uow.connection.execute(
            select(Staff.staff_ref, Staff.role, Staff.name, Staff.active, Team.name)
            .outerjoin(Team, Team.id == Staff.team_id)
            .where(Staff.staff_ref == staff_ref.strip())
        ).first()
    if row is None or not row[3]:
        raise StaffNotFound(f"There is no member of staff ‘{staff_ref[:40]}’ in post.")
    roles = [r for r in str(row[1] or StaffRole.KEYWORKER.value).split(",") if r]
    return Principal.staff(
        str(row[0]),
        *(StaffRole(r) for r in roles if r in StaffRole.__members__.values()),
        teams=[] if row[4] is None else [str(row[4])],
        name=str(row[2]),
    )


class StaffRefused(WorkflowError):
    code = "staff_refused"


@dataclass(frozen=True)
class StaffMember:
    staff_ref: str
    name: str
    roles: tuple[str, ...]
    team: str | None
    active: bool
    capacity_units: float
    left_on: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "staff_ref": self.staff_ref,
            "name": self.name,
            "roles": list(self.roles),
            "team": self.team,
            "active": self.active,
            "capacity_units": self.capacity_units,
            "left_on": None if self.left_on is None else self.left_on.isoformat(),
        }


def _roles(names: list[str] | tuple[str, ...]) -> str:
    known = set(StaffRole.__members__.values())
    unknown = [n for n in names if n not in known]
    if unknown:
        raise StaffRefused(
            f"‘{unknown[0][:30]}’ is not a role: use one of {', '.join(sorted(known))}."
        )
    if not names:
        raise StaffRefused("Give at least one role.")
    return ",".join(dict.fromkeys(names))


def _team_id(connection: Any, team: str | None) -> int | None:
    if team is None:
        return None
    name = team.strip()[:100]
    found = connection.execute(select(Team.id).where(Team.name == name)).scalar()
    if found is None:
        found = connection.execute(insert(Team).values(name=name).returning(Team.id)).scalar_one()
    return int(found)


def add_staff(
    staff_ref: str,
    *,
    name: str,
    email: str,
    roles: list[str],
    team: str | None,
    capacity_units: float | None = None,
    uow: UnitOfWork,
    actor: Principal,
) -> StaffMember:
    """Give a member of staff their roles (adding them if new): a manager, a finance
    officer, a data officer. Keyworkers usually come from the keyworker register import;
    giving an existing keyworker the manager role keeps their caseload."""
    require(actor, Action.MANAGE_STAFF)
    ref = staff_ref.strip()
    if not ref or len(ref) > 40:
        raise StaffRefused("A staff reference is 1 to 40 characters.")
    if "@" not in email or len(email) > 254:
        raise StaffRefused(f"‘{email[:60]}’ is not an email address.")
    role = _roles(roles)
    with uow:
        c = uow.connection
        team_id = _team_id(c, team)
        current = c.execute(select(Staff.id, Staff.email).where(Staff.staff_ref == ref)).first()
        taken = c.execute(
            select(Staff.staff_ref).where(Staff.email == email.strip(), Staff.staff_ref != ref)
        ).scalar()
        if taken is not None:
            raise StaffRefused(f"{email[:60]} is already {taken}'s email address.")
        values: dict[str, Any] = {"name": name.strip()[:200], "email": email.strip(), "role": role}
        if team_id is not None:
            values["team_id"] = team_id
        if capacity_units is not None:
            if not 0 <= capacity_units <= 9999:
                raise StaffRefused("Capacity is 0 to 9,999 units.")
            values["capacity_units"] = capacity_units
        if current is None:
            values.setdefault("capacity_units", 12 if "keyworker" in role else 0)
            c.execute(insert(Staff).values(staff_ref=ref, active=True, **values))
        else:
            c.execute(update(Staff).where(Staff.id == current[0]).values(**values))
        audit.record(
            c,
            actor=actor,
            action="staff_added" if current is None else "staff_changed",
            entity_type="staff",
            entity_id=ref,
            detail={"roles": role.split(","), "team": team},
        )
        member = _member(c, ref)
        uow.commit()
    return member


def leave(
    staff_ref: str,
    *,
    reason: str,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    on: dt.date | None = None,
) -> tuple[StaffMember, int]:
    """Mark a member of staff as left (they can no longer be given families or sign in);
    returns them and how many families still have them as champion, for rebalancing."""
    from workflow.db.models import ChampionAssignment

    require(actor, Action.MANAGE_STAFF)
    if not reason.strip():
        raise StaffRefused("Say why they are leaving (--reason).")
    day = on or clock.today()
    if day > clock.today():
        raise StaffRefused("The day they left can't be in the future.")
    with uow:
        c = uow.connection
        found = c.execute(
            select(Staff.id, Staff.active).where(Staff.staff_ref == staff_ref.strip())
        ).first()
        if found is None:
            raise StaffNotFound(f"There is no member of staff ‘{staff_ref[:40]}’.")
        if not found[1]:
            raise StaffRefused(f"{staff_ref} has already left.")
        c.execute(
            update(Staff)
            .where(Staff.id == found[0])
            .values(active=False, left_on=day, left_reason=reason.strip()[:500])
        )
        families = c.execute(
            select(func.count())
            .select_from(ChampionAssignment)
            .where(ChampionAssignment.staff_id == found[0], ChampionAssignment.ended_on.is_(None))
        ).scalar_one()
        audit.record(
            c,
            actor=actor,
            action="staff_left",
            entity_type="staff",
            entity_id=staff_ref,
            purpose=reason.strip()[:100],
            detail={"families": int(families), "left_on": day.isoformat()},
        )
        member = _member(c, staff_ref.strip())
        uow.commit()
    return member, int(families)


def list_staff(
    *, uow: UnitOfWork, team: str | None = None, everyone: bool = False
) -> list[StaffMember]:
    """Staff in post (or ``everyone``), by team then reference."""
    query = (
        select(Staff.staff_ref)
        .outerjoin(Team, Team.id == Staff.team_id)
        .order_by(Team.name, Staff.staff_ref)
    )
    if team is not None:
        query = query.where(Team.name == team)
    if not everyone:
        query = query.where(Staff.active.is_(True))
    with uow:
        refs = uow.connection.execute(query).scalars().all()
        return [_member(uow.connection, ref) for ref in refs]


def _member(connection: Any, ref: str) -> StaffMember:
    row = connection.execute(
        select(
            Staff.staff_ref,
            Staff.name,
            Staff.role,
            Team.name,
            Staff.active,
            Staff.capacity_units,
            Staff.left_on,
        )  # fmt: skip
        .outerjoin(Team, Team.id == Staff.team_id)
        .where(Staff.staff_ref == ref)
    ).one()
    return StaffMember(
        str(row[0]), str(row[1]), tuple(str(row[2] or "").split(",")), row[3], bool(row[4]),
        float(row[5] or 0), row[6],
    )  # fmt: skip
