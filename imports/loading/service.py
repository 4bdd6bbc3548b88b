"""Importing one partner file: the plain function every entry point (CLI, API, flow) calls.

    outcome = import_file(path, "people", uow=container.uow(), clock=container.clock,
                          actor=principal, reports_dir=settings.data_dir / "reports")

1. The file's checksum is compared with accepted batches: the same file twice changes nothing.
2. A batch is recorded as ``running`` (so the data officer can see it) and committed.
3. The file is read and validated, outside any transaction; a file wrong as a whole is
   ``rejected`` with a report.
4. In **one transaction**: earlier facts of the same period are replaced, the good rows are
   linked and stored with provenance, the batch is marked ``accepted`` and the audit trail
   written. A crash or kill before the commit leaves the database as it was; running the
   import again finishes the job.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from imports.errors import ImportStopped
from imports.loading import facts, register
from imports.loading.linking import Register
from imports.loading.outcome import ImportOutcome
from imports.loading.periods import period_of, replace_period
from imports.reading import (
    FileRefused,
    ReadResult,
    file_checksum,
    read_partner_file,
    refusal_report,
    write_error_report,
)
from workflow import audit
from workflow.batches import status as batch_status
from workflow.batches.machine import BatchTrigger
from workflow.batches.reaper import reap_stopped
from workflow.clock import Clock
from workflow.db.base import utcnow
from workflow.domain.vocabulary import BatchStatus
from workflow.principal import SYSTEM, Principal
from workflow.templates import KINDS
from workflow.uow import UnitOfWork

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class StartedImport:
    """An import that has a running batch and is ready to read its file."""

    batch_id: int
    path: Path
    kind: str
    source: str
    actor: Principal
    today: dt.date
    started: float
    period: tuple[dt.date, dt.date] | None = None
    checksum: str | None = None
    list_date: dt.date | None = None


def import_file(
    path: Path,
    kind: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    reports_dir: Path,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    batch_id: int | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    list_date: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import ``path`` as a ``kind`` file. See the module docstring for the guarantees.

    Args:
        path: the .xlsx or .csv file.
        kind: one of the template kinds in ``workflow.templates.KINDS``.
        uow: the unit of work (a fresh one: the batch's status is committed on its own
            first, so a data officer sees it while the file is read).
        clock: today's date is the import date, used for "date in the future" checks.
        actor: who imports it (the uploader, for an upload), in the audit trail.
        reports_dir: where the sender's error reports are written.
        mapping: extra header aliases for this sender (``{"Sender header": "canonical"}``).
        source: who sent it (default: the kind); a re-send from the same source for the
            same period replaces that period's facts.
        batch_id: an existing pending batch to use (the API records one on upload).
        period: the period the delivery covers, first and last day. A corrected re-send
            for the same period replaces every earlier fact of that source in it. Without
            it, the period is the span of the rows' dates.
        list_date: for a list that says who is on it on one day (the IOM cohort), that
            day, when the sender produced it; default: the import date.
        progress: ``progress(stage, done, total)`` for a progress bar.
    """
    tick = progress or (lambda _stage, _done, _total: None)
    tick("Checking the file", 0, 3)
    started = begin_import(
        path,
        kind,
        uow=uow,
        clock=clock,
        actor=actor,
        source=source,
        batch_id=batch_id,
        period=period,
        list_date=list_date,
    )
    if isinstance(started, ImportOutcome):
        tick("Checking the file", 3, 3)
        return started
    tick("Reading and checking rows", 1, 3)
    result = read_import(started, mapping=mapping)
    tick("Linking and storing rows", 2, 3)
    outcome = finish_import(started, result, uow=uow, reports_dir=reports_dir)
    tick("Done", 3, 3)
    return outcome


