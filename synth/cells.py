"""Spreadsheet cells, column by column: text, plain numbers, or dates shown as dates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth.dates import excel_serial
from synth.text import keep

EMPTY, TEXT, NUMBER, DATE = 0, 1, 2, 3


@dataclass
class Cells:
    """One column of cells. ``kind`` says which of ``text`` / ``number`` holds each value."""

    kind: np.ndarray  # int8: EMPTY, TEXT, NUMBER (a plain number) or DATE (a date-styled number)
    text: np.ndarray | None = None  # object: the text of TEXT cells (None: the column has none)
    number: np.ndarray | None = None  # float64: the value of NUMBER and DATE cells

    def __len__(self) -> int:
        return len(self.kind)

    def take(self, index: np.ndarray | slice) -> Cells:
        """The cells of the given rows."""
        text = None if self.text is None else self.text[index]
        number = None if self.number is None else self.number[index]
        return Cells(self.kind[index], text, number)


def text_cells(values: np.ndarray) -> Cells:
    """Text cells; None, NaN and empty strings become empty cells."""
    values = np.asarray(values, dtype=object)
    filled = ~pd.isna(values) & (values != "")
    kind = np.where(filled, TEXT, EMPTY).astype(np.int8)
    return Cells(kind, values)


def number_cells(values: np.ndarray) -> Cells:
    """Number cells; NaN becomes an empty cell."""
    number = np.asarray(values, dtype=float)
    kind = np.where(np.isnan(number), EMPTY, NUMBER).astype(np.int8)
    return Cells(kind, None, np.nan_to_num(number))


def date_cells(
    days: np.ndarray, text: np.ndarray | None = None, as_serial: np.ndarray | None = None
) -> Cells:
    """Date cells: real dates, except rows given as ``text`` or as bare serial numbers."""
    days = np.asarray(days, dtype="datetime64[D]")
    missing = np.isnat(days)
    serial = np.where(
        missing, 0, excel_serial(np.where(missing, np.datetime64("2000-01-01"), days))
    )
    kind = np.where(missing, EMPTY, DATE).astype(np.int8)
    if as_serial is not None:
        kind[as_serial & ~missing] = NUMBER
    words = None
    if text is not None:
        has_text = ~pd.isna(text) & ~missing
        kind[has_text] = TEXT
        words = keep(has_text, text)
    return Cells(kind, words, serial.astype(float))
