"""``tfe allocate``: champions for families (a manager's commands)."""

from __future__ import annotations

from typing import Annotated

import typer

from tfe.commands.casework import (
    AsOption,
    EffectiveOption,
    ReasonOption,
    _date,
    _uk,
    acting,
    pathways,
)
from tfe.commands.common import DatabaseUrlOption, DataDirOption, JsonOption
from tfe.output import emit_json, out

app = typer.Typer(
    help="Champions for families: suggest, propose, apply, rebalance, assign.", no_args_is_help=True
)


@app.command("assign")
def assign(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    staff_ref: Annotated[str, typer.Argument(help="The keyworker, e.g. S0042.")],
    reason: ReasonOption,
    override: Annotated[
        str | None,
        typer.Option("--override", help="Assign past the worker's capacity, for this reason."),
    ] = None,
    effective: EffectiveOption = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Make a keyworker a family's champion (ending any current one)."""
    from workflow.allocation.assignments import assign_champion

    on = _date(effective, "--effective")
    with acting(data_dir, database_url, as_staff) as (container, who):
        done = assign_champion(
            household_ref,
            staff_ref,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            reason=reason,
            effective_on=on,
            over_capacity_reason=override,
            pathways=pathways(container),
        )
    if json:
        emit_json(done.as_dict())
        return 0
    moved = " and allocated" if done.allocated else ""
    out.print(
        f"{done.staff_ref} is household {done.household_ref}'s champion from "
        f"{_uk(done.started_on)}{moved}; they now carry {done.load_after:g} of "
        f"{done.capacity:g} units" + (" (over capacity, by override)" if done.over_capacity else "")
    )
    return 0
