"""What reading a partner file gives back: the good rows and a reason for every bad one."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Rejection:
    """One problem with one row of the sender's file.

    Attributes:
        row: the sheet row number as Excel shows it (1-based, header rows counted).
        column: the header as the sender wrote it, or ``""`` for a whole-row problem.
        field: the canonical column name, or ``""``.
        value: the offending cell text, cut to 100 characters.
        reason: plain English the sender can act on.
    """

    row: int
    column: str
    field: str
    value: str
    reason: str


@dataclass(frozen=True)
class SenderRows:
    """The sender's own cells for the rejected rows, kept for the error report.

    ``headers`` are the header-row cells in the sender's column order; ``rows`` maps a
    sheet row number to that row's cells as read (text, or None for an empty cell).
    """

    headers: tuple[str, ...]
    rows: dict[int, tuple[str | None, ...]]


@dataclass(frozen=True)
class ReadResult:
    """A partner file read and checked against its template.

    ``frame`` holds the good rows only: every canonical column of the template in template
    order plus ``source_row``. ``sender_rows`` carries the rejected rows' original cells for
    :func:`imports.reading.write_error_report`; it is not part of equality or the repr.
    """

    kind: str
    file_name: str
    sheet: str | None
    header_row: int
    rows_read: int
    frame: pd.DataFrame
    rejections: list[Rejection]
    extra_columns: list[str]
    header_map: dict[str, str]
    checksum: str
    sender_rows: SenderRows | None = field(default=None, repr=False, compare=False)
    # Rows kept as partial identities (a police list's nominal with no date of birth, or
    # one that cannot exist): noted for the sender, not rejected. ``file_notes`` are about
    # the whole file (a list with no date-of-birth column).
    incomplete: tuple[Rejection, ...] = ()
    file_notes: tuple[str, ...] = ()

    @property
    def rows_incomplete(self) -> int:
        """How many kept rows are partial identities."""
        return len({r.row for r in self.incomplete})

    @property
    def rows_rejected(self) -> int:
        """How many distinct rows have at least one rejection."""
        return len({r.row for r in self.rejections})

    @property
    def rows_accepted(self) -> int:
        """Rows read less rows rejected."""
        return self.rows_read - self.rows_rejected
