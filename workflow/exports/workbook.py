"""The engine's one .xlsx writer, on XlsxWriter.

XlsxWriter's conversions are all off (``strings_to_formulas``, ``strings_to_numbers``,
``strings_to_urls``): a string is only ever text, written with ``write_string``, and text a
spreadsheet could run (see :mod:`workflow.exports.cells`) gets the quote-prefix style. The
file is written in ``constant_memory`` mode, a row at a time, in little memory; rows
therefore go in order, sheet by sheet. The checks cost about a third on top of XlsxWriter's
own time: 20,000 rows × 8 formatted columns took 3.1 s against 2.1–2.5 s for bare
XlsxWriter calls, on a shared two-core machine under a load of 7.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from workflow.exports.cells import (
    DATE,
    DATETIME,
    Column,
    as_datetime,
    as_number,
    is_blank,
    safe_text,
)

_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": "dd/mm/yyyy",
}
_HEADER = {"bold": True, "bg_color": "#DDDDDD", "valign": "top"}
_PADDING = 2


class Workbook:
    """An .xlsx file being written: ``with Workbook(path) as book: book.sheet(...).rows(...)``.

    The folder is created if need be; the file is complete once the block ends (or
    :meth:`close` is called).
    """

    def __init__(self, path: Path) -> None:
        import xlsxwriter

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._book = xlsxwriter.Workbook(str(path), _OPTIONS)
        self._formats: dict[tuple[Any, ...], Any] = {}
        self._sheets: list[Sheet] = []

    def sheet(
        self,
        name: str,
        columns: Sequence[Column],
        *,
        header: bool = True,
        freeze_columns: int = 0,
        autofilter: bool = False,
        max_width: float = 50,
    ) -> Sheet:
        """A new sheet, after the others; a ``header`` row of the column titles (bold, grey,
        frozen, with ``freeze_columns`` columns frozen beside it and a filter if asked)."""
        if self._sheets:
            self._sheets[-1].finish()
        sheet = Sheet(self, name, columns, header, freeze_columns, autofilter, max_width)
        self._sheets.append(sheet)
        return sheet

    def close(self) -> Path:
        if self._sheets:
            self._sheets[-1].finish()
        self._book.close()
        return self.path

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def format(self, column: Column | None, *, quoted: bool = False) -> Any:
        """The cell format for ``column`` (None: the header), with the quote prefix or not."""
        key: tuple[Any, ...] = (None,) if column is None else (column.bold, column.wrap)
        key += (column.number_format if column else None, quoted)
        found = self._formats.get(key)
        if found is None:
            properties: dict[str, Any] = dict(_HEADER) if column is None else {}
            if column is not None:
                properties |= {"bold": column.bold, "text_wrap": column.wrap, "valign": "top"}
                if column.number_format:
                    properties["num_format"] = column.number_format
            if quoted:
                properties["quote_prefix"] = True
            found = self._formats[key] = self._book.add_format(properties)
        return found

    def add_worksheet(self, name: str) -> Any:
        return self._book.add_worksheet(safe_text(name).text[:31])


class Sheet:
    """One sheet of a :class:`Workbook`; :meth:`rows` writes rows in order."""

    def __init__(
        self,
        book: Workbook,
        name: str,
        columns: Sequence[Column],
        header: bool,
        freeze_columns: int,
        autofilter: bool,
        max_width: float,
    ) -> None:
        self._book, self._columns = book, tuple(columns)
        self._sheet = book.add_worksheet(name)
        self._widths = [0.0] * len(self._columns)
        self._max_width, self._autofilter = max_width, autofilter
        self._next = 0
        self._done = False
        if header:
            self._write(
                [c.title for c in self._columns], book.format(None), book.format(None, quoted=True)
            )
            self._sheet.freeze_panes(1, freeze_columns)
        self._plain = [book.format(c) for c in self._columns]
        self._quoted = [book.format(c, quoted=True) for c in self._columns]

    @property
    def height(self) -> int:
        """Rows written so far (the header included)."""
        return self._next

    def rows(self, rows: Iterable[Sequence[Any]]) -> int:
        """Write each row, a value per column, under the last; returns how many. Values past
        the last column are written too, in the plain style."""
        count = 0
        for values in rows:
            self.row(values)
            count += 1
        return count

    def row(self, values: Sequence[Any]) -> None:
        """Write one row under the last."""
        self._write(values, None, None)

    def _write(self, values: Sequence[Any], plain: Any, quoted: Any) -> None:
        at, sheet, widths, fitted = self._next, self._sheet, self._widths, len(self._widths)
        for i, value in enumerate(values):
            kind = type(value)
            if kind is str:  # the common case first
                text = safe_text(value)
            elif kind is int or (kind is float and value == value):
                text = None
                number: float | None = value
            elif is_blank(value):
                continue
            else:
                text, number = None, as_number(value)
            style = plain or (self._plain[i] if i < fitted else self._book.format(_EXTRA))
            if text is not None:
                if text.risky:
                    style = quoted or (
                        self._quoted[i] if i < fitted else self._book.format(_EXTRA, quoted=True)
                    )
                sheet.write_string(at, i, text.text, style)
                shown = len(text.text) if "\n" not in text.text else _longest_line(text.text)
            elif number is not None:
                sheet.write_number(at, i, number, style)
                shown = len(f"{number:,.2f}")
            elif isinstance(value, bool):
                sheet.write_boolean(at, i, value, style)
                shown = 5
            elif (when := as_datetime(value)) is not None:
                if i >= fitted or self._columns[i].kind not in (DATE, DATETIME):
                    style = self._book.format(_DATE)
                sheet.write_datetime(at, i, when, style)
                shown = 16
            else:
                text = safe_text(str(value))
                if text.risky:
                    style = quoted or (
                        self._quoted[i] if i < fitted else self._book.format(_EXTRA, quoted=True)
                    )
                sheet.write_string(at, i, text.text, style)
                shown = _longest_line(text.text)
            if i < fitted and shown > widths[i]:
                widths[i] = shown
        self._next = at + 1

    def finish(self) -> None:
        """Set the widths and the filter (both need every row); called by the workbook."""
        if self._done:
            return
        self._done = True
        for i, column in enumerate(self._columns):
            width = column.width
            if width is None:
                width = min(self._widths[i] + _PADDING, self._max_width)
            self._sheet.set_column(i, i, width)
        if self._autofilter and self._columns:
            self._sheet.autofilter(0, 0, max(self._next - 1, 0), len(self._columns) - 1)


_EXTRA = Column("")
_DATE = Column("", kind=DATE)


def _longest_line(text: str) -> int:
    return max(map(len, text.splitlines() or [""]))
