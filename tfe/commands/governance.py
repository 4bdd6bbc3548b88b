"""``tfe retention`` and ``tfe person export``: information governance from the command line.

- ``tfe retention [--dry-run]`` deletes what the council's retention policy says has been
  kept long enough (it also runs every night as the ``retention`` flow), and prints what
  went, by kind and count;
- ``tfe person export PERSON_REF`` writes everything the engine holds about one person to
  a workbook, for a subject access request; the request is recorded in the audit trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tfe.commands.common import (
    CLI,
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    resolve_settings,
)
from tfe.output import emit_json, out
from workflow.bootstrap import build
from workflow.retention.policy import load_policy
from workflow.retention.sweep import sweep

person_app = typer.Typer(help="What the engine holds about one person.", no_args_is_help=True)


def retention(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be deleted; delete nothing.")
    ] = False,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Delete what the retention policy says has been kept long enough (docs/retention.md)."""
    settings = resolve_settings(data_dir, database_url)
    policy = load_policy(settings.effective_retention_file)
    container = build(settings)
    try:
        report = sweep(
            uow=container.uow(),
            clock=container.clock,
            actor=CLI,
            policy=policy,
            uploads_dir=settings.uploads_dir,
            reports_dir=settings.reports_dir,
            dry_run=dry_run,
        )
    finally:
        container.close()
    if json:
        emit_json(report.as_dict() | {"policy": policy.source})
        return 0
    verb = "Would delete" if dry_run else "Deleted"
    out.print(f"Retention periods: {policy.source}")
    table = Table("What", "How many", show_edge=False)
    for label, count in report.counts.items():
        table.add_row(label, f"{count:,}")
    out.print(table)
    out.print(f"{verb} {report.total:,} items past their retention period.")
    if dry_run:
        out.print("Nothing was changed. Run without --dry-run to delete them.")
    if report.files_not_removed:
        out.print(f"{report.files_not_removed} files could not be removed: see their folders.")
    return 0


@person_app.command("export")
def export_person(
    person_ref: Annotated[str, typer.Argument(help="The person's reference, e.g. P000123.")],
    output: Annotated[
        Path | None, typer.Option("--output", help="Workbook to write (default: data/reports/…).")
    ] = None,
    without_intelligence: Annotated[
        bool,
        typer.Option(
            "--without-intelligence",
            help="Leave out police intelligence (gangs matrix, IOM cohort, their flags).",
        ),
    ] = False,
    reason: Annotated[
        str,
        typer.Option("--reason", help="Why (recorded): e.g. a subject access request's number."),
    ] = "subject access request",
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Everything the engine holds about one person, as a workbook (a subject access request)."""
    from workflow.subject_access import person_record, write_person_record

    settings = resolve_settings(data_dir, database_url)
    container = build(settings)
    try:
        record = person_record(
            person_ref,
            uow=container.uow(),
            actor=CLI,
            clock=container.clock,
            purpose=reason,
            include_intelligence=not without_intelligence,
        )
    finally:
        container.close()
    stamp = container.clock.today().isoformat()
    path = output or settings.reports_dir / f"person-{person_ref}-{stamp}.xlsx"
    write_person_record(record, path)
    if json:
        emit_json({"person_ref": person_ref, "workbook": str(path), "rows": record.counts()})
        return 0
    out.print(f"Everything held about {person_ref}, sheet by sheet:")
    for sheet, rows in record.counts().items():
        out.print(f"  {sheet}: {rows:,} {'row' if rows == 1 else 'rows'}")
    if without_intelligence:
        out.print("  (police intelligence left out, as asked)")
    out.print(f"Workbook: {path}")
    out.print("The request is recorded in the audit trail.")
    return 0
