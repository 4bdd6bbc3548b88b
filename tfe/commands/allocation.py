"""``tfe allocate``: champions for families (a manager's commands)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

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


def _localities(container: Any) -> Any:
    from workflow.localities import load_localities

    return load_localities(container.settings.effective_localities_file)


@app.command("suggest")
def suggest_command(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    limit: Annotated[int, typer.Option("--limit", help="How many keyworkers to show.")] = 5,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """The best keyworkers for one family, each with the reasons."""
    from workflow.allocation.proposals import suggestions_for

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = suggestions_for(
            household_ref,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            localities=_localities(container),
            limit=max(1, min(limit, 50)),
        )
    if json:
        emit_json(found.as_dict())
        return 0
    needs = ", ".join(n.replace("_", " ") for n in found.needs) or "none recorded"
    out.print(
        f"Household {found.household_ref}: weighs {found.weight:g} units; needs: {needs}; "
        f"locality: {found.locality or 'not known'}"
        + (f"; champion now: {found.current_champion}" if found.current_champion else "")
    )
    if not found.suggestions:
        out.print("No keyworker in post can take this family.")
        return 0
    for rank, s in enumerate(found.suggestions, 1):
        flag = (
            "  [over capacity: needs a manager's override and a reason]" if s.over_capacity else ""
        )
        out.print(f"{rank}. {s.staff_ref} {s.name} ({s.team}), score {s.score:g}{flag}")
        for reason in s.reasons:
            out.print(f"     - {reason}")
    out.print(f"Assign with: tfe allocate assign {found.household_ref} STAFF_REF --reason TEXT")
    return 0


def _print_proposal(found: Any, *, every: bool = False) -> None:
    what = "Rebalancing " + str(found.scope) if found.kind == "rebalance" else "Backlog"
    if found.kind == "backlog" and found.scope:
        what += f" of the {found.scope} team"
    out.print(
        f"Proposal {found.id} ({what.lower() if found.kind == 'backlog' else what}): "
        f"{found.status}; {found.families:,} families, {found.assigned:,} given a champion, "
        f"{found.unassigned:,} left waiting; worked out in {found.seconds:.1f} s"
    )
    for line in found.summary():
        out.print(f"  {line}")
    if not found.items:
        return
    shown = found.items if every else found.items[:20]
    table = Table("Household", "Champion", "Was", "Score", "Why", show_edge=False)
    for item in shown:
        table.add_row(
            item.household_ref,
            item.staff_ref or "(waits)",
            item.previous_staff_ref or "",
            "" if item.score is None else f"{item.score:g}",
            "; ".join(item.reasons),
        )
    out.print(table)
    if len(shown) < len(found.items):
        out.print(
            f"  … and {len(found.items) - len(shown):,} more: tfe allocate show {found.id} --all"
        )


@app.command("propose")
def propose_command(
    team: Annotated[
        str | None, typer.Option("--team", help="Only this team's keyworkers and locality.")
    ] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """One optimised proposal for every family waiting for a champion (stored, not applied)."""
    from workflow.allocation.proposals import make_proposal

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = make_proposal(
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            localities=_localities(container),
            team=team,
        )
    if json:
        emit_json(found.as_dict())
        return 0
    _print_proposal(found)
    out.print(
        f"Review it (tfe allocate show {found.id} --output proposal.xlsx), then: "
        f"tfe allocate apply {found.id} [--change HOUSEHOLD=STAFF] or "
        f"tfe allocate reject {found.id} --reason TEXT"
    )
    return 0


@app.command("rebalance")
def rebalance_command(
    staff_ref: Annotated[str, typer.Argument(help="The leaver or absent keyworker.")],
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """A proposal moving every family a leaver (or absent keyworker) champions."""
    from workflow.allocation.proposals import rebalance_proposal

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = rebalance_proposal(
            staff_ref,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            localities=_localities(container),
        )
    if json:
        emit_json(found.as_dict())
        return 0
    _print_proposal(found)
    out.print(f"Apply it with: tfe allocate apply {found.id} --reason TEXT")
    return 0


@app.command("show")
def show_command(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's number.")],
    every: Annotated[bool, typer.Option("--all", help="Every family, not the first 20.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", help="Also write it to this workbook (.xlsx).")
    ] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """One proposal: its figures beside greedy's, and who it gives each family."""
    from workflow.allocation.proposals import show_proposal

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = show_proposal(proposal_id, uow=container.uow(), actor=who)
    if output is not None:
        _write_proposal(found, output)
    if json:
        emit_json(found.as_dict())
        return 0
    _print_proposal(found, every=every)
    if output is not None:
        out.print(f"Workbook: {output}")
    return 0


