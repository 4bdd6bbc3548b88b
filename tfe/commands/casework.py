"""The commands a manager and a keyworker use every day.

``tfe households``, ``tfe household show|tier|strand|enforcement|migrate REF``,
``tfe move REF TRIGGER``, ``tfe refer REF``, ``tfe record REF KIND``, ``tfe tasks`` (and
``done``, ``add``, ``reassign``, ``check``),
``tfe approvals request|decide``. Each acts as the member of staff named by ``--as``
(their role comes from the staff register), or as the command line itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tfe.commands.common import (
    CLI,
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    parse_uk_date,
    resolve_settings,
)
from tfe.output import emit_json, out
from workflow.bootstrap import Container, build
from workflow.pathway.catalogue import PathwayCatalogue, council_pathways
from workflow.principal import Principal

AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Act as this member of staff (their staff reference)."),
]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept with the change).")]
EffectiveOption = Annotated[
    str | None,
    typer.Option(
        "--effective",
        help="The day it took effect, dd/mm/yyyy, if earlier than today (back-dated work).",
    ),
]

tasks_app = typer.Typer(help="Keyworkers' and managers' tasks.", invoke_without_command=True)
approvals_app = typer.Typer(help="Managers' approvals.", no_args_is_help=True)
household_app = typer.Typer(help="One household.", no_args_is_help=True)


@contextmanager
def acting(
    data_dir: Path | None, database_url: str | None, staff_ref: str | None
) -> Iterator[tuple[Container, Principal]]:
    from workflow.staff import principal_for

    container = build(resolve_settings(data_dir, database_url))
    try:
        principal = CLI if staff_ref is None else principal_for(container.uow(), staff_ref)
        yield container, principal
    finally:
        container.close()


def pathways(container: Container) -> PathwayCatalogue:
    """The council's pathway versions (shipped and its own), checked."""
    return council_pathways(container.settings)


def _date(text: str | None, option: str) -> dt.date | None:
    return None if text is None else parse_uk_date(text, option)


def _uk(day: dt.date | str | None) -> str:
    if day is None:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return f"{day:%d/%m/%Y}"


