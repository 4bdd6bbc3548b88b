"""A small streaming .xlsx writer, built for speed and byte-for-byte reproducible output.

One worksheet; text goes in the shared-strings table, numbers as numbers, dates as numbers
with a ``dd/mm/yyyy`` format (so Excel, openpyxl and calamine all see dates). Rows are
turned into XML a chunk at a time with numpy string operations and streamed into the zip,
so memory stays flat. Every zip entry has a fixed timestamp and ``docProps/core.xml`` a
fixed date, so the same input always gives the same bytes. See
docs/decisions/0002-synth-xlsx-writer.md for why this, not openpyxl.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from synth.cells import DATE, EMPTY, NUMBER, TEXT, Cells

CHUNK_ROWS = 20_000
LEVEL = 1  # zlib level: compresses ~3x faster than the default 6, files ~25% bigger
BIG_SHEET_ROWS = 400_000  # above this, allow a zip64 entry for the sheet
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEADER_STYLE, _DATE_STYLE = 2, 1


@dataclass
class Sheet:
    """What one worksheet holds: an optional title in A1, a header row, then data rows."""

    name: str
    headers: list[str]
    columns: list[Cells]
    header_row: int
    title: str | None
    rows: np.ndarray  # the sheet row number of each data row (1-based)
    trailing: int  # formatted but empty rows after the data, as exported files often have

    @property
    def last_row(self) -> int:
        """The last sheet row written, trailing empty rows included."""
        last_data = int(self.rows[-1]) if len(self.rows) else self.header_row
        return last_data + self.trailing


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``26`` -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(
    path: Path, sheet: Sheet, *, created: str, on_rows: Callable[[int], None] | None = None
) -> None:
    """Write ``sheet`` as a one-sheet workbook at ``path``.

    Args:
        path: the .xlsx file to create (replaced if it exists).
        sheet: the content.
        created: the fixed ISO timestamp written as the document's created/modified date.
        on_rows: called with the number of data rows written so far, after each chunk.
    """
    strings, codes = _shared_strings(sheet)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _package_parts(sheet.name, created):
            archive.writestr(_entry(name), text)
        archive.writestr(_entry("xl/sharedStrings.xml"), strings)
        big = len(sheet.rows) > BIG_SHEET_ROWS
        with archive.open(_entry("xl/worksheets/sheet1.xml"), "w", force_zip64=big) as out:
            out.write(_sheet_head(sheet).encode("utf-8"))
            out.write(_fixed_rows(sheet, codes).encode("utf-8"))
            columns = _prepare(sheet, codes)
            for lo in range(0, len(sheet.rows), CHUNK_ROWS):
                hi = min(lo + CHUNK_ROWS, len(sheet.rows))
                out.write(_data_rows(columns, sheet.rows, lo, hi).encode("utf-8"))
                if on_rows is not None:
                    on_rows(hi)
            out.write(_trailing_rows(sheet).encode("utf-8"))
            out.write(b"</sheetData></worksheet>")


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed timestamp and fast compression (the sheet dominates the time)."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    # Public as ``compress_level`` from Python 3.13; ``_compresslevel`` before (and still works).
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", LEVEL)
    return info


def _si(values: np.ndarray) -> str:
    """The ``<si>`` items of the shared-strings table, XML-escaped (in one pass, in C)."""
    if len(values) == 0:
        return ""
    joined = "\x00".join(values.tolist())
    escaped = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    opening = '<si><t xml:space="preserve">'
    return opening + escaped.replace("\x00", "</t></si>" + opening) + "</t></si>"


def _shared_strings(sheet: Sheet) -> tuple[str, list[np.ndarray | None]]:
    """The sharedStrings part and, per column, each cell's string index (-1 if not text)."""
    local: list[tuple[np.ndarray, np.ndarray] | None] = []
    pieces = [np.array(sheet.headers, dtype=object)]
    if sheet.title:
        pieces.append(np.array([sheet.title], dtype=object))
    total = len(sheet.headers) + int(bool(sheet.title))
    for column in sheet.columns:
        mask = column.kind == TEXT
        if column.text is None or not mask.any():
            local.append(None)
            continue
        codes, uniques = pd.factorize(column.text[mask])
        local.append((mask, codes))
        pieces.append(np.asarray(uniques, dtype=object))
        total += int(mask.sum())
    every = np.concatenate(pieces)
    global_codes, uniques = pd.factorize(every)
    offsets = np.cumsum([0, *[len(p) for p in pieces]])
    codes_out: list[np.ndarray | None] = []
    piece = 1 + int(bool(sheet.title))
    for entry in local:
        if entry is None:
            codes_out.append(None)
            continue
        mask, codes = entry
        mapping = global_codes[offsets[piece] : offsets[piece + 1]]
        full = np.full(len(mask), -1, dtype=np.int64)
        full[mask] = mapping[codes]
        codes_out.append(full)
        piece += 1
    items = _si(np.asarray(uniques, dtype=object))
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
    xml = f'{head}count="{total}" uniqueCount="{len(uniques)}">{items}</sst>'
    header_codes = global_codes[: len(sheet.headers)]
    title_code = global_codes[len(sheet.headers)] if sheet.title else -1
    codes_out.append(np.concatenate([header_codes, [title_code]]))
    return xml, codes_out


