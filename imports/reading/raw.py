"""A sheet as read, before any checking: every cell as text, row ``i`` being sheet row ``i + 1``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa


@dataclass(frozen=True)
class RawSheet:
    """The cells of one sheet (or CSV file) as text columns of equal length.

    Attributes:
        sheet: the sheet name, or None for a CSV file.
        columns: one Arrow string array per column, left to right; index ``i`` of every
            column is sheet row ``i + 1`` (blank rows included, so row numbers are exact).
        errors: Excel error cells (``#N/A`` …) by (row index, column index); they read as null.
        merges: merged ranges starting in the first rows, as (``A1:C1``, top row).
    """

    sheet: str | None
    columns: tuple[pa.Array, ...]
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: tuple[tuple[str, int], ...] = ()

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0