def _write_proposal(found: Any, path: Path) -> None:
    from workflow.exports import NUMBER, Column, Workbook

    with Workbook(path) as book:
        book.sheet(
            "Summary",
            [Column("", width=28, bold=True), Column("", width=90, wrap=True)],
            header=False,
        ).rows(
            [
                ["Proposal", found.id],
                ["Status", found.status],
                ["Families", found.families],
                ["Given a champion", found.assigned],
                ["Left waiting", found.unassigned],
                *(["", line] for line in found.summary()),
            ]
        )
        book.sheet(
            "Families",
            [
                Column("Household"),
                Column("Proposed champion"),
                Column("Champion before"),
                Column("Score", kind=NUMBER, decimals=1),
                Column("Why", width=80, wrap=True),
            ],
            freeze_columns=1,
            autofilter=True,
        ).rows(
            [
                item.household_ref,
                item.staff_ref or "(waits)",
                item.previous_staff_ref or "",
                item.score,
                "; ".join(item.reasons),
            ]
            for item in found.items
        )


@app.command("proposals")
def proposals_command(
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """The latest allocation proposals and what became of them."""
    from workflow.allocation.proposals import list_proposals

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = list_proposals(uow=container.uow(), actor=who)
    if json:
        emit_json({"proposals": [p.as_dict() for p in found]})
        return 0
    table = Table(
        "Proposal", "Kind", "Status", "Families", "Waiting", "Made by", "Made", show_edge=False
    )
    for p in found:
        table.add_row(
            str(p.id),
            p.kind + (f" ({p.scope})" if p.scope else ""),
            p.status,
            f"{p.families:,}",
            f"{p.unassigned:,}",
            p.created_by,
            _uk(p.created_at),
        )
    out.print(table)
    return 0


@app.command("apply")
def apply_command(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's number.")],
    change: Annotated[
        list[str] | None,
        typer.Option(
            "--change",
            help="An edit, HOUSEHOLD=STAFF (another champion) or HOUSEHOLD=none (leave it "
            "waiting); repeat for several.",
        ),
    ] = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Why (kept with each assignment).")
    ] = "allocation proposal accepted",
    effective: EffectiveOption = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Apply a proposal (with any edits): every family in it gets its champion at once."""
    from workflow.allocation.proposals import apply_proposal
    from workflow.errors import WorkflowError

    edits: dict[str, str | None] = {}
    for text in change or []:
        household, sep, staff = text.partition("=")
        if not sep or not household.strip() or not staff.strip():
            raise WorkflowError(
                f"--change ‘{text[:60]}’ should be HOUSEHOLD=STAFF or HOUSEHOLD=none."
            )
        edits[household.strip()] = None if staff.strip().lower() == "none" else staff.strip()
    on = _date(effective, "--effective")
    with acting(data_dir, database_url, as_staff) as (container, who):
        done = apply_proposal(
            proposal_id,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            localities=_localities(container),
            reason=reason,
            changes=edits,
            effective_on=on,
        )
    if json:
        emit_json(done.as_dict())
        return 0
    out.print(
        f"Proposal {done.proposal_id} applied: {done.assigned:,} families have their champion "
        f"({done.allocated:,} moved to allocated, each with its first tasks); "
        f"{done.edited:,} edited; {done.left_unassigned:,} still waiting."
    )
    return 0


@app.command("reject")
def reject_command(
    proposal_id: Annotated[int, typer.Argument(help="The proposal's number.")],
    reason: ReasonOption,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Turn a proposal down, saying why; nothing is assigned."""
    from workflow.allocation.proposals import reject_proposal

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = reject_proposal(
            proposal_id, reason=reason, uow=container.uow(), clock=container.clock, actor=who
        )
    if json:
        emit_json(found.as_dict())
        return 0
    out.print(f"Proposal {found.id} rejected: {found.decision_reason}")
    return 0
