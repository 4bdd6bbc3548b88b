"""Inspecting an .xlsx package (a zip of XML parts) before any cell is parsed.

Everything here reads the zip directory or small parts with bounded reads, so a zip bomb,
a workbook with hidden sheets or a sheet that reaches Excel's last row is refused in
milliseconds without expanding it.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from imports.reading.errors import FileRefused
from imports.reading.limits import (
    EXCEL_LAST_ROW,
    MAX_MEMBER_RATIO,
    MAX_SHEET_CELLS,
    MAX_SMALL_PART_BYTES,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    RATIO_CHECKED_ABOVE,
)
from imports.reading.sniff import SAVE_AS_XLSX

# Everything zipfile raises for a damaged, encrypted or oddly compressed archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    EOFError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([^\"]*)\"")
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")
_VISIBLE = "visible"


@dataclass(frozen=True)
class SheetPart:
    """One worksheet of the workbook: its name, zip member and visibility."""

    name: str
    part: str
    state: str

    @property
    def visible(self) -> bool:
        return self.state == _VISIBLE


@dataclass(frozen=True)
class Package:
    """The worksheets of a workbook, in tab order, and its shared-strings part."""

    sheets: tuple[SheetPart, ...]
    shared_strings: str | None


def open_zip(path_name: str, path: Path) -> zipfile.ZipFile:
    """Open the workbook's zip directory; a damaged zip is refused as unreadable."""
    try:
        return zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise unreadable(path_name) from exc


def unreadable(name: str) -> FileRefused:
    """The refusal for a damaged workbook."""
    return FileRefused(
        f"{name} is damaged and cannot be read as a workbook. Open it in Excel, check the "
        "data is all there, and save it again as .xlsx.",
        code="unreadable",
    )


