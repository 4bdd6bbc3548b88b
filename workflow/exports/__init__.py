"""The one writer of every workbook and CSV file the engine writes.

The error reports for senders, the register-duplicates workbook and (later) the finance
claim exports all write through here, so no export ever carries a live formula and every
one looks the same::

    from workflow.exports import MONEY, DATE, Column, Workbook

    with Workbook(path) as book:
        book.sheet("Summary", [Column("Item", width=24, bold=True), Column("Value", wrap=True)],
                   header=False).rows(summary)
        families = book.sheet(
            "Families",
            [Column("Family"), Column("Claimed", kind=MONEY, width=12), Column("On", kind=DATE)],
            freeze_columns=1, autofilter=True,
        )
        families.rows(rows)

``write_csv(path, columns, rows)`` writes the same columns as CSV. How text is made safe
(quote-prefix in a workbook, a leading apostrophe in CSV, "�" for characters XML forbids)
is in :mod:`workflow.exports.cells`.
"""

from __future__ import annotations

from workflow.exports.cells import (
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    NUMBER,
    RISKY_START,
    TEXT,
    Column,
    Kind,
    safe_text,
)
from workflow.exports.csvfile import write_csv
from workflow.exports.workbook import Sheet, Workbook

__all__ = [
    "DATE",
    "DATETIME",
    "INTEGER",
    "MONEY",
    "NUMBER",
    "RISKY_START",
    "TEXT",
    "Column",
    "Kind",
    "Sheet",
    "Workbook",
    "safe_text",
    "write_csv",
]
