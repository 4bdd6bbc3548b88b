"""Import batches: one partner file delivered, with what became of it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, utcnow
from workflow.domain.vocabulary import BatchStatus


class ImportBatch(Base):
    """A file imported (or being imported) for one template kind.

    The content ``checksum`` makes a second import of the same file change nothing: only
    one accepted batch per kind and checksum. A corrected re-send for the same
    ``period_start``..``period_end`` supersedes the earlier batch.
    """

    __tablename__ = "import_batches"
    __table_args__ = (
        Index(
            "uq_import_batches_accepted_checksum",
            "kind",
            "checksum",
            unique=True,
            sqlite_where=text("status = 'accepted'"),
            postgresql_where=text("status = 'accepted'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    source: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(260))
    # Where an uploaded file waits for its import (API uploads); null for files imported in place.
    stored_path: Mapped[str | None] = mapped_column(String(500))
    sheet: Mapped[str | None] = mapped_column(String(100))
    checksum: Mapped[str] = mapped_column(String(64))
    period_start: Mapped[dt.date | None]
    period_end: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20), default=BatchStatus.PENDING.value)
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_loaded: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    rows_unlinked: Mapped[int] = mapped_column(default=0)
    report_path: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str | None] = mapped_column(String(100))
    supersedes_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    # The process importing it while it is running, so a batch whose process died (killed,
    # out of memory) can be marked failed (workflow.batches.reaper).
    worker_host: Mapped[str | None] = mapped_column(String(100))
    worker_pid: Mapped[int | None]
    worker_started: Mapped[int | None] = mapped_column(BigInteger)
