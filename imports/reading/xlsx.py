"""Reading one worksheet of an .xlsx workbook into a :class:`RawSheet`.

The package is inspected first (zip directory, workbook part, one streaming pass over the
sheet XML and the shared strings — see :mod:`imports.reading.package` and
:mod:`imports.reading.scan`); fastexcel parses the cells only after every part it will
read has been proved to expand to its declared size. The cells are parsed once, every
column as text, which keeps everything: a real date cell reads as ``2025-04-03 00:00:00``,
a number as ``45750`` or ``2.5``, a boolean as ``true``, and an Excel error (``#N/A``) as
null with its position reported separately.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import fastexcel
import pyarrow as pa
import pyarrow.compute as pc

from imports.reading.limits import EXCEL_CELL_CHARS, EXCEL_LAST_ROW
from imports.reading.package import (
    Package,
    check_dimension,
    check_sizes,
    choose_sheet,
    open_zip,
    read_package,
    too_many_rows,
    unreadable,
)
from imports.reading.raw import RawSheet
from imports.reading.scan import cell_too_large, long_shared_strings, scan_sheet, verify_parts

_ERROR_TEXT = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR_DETAIL = re.compile(r"Error\((\w+)\)")


def read_xlsx(path: Path, sheet: str | None) -> RawSheet:
    """The chosen sheet's cells as text, after every workbook-level check has passed."""
    name = path.name
    with open_zip(name, path) as archive:
        check_sizes(archive, name)  # from the zip directory: nothing is expanded before it
        package = read_package(archive, name)
        chosen = choose_sheet(package, sheet, name)
        check_dimension(archive, chosen, name)
        verify_parts(archive, _support_parts(archive, package), name)
        long_strings = long_shared_strings(archive, package.shared_strings, name)
        scan = scan_sheet(archive, chosen, name, long_strings)
    # Every part fastexcel reads has now been proved to expand to its declared size.
    columns, errors = _load(_open(path), chosen.name, name, with_errors=scan.error_cells)
    raw = RawSheet(chosen.name, columns, errors, scan.merges)
    if raw.height >= EXCEL_LAST_ROW:
        raise too_many_rows(name, chosen.name)
    check_cell_sizes(raw, name)
    return raw


def check_cell_sizes(raw: RawSheet, name: str) -> None:
    """Refuse a sheet with a cell longer than Excel's own limit, naming the row."""
    for column in raw.columns:
        most_bytes = pc.max(pc.binary_length(column)).as_py()
        if most_bytes is None or most_bytes <= EXCEL_CELL_CHARS:
            continue  # no cell has more bytes, so none has more characters
        lengths = pc.utf8_length(column)
        if pc.max(lengths).as_py() > EXCEL_CELL_CHARS:
            row = pc.index(pc.greater(lengths, EXCEL_CELL_CHARS), True).as_py() + 1
            raise cell_too_large(name, raw.sheet, f"a cell in row {row}")


def _support_parts(archive: zipfile.ZipFile, package: Package) -> list[str]:
    """The small XML parts the parser reads besides the sheet and the shared strings."""
    return [
        member
        for member in archive.namelist()
        if member.endswith((".xml", ".rels"))
        and not member.startswith("xl/worksheets/")
        and member != package.shared_strings
    ]


def _open(path: Path) -> Any:
    try:
        return fastexcel.read_excel(path)
    except Exception as exc:  # fastexcel raises its own error classes for damaged parts
        raise unreadable(path.name) from exc


def _load(
    reader: Any, sheet: str, name: str, *, with_errors: bool
) -> tuple[tuple[pa.Array, ...], dict[Any, str]]:
    """Parse the sheet, every column as text. Error cells read as null; when the scan saw
    some, the slower path that reports where they are is taken."""
    options: dict[str, Any] = {"header_row": None, "skip_rows": 0, "dtypes": "string"}
    cell_errors = None
    try:
        if with_errors:
            batch, cell_errors = reader.load_sheet(sheet, **options).to_arrow_with_errors()
        else:
            batch = reader.load_sheet(sheet, eager=True, **options)
    except Exception as exc:  # fastexcel's own errors, and pyarrow's
        raise unreadable(name) from exc
    except BaseException as exc:  # a Rust panic in the parser arrives as a BaseException
        if type(exc).__name__ != "PanicException":
            raise
        raise unreadable(name) from exc
    columns = tuple(_as_string(batch.column(i)) for i in range(batch.num_columns))
    return columns, _errors(cell_errors)


def _as_string(column: Any) -> pa.Array:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return array if array.type == pa.string() else pc.cast(array, pa.string())


def _errors(cell_errors: Any) -> dict[Any, str]:
    found: dict[Any, str] = {}
    for error in getattr(cell_errors, "errors", None) or ():
        kind = _ERROR_DETAIL.search(error.detail)
        text = _ERROR_TEXT.get(kind.group(1), f"#{kind.group(1).upper()}") if kind else "#ERROR"
        found[tuple(error.offset_position)] = text
    return found
