"""Importing one partner file: the plain function every entry point (CLI, API, flow) calls.

1. The file's checksum is compared with accepted batches: the same file twice changes nothing.
2. A batch is recorded as ``running`` (so the data officer can see it) and committed.
3. The file is read and validated; a file wrong as a whole is ``rejected`` with a report.
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

from sqlalchemy import update

from imports.errors import ImportStopped
from imports.loading import batch_status, facts, register
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
from workflow.bootstrap import Container
from workflow.db.base import utcnow
from workflow.db.models import ImportBatch
from workflow.domain.vocabulary import BatchStatus
from workflow.templates import KINDS

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class StartedImport:
    """An import that has a running batch and is ready to read its file."""

    batch_id: int
    path: Path
    kind: str
    source: str
    submitted_by: str
    today: dt.date
    started: float
    period: tuple[dt.date, dt.date] | None = None
    checksum: str | None = None
    list_date: dt.date | None = None


def import_file(
    container: Container,
    path: Path,
    kind: str,
    *,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    submitted_by: str = "system",
    today: dt.date | None = None,
    batch_id: int | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    list_date: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import ``path`` as a ``kind`` file. See the module docstring for the guarantees.

    Args:
        container: the engine's wiring (database).
        path: the .xlsx or .csv file.
        kind: one of the template kinds in ``workflow.templates.KINDS``.
        mapping: extra header aliases for this sender (``{"Sender header": "canonical"}``).
        source: who sent it (default: the kind); a re-send from the same source for the
            same period replaces that period's facts.
        submitted_by: the staff reference recorded in the audit trail.
        today: the import date (default: today), used for "date in the future" checks.
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
        container,
        path,
        kind,
        source=source,
        submitted_by=submitted_by,
        today=today,
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
    outcome = finish_import(container, started, result)
    tick("Done", 3, 3)
    return outcome


def begin_import(
    container: Container,
    path: Path,
    kind: str,
    *,
    source: str | None = None,
    submitted_by: str = "system",
    today: dt.date | None = None,
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
    today = today or dt.date.today()
    if list_date is not None and list_date > today:
        raise FileRefused(
            f"The list date {list_date:%d/%m/%Y} is in the future. Give the day the sender "
            "produced the list.",
            code="bad_list_date",
        )
    checksum = file_checksum(path)
    seen = batch_status.accepted_batch(container, kind, checksum)
    if seen is not None:
        if batch_id is not None:
            batch_status.mark_unchanged(container, batch_id, seen)
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
        container, kind, path, checksum, source, submitted_by, batch_id
    )
    return StartedImport(
        batch_id,
        path,
        kind,
        source,
        submitted_by,
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
    container: Container, started: StartedImport, result: ReadResult | FileRefused
) -> ImportOutcome:
    """Store the good rows in one transaction (or record the refusal) and write the report."""
    reports = container.settings.data_dir / "reports"
    batch_id, kind, path = started.batch_id, started.kind, started.path
    if isinstance(result, FileRefused):
        report = refusal_report(result, path, reports / f"batch-{batch_id}-{kind}-not-loaded.xlsx")
        batch_status.finish_rejected(container, batch_id, result, report, started.submitted_by)
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
        outcome = _load(container, started, result, reports)
    except BaseException as exc:  # a crash, or an interrupt: nothing was loaded
        batch_status.mark_failed(container, batch_id)
        if isinstance(exc, Exception):
            raise ImportStopped.scrubbed(batch_id, "storing its rows", exc) from None
        raise
    return replace(outcome, seconds=time.perf_counter() - started.started)


def _load(
    container: Container, started: StartedImport, result: ReadResult, reports: Path
) -> ImportOutcome:
    kind, batch_id, now = started.kind, started.batch_id, utcnow()
    rejections = list(result.rejections)
    replaced, superseded, unlinked, period = 0, None, 0, started.period
    with container.uow() as uow:
        connection = uow.session.connection()
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
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch_id)
            .values(
                status=BatchStatus.ACCEPTED.value,
                sheet=result.sheet,
                rows_read=result.rows_read,
                rows_loaded=loaded,
                rows_rejected=rejected_rows,
                rows_unlinked=unlinked,
                report_path=None if report is None else str(report),
                finished_at=utcnow(),
                supersedes_batch_id=superseded,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
            )
        )
        audit.record(
            connection,
            actor=started.submitted_by,
            action="import",
            entity_type="import_batch",
            entity_id=batch_id,
            detail={
                "kind": kind,
                "loaded": loaded,
                "rejected": rejected_rows,
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
    )