def households(
    state: Annotated[str | None, typer.Option("--state", help="Only this state.")] = None,
    tier: Annotated[str | None, typer.Option("--tier", help="Only this tier.")] = None,
    unallocated: Annotated[
        bool, typer.Option("--unallocated", help="Eligible families with no champion yet.")
    ] = False,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """The households in the programme: the list a manager works from."""
    from workflow.households.show import listing

    with acting(data_dir, database_url, as_staff) as (container, who):
        found = listing(
            uow=container.uow(), actor=who, state=state, tier=tier, unallocated=unallocated
        )
    if json:
        emit_json({"households": [h.as_dict() for h in found]})
        return 0
    table = Table("Household", "State", "Tier", "Strand", "Champion", "Flag", show_edge=False)
    for h in found:
        table.add_row(
            h.household_ref,
            h.state.replace("_", " "),
            h.tier or "",
            (h.strand or "").replace("_", " "),
            h.champion or "",
            h.flag or "",
        )
    out.print(table)
    out.print(f"{len(found):,} households.")
    return 0


@household_app.command("show")
def show(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """A household: its state, tier, strand, champion, open tasks and history."""
    from workflow.households.show import show as show_household

    with acting(data_dir, database_url, as_staff) as (container, who):
        page = show_household(
            household_ref,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            purpose="household page",
        )
    if json:
        emit_json(page.as_dict())
        return 0
    out.print(f"[bold]Household {page.household_ref}[/bold] (episode {page.episode})")
    out.print(f"  State: {(page.state or 'not in the programme').replace('_', ' ')}")
    out.print(f"  Tier: {page.tier or 'not on a tier yet'}")
    strand = (page.strand or "not set").replace("_", " ")
    out.print(f"  Strand: {strand}" + (f" ({page.strand_reason})" if page.strand_reason else ""))
    if page.champion:
        c = page.champion
        out.print(f"  Champion: {c.name} ({c.staff_ref}) since {_uk(c.since)}")
    else:
        out.print("  Champion: none yet")
    if page.flag:
        out.print(f"  Flag: {page.flag}")
    out.print(f"  Open tasks ({len(page.tasks)}):")
    for t in page.tasks:
        late = " OVERDUE" if t.overdue else ""
        out.print(f"    {t.task_id}: {t.title}, due {_uk(t.due_on)}{late} ({t.assignee or t.role})")
    out.print("  History:")
    for m in page.history:
        when, recorded = _uk(m["effective_on"] or m["recorded"]), _uk(m["recorded"])
        late = f" (recorded {recorded})" if recorded != when else ""
        out.print(
            f"    {when} {m['kind']}: {m['trigger']} -> {m['to']} by {m['by']}: {m['reason']}{late}"
        )
    return 0


@household_app.command("tier")
def tier(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    trigger: Annotated[str, typer.Argument(help="step_up or step_down.")],
    reason: ReasonOption,
    to: Annotated[
        str | None, typer.Option("--to", help="A tier other than the next one, e.g. intensive.")
    ] = None,
    effective: EffectiveOption = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Step a household up or down a tier (into intensive only with a manager's approval;
    down only after a completed review)."""
    from workflow.tiers.service import step_tier

    on = _date(effective, "--effective")
    with acting(data_dir, database_url, as_staff) as (container, who):
        moved = step_tier(
            household_ref,
            trigger,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            reason=reason,
            to=to,
            effective_on=on,
        )
    if json:
        emit_json(moved.as_dict())
        return 0
    out.print(
        f"Household {moved.household_ref}: {moved.from_tier or 'no tier'} -> "
        f"{moved.to_tier or 'no tier'} ({moved.trigger}), effective {_uk(moved.effective_on)}."
    )
    return 0


@household_app.command("strand")
def strand(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    chosen: Annotated[str, typer.Argument(help="periphery, at_risk or gang_member.")],
    reason: ReasonOption,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Override the strand worked out from matching and screening (a manager), with a reason."""
    from workflow.tiers.service import override_strand

    with acting(data_dir, database_url, as_staff) as (container, who):
        kept = override_strand(household_ref, chosen, uow=container.uow(), actor=who, reason=reason)
    out.print(f"Household {household_ref}: strand set to {kept.replace('_', ' ')}.")
    return 0


@household_app.command("enforcement")
def enforcement(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    agency: Annotated[str, typer.Argument(help="police, asb, housing or other.")],
    reason: ReasonOption,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Record enforcement alongside a household's support, with the agency responsible
    (only on tiers that allow it: silver and above by default)."""
    from workflow.tiers.service import add_enforcement

    with acting(data_dir, database_url, as_staff) as (container, who):
        number = add_enforcement(
            household_ref,
            agency,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            reason=reason,
        )
    out.print(f"Household {household_ref}: enforcement by {agency} recorded (number {number}).")
    return 0


@household_app.command("migrate")
def migrate(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    version: Annotated[str, typer.Argument(help="The pathway version to move it to.")],
    reason: ReasonOption,
    to: Annotated[
        str | None, typer.Option("--to", help="Its tier on the new version, if not the same.")
    ] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Move a household to a newer version of the pathway (a manager); it otherwise keeps
    the version it started under."""
    from workflow.tiers.service import migrate_pathway

    with acting(data_dir, database_url, as_staff) as (container, who):
        moved = migrate_pathway(
            household_ref,
            version,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            pathways=pathways(container),
            reason=reason,
            to=to,
        )
    if json:
        emit_json(moved.as_dict())
        return 0
    out.print(
        f"Household {moved.household_ref}: now on pathway {moved.pathway}, tier "
        f"{moved.to_tier or 'none'}."
    )
    return 0


def move(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    trigger: Annotated[str, typer.Argument(help="What happened, e.g. start_assessment, close.")],
    reason: ReasonOption,
    effective: EffectiveOption = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Move a household along its lifecycle (to close, give the closure reason as --reason)."""
    from workflow.lifecycle.service import move_household

    on = _date(effective, "--effective")
    with acting(data_dir, database_url, as_staff) as (container, who):
        moved = move_household(
            household_ref,
            trigger,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            reason=reason,
            effective_on=on,
            pathways=pathways(container),
        )
    if json:
        emit_json(moved.as_dict())
        return 0
    out.print(
        f"Household {moved.household_ref}: {moved.from_state.replace('_', ' ')} -> "
        f"{moved.to_state.replace('_', ' ')} ({moved.trigger}), effective "
        f"{_uk(moved.effective_on)}; {moved.tasks_made} new task(s)."
    )
    return 0


def refer(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    reason: ReasonOption,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Refer a household again: a new episode opens; its earlier episodes are kept."""
    from workflow.lifecycle.service import refer_household

    with acting(data_dir, database_url, as_staff) as (container, who):
        episode = refer_household(
            household_ref, uow=container.uow(), clock=container.clock, actor=who, reason=reason
        )
    out.print(f"Household {household_ref}: episode {episode.number} opened (identified).")
    return 0


def record(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    kind: Annotated[
        str,
        typer.Argument(help="contact, assessment, plan, review or outcome_evidence."),
    ],
    note: Annotated[str | None, typer.Option("--note", help="The note itself.")] = None,
    effective: EffectiveOption = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Record a contact, an assessment, a plan, a review or evidence of progress."""
    from workflow.casework.records import record_case

    on = _date(effective, "--effective")
    with acting(data_dir, database_url, as_staff) as (container, who):
        done = record_case(
            household_ref,
            kind,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            summary=note,
            effective_on=on,
            pathways=pathways(container),
        )
    if json:
        emit_json(done.as_dict())
        return 0
    out.print(
        f"Recorded a {done.kind.replace('_', ' ')} for household {done.household_ref} "
        f"({_uk(done.effective_on)}); {done.tasks_completed} task(s) done."
    )
    return 0


@tasks_app.callback()
def tasks(
    ctx: typer.Context,
    worker: Annotated[str | None, typer.Option("--worker", help="This worker's tasks.")] = None,
    team: Annotated[str | None, typer.Option("--team", help="This team's tasks.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue tasks.")] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Open tasks, overdue first (a worker's with --worker, a team's with --team)."""
    if ctx.invoked_subcommand is not None:
        return 0
    from workflow.tasks.service import list_tasks

    with acting(data_dir, database_url, None) as (container, _who):
        found = list_tasks(
            uow=container.uow(),
            clock=container.clock,
            staff_ref=worker,
            team=team,
            overdue_only=overdue,
        )
    if json:
        emit_json({"tasks": [t.as_dict() for t in found]})
        return 0
    table = Table("Task", "Household", "What", "Due", "For", show_edge=False)
    for t in found:
        due = _uk(t.due_on) + (" OVERDUE" if t.overdue else "")
        table.add_row(str(t.task_id), t.household_ref, t.title, due, t.assignee or t.role)
    out.print(table)
    late = sum(1 for t in found if t.overdue)
    out.print(f"{len(found):,} open tasks, {late:,} overdue.")
    return 0


@tasks_app.command("done")
def task_done(
    task_id: Annotated[int, typer.Argument(help="The task's number.")],
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Mark a task done."""
    from workflow.tasks.service import complete_task

    with acting(data_dir, database_url, as_staff) as (container, who):
        done = complete_task(task_id, uow=container.uow(), clock=container.clock, actor=who)
    out.print(f"Task {done.task_id} ({done.title}, household {done.household_ref}) is done.")
    return 0


@tasks_app.command("add")
def task_add(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    title: Annotated[str, typer.Argument(help="What needs doing.")],
    due: Annotated[str, typer.Option("--due", help="When, dd/mm/yyyy.")],
    worker: Annotated[str | None, typer.Option("--for", help="Whose task (staff ref).")] = None,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Add a task of your own for a family."""
    from workflow.tasks.service import add_task

    on = parse_uk_date(due, "--due")
    with acting(data_dir, database_url, as_staff) as (container, who):
        added = add_task(
            household_ref,
            title,
            on,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            staff_ref=worker,
        )
    out.print(f"Task {added.task_id} added for household {added.household_ref}, due {_uk(on)}.")
    return 0


@tasks_app.command("reassign")
def task_reassign(
    task_id: Annotated[int, typer.Argument(help="The task's number.")],
    staff_ref: Annotated[str, typer.Argument(help="Who takes it over.")],
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Give a task to someone else (a manager)."""
    from workflow.tasks.service import reassign_task

    with acting(data_dir, database_url, as_staff) as (container, who):
        moved = reassign_task(task_id, staff_ref, uow=container.uow(), actor=who)
    out.print(f"Task {moved.task_id} is now {staff_ref}'s.")
    return 0


@tasks_app.command("check")
def task_check(
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Mark overdue tasks and count them for each champion and team (the daily check)."""
    from workflow.tasks.service import mark_overdue

    with acting(data_dir, database_url, None) as (container, who):
        report = mark_overdue(uow=container.uow(), clock=container.clock, actor=who)
    if json:
        emit_json(report.as_dict())
        return 0
    out.print(f"{report.newly_overdue:,} task(s) became overdue today.")
    for person, count in sorted(report.by_assignee.items()):
        out.print(f"  {person}: {count:,} overdue")
    for team, count in sorted(report.by_team.items()):
        out.print(f"  team {team} (for its managers): {count:,} overdue")
    return 0


@approvals_app.command("request")
def approval_request(
    household_ref: Annotated[str, typer.Argument(help="The household, e.g. H000123.")],
    action: Annotated[str, typer.Argument(help="What to approve: claim, step_up:intensive …")],
    reason: ReasonOption,
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Ask a manager to approve a step for a family."""
    from workflow.casework.approvals import request_approval

    with acting(data_dir, database_url, as_staff) as (container, who):
        asked = request_approval(
            household_ref,
            action,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            reason=reason,
        )
    out.print(f"Request {asked.approval_id} is waiting for a manager.")
    return 0


@approvals_app.command("decide")
def approval_decide(
    approval_id: Annotated[int, typer.Argument(help="The request's number.")],
    refuse: Annotated[bool, typer.Option("--refuse", help="Refuse rather than approve.")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why.")] = "",
    as_staff: AsOption = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
) -> int:
    """Approve (or, with --refuse, refuse) a request: never your own."""
    from workflow.casework.approvals import decide_approval

    with acting(data_dir, database_url, as_staff) as (container, who):
        decided = decide_approval(
            approval_id,
            not refuse,
            uow=container.uow(),
            clock=container.clock,
            actor=who,
            reason=reason,
        )
    out.print(f"Request {decided.approval_id} ({decided.action}) {decided.status}.")
    return 0
