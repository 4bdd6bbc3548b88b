"""``read_partner_file``: a partner file in, its good rows and a reason for each bad one out."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from pathlib import Path

from imports.reading.csvfile import read_csv
from imports.reading.errors import FileRefused
from imports.reading.headers import Header, find_header
from imports.reading.raw import RawSheet
from imports.reading.result import ReadResult
from imports.reading.sniff import Format, sniff
from imports.reading.validate import check_rows
from imports.reading.xlsx import check_cell_sizes, read_xlsx
from workflow.templates import KINDS, TEMPLATES, Template


def read_partner_file(
    path: Path,
    kind: str,
    *,
    mapping: Mapping[str, str] | None = None,
    today: dt.date,
    sheet: str | None = None,
    checksum: str | None = None,
) -> ReadResult:
    """Read a partner's .xlsx or .csv file and check every row against the ``kind`` template.

    Args:
        path: the file as received.
        kind: the template kind, one of ``workflow.templates.KINDS``.
        mapping: extra header aliases for this sender, ``{"Sender's header": "canonical"}``;
            they take precedence over the built-in aliases.
        today: the date "in the future" is judged against.
        sheet: which sheet of a workbook to read (needed when it has several).
        checksum: the file's sha256, when the caller has just computed it (the loader
            has, to tell a re-sent file); otherwise it is computed here.

    Returns:
        The good rows as a typed frame, a rejection for every problem of every bad row,
        the headers matched and ignored, and the file's checksum.

    Raises:
        FileRefused: the file is wrong as a whole (not a spreadsheet, encrypted, a zip bomb,
            formulas, merged or missing headers, hidden or several sheets, no rows …);
            ``code`` says which and ``detail`` says what to fix.
    """
    template = TEMPLATES.get(kind)
    if template is None:
        raise FileRefused(
            f"‘{kind}’ is not a kind of partner file the engine knows. Known kinds: "
            f"{', '.join(KINDS)}.",
            code="unknown_kind",
        )
    if not path.is_file():
        raise FileRefused(f"There is no file at {path}.", code="no_file")
    checksum = checksum or file_checksum(path)
    raw = _read_raw(path, sheet)
    if raw.height == 0:
        raise FileRefused(f"{path.name} has no rows at all.", code="empty")
    header = _header(raw, template, mapping, path.name)
    checked = check_rows(raw, header, template, today)
    if checked.rows_read == 0:
        raise FileRefused(
            f"{path.name} has a header row (row {header.sheet_row}) but no rows of data under it.",
            code="empty",
        )
    return ReadResult(
        kind=kind,
        file_name=path.name,
        sheet=raw.sheet,
        header_row=header.sheet_row,
        rows_read=checked.rows_read,
        frame=checked.frame,
        rejections=checked.rejections,
        extra_columns=header.extra,
        header_map=header.header_map,
        checksum=checksum,
        sender_rows=checked.sender_rows,
        incomplete=checked.incomplete,
        file_notes=checked.file_notes,
    )


def file_checksum(path: Path) -> str:
    """The sha256 of the file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def read_raw(path: Path, sheet: str | None = None) -> RawSheet:
    """Every cell of the file's sheet as text, after the whole-file checks."""
    return _read_raw(path, sheet)


def _read_raw(path: Path, sheet: str | None) -> RawSheet:
    if sniff(path) is Format.XLSX:
        return read_xlsx(path, sheet)
    raw = read_csv(path)
    check_cell_sizes(raw, path.name)
    return raw


def _header(
    raw: RawSheet, template: Template, mapping: Mapping[str, str] | None, name: str
) -> Header:
    """The header row; merged cells in or above it refuse the file (they hide columns)."""
    try:
        header = find_header(raw, template, mapping, name)
    except FileRefused:
        if raw.merges:  # the merge is the likelier cause of a header that cannot be read
            raise _merged(raw, [ref for ref, _ in raw.merges], None, name) from None
        raise
    merged = [ref for ref, top in raw.merges if top <= header.sheet_row]
    if merged:
        raise _merged(raw, merged, header.sheet_row, name)
    return header


def _merged(raw: RawSheet, merged: list[str], row: int | None, name: str) -> FileRefused:
    listed = ", ".join(merged[:5]) + (" …" if len(merged) > 5 else "")
    where = f"in or above its header row (row {row})" if row else "at the top"
    return FileRefused(
        f"The sheet ‘{raw.sheet}’ of {name} has merged cells ({listed}) {where}, so the "
        "columns cannot be told apart. Unmerge them (Home › Merge & Center › Unmerge "
        "Cells), put one header in each column, and send the file again.",
        code="merged_header",
    )
