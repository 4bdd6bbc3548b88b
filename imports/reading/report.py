"""The workbook sent back to the sender: what was loaded, and what is wrong with each row.

"Summary" says what happened and what to do next; "Rejected rows" repeats each rejected row
with the sender's own columns, its sheet row number and every problem found in it. Cell text
that a spreadsheet would run as a formula (starting ``= + - @``) is written with a leading
apostrophe so it stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from imports.reading.errors import FileRefused
from imports.reading.labels import as_written
from imports.reading.result import ReadResult, SenderRows

_RISKY_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FIXED = ("Sheet row", "What is wrong")
_MAX_WIDTH = 50


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
    return _write(out_path, summary, (*_FIXED, *_headers(sender.headers)), rows)


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


def neutralise(value: Any) -> Any:
    """Cell text made safe to open: no control characters, never read as a formula."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("", value)
    return "'" + value if value.startswith(_RISKY_START) else value


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
    header: Sequence[str] | None,
    rows: Iterable[Sequence[Any]],
) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    sheet = book.create_sheet("Summary")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, value in summary:
        label = WriteOnlyCell(sheet, name)
        label.font = bold
        cell = WriteOnlyCell(sheet, neutralise(value))
        cell.alignment = wrap
        sheet.append([label, cell])
    if header is not None:
        _rejected_sheet(book, header, list(rows), bold, fill, WriteOnlyCell)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    book.save(out_path)
    return out_path


def _rejected_sheet(
    book: Any, header: Sequence[str], rows: list[Sequence[Any]], bold: Any, fill: Any, cell: Any
) -> None:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet("Rejected rows")
    widths = [len(h) + 2 for h in header]
    for row in rows:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], min(len(str(value)) + 2, _MAX_WIDTH))
    widths[1] = max(widths[1], 40)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(width, _MAX_WIDTH + 30)
    sheet.freeze_panes = "C2"
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    titles = []
    for title in header:
        styled = cell(sheet, neutralise(title))
        styled.font, styled.fill = bold, fill
        titles.append(styled)
    sheet.append(titles)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