def begin_import(
    path: Path,
    kind: str,
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    source: str | None = None,
    batch_id: int | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    list_date: dt.date | None = None,
) -> StartedImport | ImportOutcome:
    """Check the kind and checksum; record a running batch. An ``ImportOutcome`` means done."""
    started = time.perf_counter()
    if kind not in KINDS:
        raise FileRefused(
            f"‘{kind}’ is not a kind of partner file the engine knows. "
            f"Known kinds: {', '.join(KINDS)}.",
            code="unknown_kind",
        )
    if not path.is_file():
        raise FileRefused(f"There is no file at {path}.", code="no_file")
    if period is not None and period[0] > period[1]:
        raise FileRefused("The period's first day is after its last day.", code="bad_period")
    today = clock.today()
    if list_date is not None and list_date > today:
        raise FileRefused(
            f"The list date {list_date:%d/%m/%Y} is in the future. Give the day the sender "
            "produced the list.",
            code="bad_list_date",
        )
    # Any earlier import whose process died is marked failed first, saying so.
    reap_stopped(uow, actor=SYSTEM, clock=clock)
    checksum = file_checksum(path)
    seen = batch_status.accepted_batch(uow, kind, checksum)
    if seen is not None:
        if batch_id is not None:
            batch_status.mark_unchanged(uow, batch_id, seen, actor=actor)
        return ImportOutcome(
            kind,
            path.name,
            "unchanged",
            batch_id=seen,
            detail="This file was imported before: nothing changed.",
            seconds=time.perf_counter() - started,
        )
    source = source or kind
    batch_id = batch_status.start_batch(
        uow,
        actor=actor,
        kind=kind,
        file_name=path.name,
        checksum=checksum,
        source=source,
        submitted_by=actor.ref,
        batch_id=batch_id,
    )
    return StartedImport(
        batch_id,
        path,
        kind,
        source,
        actor,
        today,
        started,
        period,
        checksum,
        list_date,
    )


def read_import(
    started: StartedImport, *, mapping: Mapping[str, str] | None = None
) -> ReadResult | FileRefused:
    """Read and validate the file; a file wrong as a whole comes back as its refusal."""
    try:
        return read_partner_file(
            started.path,
            started.kind,
            mapping=mapping,
            today=started.today,
            checksum=started.checksum,
        )
    except FileRefused as refused:
        return refused
    except Exception as exc:
        raise ImportStopped.scrubbed(started.batch_id, "reading the file", exc) from None


def finish_import(
    started: StartedImport,
    result: ReadResult | FileRefused,
    *,
    uow: UnitOfWork,
    reports_dir: Path,
) -> ImportOutcome:
    """Store the good rows in one transaction (or record the refusal) and write the report."""
    reports = reports_dir
    batch_id, kind, path = started.batch_id, started.kind, started.path
    if isinstance(result, FileRefused):
        report = refusal_report(result, path, reports / f"batch-{batch_id}-{kind}-not-loaded.xlsx")
        batch_status.finish_rejected(
            uow,
            batch_id,
            actor=started.actor,
            detail=result.detail,
            code=result.code,
            report=str(report),
        )
        return ImportOutcome(
            kind,
            path.name,
            "rejected",
            batch_id=batch_id,
            detail=result.detail,
            code=result.code,
            report_path=str(report),
            seconds=time.perf_counter() - started.started,
        )
    try:
        outcome = _load(uow, started, result, reports)
    except BaseException as exc:  # a crash, or an interrupt: nothing was loaded
        batch_status.mark_failed(uow, batch_id, actor=started.actor)
        if isinstance(exc, Exception):
            raise ImportStopped.scrubbed(batch_id, "storing its rows", exc) from None
        raise
    return replace(outcome, seconds=time.perf_counter() - started.started)


