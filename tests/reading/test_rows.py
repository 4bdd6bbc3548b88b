"""Row rules, blank rows and the sheet row numbers rejections carry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES

ATTENDANCE = TEMPLATES["school_attendance"]


def row(i: int, **cells: Any) -> list[Any]:
    values = minimal_row(ATTENDANCE) | {"person_ref": f"P{i}"} | cells
    return [values[n] for n in ATTENDANCE.names]


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers(
    tmp_path: Path, read: Read
) -> None:
    rows = [row(1), [], row(2, term="winter"), [None, "  ", None], row(3), [], [], []]
    path = xlsx(tmp_path / "b.xlsx", ATTENDANCE.names, rows, above=[["Title"], []])

    result = read(path)

    assert result.header_row == 3
    assert result.rows_read == 3
    assert result.frame["source_row"].tolist() == [4, 8]
    assert [(r.row, r.column) for r in result.rejections] == [(6, "term")]


def test_a_row_with_text_only_in_an_extra_column_is_read_not_skipped(
    tmp_path: Path, read: Read
) -> None:
    headers = [*ATTENDANCE.names, "Notes"]
    rows = [[*row(1), None], [None] * len(ATTENDANCE.names) + ["called home"], [*row(2), ""]]
    path = xlsx(tmp_path / "n.xlsx", headers, rows)

    result = read(path)

    assert result.rows_read == 3
    assert result.frame["source_row"].tolist() == [2, 4]
    assert {r.row for r in result.rejections} == {3}


def test_a_required_cell_left_empty_is_named(tmp_path: Path, read: Read) -> None:
    path = xlsx(tmp_path / "r.xlsx", ATTENDANCE.names, [row(1, surname=None, term=" ")])

    result = read(path)

    assert [(r.field, r.reason) for r in result.rejections] == [
        ("surname", "Surname is missing"),
        ("term", "Term is missing"),
    ]


def test_a_date_of_birth_in_the_future_is_rejected(tmp_path: Path, read: Read) -> None:
    path = xlsx(
        tmp_path / "f.xlsx",
        ATTENDANCE.names,
        [row(1, date_of_birth=dt.datetime(2031, 4, 3)), row(2, date_of_birth="15/01/2026")],
    )

    result = read(path)

    assert result.frame["source_row"].tolist() == [3]
    (rejection,) = result.rejections
    assert (rejection.row, rejection.field) == (2, "date_of_birth")
    assert rejection.reason == "Date of birth 03/04/2031 is in the future"
    assert rejection.value == "03/04/2031"


def test_negative_session_counts_are_rejected(tmp_path: Path, read: Read) -> None:
    path = xlsx(tmp_path / "n.xlsx", ATTENDANCE.names, [row(1, sessions_authorised_absence=-2)])

    (rejection,) = read(path).rejections

    assert rejection.reason == "Authorised absence (-2) cannot be negative"
    assert rejection.column == "sessions_authorised_absence"


def test_absence_beyond_the_sessions_possible_names_both(tmp_path: Path, read: Read) -> None:
    rows = [
        row(1, sessions_possible=40, sessions_unauthorised_absence=45),
        row(
            2,
            sessions_possible=40,
            sessions_authorised_absence=30,
            sessions_unauthorised_absence=20,
        ),
        row(
            3,
            sessions_possible=40,
            sessions_authorised_absence=20,
            sessions_unauthorised_absence=20,
        ),
    ]
    path = xlsx(tmp_path / "a.xlsx", ATTENDANCE.names, rows)

    result = read(path)

    assert result.frame["source_row"].tolist() == [4]
    assert [r.reason for r in result.rejections] == [
        "Unauthorised absence (45) is more than the sessions possible (40)",
        "Authorised absence (30) and unauthorised absence (20) add up to more than the "
        "sessions possible (40)",
    ]


def test_an_end_before_its_start_is_rejected(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["social_care"]
    values = minimal_row(template) | {"start_date": "10/05/2024", "end_date": "09/05/2024"}
    path = xlsx(tmp_path / "e.xlsx", template.names, [[values[n] for n in template.names]])

    (rejection,) = read(path, "social_care").rejections

    assert rejection.reason == "End date 09/05/2024 is before the start date 10/05/2024"
    assert rejection.field == "end_date"


def test_a_row_repeating_an_earlier_row_is_rejected(tmp_path: Path, read: Read) -> None:
    rows = [row(1), row(2), row(1, sex=" f ", postcode="QX11AA"), row(3), row(2)]
    path = xlsx(tmp_path / "d.xlsx", ATTENDANCE.names, rows)

    result = read(path)

    assert result.frame["source_row"].tolist() == [2, 3, 5]
    assert [(r.row, r.column, r.reason) for r in result.rejections] == [
        (4, "", "This row repeats row 2"),
        (6, "", "This row repeats row 3"),
    ]


def test_one_row_can_have_several_problems(tmp_path: Path, read: Read) -> None:
    path = xlsx(
        tmp_path / "s.xlsx", ATTENDANCE.names, [row(1, term="winter", sex="x", forename=None)]
    )

    result = read(path)

    assert result.frame.empty
    assert [r.field for r in result.rejections] == ["forename", "sex", "term"]
    assert {r.row for r in result.rejections} == {2}
    assert result.rows_rejected == 1 and result.rows_accepted == 0


def test_an_excel_error_value_is_named(tmp_path: Path, read: Read) -> None:
    import xlsxwriter

    path = tmp_path / "e.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, ATTENDANCE.names)
    sheet.write_row(1, 0, row(1))
    sheet.write_row(2, 0, row(2))
    sheet.write_formula(2, 1, "=NA()", None, "#N/A")  # in cell B3: forename
    book.close()
    from tests.reading.builders import replace_part

    replace_part(path, "xl/worksheets/sheet1.xml", lambda x: x.replace(b"<f>NA()</f>", b""))

    result = read(path)

    assert result.frame["source_row"].tolist() == [2]
    (rejection,) = result.rejections
    assert (rejection.row, rejection.field, rejection.value) == (3, "forename", "#N/A")
    assert rejection.reason == "Forename holds the Excel error #N/A: put the value in instead"
