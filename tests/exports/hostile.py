"""Text a spreadsheet would run, and how the engine's exports must show it, for every export test.

Each value is what a sender might type (or a tool might leave) at the start of a cell. The
expected text is written out by hand: unchanged, except that a NUL, which XML cannot hold,
becomes the replacement character.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.cell import Cell

# (text as given, the text a workbook must show)
HOSTILE = [
    ('=HYPERLINK("http://x","y")', '=HYPERLINK("http://x","y")'),
    ("+1+1", "+1+1"),
    ("-2", "-2"),
    ("@SUM(A1)", "@SUM(A1)"),
    ("\t=1", "\t=1"),
    ("\r=1", "\r=1"),
    ("\n=1", "\n=1"),
    ("\x00=1", "\ufffd=1"),
]


def as_excel_shows(value: Any) -> Any:
    """Cell text as Excel shows it: OOXML escapes a carriage return (and other characters a
    bare XML text node cannot keep) as ``_x000D_``, and a literal ``_x…_`` as ``_x005F_x…_``;
    Excel decodes them, openpyxl does not (ECMA-376 Part 1, 22.9.2.19, ST_Xstring)."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), value)


def assert_inert(cell: Cell | Any, shown: str) -> None:
    """The cell shows ``shown`` as text, with the quote-prefix style, and is no formula."""
    assert cell.data_type == "s", (cell.coordinate, cell.data_type)
    assert as_excel_shows(cell.value) == shown, cell.coordinate
    assert cell.quotePrefix is True, cell.coordinate


def no_formulas(book: Any) -> None:
    """No cell of any sheet is a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