def _load(
    uow: UnitOfWork, started: StartedImport, result: ReadResult, reports: Path
) -> ImportOutcome:
    kind, batch_id, now = started.kind, started.batch_id, utcnow()
    rejections = list(result.rejections)
    replaced, superseded, unlinked, period = 0, None, 0, started.period
    with uow:
        connection = uow.connection
        assert started.checksum is not None
        same = batch_status.hold_file(
            connection, kind=kind, checksum=started.checksum, batch_id=batch_id
        )
        if same is not None:  # another import of this file was accepted meanwhile
            detail = batch_status.same_file(connection, batch_id, same, actor=started.actor)
            uow.commit()
            return ImportOutcome(kind, started.path.name, "unchanged", batch_id=same, detail=detail)
        if kind == "people":
            loaded = register.load_people(
                connection, result.frame, batch_id=batch_id, today=started.today, now=now
            )
        elif kind == "keyworkers":
            loaded = register.load_keyworkers(connection, result.frame, batch_id=batch_id, now=now)
        else:
            frame, more = facts.prepare(
                kind, result.frame, list_date=started.list_date or started.today
            )
            rejections += more
            period = period or period_of(frame)
            if period is not None:
                replaced, superseded = replace_period(
                    connection,
                    table=facts.table_for(kind),
                    kind=kind,
                    source=started.source,
                    period=period,
                    batch_id=batch_id,
                    actor=started.actor,
                )
            loaded, unlinked = facts.load(
                connection, kind, frame, batch_id=batch_id, register=Register.load(connection)
            )
        rejected_rows = len({r.row for r in rejections})
        report = None
        if rejections:
            final = replace(result, rejections=rejections)
            report = write_error_report(
                final, started.path, reports / f"batch-{batch_id}-{kind}-rejected-rows.xlsx"
            )
        batch_status.move_batch(
            connection,
            batch_id,
            BatchTrigger.ACCEPT,
            actor=started.actor,
            reason=f"{loaded} rows loaded, {rejected_rows} rejected",
            values={
                "sheet": result.sheet,
                "rows_read": result.rows_read,
                "rows_loaded": loaded,
                "rows_rejected": rejected_rows,
                "rows_unlinked": unlinked,
                "report_path": None if report is None else str(report),
                "finished_at": utcnow(),
                "supersedes_batch_id": superseded,
                "period_start": period[0] if period else None,
                "period_end": period[1] if period else None,
            },
        )
        audit.record(
            connection,
            actor=started.actor,
            action="import",
            entity_type="import_batch",
            entity_id=batch_id,
            detail={
                "kind": kind,
                "loaded": loaded,
                "rejected": rejected_rows,
                "incomplete": result.rows_incomplete,
                "replaced": replaced,
            },
        )
        uow.commit()
    return ImportOutcome(
        kind,
        started.path.name,
        BatchStatus.ACCEPTED.value,
        batch_id=batch_id,
        rows_read=result.rows_read,
        rows_loaded=loaded,
        rows_rejected=rejected_rows,
        rows_unlinked=unlinked,
        rows_replaced=replaced,
        extra_columns=tuple(result.extra_columns),
        report_path=None if report is None else str(report),
        superseded_batch_id=superseded,
        rows_incomplete=result.rows_incomplete,
        notes=incomplete_notes(result),
    )


def incomplete_notes(result: ReadResult) -> tuple[str, ...]:
    """What the import report says of partial identities: counts by what is missing
    (no names or dates of birth: those stay in the police-intelligence tables)."""
    if not result.incomplete and not result.file_notes:
        return ()
    counts: dict[str, int] = {}
    for note in result.incomplete:
        what = note.reason.split(":")[0]
        counts[what] = counts.get(what, 0) + 1
    notes = list(result.file_notes)
    if counts:
        parts = "; ".join(f"{what.lower()}: {n:,}" for what, n in sorted(counts.items()))
        notes.append(
            f"{result.rows_incomplete:,} rows are incomplete identities ({parts}). They are "
            "kept and matched on what they carry; a link needs stronger evidence, otherwise "
            "they go to review"
        )
    return tuple(notes)
