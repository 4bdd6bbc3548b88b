"""``tfe retention``: information governance from the command line.

- ``tfe retention [--dry-run]`` deletes what the council's retention policy says has been
  kept long enough (it also runs every night as the ``retention`` flow), and prints what
  went, by kind and count;
"""

from __future__ import annotations

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
