"""``tfe import``: import a partner file, or a whole delivery folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from imports import after
from imports.after import MatchAfter
from imports.loading import ImportOutcome, import_file
from imports.loading.folder import delivery_plan
from imports.prefect_env import server_url
from imports.reading import load_mapping
from tfe.commands.common import (
    CLI,
    DatabaseUrlOption,
    DataDirOption,
    JsonOption,
    parse_uk_date,
    resolve_settings,
)
from tfe.errors import Refused
from tfe.output import emit_json, err, out, progress_bar
from workflow.bootstrap import Container, build
from workflow.screening.service import load_rules
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
        matched: MatchAfter | None = None
        if server_url() is not None:
            outcomes = _on_prefect_server(plan, mapping, source, listed)
        else:
            outcomes, matched = _in_process(
                container, plan, aliases, source, listed, progress_enabled=not json
            )
    finally:
        container.close()
    if json:
        emit_json(
            {
                "files": [o.as_dict() for o in outcomes],
                "skipped": [str(p) for p in unknown],
                "matching": _match_summary(matched),
            }
        )
    else:
        for outcome in outcomes:
            _print_outcome(outcome)
        _print_match(matched)
    return 0 if outcomes and all(o.accepted for o in outcomes) else 1


def _match_summary(matched: MatchAfter | None) -> dict[str, object] | None:
    if matched is None:
        return None
    if matched.report is None:
        return {"ran": False, "note": matched.note}
    report = matched.report
    return {
        "ran": True,
        "run_id": report.run_id,
        "linked": report.linked,
        "kept": report.kept,
        "to_review": report.to_review,
        "rescreened": report.rescreened,
    }


def _print_match(matched: MatchAfter | None) -> None:
    if matched is None:
        return
    if matched.report is None:
        out.print(f"Matching did not run: {matched.note}")
        return
    report = matched.report
    out.print(
        f"Matched the police lists and unlinked rows (run {report.run_id}): "
        f"linked {report.linked + report.kept:,}, waiting for review {report.to_review:,} "
        "(tfe match review)"
    )


def _in_process(
    container: Container,
    plan: list[tuple[str, Path]],
    aliases: dict[str, str] | None,
    source: str | None,
    list_date: dt.date | None,
    *,
    progress_enabled: bool,
) -> tuple[list[ImportOutcome], MatchAfter | None]:
    """Import each file, then follow up as the import flows do (``imports.after``): screen
    each accepted file's households again, then match once if any file needs it."""
    settings = container.settings
    catalogue = load_rules(settings)
    outcomes = []
    with progress_bar(enabled=progress_enabled) as progress:
        for kind, path in plan:
            outcome = import_file(
                path,
                kind,
                uow=container.uow(),
                reports_dir=settings.reports_dir,
                mapping=aliases,
                source=source,
                list_date=list_date,
                progress=progress,
                clock=container.clock,
                actor=CLI,
            )
            outcomes.append(outcome)
            if outcome.accepted and outcome.batch_id is not None:
                after.rescreen(
                    outcome.batch_id,
                    uow=container.uow(),
                    clock=container.clock,
                    actor=CLI,
                    catalogue=catalogue,
                )
        wanted = [o for o in outcomes if after.wants_matching(o.as_dict())]
        if not wanted:
            return outcomes, None
        progress("Matching police lists and unlinked rows", 0, 1)
        matched = after.match(
            uow=container.uow(),
            catalogue=catalogue,
            model_dir=settings.model_dir,
            batch_id=wanted[-1].batch_id,
            clock=container.clock,
            actor=CLI,
        )
        progress("Matching police lists and unlinked rows", 1, 1)
    return outcomes, matched


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
