"""What a file really is, from its first bytes rather than its name.

A workbook (.xlsx) is a zip archive; anything else that is text is read as CSV. Other
formats are refused with a message saying what the file seems to be and how to fix it.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, NoReturn

from imports.reading.errors import FileRefused
from imports.reading.ole import OLE_MAGIC, NotOle, stream_names

SAVE_AS_XLSX = "Open it in Excel and save it as an Excel Workbook (.xlsx), then send that."

# Signatures of common files sent by mistake, with what to call them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "a Rich Text document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)
_MARKUP = (b"<html", b"<!doctype html", b"<?xml", b"<table")


class Format(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def sniff(path: Path) -> Format:
    """Whether ``path`` is a workbook or text; raises FileRefused for anything else."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(f"{path.name} is empty: it has no rows at all.", code="empty")
    with path.open("rb") as handle:
        head = handle.read(8192)
        if head.startswith(OLE_MAGIC):
            _refuse_ole(path.name, handle, size)
    if head.startswith(b"PK\x03\x04"):
        return Format.XLSX
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise FileRefused(f"{path.name} is an empty or damaged zip archive.", code="unreadable")
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            raise _not_a_spreadsheet(path.name, what)
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_MARKUP):
        what = "an XML file" if lowered.startswith(b"<?xml") else "a web page (HTML)"
        raise _not_a_spreadsheet(path.name, what)
    if _binary(head):
        raise FileRefused(
            f"{path.name} holds binary data, so it is neither a workbook nor CSV text. Send "
            "the data as an Excel workbook (.xlsx) or a CSV file.",
            code="not_a_spreadsheet",
        )
    return Format.CSV


def _binary(head: bytes) -> bool:
    """Whether the first bytes are binary data rather than text: more than one byte in a
    hundred is NUL (a text file saved as UTF-16 without a byte-order mark is refused too).
    A stray NUL in a cell of a CSV file is the cell's problem: that row is rejected."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return head.count(b"\x00") * 100 > len(head)


def _refuse_ole(name: str, handle: BinaryIO, size: int) -> NoReturn:
    try:
        names = set(stream_names(handle, size))
    except NotOle:
        names = set()
    if names & {"EncryptionInfo", "EncryptedPackage"}:
        raise FileRefused(
            f"{name} is protected with a password, so it cannot be read. Open it in Excel, "
            "remove the password (File › Info › Protect Workbook › Encrypt with Password, "
            "then clear the password) and save it as .xlsx.",
            code="encrypted",
        )
    if names & {"Workbook", "Book"}:
        raise FileRefused(
            f"{name} is an old Excel 97–2003 workbook (.xls), which the importer does not "
            f"read. {SAVE_AS_XLSX}",
            code="not_a_spreadsheet",
        )
    what = "a Word document" if "WordDocument" in names else "an old Microsoft Office file"
    raise _not_a_spreadsheet(name, what)


def _not_a_spreadsheet(name: str, what: str) -> FileRefused:
    return FileRefused(
        f"{name} is {what}, not a spreadsheet. Send the data as an Excel workbook (.xlsx) "
        "or a CSV file.",
        code="not_a_spreadsheet",
    )