def check_sizes(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb from the sizes in the zip directory, expanding nothing."""
    members = archive.infolist()
    total = sum(m.file_size for m in members)
    greedy = [
        m
        for m in members
        if m.file_size > RATIO_CHECKED_ABOVE
        and m.file_size > MAX_MEMBER_RATIO * max(m.compress_size, 1)
    ]
    if len(members) > MAX_ZIP_MEMBERS:
        why = f"holds {len(members):,} parts, far more than any workbook"
    elif total > MAX_UNZIPPED_BYTES:
        why = (
            f"would expand to {_megabytes(total)} when opened, more than the "
            f"{_megabytes(MAX_UNZIPPED_BYTES)} the importer accepts"
        )
    elif greedy:
        part = greedy[0]
        ratio = part.file_size / max(part.compress_size, 1)
        why = (
            f"holds a part that expands from {_megabytes(part.compress_size)} to "
            f"{_megabytes(part.file_size)} ({ratio:,.0f} to 1), far more than real data packs"
        )
    else:
        return
    raise FileRefused(
        f"{name} {why}, so it was not opened: it may be damaged or built to attack the "
        "importer (a ‘zip bomb’). If it is a genuine export, split it into smaller files, "
        "for example one file per term.",
        code="zip_bomb",
    )


def read_package(archive: zipfile.ZipFile, name: str) -> Package:
    """The worksheets listed by the workbook part, with their visibility."""
    members = set(archive.namelist())
    workbook = _workbook_part(archive, members, name)
    rels = _relationships(archive, _rels_part(workbook), name)
    sheets = []
    for element in _parse(archive, workbook, name).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_type, target = rels.get(_relationship_id(element), ("", ""))
        if not rel_type.endswith("/worksheet"):
            continue  # chart sheets and dialog sheets hold no rows
        part = _resolve(workbook, target)
        if part not in members:
            raise unreadable(name)
        sheets.append(SheetPart(element.get("name", ""), part, element.get("state", _VISIBLE)))
    strings = next(
        (_resolve(workbook, t) for ty, t in rels.values() if ty.endswith("/sharedStrings")), None
    )
    return Package(tuple(sheets), strings if strings in members else None)


def choose_sheet(package: Package, wanted: str | None, name: str) -> SheetPart:
    """The sheet to import: the one named, or the only one; refuses hidden or several sheets."""
    if not package.sheets:
        raise FileRefused(f"{name} has no worksheets with rows in it.", code="empty")
    if wanted is not None:
        return _named_sheet(package, wanted, name)
    hidden = [s.name for s in package.sheets if not s.visible]
    if hidden:
        raise FileRefused(
            f"{name} has a hidden sheet ({_names(hidden)}). Hidden sheets can carry data "
            "nobody meant to send: unhide it and delete it if it is not needed, or say which "
            "sheet to import.",
            code="hidden_sheet",
        )
    visible = [s for s in package.sheets if s.visible]
    if len(visible) > 1:
        raise FileRefused(
            f"{name} has {len(visible)} sheets ({_names([s.name for s in visible])}). Send one "
            "sheet per file, or say which sheet to import.",
            code="several_sheets",
        )
    return visible[0]


def check_dimension(archive: zipfile.ZipFile, sheet: SheetPart, name: str) -> None:
    """Refuse a sheet whose declared used range reaches Excel's last row, or is so wide and
    long that the parser, which holds it densely, would need gigabytes (reads 64 KB)."""
    try:
        with archive.open(sheet.part) as handle:
            head = handle.read(65536)
    except ZIP_ERRORS as exc:
        raise unreadable(name) from exc
    found = _DIMENSION.search(head)
    ref = found.group(1).decode("ascii", "replace") if found else ""
    corners = _CELL.findall(ref)
    if not corners:
        return
    rows = [int(r) for _, r in corners]
    columns = [_column_number(c) for c, _ in corners]
    if max(rows) >= EXCEL_LAST_ROW:
        raise too_many_rows(name, sheet.name)
    cells = (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1)
    if cells > MAX_SHEET_CELLS:
        raise FileRefused(
            f"The sheet ‘{sheet.name}’ of {name} uses the range {ref} "
            f"({cells:,} cells), far more than its data can need. Delete the empty rows and "
            "columns after your data (select them, right-click, Delete), save, and send it "
            "again.",
            code="too_large",
        )


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def too_many_rows(name: str, sheet: str | None) -> FileRefused:
    """The refusal for a sheet that reaches Excel's last row."""
    where = f"The sheet ‘{sheet}’ of {name}" if sheet else name
    return FileRefused(
        f"{where} reaches row {EXCEL_LAST_ROW:,}, the last row Excel has, so the export was "
        "probably cut short. Split the data into smaller files, for example one file per "
        "term, and send each.",
        code="too_many_rows",
    )


def read_small_part(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    """A small XML part in full; refuses one that is oversized or declares entities."""
    try:
        with archive.open(part) as handle:
            data = handle.read(MAX_SMALL_PART_BYTES + 1)
    except ZIP_ERRORS as exc:
        raise unreadable(name) from exc
    if len(data) > MAX_SMALL_PART_BYTES or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise unreadable(name)
    return data


def _workbook_part(archive: zipfile.ZipFile, members: set[str], name: str) -> str:
    if "xl/workbook.xml" in members:
        return "xl/workbook.xml"
    if "_rels/.rels" in members:
        for rel_type, target in _relationships(archive, "_rels/.rels", name).values():
            part = _resolve("", target)
            document = rel_type.endswith("/officeDocument") and part in members
            if document and part.endswith(".xml") and "workbook" in part:
                return part
    raise _not_a_workbook(archive, members, name)


def _not_a_workbook(archive: zipfile.ZipFile, members: set[str], name: str) -> FileRefused:
    if "xl/workbook.bin" in members:
        what = "an Excel binary workbook (.xlsb)"
    elif "word/document.xml" in members:
        what = "a Word document"
    elif "ppt/presentation.xml" in members:
        what = "a PowerPoint presentation"
    elif "mimetype" in members and b"spreadsheet" in read_small_part(archive, "mimetype", name):
        what = "an OpenDocument spreadsheet (.ods)"
    else:
        what = "a zip archive"
    return FileRefused(
        f"{name} is {what}, not an Excel workbook (.xlsx). {SAVE_AS_XLSX}",
        code="not_a_spreadsheet",
    )


def _relationships(archive: zipfile.ZipFile, part: str, name: str) -> dict[str, tuple[str, str]]:
    if part not in set(archive.namelist()):
        return {}
    rels: dict[str, tuple[str, str]] = {}
    for element in _parse(archive, part, name).iter():
        if _local(element.tag) == "Relationship":
            rels[element.get("Id", "")] = (element.get("Type", ""), element.get("Target", ""))
    return rels


def _parse(archive: zipfile.ZipFile, part: str, name: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(read_small_part(archive, part, name))
    except ElementTree.ParseError as exc:
        raise unreadable(name) from exc


def _relationship_id(element: ElementTree.Element) -> str:
    """The ``r:id`` attribute, whatever prefix the namespace was given."""
    return next(
        (v for k, v in element.attrib.items() if k.startswith("{") and k.endswith("}id")), ""
    )


def _rels_part(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _named_sheet(package: Package, wanted: str, name: str) -> SheetPart:
    key = wanted.strip().casefold()
    found = [s for s in package.sheets if s.name == wanted] or [
        s for s in package.sheets if s.name.strip().casefold() == key
    ]
    if not found:
        raise FileRefused(
            f"{name} has no sheet called ‘{wanted}’. Its sheets are: "
            f"{_names([s.name for s in package.sheets])}.",
            code="no_such_sheet",
        )
    if not found[0].visible:
        raise FileRefused(
            f"The sheet ‘{found[0].name}’ of {name} is hidden. Unhide it in Excel and save the "
            "workbook, or send the rows in a visible sheet.",
            code="hidden_sheet",
        )
    return found[0]


def _names(names: list[str]) -> str:
    return ", ".join(f"‘{n}’" for n in names)


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1024) / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.0f} MB"
