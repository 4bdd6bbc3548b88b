"""Reading dates the way UK partners write them, never as US month-first dates.

Accepted: a real Excel date cell (read as ``2025-04-03 00:00:00``), an Excel serial number
(1900 date system, as a number or numeric text, between 1920 and 2099 only), and text in
``dd/mm/yyyy`` or ``d/m/yyyy`` (also with ``-`` or ``.``), ``yyyy-mm-dd``, ``d Mon yyyy`` and
``d Month yyyy``. ``03/04/2025`` is 3 April 2025. A time after the date is ignored.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from imports.reading.findings import Converted, Finding
from imports.reading.labels import label, quoted

FIRST_YEAR, LAST_YEAR = 1900, 2100
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 61 onwards (1 March 1900) counts from here
FIRST_SERIAL = (dt.date(1920, 1, 1) - EXCEL_EPOCH).days
LAST_SERIAL = (dt.date(2099, 12, 31) - EXCEL_EPOCH).days

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_CELL = r"^\d{4}-\d{2}-\d{2}" + _TIME + "$"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})" + _TIME)
_NAMED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-]+([A-Za-z]{3,9})\.?,?[ \-]+(\d{4})" + _TIME)
_SERIAL = re.compile(r"\d{1,6}(?:\.\d+)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}


def convert_dates(field: str, text: pa.Array) -> Converted:
    """``text`` as ``date32`` values, with a finding for every cell that is not a date."""
    encoded = pc.dictionary_encode(text)
    uniques = encoded.dictionary
    fast = _iso_cells(uniques)
    fast_ok = pc.is_valid(fast).to_numpy(zero_copy_only=False)
    reasons: list[str | None] = [None] * len(uniques)
    parsed = fast
    if not fast_ok.all():
        days = fast.to_numpy(zero_copy_only=False)
        texts = uniques.to_pylist()
        for i in np.flatnonzero(~fast_ok):
            value, reasons[i] = parse_date(texts[i], field)
            days[i] = np.datetime64("NaT") if value is None else np.datetime64(value, "D")
        parsed = pa.array(days, type=pa.date32(), from_pandas=True)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    bad_unique = np.array([r is not None for r in reasons] + [False], dtype=bool)
    positions = np.flatnonzero(bad_unique[codes])
    findings = [Finding(field, positions, [reasons[codes[p]] or "" for p in positions])]
    return Converted(parsed.take(encoded.indices), findings if len(positions) else [])


def parse_date(text: str, field: str = "date") -> tuple[dt.date | None, str | None]:
    """One date written by a person or a spreadsheet: (date, None) or (None, reason)."""
    what = f"{label(field)} {quoted(text)}"
    parts = _parts(text.strip())
    if parts is None:
        return None, f"{what} is not a date: write it as dd/mm/yyyy, for example 03/04/2025"
    if isinstance(parts, dt.date):
        return parts, None
    year, month, day = parts
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None, f"{what} is not a date between {FIRST_YEAR} and {LAST_YEAR}"
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, f"{what} is not a real date"


def _parts(text: str) -> tuple[int, int, int] | dt.date | None:
    if found := _ISO.fullmatch(text):
        return int(found[1]), int(found[2]), int(found[3])
    if found := _DAY_FIRST.fullmatch(text):
        return int(found[3]), int(found[2]), int(found[1])
    if (found := _NAMED.fullmatch(text)) and found[2].casefold() in _MONTHS:
        return int(found[3]), _MONTHS[found[2].casefold()], int(found[1])
    if _SERIAL.fullmatch(text) and FIRST_SERIAL <= float(text) < LAST_SERIAL + 1:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    return None


def _iso_cells(uniques: pa.Array) -> pa.Array:
    """Dates for the values a date cell reads as (``yyyy-mm-dd[ hh:mm:ss]``), else null."""
    shaped = pc.fill_null(pc.match_substring_regex(uniques, _ISO_CELL), False)
    day = pc.if_else(shaped, pc.utf8_slice_codeunits(uniques, 0, 10), pa.scalar(None, pa.string()))
    stamp = pc.strptime(day, format="%Y-%m-%d", unit="s", error_is_null=True)
    in_range = pc.and_(
        pc.greater_equal(pc.year(stamp), FIRST_YEAR), pc.less_equal(pc.year(stamp), LAST_YEAR)
    )
    return pc.cast(pc.if_else(in_range, stamp, pa.scalar(None, stamp.type)), pa.date32())
