"""Converting one column of trimmed text to its template type, vectorised.

Codes, flags and lists are parsed once per distinct value (a column of 100,000 rows
usually holds a handful), numbers with Arrow compute, dates in :mod:`imports.reading.dates`.
Text is normalised (postcodes and ids lose their spaces) and then held to its column's
``max_length``, the width of the database column it is stored in. A decimal is rounded to
its column's ``decimal_places`` (half away from zero, as PostgreSQL rounds), and a number
is then held to its column's ``max_value``, the largest the database column stores.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from imports.reading.dates import convert_dates
from imports.reading.findings import Converted, by_uniques, finding, finding_by_value, where
from imports.reading.labels import label, quoted, show_codes
from workflow.templates import Column, ColumnType

_TRUE = frozenset({"y", "yes", "true", "1", "1.0"})
_FALSE = frozenset({"n", "no", "false", "0", "0.0"})
_CODE_NOISE = re.compile(r"[\s\-]+")
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_GROUPED = r"^[+-]?£?\d{1,3}(,\d{3})+(\.\d+)?$"
_LARGEST_WHOLE = Decimal(2**53)  # a whole number a float64 still tells apart from the next

# Words partners write for a code; used only where the column accepts the code.
SYNONYMS = {
    "f": "female",
    "m": "male",
    "u": "unknown",
    "not_known": "unknown",
    "fixedterm": "fixed_term",
    "fixed_term_exclusion": "fixed_term",
    "permanent_exclusion": "permanent",
    "youth_rehabilitation_order": "yro",
    "yot": "yos",
    "self_referral": "self",
    "head_of_household": "head",
    "universal_credit": "uc",
    "jobseekers_allowance": "jsa",
    "employment_and_support_allowance": "esa",
    "income_support": "is",
    "incapacity_benefit": "ib",
    "personal_independence_payment": "pip",
    "autumn_term": "autumn",
    "spring_term": "spring",
    "summer_term": "summer",
}


def convert(column: Column, text: pa.Array) -> Converted:
    """``text`` (trimmed, null when empty) as ``column``'s type, with its problems."""
    kind = column.type
    if kind is ColumnType.DATE:
        return convert_dates(column.name, text)
    if kind in (ColumnType.INT, ColumnType.DECIMAL):
        return _number(column, text)
    if kind is ColumnType.CODE:
        return by_uniques(column.name, text, partial(_code, column), pa.string())
    if kind is ColumnType.FLAG:
        return by_uniques(column.name, text, partial(_flag, column), pa.bool_())
    if kind is ColumnType.LIST:
        return by_uniques(column.name, text, partial(_list, column), pa.list_(pa.string()))
    return _within_width(column, _text(column.name, text))


def code_key(value: str) -> str:
    """A code as the template spells it: ``" Fixed-Term "`` → ``fixed_term``."""
    cleaned = value.casefold().replace("'", "").replace("’", "")
    return _CODE_NOISE.sub("_", cleaned.strip()).strip("_")


def _code(column: Column, value: str) -> tuple[str | None, str | None]:
    key = code_key(value)
    key = key if key in column.codes else SYNONYMS.get(key, key)
    if key in column.codes:
        return key, None
    return None, f"{label(column.name)} {quoted(value)} is not one of: {show_codes(column.codes)}"


def _flag(column: Column, value: str) -> tuple[bool | None, str | None]:
    key = value.casefold()
    if key in _TRUE:
        return True, None
    if key in _FALSE:
        return False, None
    return None, f"{label(column.name)} {quoted(value)} is not a yes or no answer: use Y or N"


def _list(column: Column, value: str) -> tuple[list[str] | None, str | None]:
    separator = ";" if ";" in value else ","
    items = [item.strip() for item in value.split(separator) if item.strip()]
    if not column.codes:
        return items or None, None
    keys = [code_key(item) for item in items]
    keys = [k if k in column.codes else SYNONYMS.get(k, k) for k in keys]
    unknown = [item for item, key in zip(items, keys, strict=True) if key not in column.codes]
    if unknown:
        listed = ", ".join(quoted(u) for u in unknown)
        return None, (
            f"{label(column.name)} {listed} {'is' if len(unknown) == 1 else 'are'} not one of: "
            f"{show_codes(column.codes)}"
        )
    return list(dict.fromkeys(keys)) or None, None


def _text(name: str, text: pa.Array) -> pa.Array:
    if name in ("nino", "upn", "uprn"):
        return _squeeze(pc.utf8_upper(text))
    if name == "postcode":
        packed = _squeeze(pc.utf8_upper(text))
        spaced = pc.binary_join_element_wise(
            pc.utf8_slice_codeunits(packed, 0, -3), pc.utf8_slice_codeunits(packed, -3), " "
        )
        return pc.if_else(pc.greater_equal(pc.utf8_length(packed), 5), spaced, packed)
    return text


