"""Deleting what the retention policy says has been kept long enough, and saying how much.

``sweep`` finds, for each kind of data, what is past its period (``workflow.retention.policy``)
and deletes it in one transaction, then removes the files it names (uploads, error reports).
What it deletes is recorded in the audit trail by kind and count, never by name or
reference. ``dry_run`` counts the same things and changes nothing.

- uploaded files and error reports, after their periods (the batch keeps its counts);
- partner facts, by kind, counted from the fact's end date (or start, if open-ended);
- police-list rows (gangs matrix, IOM cohort) of a list that a newer list from the same
  sender replaced more than the review period ago: a nominal who left the list goes then,
  with any review of them still waiting; the household flags are rebuilt;
- screening decisions no longer in force (a later one replaced them), made longer ago than
  the period and not the one an episode last moved on, and runs left with no decisions;
- the case notes and approvals of episodes closed longer ago than the period.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, exists, func, select, update
from sqlalchemy.sql import Select

from workflow import audit
from workflow.clock import Clock
from workflow.db.base import Base
from workflow.db.models import (
    INTEL_MODELS,
    Approval,
    CaseRecord,
    HouseholdEpisode,
    ImportBatch,
    ScreeningDecision,
    ScreeningRun,
)
from workflow.db.models.facts import FACT_MODELS
from workflow.domain.vocabulary import BatchStatus, ReviewStatus
from workflow.matching.flags import refresh_flags
from workflow.principal import Principal
from workflow.retention.policy import RetentionPolicy
from workflow.uow import UnitOfWork

FINISHED = tuple(
    s.value for s in BatchStatus if s not in (BatchStatus.PENDING, BatchStatus.RUNNING)
)


@dataclass
class RetentionReport:
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)  # what went (or would go), by kind
    files_not_removed: int = 0  # files the database no longer names that could not be deleted

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "counts": dict(self.counts),
            "total": self.total,
            "files_not_removed": self.files_not_removed,
        }


def sweep(
    *,
    uow: UnitOfWork,
    clock: Clock,
    actor: Principal,
    policy: RetentionPolicy,
    uploads_dir: Path,
    reports_dir: Path,
    dry_run: bool = False,
) -> RetentionReport:
    """Delete (or, with ``dry_run``, count) everything past its retention period."""
    now, today = clock.now(), clock.today()
    report = RetentionReport(dry_run=dry_run)
    files: list[Path] = []
    with uow:
        connection = uow.connection
        files += _files(
            connection,
            report,
            "uploaded files",
            ImportBatch.stored_path,
            uploads_dir,
            now - dt.timedelta(days=policy.uploads_days),
            dry_run,
        )
        files += _files(
            connection,
            report,
            "error reports",
            ImportBatch.report_path,
            reports_dir,
            now - dt.timedelta(days=policy.reports_days),
            dry_run,
        )
        for kind, years in policy.facts_years.items():
            table = FACT_MODELS[kind].__table__
            assert isinstance(table, Table)
            cutoff = _years_before(today, years)
            ended = func.coalesce(table.c.valid_to, table.c.valid_from) < cutoff
            _delete(connection, report, f"facts: {kind}", table, ended, dry_run)
        lists_changed = _police_lists(connection, report, now, policy, dry_run)
        if lists_changed and not dry_run:
            refresh_flags(connection, today=today)
        _screening(connection, report, now - dt.timedelta(days=policy.screening_days), dry_run)
        _closed_episodes(connection, report, now, policy, dry_run)
        audit.record(
            connection,
            actor=actor,
            action="retention_dry_run" if dry_run else "retention",
            entity_type="retention",
            purpose="keeping data no longer than the retention policy allows",
            detail={k: v for k, v in report.counts.items() if v},
        )
        uow.commit()
    for path in files:  # after the commit: the database no longer names them
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError:
            report.files_not_removed += 1
    return report


def _files(
    connection: Connection,
    report: RetentionReport,
    label: str,
    column: Any,
    folder: Path,
    before: dt.datetime,
    dry_run: bool,
) -> list[Path]:
    """Finished batches' files older than ``before``: forget them and return what to remove
    (an upload's own folder; only paths inside ``folder`` are ever removed)."""
    b = ImportBatch
    rows = connection.execute(
        select(b.id, column).where(
            column.is_not(None), b.status.in_(FINISHED), b.finished_at < before
        )
    ).all()
    report.counts[label] = len(rows)
    if dry_run or not rows:
        return []
    connection.execute(
        update(b).where(b.id.in_([int(r[0]) for r in rows])).values({column.key: None})
    )
    root = folder.resolve()
    removable = []
    for _, stored in rows:
        path = Path(str(stored)).resolve()
        target = path.parent if column is ImportBatch.stored_path else path
        with contextlib.suppress(ValueError):
            if target != root and target.is_relative_to(root):
                removable.append(target)
    return removable


def _delete(
    connection: Connection,
    report: RetentionReport,
    label: str,
    table: Table,
    where: Any,
    dry_run: bool,
) -> int:
    if dry_run:
        count = int(
            connection.execute(select(func.count()).select_from(table).where(where)).scalar() or 0
        )
    else:
        count = int(connection.execute(delete(table).where(where)).rowcount or 0)
    report.counts[label] = report.counts.get(label, 0) + count
    return count


def _police_lists(
    connection: Connection,
    report: RetentionReport,
    now: dt.datetime,
    policy: RetentionPolicy,
    dry_run: bool,
) -> bool:
    """Rows of police lists that a newer list from the same sender replaced long enough ago."""
    b, newer = ImportBatch.__table__.alias("b"), ImportBatch.__table__.alias("newer")
    cutoff = now - dt.timedelta(days=policy.list_review_days)
    changed = False
    reviews = Base.metadata.tables["match_reviews"]
    for kind, model in INTEL_MODELS.items():
        table = model.__table__
        assert isinstance(table, Table)
        replaced: Select[Any] = select(b.c.id).where(
            b.c.kind == kind,
            b.c.status == BatchStatus.ACCEPTED.value,
            exists().where(
                newer.c.kind == kind,
                newer.c.source == b.c.source,
                newer.c.status == BatchStatus.ACCEPTED.value,
                newer.c.id > b.c.id,
                newer.c.finished_at < cutoff,
            ),
        )
        rows = table.c.batch_id.in_(replaced)
        if not dry_run:
            gone = select(table.c.id).where(rows)
            connection.execute(
                update(reviews)
                .where(
                    reviews.c.source_kind == kind,
                    reviews.c.status == ReviewStatus.OPEN.value,
                    reviews.c.intel_row_id.in_(gone),
                )
                .values(status=ReviewStatus.WITHDRAWN.value)
            )
        changed |= _delete(connection, report, f"police list: {kind}", table, rows, dry_run) > 0
    return changed


def _screening(
    connection: Connection, report: RetentionReport, before: dt.datetime, dry_run: bool
) -> None:
    d, later = ScreeningDecision.__table__, ScreeningDecision.__table__.alias("later")
    e = HouseholdEpisode.__table__
    assert isinstance(d, Table) and isinstance(e, Table)
    replaced = and_(
        d.c.created_at < before,
        exists().where(
            later.c.household_id == d.c.household_id,
            later.c.ruleset_version_id == d.c.ruleset_version_id,
            later.c.id > d.c.id,
        ),
        ~exists().where(e.c.last_decision_id == d.c.id),
    )
    _delete(connection, report, "screening decisions no longer in force", d, replaced, dry_run)
    r = ScreeningRun.__table__
    assert isinstance(r, Table)
    empty = and_(
        r.c.started_at < before,
        ~exists().where(d.c.run_id == r.c.id),
    )
    _delete(connection, report, "screening runs", r, empty, dry_run)


def _closed_episodes(
    connection: Connection,
    report: RetentionReport,
    now: dt.datetime,
    policy: RetentionPolicy,
    dry_run: bool,
) -> None:
    e = HouseholdEpisode.__table__
    assert isinstance(e, Table)
    before = now - dt.timedelta(days=round(365.25 * policy.closed_episode_years))
    closed = select(e.c.id).where(e.c.closed_at.is_not(None), e.c.closed_at < before)
    for label, model in (("case notes", CaseRecord), ("approvals", Approval)):
        table = model.__table__
        assert isinstance(table, Table)
        _delete(connection, report, label, table, table.c.episode_id.in_(closed), dry_run)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
