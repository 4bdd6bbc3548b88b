"""What a column holds and how its cells are made safe, for both .xlsx and CSV.

Text is the danger. A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK("http://x","y")`` becomes a live link, and in a CSV file
``=cmd|...`` once ran programs through DDE), and a leading tab, carriage return, line feed
or NUL can hide such a start. The engine's exports carry names, addresses and notes that
partners typed, so every text cell goes through :func:`safe_text`:

- characters that XML 1.0 forbids (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE,
  U+FFFF and lone surrogates) are replaced with U+FFFD, the replacement character "�", so
  the reader sees that something was there. An .xlsx file cannot hold them at all, and a
  NUL cuts a CSV line short in some readers, so both formats do the same. Tab, line feed
  and carriage return are allowed in XML and are kept (a workbook stores a carriage return
  as Excel does, ``_x000D_``, since XML would read a bare one as a line feed: Excel shows
  the carriage return, openpyxl the escape);
- text longer than Excel's 32,767 characters is cut to that length;
- text starting with one of :data:`RISKY_START` is marked *risky*: the workbook writes it
  as text with Excel's quote-prefix style (the text shown is unchanged, and Excel keeps it
  as text even after an edit); a CSV file has no styles, so it gets a leading apostrophe.

Numbers, dates and booleans are never text and never risky: a negative number is written as
the number it is.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from numbers import Number
from typing import Any

# What a spreadsheet may run as a formula when a cell's text starts with it (OWASP's list,
# with line feed and NUL, which some readers drop before looking at the first character).
RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
EXCEL_CELL_CHARS = 32_767
REPLACEMENT = "\ufffd"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Kind(StrEnum):
    """What a column holds, which sets its number format."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    DATETIME = "datetime"


TEXT, INTEGER, NUMBER, MONEY, DATE, DATETIME = Kind

# Excel number formats for each kind (dates as people in England read them).
NUMBER_FORMATS = {
    Kind.INTEGER: "0",
    Kind.MONEY: '"£"#,##0.00',
    Kind.DATE: "dd/mm/yyyy",
    Kind.DATETIME: "dd/mm/yyyy hh:mm",
}


@dataclass(frozen=True)
class Column:
    """One column of an export.

    Attributes:
        title: the header text (written safely like any other text).
        kind: what it holds; numbers get its format (``MONEY`` as £1,250.00), dates and
            datetimes dd/mm/yyyy (and hh:mm).
        width: the column width in characters; ``None`` fits the title and the values
            written, up to the sheet's ``max_width``.
        wrap: wrap long text inside the cell.
        bold: bold cells (a label column).
        decimals: places shown for a ``NUMBER`` (none: as stored).
    """

    title: str
    kind: Kind = Kind.TEXT
    width: float | None = None
    wrap: bool = False
    bold: bool = False
    decimals: int | None = None

    @property
    def number_format(self) -> str | None:
        if self.kind is Kind.NUMBER and self.decimals is not None:
            return "0." + "0" * self.decimals if self.decimals else "0"
        return NUMBER_FORMATS.get(self.kind)


@dataclass(frozen=True)
class SafeText:
    """Text ready to write: forbidden characters replaced, and whether it starts riskily."""

    text: str
    risky: bool


def safe_text(value: str) -> SafeText:
    """``value`` as it may be written; ``risky`` when a spreadsheet could run it (judged on the
    text as given, so ``"\\x00=1"`` is risky though it is written ``"�=1"``)."""
    risky = value.startswith(RISKY_START)
    if not value.isprintable() and _FORBIDDEN.search(value):  # isprintable: fast, in C
        value = _FORBIDDEN.sub(REPLACEMENT, value)
    return SafeText(value[:EXCEL_CELL_CHARS], risky)


def is_blank(value: Any) -> bool:
    """None, and pandas' and numpy's missing values (NaN, NaT, NA)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # NaN, NaT and pandas.NA are not equal to themselves
    except (TypeError, ValueError):
        return False


def as_number(value: Any) -> float | None:
    """A real number (not a bool) as a float, or None for anything else or infinities."""
    if isinstance(value, bool) or not isinstance(value, Number | Decimal):
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def as_datetime(value: Any) -> dt.datetime | None:
    """A date, datetime or pandas Timestamp as a naive datetime, or None."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return None
