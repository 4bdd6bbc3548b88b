"""Reading a CSV (or tab-separated) text file into a :class:`RawSheet`.

Text is decoded as UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order
mark (Excel's "Unicode text"), or else Windows-1252, the encoding of Excel's plain "CSV"
on a UK Windows PC. Row numbers are record numbers, as Excel shows them when it opens the
file.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pyarrow as pa

from imports.reading.errors import FileRefused
from imports.reading.limits import EXCEL_LAST_ROW, MAX_CSV_BYTES
from imports.reading.package import too_many_rows
from imports.reading.raw import RawSheet
from imports.reading.scan import cell_too_large


def read_csv(path: Path) -> RawSheet:
    """Every record of the CSV file as text columns; refuses text it cannot decode."""
    name = path.name
    if path.stat().st_size > MAX_CSV_BYTES:
        raise FileRefused(
            f"{name} is larger than {MAX_CSV_BYTES // (1024 * 1024)} MB. Split it into "
            "smaller files, for example one file per term.",
            code="too_many_rows",
        )
    text = _decode(path.read_bytes(), name)
    records = _records(text, _delimiter(text), name)
    width = max((len(r) for r in records), default=0)
    padded = [r + [""] * (width - len(r)) if len(r) < width else r for r in records]
    columns = tuple(pa.array(column, type=pa.string()) for column in zip(*padded, strict=True))
    return RawSheet(None, columns)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        f"{name} is not text the importer can read. Save it from Excel as ‘CSV UTF-8 "
        "(Comma delimited)’ or as an Excel Workbook (.xlsx).",
        code="unreadable",
    )


def _delimiter(text: str) -> str:
    head = "\n".join(text[:65536].splitlines()[:20])
    counts = {d: head.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _records(text: str, delimiter: str, name: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= EXCEL_LAST_ROW:
                raise too_many_rows(name, None)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise cell_too_large(name, None, f"a cell in row {len(records) + 1}") from exc
        raise FileRefused(
            f"{name} is not a CSV file the importer can read (row {len(records) + 1} is "
            "damaged). Save it again from Excel as ‘CSV UTF-8 (Comma delimited)’.",
            code="unreadable",
        ) from exc
    return records
