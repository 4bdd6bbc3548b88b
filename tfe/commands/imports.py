"""``tfe import``: import a partner file, or a whole delivery folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from imports.loading import ImportOutcome, import_file
from imports.loading.folder import delivery_plan
from imports.prefect_env import server_url
from imports.reading import load_mapping
from tfe.commands.common import (
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    parse_uk_date,
    resolve_settings,
)
from tfe.errors import Refused
from tfe.output import emit_json, err, out, progress_bar
from workflow.bootstrap import Container, build
from workflow.templates import KINDS, TEMPLATES


def kinds_help() -> str:
    """The kinds of partner file and what one row of each is, for ``tfe import --help``."""
    width = max(map(len, KINDS))
    rows = [f"  {kind:<{width}}  {TEMPLATES[kind].one_row_is}" for kind in KINDS]
    heading = f"The {len(KINDS)} kinds of partner file, and what one row of each is:"
    return heading + "\n\n\b\n" + "\n".join(rows)  # \b: click keeps the rows as they are


def import_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Argument(help="The kind of file (listed below), e.g. police_incidents.")
    ] = None,
    file: Annotated[Path | None, typer.Argument(help="The .xlsx or .csv file.")] = None,
    folder: Annotated[
        Path | None, typer.Option("--dir", help="Import every partner file in this folder.")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="A column-mapping file for this sender.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Who sent it (default: the kind).")
    ] = None,
    list_date: Annotated[
        str | None,
        typer.Option(
            "--list-date",
            help="For a list of who is on it on one day (the IOM cohort): that day, "
            "dd/mm/yyyy (default: today).",
        ),
    ] = None,
    data_dir: DataDirOption = None,
    database_url: DatabaseUrlOption = None,
    json: JsonOption = False,
) -> int:
    """Import a partner spreadsheet (KIND FILE), or a whole delivery (--dir FOLDER)."""
    # A missing or extra argument is a usage mistake (exit 2); a value that isn't good is
    # refused input (exit 1).
    if folder is None and (kind is None or file is None):
        ctx.fail("give a KIND and a FILE, or --dir FOLDER")
    if folder is not None and (kind is not None or file is not None):
        ctx.fail("give either KIND FILE or --dir FOLDER, not both")
    if folder is not None and not folder.is_dir():
        raise Refused(f"there is no folder at {folder}")
    if kind is not None and kind not in KINDS:
        raise Refused(f"‘{kind}’ is not a kind of partner file; known kinds: {', '.join(KINDS)}")
    if file is not None and not file.is_file():
        raise Refused(f"there is no file at {file}")
    listed = None if list_date is None else parse_uk_date(list_date, "--list-date")
    settings = resolve_settings(data_dir, database_url)
    aliases = load_mapping(mapping) if mapping is not None else None
    container = build(settings)
    try:
        if folder is not None:
            plan, unknown = delivery_plan(folder)
            for path in unknown:
                err.print(f"Skipped {path.name}: its name does not say which kind of file it is.")
        else:
            assert kind is not None and file is not None
            plan, unknown = [(kind, file)], []
        if server_url() is not None:
            outcomes = _on_prefect_server(plan, mapping, source, listed)
        else:
            outcomes = _in_process(
                container, plan, aliases, source, listed, progress_enabled=not json
            )
    finally:
        container.close()
    if json:
        emit_json({"files": [o.as_dict() for o in outcomes], "skipped": [str(p) for p in unknown]})
    else:
        for outcome in outcomes:
            _print_outcome(outcome)
    return 0 if outcomes and all(o.accepted for o in outcomes) else 1


def _in_process(
    container: Container,
    plan: list[tuple[str, Path]],
    aliases: dict[str, str] | None,
    source: str | None,
    list_date: dt.date | None,
    *,
    progress_enabled: bool,
) -> list[ImportOutcome]:
    from workflow.screening.rescreen import rescreen_after_import

    outcomes = []
    with progress_bar(enabled=progress_enabled) as progress:
        for kind, path in plan:
            outcome = import_file(
                container,
                path,
                kind,
                mapping=aliases,
                source=source,
                list_date=list_date,
                progress=progress,
            )
            outcomes.append(outcome)
            if outcome.status == "accepted" and outcome.batch_id is not None:
                rescreen_after_import(container, outcome.batch_id, actor="cli")
    return outcomes


def _on_prefect_server(
    plan: list[tuple[str, Path]],
    mapping: Path | None,
    source: str | None,
    list_date: dt.date | None,
) -> list[ImportOutcome]:
    """With a Prefect server configured, each file is a recorded run of the import flow."""
    from imports.flows import import_partner_file

    outcomes = []
    for kind, path in plan:
        summary = import_partner_file(
            str(path.resolve()),
            kind,
            mapping_path=str(mapping) if mapping else None,
            source=source,
            list_date=None if list_date is None else list_date.isoformat(),
        )
        summary.pop("accepted", None)
        outcomes.append(ImportOutcome(**summary))
    return outcomes


def _print_outcome(o: ImportOutcome) -> None:
    if o.status == "unchanged":
        out.print(
            f"{o.file_name} ({o.kind}): already imported as batch {o.batch_id}, nothing changed."
        )
        return
    if o.status == "rejected":
        out.print(f"{o.file_name} ({o.kind}): NOT LOADED. {o.detail}")
        out.print(f"  What to send back to the sender: {o.report_path}")
        return
    out.print(
        f"{o.file_name} ({o.kind}): batch {o.batch_id} — read {o.rows_read:,}, "
        f"loaded {o.rows_loaded:,}, rejected {o.rows_rejected:,}, "
        f"replaced {o.rows_replaced:,}, not yet linked to a person {o.rows_unlinked:,}, "
        f"in {o.seconds:.1f} s"
    )
    if o.extra_columns:
        out.print(f"  Columns ignored (not in the template): {', '.join(o.extra_columns)}")
    if o.report_path:
        out.print(f"  Rejected rows, with reasons, for the sender: {o.report_path}")
