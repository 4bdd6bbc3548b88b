"""The engine's one CSV writer.

A CSV file has no cell styles, so text a spreadsheet could run (see
:mod:`workflow.exports.cells`) is written with a single leading apostrophe, as OWASP advises
for CSV injection: ``=HYPERLINK(...)`` is written ``'=HYPERLINK(...)``, and Excel shows the
apostrophe. Characters XML forbids are replaced with "�" as in a workbook. Numbers are
written plainly (a negative number as ``-2``, money with two places), dates as dd/mm/yyyy.
The file is UTF-8 with a byte-order mark, so Excel reads it as UTF-8, with Windows line
endings.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from workflow.exports.cells import (
    DATETIME,
    MONEY,
    Column,
    Kind,
    as_datetime,
    as_number,
    is_blank,
    safe_text,
)


def write_csv(path: Path, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Path:
    """Write a header of the column titles, then ``rows``; the folder is created if need be.

    Returns:
        ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    kinds = [c.kind for c in columns]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([csv_cell(c.title) for c in columns])
        for values in rows:
            writer.writerow(
                [csv_cell(v, kinds[i] if i < len(kinds) else None) for i, v in enumerate(values)]
            )
    return path


def csv_cell(value: Any, kind: Kind | None = None) -> str:
    """One value as CSV text, made safe."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    number = as_number(value)
    if number is not None:
        if kind is MONEY:
            return f"{number:.2f}"
        if isinstance(value, Decimal):
            return str(value)
        return str(int(number)) if number.is_integer() else repr(number)
    when = as_datetime(value)
    if when is not None:
        return f"{when:%d/%m/%Y %H:%M}" if kind is DATETIME else f"{when:%d/%m/%Y}"
    text = safe_text(value if isinstance(value, str) else str(value))
    return "'" + text.text if text.risky else text.text
