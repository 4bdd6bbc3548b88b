"""Rules across the cells of a row: each broken rule rejects the row with a plain reason.

The rules run on the converted columns (null where a cell was empty or bad, so a bad cell
is reported once, by its own finding) and are vectorised; only the rows that break a rule
get a Python string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from imports.reading.findings import Finding, Positions, finding, where
from imports.reading.labels import label, lower_label, show_date

# (earlier, later): the later date may not come before the earlier one.
DATE_ORDER = (("start_date", "end_date"), ("offence_date", "outcome_date"))
POSSIBLE = "sessions_possible"
AUTHORISED = "sessions_authorised_absence"
UNAUTHORISED = "sessions_unauthorised_absence"


def row_rules(values: Mapping[str, pa.Array], today: dt.date) -> list[Finding]:
    """Findings for dates of birth in the future, dates out of order and impossible absences."""
    found = _future_birth(values, today)
    for earlier, later in DATE_ORDER:
        if earlier in values and later in values:
            found += _out_of_order(values, earlier, later)
    if {POSSIBLE, AUTHORISED, UNAUTHORISED} <= values.keys():
        found += _absences(values)
    return found


def duplicates(
    values: Mapping[str, pa.Array], candidates: Positions, source_rows: np.ndarray
) -> list[Finding]:
    """Rows among ``candidates`` whose every value repeats an earlier candidate row's."""
    count = len(candidates)
    if count < 2 or not values:
        return []
    take = None if count == len(source_rows) else pa.array(candidates)
    key = np.zeros(count, dtype=np.uint64)
    for column in values.values():
        codes, distinct = _codes(column if take is None else column.take(take))
        if distinct == count:
            return []  # this column alone tells every row apart
        with np.errstate(over="ignore"):
            key = key * np.uint64(1_000_003) + codes
    _, first_index, inverse = np.unique(key, return_index=True, return_inverse=True)
    first = first_index[inverse.ravel()]
    repeats = np.flatnonzero(first != np.arange(count))
    exact = [int(i) for i in repeats if _same(values, candidates[first[i]], candidates[i])]
    if not exact:
        return []
    earlier = source_rows[candidates[first[exact]]]
    return [Finding("", candidates[exact], [f"This row repeats row {int(r)}" for r in earlier])]


def _codes(column: pa.Array) -> tuple[np.ndarray, int]:
    """A number per value, equal for equal values, and how many distinct non-null values."""
    if pa.types.is_list(column.type):
        column = pc.binary_join(column, "\x1e")
    encoded = pc.dictionary_encode(column)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.uint64)
    distinct = len(encoded.dictionary) if encoded.null_count == 0 else -1
    return codes, distinct


def _future_birth(values: Mapping[str, pa.Array], today: dt.date) -> list[Finding]:
    if "date_of_birth" not in values:
        return []
    births = values["date_of_birth"]
    late = where(pc.greater(births, pa.scalar(today, pa.date32())))
    return finding(
        "date_of_birth",
        late,
        lambda p: f"Date of birth {show_date(births[p].as_py())} is in the future",
    )


def _out_of_order(values: Mapping[str, pa.Array], earlier: str, later: str) -> list[Finding]:
    starts, ends = values[earlier], values[later]
    wrong = where(pc.less(ends, starts))
    return finding(
        later,
        wrong,
        lambda p: (
            f"{label(later)} {show_date(ends[p].as_py())} is before the "
            f"{lower_label(earlier)} {show_date(starts[p].as_py())}"
        ),
    )


def _absences(values: Mapping[str, pa.Array]) -> list[Finding]:
    possible, authorised, unauthorised = (
        pc.cast(values[n], pa.float64()).to_numpy(zero_copy_only=False)
        for n in (POSSIBLE, AUTHORISED, UNAUTHORISED)
    )
    with np.errstate(invalid="ignore"):
        over_u = unauthorised > possible
        over_a = (authorised > possible) & ~over_u
        over_sum = (authorised + unauthorised > possible) & ~over_u & ~over_a

    def more(name: str, counts: np.ndarray, p: int) -> str:
        return (
            f"{label(name)} ({counts[p]:.0f}) is more than the sessions possible "
            f"({possible[p]:.0f})"
        )

    def both(p: int) -> str:
        return (
            f"Authorised absence ({authorised[p]:.0f}) and unauthorised absence "
            f"({unauthorised[p]:.0f}) add up to more than the sessions possible "
            f"({possible[p]:.0f})"
        )

    return [
        *finding(UNAUTHORISED, where(over_u), lambda p: more(UNAUTHORISED, unauthorised, p)),
        *finding(AUTHORISED, where(over_a), lambda p: more(AUTHORISED, authorised, p)),
        *finding(UNAUTHORISED, where(over_sum), both),
    ]


def _same(values: Mapping[str, pa.Array], first: int, other: int) -> bool:
    return all(v[int(first)].as_py() == v[int(other)].as_py() for v in values.values())
