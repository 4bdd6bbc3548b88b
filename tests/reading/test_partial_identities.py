"""A police list's nominal with no name or date of birth, or a date that cannot exist, is a
partial identity: kept, reported as incomplete, never rejected for it (issue #13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.reading.builders import xlsx
from tests.reading.conftest import Read

HEADERS = [
    "Nominal Ref",
    "Forename",
    "Surname",
    "DOB",
    "House Number",
    "Street",
    "Suburb",
    "Postcode",
    "Harm Score",
    "Harm Band",
    "Victim Band",
    "Date Added",
]


def nominal(ref: str, forename: object, surname: object, dob: object) -> list[object]:
    return [
        ref,
        forename,
        surname,
        dob,
        "12",
        "Acacia Rd",
        "Northfield",
        "QX1 1AA",
        5,
        "red",
        "zero",
        dt.datetime(2026, 1, 5),
    ]


def test_missing_names_and_dates_and_impossible_dates_are_kept_as_incomplete(
    tmp_path: Path, read: Read
) -> None:
    rows = [
        nominal("GM1", "Ann", "Lee", dt.datetime(2001, 3, 4)),
        nominal("GM2", "Ann", "Lee", None),
        nominal("GM3", None, "Lee", dt.datetime(2001, 3, 4)),
        nominal("GM4", "Ann", "Lee", "19960094"),
    ]
    path = xlsx(tmp_path / "gangs.xlsx", HEADERS, rows)

    result = read(path, "gangs_matrix")

    assert result.rejections == []
    frame = result.frame.set_index("nominal_ref")
    assert frame.index.tolist() == ["GM1", "GM2", "GM3", "GM4"]
    assert frame.loc["GM4", "date_of_birth_as_written"] == "19960094"
    assert frame["date_of_birth"].isna().tolist() == [False, True, False, True]
    assert (frame.loc["GM1", "house_number"], frame.loc["GM1", "street"]) == ("12", "Acacia Rd")
    assert frame.loc["GM1", "locality"] == "Northfield"
    notes = {(n.row, n.field): n.reason for n in result.incomplete}
    assert notes[(3, "date_of_birth")] == (
        "No date of birth: kept as an incomplete identity and matched on the rest"
    )
    assert notes[(4, "forename")] == (
        "No forename: kept as an incomplete identity and matched on the rest"
    )
    assert notes[(5, "date_of_birth")].endswith(": kept as written and compared as text")
    assert result.rows_incomplete == 3


def test_a_list_with_no_date_of_birth_column_is_read_with_a_note(
    tmp_path: Path, read: Read
) -> None:
    headers = [h for h in HEADERS if h != "DOB"]
    row = nominal("GM1", "Ann", "Lee", None)
    del row[3]
    path = xlsx(tmp_path / "gangs.xlsx", headers, [row])

    result = read(path, "gangs_matrix")

    assert result.rejections == []
    assert result.file_notes == (
        "The list has no date of birth column: every row is matched on the rest of what it carries",
    )


def test_a_partner_feed_still_rejects_a_row_with_no_surname(tmp_path: Path, read: Read) -> None:
    from tests.reading.builders import minimal_row
    from workflow.templates import TEMPLATES

    attendance = TEMPLATES["school_attendance"]
    values = minimal_row(attendance) | {"surname": None}
    path = xlsx(tmp_path / "a.xlsx", attendance.names, [[values[n] for n in attendance.names]])

    result = read(path)

    assert [r.reason for r in result.rejections] == ["Surname is missing"]
    assert result.incomplete == ()
