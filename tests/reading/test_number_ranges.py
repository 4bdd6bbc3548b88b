"""A number larger than its database column holds rejects its row; the other rows load.

PostgreSQL refuses the whole file when one value overflows a column (NUMERIC(5, 1) holds
at most 9999.9, INTEGER 2,147,483,647), so the reader holds every number to its column's
``max_value`` first, after rounding a decimal to the places the column keeps.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from imports.reading.labels import label
from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES, WHOLE, ColumnType, Template

EMPLOYMENT = TEMPLATES["employment"]
ATTENDANCE = TEMPLATES["school_attendance"]
HOUSING = TEMPLATES["housing"]
NUMBER_COLUMNS = [
    (kind, column.name)
    for kind, template in TEMPLATES.items()
    for column in template.columns
    if column.type in (ColumnType.INT, ColumnType.DECIMAL)
]
# The id that must differ from row to row for a row to be a new one.
REFS = {"gangs_matrix": "nominal_ref", "iom_cohort": "nominal_ref", "keyworkers": "staff_ref"}
AUTHORISED = "sessions_authorised_absence"
UNAUTHORISED = "sessions_unauthorised_absence"


def sent(path: Path, template: Template, cells: list[dict[str, Any]], **headers: str) -> Path:
    """A file of ``template`` rows, one per entry of ``cells``, under the given headers."""
    ref = REFS.get(template.kind, "person_ref")
    rows = []
    for i, changed in enumerate(cells):
        values = minimal_row(template) | {ref: f"R{i}"} | changed
        if "email" in values:  # keyworkers: one email each
            values["email"] = f"worker{i}@example.org"
        rows.append([values[n] for n in template.names])
    return xlsx(path, [headers.get(n, n) for n in template.names], rows)


def test_hours_per_week_too_large_for_its_column_rejects_only_that_row(
    tmp_path: Path, read: Read
) -> None:
    cells: list[dict[str, Any]] = [{"hours_per_week": h} for h in (37.5, 123456, 16)]
    path = sent(tmp_path / "e.xlsx", EMPLOYMENT, cells, hours_per_week="Weekly Hours")

    result = read(path, "employment")

    (rejection,) = result.rejections
    assert (rejection.row, rejection.column, rejection.field) == (
        3,
        "Weekly Hours",
        "hours_per_week",
    )
    assert rejection.reason == "Hours per week must be 9,999.9 or less"
    assert rejection.value == "123456"  # for the sender's report
    assert result.frame["hours_per_week"].tolist() == [37.5, 16.0]
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)


def test_a_session_count_too_large_for_a_whole_number_column_is_rejected(
    tmp_path: Path, read: Read
) -> None:
    cells = [
        {"sessions_possible": 2_147_483_647},  # the largest INTEGER: loads
        {"sessions_possible": 2_147_483_648},
        {"sessions_possible": 10**20},  # beyond what a float tells apart: still "too large"
        {},
    ]
    path = sent(tmp_path / "a.xlsx", ATTENDANCE, cells, sessions_possible="Possible Sessions")

    result = read(path)

    too_large = "Sessions possible must be 2,147,483,647 or less"
    assert [(r.row, r.column, r.field, r.reason) for r in result.rejections] == [
        (3, "Possible Sessions", "sessions_possible", too_large),
        (4, "Possible Sessions", "sessions_possible", too_large),
    ]
    assert result.frame["source_row"].tolist() == [2, 5]
    assert result.frame["sessions_possible"].tolist() == [2_147_483_647, 140]


def test_an_amount_written_with_pound_sign_and_commas_is_held_to_its_column(
    tmp_path: Path, read: Read
) -> None:
    cells = [{"amount": "£9,999,999,999.99"}, {"amount": "£10,000,000,000"}]
    path = sent(tmp_path / "h.xlsx", HOUSING, cells, amount="Arrears (£)")

    result = read(path, "housing")

    assert [(r.row, r.column, r.reason) for r in result.rejections] == [
        (3, "Arrears (£)", "Amount must be 9,999,999,999.99 or less")
    ]
    assert result.frame["amount"].tolist() == [9_999_999_999.99]


def test_decimals_are_rounded_to_the_places_their_column_keeps(tmp_path: Path, read: Read) -> None:
    # Half away from zero, as PostgreSQL rounds: 7.25 is 7.3, not the 7.2 of banker's rounding.
    hours = [12.345, 7.25, 37.549, "9999.94", "9999.95"]
    path = sent(tmp_path / "e.xlsx", EMPLOYMENT, [{"hours_per_week": h} for h in hours])

    result = read(path, "employment")

    assert result.frame["hours_per_week"].tolist() == [12.3, 7.3, 37.5, 9999.9]
    # 9999.95 rounds to 10000.0, which the column cannot hold.
    assert [(r.row, r.reason) for r in result.rejections] == [
        (6, "Hours per week must be 9,999.9 or less")
    ]


def test_a_negative_number_is_still_reported_as_negative_not_as_too_large(
    tmp_path: Path, read: Read
) -> None:
    path = sent(tmp_path / "e.xlsx", EMPLOYMENT, [{"hours_per_week": -123456}, {}])

    result = read(path, "employment")

    assert [r.reason for r in result.rejections] == ["Hours per week (-123456) cannot be negative"]


@pytest.mark.parametrize(("kind", "name"), NUMBER_COLUMNS)
def test_every_number_column_takes_its_largest_value_and_rejects_the_next(
    tmp_path: Path, read: Read, kind: str, name: str
) -> None:
    template = TEMPLATES[kind]
    column = template.column(name)
    largest = column.max_value
    assert largest is not None
    step = Decimal(1).scaleb(-(column.decimal_places or 0))
    base: dict[str, Any] = {}
    if kind == "school_attendance":  # absences may not exceed the sessions possible
        base = {"sessions_possible": WHOLE, AUTHORISED: 0, UNAUTHORISED: 0}
    cells = [base | {name: _cell(largest)}, base | {name: _cell(largest + step)}]
    path = sent(tmp_path / "n.xlsx", template, cells)

    result = read(path, kind)

    assert [(r.row, r.field, r.reason) for r in result.rejections] == [
        (3, name, f"{label(name)} must be {largest:,} or less")
    ]
    assert result.frame[name].tolist() == [_cell(largest)]


def _cell(value: Decimal) -> int | float:
    """A number as a spreadsheet cell holds it."""
    return int(value) if value == value.to_integral_value() else float(value)