def _sheet_head(sheet: Sheet) -> str:
    last = column_letter(len(sheet.headers) - 1)
    frozen = sheet.header_row
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<dimension ref="A1:{last}{sheet.last_row}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{frozen}" topLeftCell="A{frozen + 1}" activePane="bottomLeft" '
        'state="frozen"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f'<cols><col min="1" max="{len(sheet.headers)}" width="18" customWidth="1"/></cols>'
        "<sheetData>"
    )


def _fixed_rows(sheet: Sheet, codes: list[np.ndarray | None]) -> str:
    fixed = codes[-1]
    assert fixed is not None
    out = []
    if sheet.title:
        out.append(f'<row r="1"><c r="A1" t="s" s="{_HEADER_STYLE}"><v>{fixed[-1]}</v></c></row>')
    h = sheet.header_row
    cells = "".join(
        f'<c r="{column_letter(j)}{h}" t="s" s="{_HEADER_STYLE}"><v>{fixed[j]}</v></c>'
        for j in range(len(sheet.headers))
    )
    out.append(f'<row r="{h}">{cells}</row>')
    return "".join(out)


class _Digits:
    """Integers as decimal text, from a lookup table when the column's range is small."""

    LIMIT = 3_000_000

    def __init__(self, values: np.ndarray) -> None:
        self.low = int(values.min()) if len(values) else 0
        high = int(values.max()) if len(values) else 0
        small = high - self.low <= self.LIMIT
        self.table = np.arange(self.low, high + 1).astype(str).astype(object) if small else None

    def __call__(self, values: np.ndarray) -> np.ndarray:
        if self.table is None:
            return values.astype(str).astype(object)
        return np.asarray(self.table[values - self.low])


@dataclass
class _Column:
    """One column ready to turn into XML: its cells and how to spell their values."""

    opening: str  # '<c r="B'
    cells: Cells
    codes: np.ndarray | None  # shared-string index per row (-1 if not text)
    code_text: _Digits | None
    whole: bool  # every number in the column is a whole number
    number_text: _Digits | None


def _prepare(sheet: Sheet, codes: list[np.ndarray | None]) -> list[_Column]:
    out = []
    for j, cells in enumerate(sheet.columns):
        numeric = cells.kind >= NUMBER
        values = cells.number[numeric] if cells.number is not None else np.zeros(0)
        whole = bool(np.all(np.floor(values) == values)) if len(values) else True
        text_codes = codes[j]
        out.append(
            _Column(
                opening=f'<c r="{column_letter(j)}',
                cells=cells,
                codes=text_codes,
                code_text=None if text_codes is None else _Digits(text_codes[text_codes >= 0]),
                whole=whole,
                number_text=_Digits(values.astype(np.int64)) if whole and len(values) else None,
            )
        )
    return out


def _numbers(column: _Column, values: np.ndarray) -> np.ndarray:
    if column.whole and column.number_text is not None:
        return column.number_text(values.astype(np.int64))
    whole = np.floor(values) == values
    as_int = np.where(whole, values, 0).astype(np.int64).astype(str)
    return np.where(whole, as_int, values.astype(str)).astype(object)


def _data_rows(columns: list[_Column], rows: np.ndarray, lo: int, hi: int) -> str:
    row = rows[lo:hi].astype(str).astype(object)
    parts = ['<row r="' + row + '">']
    for column in columns:
        cell = _cells_xml(column, row, lo, hi)
        if cell is not None:
            parts.append(cell)
    parts.append(np.full(hi - lo, "</row>", dtype=object))
    return "".join(map("".join, zip(*parts, strict=True)))


def _cells_xml(column: _Column, row: np.ndarray, lo: int, hi: int) -> np.ndarray | None:
    """Each row's ``<c>`` element for one column ('' for an empty cell), or None if all empty."""
    kind = column.cells.kind[lo:hi]
    numbers = column.cells.number
    filled = kind != EMPTY
    if not filled.any():
        return None
    body = np.full(hi - lo, "", dtype=object)
    text = kind == TEXT
    if text.any():
        assert column.codes is not None and column.code_text is not None
        index = column.code_text(column.codes[lo:hi][text])
        body[text] = '" t="s"><v>' + index + "</v></c>"
    number = kind == NUMBER
    if number.any():
        assert numbers is not None
        body[number] = '"><v>' + _numbers(column, numbers[lo:hi][number]) + "</v></c>"
    date = kind == DATE
    if date.any():
        assert numbers is not None
        serial = _numbers(column, numbers[lo:hi][date])
        body[date] = f'" s="{_DATE_STYLE}"><v>' + serial + "</v></c>"
    if filled.all():
        return np.asarray(column.opening + row + body)
    cell = np.full(hi - lo, "", dtype=object)
    cell[filled] = column.opening + row[filled] + body[filled]
    return cell


def _trailing_rows(sheet: Sheet) -> str:
    first = sheet.last_row - sheet.trailing + 1
    return "".join(
        f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(first, sheet.last_row + 1)
    )


def _package_parts(sheet_name: str, created: str) -> list[tuple[str, str]]:
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    ct = "application/vnd.openxmlformats-officedocument"
    types = (
        f'{xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{ct}.spreadsheetml.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        f'ContentType="{ct}.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'{xml}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    core = (
        f'{xml}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>tfe synthetic borough</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        f'{xml}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>tfe</Application></Properties>'
    )
    name = sheet_name.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    workbook = (
        f'{xml}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'{xml}<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    return [
        ("[Content_Types].xml", types),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", _styles(xml)),
    ]


def _styles(xml: str) -> str:
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (
        f'{xml}<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
