"""Readable builders for the partner files the reader tests need, written in ``tmp_path``.

Nothing binary is committed: every workbook, CSV, OLE2 compound file and zip is made here.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from workflow.templates import TEMPLATES, Column, ColumnType, Template

TODAY = dt.date(2026, 1, 15)
Row = Sequence[Any]


def xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Row],
    *,
    above: Sequence[Row] = (),
    title: str = "Data",
    shape: Callable[[Worksheet], None] | None = None,
) -> Path:
    """A one-sheet workbook: optional rows ``above`` the header, the header, then ``rows``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in above:
        sheet.append(list(row))
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    if shape is not None:
        shape(sheet)
    book.save(path)
    return path


def workbook(path: Path, sheets: dict[str, Sequence[Row]], hidden: Sequence[str] = ()) -> Path:
    """A workbook with several sheets (some hidden), each given as its rows."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def csv_file(path: Path, lines: Sequence[str], encoding: str = "utf-8") -> Path:
    """A CSV file written line by line (Windows line endings, as Excel writes them)."""
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")
    return path


def sample_value(column: Column) -> Any:
    """A valid cell for ``column`` (absence counts fit inside the sessions possible)."""
    special = {
        "postcode": "qx1 1aa",
        "nino": "qq 12 34 56 a",
        "upn": "a123456789012",
        "uprn": 100023336956,
        "email": "sam.keyworker@example.org",
        "academic_year": "2025/26",
        "sessions_possible": 140,
        "sessions_authorised_absence": 4,
        "sessions_unauthorised_absence": 6,
        "languages": "English; Polish",
        "aliases": "Jay; JJ",
    }
    if column.name in special:
        return special[column.name]
    if column.type is ColumnType.DATE:
        return dt.datetime(2020, 4, 3)
    if column.type is ColumnType.INT:
        return 3
    if column.type is ColumnType.DECIMAL:
        return 2.5
    if column.type is ColumnType.FLAG:
        return "Y"
    if column.type in (ColumnType.CODE, ColumnType.LIST):
        return column.codes[0]
    return f"{column.name} one"


def minimal_row(template: Template) -> dict[str, Any]:
    """One valid row of ``template``, keyed by canonical name."""
    return {c.name: sample_value(c) for c in template.columns}


def template_file(path: Path, template: Template, rows: Sequence[dict[str, Any]]) -> Path:
    """A workbook with the template's canonical headers and the given rows."""
    names = template.names
    return xlsx(path, names, [[row.get(n) for n in names] for row in rows])


# ---------------------------------------------------------------- hand-made packages


def replace_part(path: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """Rewrite one part of a zip (an .xlsx) in place."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info.filename, edit(data) if info.filename == part else data)
    return path


def sheet_reaching_last_row(path: Path, *, with_dimension: bool) -> Path:
    """A small workbook whose sheet XML has a row numbered 1,048,576 (and says so, or not)."""
    xlsx(path, ["forename", "surname"], [["Ann", "Lee"]])

    def edit(xml: bytes) -> bytes:
        last = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        xml = xml.replace(b"</sheetData>", last + b"</sheetData>")
        xml = re.sub(rb"<dimension [^>]*/>", b"", xml)
        if with_dimension:
            xml = xml.replace(b"<sheetData>", b'<dimension ref="A1:B1048576"/><sheetData>')
        return xml

    return replace_part(path, "xl/worksheets/sheet1.xml", edit)


def far_out_sheet(path: Path, extra: bytes, *, rows: int = 1, prefix: bytes = b"") -> Path:
    """A small attendance workbook with ``extra`` raw XML (``<row>`` elements) after its rows.

    The sheet's declared ``<dimension>`` is left as the small range of the real rows, so only
    the rows and cells themselves say how far the sheet reaches. With ``prefix`` (``b"x:"``)
    every element of the sheet part is written under that namespace prefix.
    """
    template = TEMPLATES["school_attendance"]
    xlsx(path, template.names, [[sample_value(c) for c in template.columns]] * rows)

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"</sheetData>", extra + b"</sheetData>")
        if prefix:
            xml = re.sub(rb"<(/?)(\w+)", lambda m: b"<" + m[1] + prefix + m[2], xml)
            xml = xml.replace(
                b"<" + prefix + b"worksheet xmlns=",
                b"<" + prefix + b"worksheet xmlns:" + prefix[:-1] + b"=",
            )
        return xml

    return replace_part(path, "xl/worksheets/sheet1.xml", edit)


def with_texts(path: Path, texts: dict[str, str]) -> Path:
    """Put ``texts`` into a workbook's inline cells in place of their placeholder text (a cell
    reading ``NOTE1`` gets ``texts["NOTE1"]``), written as Excel writes cell text: control
    characters, which XML cannot hold, as ``_xHHHH_`` escapes (``_x0000_`` for NUL)."""

    def excel(text: str) -> bytes:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        escaped = re.sub("[\x00-\x1f]", lambda m: f"_x{ord(m[0]):04X}_", escaped)
        return escaped.encode()

    def edit(xml: bytes) -> bytes:
        for placeholder, text in texts.items():
            xml = xml.replace(f">{placeholder}<".encode(), b">" + excel(text) + b"<")
        return xml

    return replace_part(path, "xl/worksheets/sheet1.xml", edit)


def text_cell(ref: str, text: str = "x") -> bytes:
    """One cell holding ``text``, at ``ref`` (or, for ``""``, where the parser counts to)."""
    at = f' r="{ref}"' if ref else ""
    return f'<c{at} t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def inline_cell(path: Path, text: str) -> Path:
    """A workbook whose cell B2 holds ``text`` as an inline string (not a shared string)."""
    xlsx(path, ["forename", "surname"], [["Ann", "Lee"]])

    def edit(xml: bytes) -> bytes:
        cell = f'<c r="B2" t="inlineStr"><is><t>{text}</t></is></c>'.encode()
        return re.sub(rb'<c r="B2"[^>]*>.*?</c>', cell, xml, flags=re.DOTALL)

    return replace_part(path, "xl/worksheets/sheet1.xml", edit)


def shared_string_cell(path: Path, headers: Sequence[str], rows: Sequence[Row], text: str) -> Path:
    """A workbook (shared strings, as Excel writes) whose cells reading ``LONG`` hold ``text``.

    Excel and the writing libraries refuse cells over 32,767 characters, so the shared
    string is put in by editing the part.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return replace_part(
        path, "xl/sharedStrings.xml", lambda xml: xml.replace(b">LONG<", f">{text}<".encode())
    )


