"""The demo's last stage: a sign-in for each role, so the served demo can be tried at once.

Accounts exist only in the demo's own database: each has a fresh random password, printed
in the demo's summary and kept in ``DATA_DIR/demo-sign-ins.txt``, which ``tfe serve``
prints again when it serves that database. A second demo run on the same database gives
the same accounts new passwords.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from tfe.commands.users import new_password
from workflow.accounts.service import AccountRefused, add_user, reset_password
from workflow.db.models import ChampionAssignment, Staff
from workflow.principal import Principal

if TYPE_CHECKING:
    from tfe.commands.demo import DemoRun

DEMO = Principal.system("demo")
A = ChampionAssignment
ROLES = [  # (role, staff reference, or None: the keyworker with the most families)
    ("keyworker", None),
    ("manager", "M001"),
    ("senior manager", "SM001"),
    ("finance", "FIN001"),
    ("data officer", "DO001"),
    ("auditor", "AUD001"),
    ("admin", "ADM001"),
]


def _busiest_keyworker(run: DemoRun) -> str | None:
    from sqlalchemy import func

    with run.container.uow() as uow:
        return uow.connection.execute(
            select(Staff.staff_ref)
            .join(
                ChampionAssignment,
                and_(
                    ChampionAssignment.staff_id == Staff.id, ChampionAssignment.ended_on.is_(None)
                ),
            )
            .group_by(Staff.staff_ref)
            .order_by(func.count().desc(), Staff.staff_ref)
            .limit(1)
        ).scalar()


def line(s: dict[str, Any]) -> str:
    return f"  {s['role']:<15} {s['username']:<10} {s['password']}  ({s['name']})"


def make_sign_ins(run: DemoRun) -> dict[str, Any]:
    container = run.container
    sign_ins = []
    for role, ref in ROLES:
        staff_ref = ref or _busiest_keyworker(run)
        if staff_ref is None:
            continue
        with container.uow() as uow:
            name = uow.connection.execute(
                select(Staff.name).where(Staff.staff_ref == staff_ref)
            ).scalar()
        if name is None:
            continue
        username, password = staff_ref.lower(), new_password()
        try:
            add_user(
                username,
                display_name=str(name),
                password=password,
                staff_ref=staff_ref,
                uow=container.uow(),
                actor=DEMO,
            )
        except AccountRefused:  # made by an earlier demo run: a new password
            reset_password(
                username, password, uow=container.uow(), clock=container.clock, actor=DEMO
            )
        sign_ins.append({"role": role, "username": username, "password": password, "name": name})
    lines = [
        f"  {s['role']:<15} {s['username']:<10} {s['password']}  ({s['name']})" for s in sign_ins
    ]
    (run.settings.data_dir / "demo-sign-ins.txt").write_text("\n".join(lines) + "\n")
    return {"sign_ins": sign_ins, "file": str(run.settings.data_dir / "demo-sign-ins.txt")}
