"""``tfe staff``: who works here and in what role (managers give roles and record leavers).

Keyworkers come from the keyworker register import; managers, finance officers, data
officers and auditors are given their roles here (``tfe staff add``), and keep them when
the register is sent again. A leaver (``tfe staff leave``) can no longer be given
families; their families move with ``tfe allocate rebalance``.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from tfe.commands.casework import AsOption, _date, _uk, acting
from tfe.commands.common import DatabaseUrlOption, DataDirOption, JsonOption
from tfe.output import emit_json, out

app = typer.Typer(help="Staff and their roles: list, add, leave.", no_args_is_help=True)


@app.command("list")
def list_command(
    team: Annotated[str | None, typer.Option("--team", help="Only this team.")] = None,
    everyone: Annotated[bool, typer.Option("--everyone", help="Leavers too.")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Staff in post, by team, with their roles and capacity."""
    from workflow.staff import list_staff

    with acting(data_dir, database_url, None) as (container, _who):
        staff = list_staff(uow=container.uow(), team=team, everyone=everyone)
    if json:
        emit_json({"staff": [member.as_dict() for member in staff]})
        return 0
    table = Table("Staff", "Name", "Roles", "Team", "Capacity", "Left", show_edge=False)
    for m in staff:
        table.add_row(m.staff_ref, m.name, ", ".join(r.replace("_", " ") for r in m.roles),
                      m.team or "", f"{m.capacity_units:g}", _uk(m.left_on))  # fmt: skip
    out.print(table)
    out.print(f"{len(staff):,} members of staff.")
    return 0


@app.command("add")
def add_command(
    staff_ref: Annotated[str, typer.Argument(help="Their staff reference, e.g. M001.")],
    name: Annotated[str, typer.Option("--name", help="Their full name.")],
    email: Annotated[str, typer.Option("--email", help="Their work email address.")],
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            help="A role (repeat for several): keyworker, manager, senior_manager, finance, "
            "data_officer, auditor, admin.",
        ),
    ],
    team: Annotated[str | None, typer.Option("--team", help="Their team.")] = None,
    capacity: Annotated[
        float | None, typer.Option("--capacity", help="Caseload capacity in weighted units.")
    ] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Add a member of staff, or change an existing one's roles and team."""
    from workflow.staff import add_staff

    with acting(data_dir, database_url, as_staff) as (container, who):
        member = add_staff(
            staff_ref, name=name, email=email, roles=role, team=team, capacity_units=capacity,
            uow=container.uow(), actor=who,
        )  # fmt: skip
    if json:
        emit_json(member.as_dict())
        return 0
    roles = ", ".join(r.replace("_", " ") for r in member.roles)
    out.print(f"{member.staff_ref} ({member.name}) is a {roles}" +
              (f" in {member.team}." if member.team else "."))  # fmt: skip
    return 0


@app.command("leave")
def leave_command(
    staff_ref: Annotated[str, typer.Argument(help="Their staff reference.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the record).")],
    on: Annotated[
        str | None, typer.Option("--on", help="The day they left, dd/mm/yyyy (default today).")
    ] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Record that a member of staff has left; their families then need rebalancing."""
    from workflow.staff import leave

    day = _date(on, "--on")
    with acting(data_dir, database_url, as_staff) as (container, who):
        member, families = leave(
            staff_ref, reason=reason, on=day, uow=container.uow(), clock=container.clock,
            actor=who,
        )  # fmt: skip
    if json:
        emit_json(member.as_dict() | {"families_to_move": families})
        return 0
    out.print(f"{member.staff_ref} left on {_uk(member.left_on)}.")
    if families:
        out.print(
            f"{families:,} families still have them as champion. Propose new champions with: "
            f"tfe allocate rebalance {member.staff_ref}"
        )
    return 0