def noise(length: int) -> str:
    """Text that does not compress much (so it is not also a zip bomb)."""
    import base64
    import random

    return base64.b64encode(random.Random(length).randbytes(length * 3 // 4 + 3)).decode()[:length]


def zip_bomb(path: Path, expanded: int) -> Path:
    """A tiny .xlsx whose sheet part expands to ``expanded`` bytes of XML padding."""
    xlsx(path, ["forename", "surname"], [["Ann", "Lee"]])
    with zipfile.ZipFile(path) as source:
        members = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for name, data in members:
            if name != "xl/worksheets/sheet1.xml":
                target.writestr(name, data)
                continue
            with target.open(name, "w", force_zip64=True) as handle:
                handle.write(data.replace(b"</worksheet>", b""))
                block = b" " * (1 << 20)
                for _ in range(expanded // len(block)):
                    handle.write(block)
                handle.write(b"</worksheet>")
    return path


def understated_sizes(path: Path) -> Path:
    """A workbook whose zip directory says its sheet part is a tenth of its real size."""
    xlsx(path, ["forename", "surname"], [["Ann", f"Lee{i}"] for i in range(2000)])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    fake = info.file_size // 10
    struct.pack_into("<I", data, info.header_offset + 22, fake)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, at + 24, fake)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


# ---------------------------------------------------------------- OLE2 compound files

_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole_file(path: Path, streams: Sequence[str]) -> Path:
    """A minimal, well-formed OLE2 compound file holding empty streams with these names.

    512-byte sectors: the header, one FAT sector (sector 0) and one directory sector
    (sector 1) with the Root Entry and up to three streams chained as right siblings. This
    is the container Excel uses for an old .xls (a ``Workbook`` stream) and for a
    password-protected workbook (``EncryptionInfo`` and ``EncryptedPackage`` streams).
    """
    assert len(streams) <= 3
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    struct.pack_into("<109I", header, 76, 0, *([_FREE] * 108))
    fat = struct.pack("<128I", _FAT, _END, *([_FREE] * 126))
    entries = [_entry("Root Entry", 5, child=1 if streams else _NONE)]
    for i, name in enumerate(streams, start=1):
        entries.append(_entry(name, 2, right=i + 1 if i < len(streams) else _NONE))
    directory = b"".join(entries).ljust(512, b"\x00")
    path.write_bytes(bytes(header) + fat + directory)
    return path


def _entry(name: str, kind: int, *, child: int = _NONE, right: int = _NONE) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBBIII", entry, 64, len(encoded), kind, 1, _NONE, right, child)
    struct.pack_into("<IQ", entry, 116, _END, 0)
    return bytes(entry)
