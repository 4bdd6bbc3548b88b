"""The workbook sent back to the sender: what was loaded, and what is wrong with each row.

"Summary" says what happened and what to do next; "Rejected rows" repeats each rejected row
with the sender's own columns, its sheet row number and every problem found in it. It is
written by the engine's one writer (:mod:`workflow.exports`): the sender's text shows as they
sent it, and text a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``+44 7700``) is
kept as text by Excel's quote-prefix style, never a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from imports.reading.errors import FileRefused
from imports.reading.labels import as_written
from imports.reading.result import ReadResult, SenderRows
from workflow.exports import INTEGER, Column, Workbook

_LABEL = Column("", width=24, bold=True)
_VALUE = Column("", width=100, wrap=True)
_FIXED = (Column("Sheet row", kind=INTEGER), Column("What is wrong", width=60))


def write_error_report(result: ReadResult, original: Path, out_path: Path) -> Path:
    """Write the sender's error report for a file that was read (some rows may be rejected).

    Args:
        result: what reading the file found (rejections added later are included too).
        original: the file as received, re-read only for rejected rows it did not keep.
        out_path: where to write the .xlsx report; its folder is created if need be.

    Returns:
        ``out_path``.
    """
    rejected = sorted({r.row for r in result.rejections})
    sender = _sender_rows(result, original, rejected)
    reasons: dict[int, list[str]] = {}
    for rejection in result.rejections:
        reasons.setdefault(rejection.row, []).append(rejection.reason)
    accepted = result.rows_read - len(rejected)
    summary = [
        ("File", result.file_name),
        ("Kind of file", result.kind),
        ("Sheet", result.sheet or "(CSV file)"),
        ("Header row", result.header_row),
        ("Rows read", result.rows_read),
        ("Rows accepted", accepted),
        ("Rows rejected", len(rejected)),
        ("Extra columns ignored", ", ".join(result.extra_columns) or "None"),
        ("Checked", _now()),
        ("What to do next", _next_step(len(rejected))),
    ]
    rows = [
        (row, "; ".join(reasons[row]), *_shown(sender.rows.get(row, ()), len(sender.headers)))
        for row in rejected
    ]
    columns = [*_FIXED, *(Column(h) for h in _headers(sender.headers))]
    return _write(out_path, summary, columns, rows)


def refusal_report(
    refused: FileRefused, original: Path, out_path: Path, *, kind: str | None = None
) -> Path:
    """Write the report for a file refused as a whole: nothing was loaded, and why.

    Args:
        refused: the refusal, whose detail says what to fix.
        original: the file as received.
        out_path: where to write the .xlsx report; its folder is created if need be.
        kind: the kind of file it was sent as, when known.

    Returns:
        ``out_path``.
    """
    summary: list[tuple[str, Any]] = [("File", original.name)]
    if kind:
        summary.append(("Kind of file", kind))
    summary += [
        ("Result", "Nothing from this file was loaded."),
        ("Why", refused.detail),
        ("Problem code", refused.code),
        ("Checked", _now()),
        ("What to do next", "Put right the problem above, then send the whole file again."),
    ]
    return _write(out_path, summary, None, [])


def _sender_rows(result: ReadResult, original: Path, rejected: list[int]) -> SenderRows:
    kept = result.sender_rows
    if kept is not None and all(row in kept.rows for row in rejected):
        return kept
    # Rows rejected after reading (by the loader) are fetched from the original file.
    from imports.reading.reader import read_raw

    try:
        raw = read_raw(original, result.sheet)
    except FileRefused:
        return kept or SenderRows((), {})
    header = tuple((c[result.header_row - 1].as_py() or "").strip() for c in raw.columns)
    rows = dict(kept.rows) if kept is not None else {}
    for row in rejected:
        if row not in rows and row <= raw.height:
            rows[row] = tuple(c[row - 1].as_py() for c in raw.columns)
    return SenderRows(header, rows)


def _shown(cells: Sequence[str | None], width: int) -> list[str]:
    shown = [_as_written(c) for c in cells]
    return shown + [""] * (width - len(shown))


def _as_written(cell: str | None) -> str:
    return "" if cell is None else as_written(cell)


def _headers(headers: Sequence[str]) -> list[str]:
    return [h or f"(column {i + 1}, no header)" for i, h in enumerate(headers)]


def _next_step(rejected: int) -> str:
    if not rejected:
        return "Nothing: every row was accepted."
    rows = "row" if rejected == 1 else f"{rejected:,} rows"
    return (
        f"Correct the {rows} listed on the ‘Rejected rows’ sheet in your own file, then send "
        "the whole file again. It replaces this one, so send every row, not only the "
        "corrected ones."
    )


def _now() -> str:
    return dt.datetime.now().strftime("%d %B %Y at %H:%M")


def _write(
    out_path: Path,
    summary: Sequence[tuple[str, Any]],
    columns: Sequence[Column] | None,
    rows: Sequence[Sequence[Any]],
) -> Path:
    with Workbook(out_path) as book:
        book.sheet("Summary", [_LABEL, _VALUE], header=False).rows(summary)
        if columns is not None:
            book.sheet("Rejected rows", columns, freeze_columns=2, autofilter=True).rows(rows)
    return out_path
