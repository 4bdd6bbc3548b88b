"""The real extent of a worksheet: the lowest row and the widest column its rows and cells name.

The cell parser (calamine, inside fastexcel) holds a sheet densely: a slot for every cell of
the rectangle from A1 to the lowest row and the widest column that any cell reaches, whatever
the sheet's ``<dimension>`` declares. One cell at XFD20000 in a 1.7 KB file asks it for
16,384 × 20,000 slots (10 GB). This module measures that rectangle while the sheet part
streams past, before anything is parsed; :func:`check_extent` holds it to the limits in
:mod:`imports.reading.limits`.

Positions are counted as the parser counts them: a cell's ``r`` reference (``XFD20000``, in
either case), or for a cell without one, the column after the previous cell of its row; a
row's ``r`` number, or for a row without one, the row after the previous row. A row's number
counts even when the row has no cells.

Excel and the libraries that write workbooks give every row and cell one shape
(``<row r="2" …>``, ``<c r="B2" s="1" t="s">``: ``r`` first, double quotes, single spaces).
While every tag has it (:class:`FastExtent`), three regular-expression searches per window,
run in C, find the rows' numbers and any cell wider or lower than the widest and lowest seen
so far: the 66 MB sheet part of 100,000 rows × 20 columns takes about 0.45 s more to scan
(0.27 s before, 0.74 s now, best of six on a shared two-core machine). A tag of any other
shape (no ``r``, ``r`` after another attribute, single quotes, another namespace prefix)
sends the sheet to :func:`exact_extent`, which reads it again tag by tag (about 2 s per
million cells); a sheet whose far-out cells show early is refused as soon as they do.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from imports.reading.errors import FileRefused
from imports.reading.limits import (
    EXCEL_LAST_ROW,
    MAX_COLUMNS,
    MAX_SHEET_CELLS,
    SPARSE_FLOOR,
)
from imports.reading.package import too_many_rows

CHUNK = 1 << 20
# A match starting this close to the end of a window may be a tag cut in two: the next
# window repeats the last 1,024 bytes, so it is judged there (or, in the last window, here).
_MARGIN = 256
# Wider than this (column AZ), a sheet too big is blamed on its widest cell, not its last row.
_WIDE = 52
# <c …> or <row …> under any prefix, with the r it starts with (if it does) apart from the
# rest of the tag, whose quoted values may hold ">"; or </row> (name b"").
_TAG = re.compile(
    rb"<(?:[\w.-]+:)?(c|row)(?=[\s>/])(?: r=\"([A-Za-z]*)(\d+)\"(?=[\s>/]))?"
    rb"((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>|</(?:[\w.-]+:)?row\s*>"
)
_R_ATTRIBUTE = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF = re.compile(rb"([A-Za-z]*)(\d+)")


@dataclass
class Extent:
    """The rectangle the parser would hold, and where its far edges come from.

    Attributes:
        rows: the highest row number any row or cell names.
        columns: the widest column number any cell reaches.
        lowest: what names the highest row: ``a cell at A900000`` or ``row 900,000``.
        widest: the reference of the widest cell, e.g. ``XFD20000``.
    """

    rows: int = 0
    columns: int = 0
    lowest: str = ""
    widest: str = ""

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def note_cell(self, row: int, column: int) -> None:
        if column > self.columns:
            self.columns, self.widest = column, f"{column_letters(column)}{row}"
        if row > self.rows or (row == self.rows and self.lowest.startswith("row")):
            self.rows, self.lowest = row, f"a cell at {column_letters(column)}{row}"

    def note_row(self, row: int) -> None:
        if row > self.rows:
            self.rows, self.lowest = row, f"row {row:,}"


def check_extent(extent: Extent, name: str, sheet: str, part_bytes: int) -> None:
    """Refuse a sheet whose real extent passes the limits (see :mod:`imports.reading.limits`)."""
    if extent.rows > EXCEL_LAST_ROW:
        raise _far_out(extent.lowest, name, sheet, f"Excel's last row is {EXCEL_LAST_ROW:,}")
    if extent.rows == EXCEL_LAST_ROW:
        raise too_many_rows(name, sheet)
    if extent.columns > MAX_COLUMNS:
        why = (
            f"that is column {extent.columns:,}, and the importer reads at most "
            f"{MAX_COLUMNS:,} columns"
        )
        raise _far_out(f"a cell at {extent.widest}", name, sheet, why)
    size = f"{extent.rows:,} rows × {extent.columns:,} columns ({extent.cells:,} cells)"
    # A sheet this wide is too big for its columns; a narrower one, for its rows.
    where = f"a cell at {extent.widest}" if extent.columns > _WIDE else extent.lowest
    if extent.cells > MAX_SHEET_CELLS:
        raise FileRefused(
            f"The sheet ‘{sheet}’ of {name} reaches {size}: it has {where}. The importer reads "
            f"at most {MAX_SHEET_CELLS:,} cells from one sheet. Delete any empty rows and "
            "columns after your data (select them, right-click, Delete); if it is all data, "
            "split it into smaller files, for example one file per term.",
            code="too_large",
        )
    if extent.cells > max(SPARSE_FLOOR, part_bytes):
        why = f"reading it means holding {size}, far more than a sheet of {_size(part_bytes)} holds"
        raise _far_out(where, name, sheet, why)


class FastExtent:
    """The extent of a sheet whose tags all have the usual shape; ``odd`` once one has not.

    Per window: the rows' numbers (one search), then one search for a cell that is not in
    the usual shape or lies beyond the widest column or the lowest row seen so far; only a
    window with such a cell is looked at cell by cell (the first, and one per new record).
    """

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.extent = Extent()
        self.odd = False
        self._prefix = p
        # The parser reads the first r of a tag (a second one is an error), so a tag that
        # starts with a plain r is in the usual shape whatever follows.
        self._usual_cell = re.compile(rb"<" + p + rb'c r="[A-Z]+\d+"')
        self._odd_row = re.compile(rb"<" + p + rb'row(?=[\s>/])(?! r="\d+")')
        self._rows = re.compile(rb"<" + p + rb'row(?=[\s>/])(?: r="(\d+)")?')  # b"" when odd
        self._cells = re.compile(rb"<" + p + rb'c r="([A-Z]+)(\d+)"')
        if prefix:  # cells and rows without the prefix, or under another one
            lookbehind = rb"(?<!<" + p[:-1] + rb")(?<!</" + p[:-1] + rb")"
            foreign = rb"<(?:c|row)[\s>/]|" + lookbehind + rb":(?:c|row)[\s>/]"
        else:
            foreign = rb":(?:c|row)[\s>/]"
        self._foreign = re.compile(foreign)
        self._unusual: re.Pattern[bytes] | None = None
        self._unusual_for = (-1, -1)
        self._last = b""

    def feed(self, window: bytes, *, final: bool = False) -> None:
        """Take in one window (windows overlap, which the maxima do not mind)."""
        if self.odd:
            return
        self._last = window
        cut = len(window) if final else len(window) - _MARGIN
        rows = self._rows.findall(window)
        if b"" in rows and _found_before(self._odd_row, window, cut):
            self.odd = True
            return
        if _found_before(self._foreign, window, cut):
            self.odd = True
            return
        if rows := [r for r in rows if r]:
            self.extent.note_row(max(map(int, rows)))
        at = 0
        while (found := self._unusual_cell().search(window, at)) is not None:
            at = found.start()
            if at >= cut:
                return  # perhaps a tag cut in two: the next window has it whole
            if not self._usual_cell.match(window, at):
                self.odd = True
                return
            record = (self.extent.columns, self.extent.rows)
            self._note_cells(window)  # a new widest or lowest cell in this window
            if record == (self.extent.columns, self.extent.rows):
                at = found.end()  # a row number written with leading zeros

    def finish(self) -> None:
        """Judge the end of the last window, which no later window repeats."""
        self.feed(self._last, final=True)

    def _unusual_cell(self) -> re.Pattern[bytes]:
        """A cell not in the usual shape, wider than the widest or lower than the lowest."""
        record = (self.extent.columns, self.extent.rows)
        if self._unusual is None or self._unusual_for != record:
            wider = _letters_above(column_letters(record[0]).encode())
            lower = _digits_above(str(record[1]).encode())
            self._unusual = re.compile(
                rb"<" + self._prefix + rb'c(?=[\s>/])(?! r="(?!(?:' + wider + rb")\d)[A-Z]+"
                rb"(?!(?:" + lower + rb')")\d+")'
            )
            self._unusual_for = record
        return self._unusual

    def _note_cells(self, window: bytes) -> None:
        refs = set(self._cells.findall(window))
        letters = max({c for c, _ in refs}, key=lambda c: (len(c), c))
        row = max(int(r) for c, r in refs if c == letters)
        self.extent.note_cell(row, column_number(letters))
        lowest = max(refs, key=lambda ref: int(ref[1]))
        self.extent.note_cell(int(lowest[1]), column_number(lowest[0]))


def _found_before(pattern: re.Pattern[bytes], window: bytes, cut: int) -> bool:
    found = pattern.search(window)
    return found is not None and found.start() < cut


def exact_extent(archive: zipfile.ZipFile, part: str, check: Callable[[Extent], None]) -> Extent:
    """Read the sheet part tag by tag, counting positions as the parser does.

    ``check`` is called after every chunk, so a far-out sheet is refused as soon as it shows.
    """
    extent = Extent()
    row, column = 0, 0  # the parser's row (from 0) and the last column it used (from 1)
    columns: dict[bytes, int] = {}
    carry = b""
    with archive.open(part) as handle:
        while True:
            chunk = handle.read(CHUNK)
            window = carry + chunk
            cut = window.rfind(b"<") if chunk else len(window)
            done, carry = (window[:cut], window[cut:]) if cut > 0 else (b"", window)
            for name, letters, digits, rest in _TAG.findall(done):
                if name == b"c":
                    if not digits:  # r elsewhere in the tag, or none
                        letters, digits = _ref(rest)
                    if letters:
                        at = int(digits)
                        column = columns.get(letters) or columns.setdefault(
                            letters, column_number(letters)
                        )
                    else:  # no readable r: the column after the last
                        at, column = row + 1, column + 1
                    if column > extent.columns or at >= extent.rows:
                        extent.note_cell(at, column)
                elif name == b"row":
                    if not digits:
                        digits = _ref(rest)[1]
                    row = int(digits) - 1 if digits else row
                    extent.note_row(row + 1)
                    if rest.endswith(b"/"):
                        row, column = row + 1, 0
                else:  # </row>
                    row, column = row + 1, 0
            check(extent)
            if not chunk:
                return extent
            if len(carry) > 4 * CHUNK:  # no tag is this long: what follows is not one
                carry = b""


def column_number(letters: bytes) -> int:
    """``XFD`` → 16,384 (either case, as the parser reads it)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def column_letters(number: int) -> str:
    """16,384 → ``XFD``; 0 → ``""``."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(attributes: bytes) -> tuple[bytes, bytes]:
    """The letters and digits of a tag's first r (the parser reads the first; a second is an
    error), or ``(b"", b"")`` without a readable one."""
    found = _R_ATTRIBUTE.search(attributes)
    ref = _REF.fullmatch((found[1] or found[2]).strip()) if found else None
    return (ref[1], ref[2]) if ref else (b"", b"")


def _letters_above(letters: bytes) -> bytes:
    """A pattern for column letters after ``letters`` (more of them, or later ones)."""
    options = [b"[A-Z]{%d,}" % (len(letters) + 1)]
    for i, letter in enumerate(letters):
        if letter < ord("Z"):
            rest = len(letters) - i - 1
            following = b"[%c-Z]" % (letter + 1)
            options.append(letters[:i] + following + (b"[A-Z]{%d}" % rest if rest else b""))
    return b"|".join(options)


def _digits_above(digits: bytes) -> bytes:
    """A pattern for a row number above ``digits``: more digits (leading zeros count, so
    they are looked at exactly, never missed), or as many and a larger one, as a trie."""
    longer = rb"\d{%d,}" % (len(digits) + 1)
    same = _same_length_above(digits)
    return longer if same is None else longer + b"|" + same


def _same_length_above(digits: bytes) -> bytes | None:
    if not digits:
        return None
    first, rest = digits[0], digits[1:]
    options = []
    if first < ord("9"):
        options.append(b"[%c-9]" % (first + 1) + (rb"\d{%d}" % len(rest) if rest else b""))
    inner = _same_length_above(rest)
    if inner is not None:
        options.append(bytes([first]) + b"(?:" + inner + b")")
    return b"|".join(options) or None


def _far_out(where: str, name: str, sheet: str, why: str) -> FileRefused:
    return FileRefused(
        f"The sheet ‘{sheet}’ of {name} has {where}, far beyond the data: {why}. Delete the "
        "empty rows and columns after your data (select them, right-click, Delete), save, "
        "and send it again.",
        code="too_large",
    )


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1024) / 1024:,.0f} KB"
    return f"{size / (1024 * 1024):,.0f} MB"
