"""A member of staff as a ``Principal``: their reference, role and team from the staff
register (the keyworker register import, or the accounts the web app's sign-in keeps)."""

from __future__ import annotations

from sqlalchemy import select

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
