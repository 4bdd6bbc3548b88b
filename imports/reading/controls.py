"""Control characters in cells: a row-level rejection naming the column, never a failed import.

A NUL can reach a cell from a CSV file or from a workbook (Excel writes one as ``_x0000_``
and the cell parser decodes it). PostgreSQL refuses to store a NUL in text, so one such
cell used to fail the whole import; SQLite stored it, invisible. Now, before any cell is
converted to its type:

- a control character (C0: U+0000–U+001F except tab, line feed and carriage return;
  DEL, U+007F; C1: U+0080–U+009F) in any cell rejects the row: ``Surname holds a control
  character (NUL), which the engine can’t store: remove it and send the row again``;
- a tab or a line break (line feed or carriage return) rejects the row when it is in a
  single-line column: every text and list column but the free-text ones in
  :data:`FREE_TEXT`, which keep them. Names, references, postcodes and addresses are one
  line each: an address typed on several lines (Alt+Enter) is rejected with a reason
  saying to put it on one line. A code, flag, date or number with a tab or line break in
  it is not one, and is rejected for that.

Spaces, tabs and line breaks at the start and end of a cell are trimmed before this check,
as they are for every cell. The cell's value is dropped, so its column reports only this.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from imports.reading.findings import Converted, finding_by_value, where
from imports.reading.labels import label
from workflow.templates import Column, ColumnType

# Text columns that hold sentences, where a tab or a line break is part of the text.
FREE_TEXT = frozenset({"reason"})
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]"
_CONTROL_OR_LINE = r"[\x00-\x1f\x7f-\x{9f}]"
_NAMES = {"\x00": "NUL", "\x1b": "ESC", "\x7f": "DEL"}
_LINES = {"\t": "a tab", "\n": "a line break", "\r": "a line break"}


def control_characters(column: Column, text: pa.Array) -> Converted:
    """``text`` without the cells that hold a control character, and a finding for each."""
    single_line = column.type in (ColumnType.TEXT, ColumnType.LIST)
    single_line = single_line and column.name not in FREE_TEXT
    if not _may_hold_controls(text):  # almost every column: one pass over its bytes
        return Converted(text, [])
    pattern = _CONTROL_OR_LINE if single_line else _CONTROL
    found = pc.match_substring_regex(text, pattern)
    if not pc.any(found).as_py():
        return Converted(text, [])
    what = label(column.name)
    return Converted(
        pc.if_else(found, pa.scalar(None, pa.string()), text),
        finding_by_value(
            column.name, where(found), text, lambda v: _reason(what, v, lines=single_line)
        ),
    )


def _may_hold_controls(text: pa.Array) -> bool:
    """Whether any byte of the column's text could be part of a control character, a tab or
    a line break (a byte under 0x20, DEL, or a C1 character's 0xC2 0x80–0x9F)."""
    buffers = text.buffers()
    if len(text) == 0 or buffers[2] is None:
        return False
    width = np.int64 if pa.types.is_large_string(text.type) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=width)[text.offset : text.offset + len(text) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    c1 = (data[:-1] == 0xC2) & (data[1:] < 0xA0)
    return bool((data < 0x20).any() or (data == 0x7F).any() or c1.any())


def _reason(what: str, value: str, *, lines: bool) -> str:
    character = next(
        c for c in value if (c < " " and (lines or c not in _LINES)) or "\x7f" <= c <= "\x9f"
    )
    if character in _LINES:
        return (
            f"{what} holds {_LINES[character]}, which this column can’t: put it on one line "
            "and send the row again"
        )
    name = _NAMES.get(character, f"U+{ord(character):04X}")
    return (
        f"{what} holds a control character ({name}), which the engine can’t store: remove "
        "it and send the row again"
    )