def _within_width(column: Column, values: pa.Array) -> Converted:
    """Text longer than the column's ``max_length`` becomes null, with a reason naming the
    column and its width but not the value (reasons may reach logs; values are personal)."""
    limit = column.max_length
    # A character takes at least one byte, and byte lengths come free from the offsets.
    if limit is None or _longest(pc.binary_length(values)) <= limit:
        return Converted(values, [])
    lengths = pc.utf8_length(values)
    if _longest(lengths) <= limit:
        return Converted(values, [])
    too_long = pc.greater(lengths, limit)
    reason = f"{label(column.name)} is longer than {limit} characters"
    kept = pc.if_else(too_long, pa.scalar(None, pa.string()), values)
    return Converted(kept, finding(column.name, where(too_long), lambda _: reason))


def _longest(lengths: pa.Array) -> int:
    longest: int | None = pc.max(lengths).as_py()  # None when every cell is empty
    return longest or 0


def _squeeze(text: pa.Array) -> pa.Array:
    """Without spaces inside (the ends are already trimmed)."""
    squeezed = pc.replace_substring(text, " ", "")
    if any(pc.any(pc.match_substring(squeezed, w)).as_py() for w in ("\t", "\n", "\u00a0")):
        squeezed = pc.replace_substring_regex(squeezed, r"\s+", "")
    return squeezed


def _number(column: Column, text: pa.Array) -> Converted:
    name = column.name
    whole = column.type is ColumnType.INT
    ok = pc.fill_null(pc.match_substring_regex(text, _NUMBER), False)
    cleaned = text
    if not pc.all(pc.or_(ok, pc.is_null(text))).as_py():  # £ signs or thousands separators
        grouped = pc.match_substring_regex(text, _GROUPED)
        cleaned = pc.if_else(grouped, pc.replace_substring(text, ",", ""), text)
        cleaned = pc.replace_substring_regex(cleaned, r"^([+-]?)£", r"\1")
        ok = pc.fill_null(pc.match_substring_regex(cleaned, _NUMBER), False)
    numbers = pc.cast(pc.if_else(ok, cleaned, pa.scalar(None, pa.string())), pa.float64())
    ok = pc.and_(ok, pc.fill_null(pc.is_finite(numbers), False))
    not_number = pc.and_(pc.is_valid(text), pc.invert(ok))
    fraction = _false(len(text))
    if whole:
        fraction = pc.fill_null(pc.not_equal(pc.floor(numbers), numbers), False)
    negative = pc.and_(pc.fill_null(pc.less(numbers, 0), False), pc.invert(fraction))
    if not whole and column.decimal_places is not None:
        # As the column keeps it, before the limit: 9999.95 is 10000.0 in a column of one
        # place. Half up, as PostgreSQL rounds (a negative number is already rejected).
        numbers = pc.round(
            numbers, ndigits=column.decimal_places, round_mode="half_towards_infinity"
        )
    fits = pc.and_(ok, pc.invert(pc.or_(fraction, negative)))
    largest = _largest(column)
    too_large = _false(len(text))
    if largest is not None:
        too_large = pc.and_(fits, pc.fill_null(pc.greater(numbers, float(largest)), False))
    what = label(name)
    findings = [
        *finding_by_value(
            name, where(not_number), text, lambda v: f"{what} {quoted(v)} is not a number"
        ),
        *finding_by_value(
            name,
            where(pc.and_(ok, fraction)),
            text,
            lambda v: f"{what} {quoted(v)} is not a whole number",
        ),
        *finding_by_value(
            name,
            where(pc.and_(ok, negative)),
            text,
            lambda v: f"{what} ({v}) cannot be negative",
        ),
        *finding(name, where(too_large), lambda _: f"{what} must be {largest:,} or less"),
    ]
    bad = pc.or_(pc.invert(fits), too_large)
    kept = pc.if_else(bad, pa.scalar(None, pa.float64()), numbers)
    return Converted(pc.cast(kept, pa.int64()) if whole else kept, findings)


def _largest(column: Column) -> Decimal | None:
    """The largest value ``column`` takes: its ``max_value``, and a whole number in any
    case no larger than a float64 holds exactly (Arrow reads numbers as float64)."""
    if column.type is not ColumnType.INT:
        return column.max_value
    if column.max_value is None:
        return _LARGEST_WHOLE
    return min(column.max_value, _LARGEST_WHOLE)


def _false(length: int) -> pa.Array:
    return pa.array(np.zeros(length, dtype=bool))
