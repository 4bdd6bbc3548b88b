"""Cell values: every accepted way of writing a date, a flag, a code and a number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from imports.reading.dates import parse_date
from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES

ATTENDANCE = TEMPLATES["school_attendance"]


def attendance(path: Path, column: str, cells: list[Any]) -> Path:
    """An attendance file whose rows differ only in ``column`` (and their person ref)."""
    rows = []
    for i, cell in enumerate(cells):
        row = minimal_row(ATTENDANCE) | {column: cell, "person_ref": f"P{i}"}
        rows.append([row[n] for n in ATTENDANCE.names])
    return xlsx(path, ATTENDANCE.names, rows)


def test_every_date_form_reads_in_one_column(tmp_path: Path, read: Read) -> None:
    cells = [
        dt.datetime(2012, 4, 3),  # a real date cell
        dt.datetime(2012, 4, 3, 14, 30),  # a date and time cell
        41002,  # an Excel serial number, as a number
        "41002",  # and as text
        "03/04/2012",  # dd/mm/yyyy, never US month first
        "3/4/2012",
        "2012-04-03",
        "3 Apr 2012",
        "3 April 2012",
        "03-Apr-2012",
        " 3rd April 2012 ",
    ]
    path = attendance(tmp_path / "d.xlsx", "date_of_birth", cells)

    result = read(path)

    assert result.rejections == []
    assert result.frame["date_of_birth"].tolist() == [pd.Timestamp(2012, 4, 3)] * len(cells)
    assert str(result.frame["date_of_birth"].dtype) == "datetime64[ns]"


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("31/02/2012", "Date of birth ‘31/02/2012’ is not a real date"),
        ("2012/13/01", "Date of birth ‘2012/13/01’ is not a date: write it as dd/mm/yyyy"),
        ("next week", "Date of birth ‘next week’ is not a date: write it as dd/mm/yyyy"),
        ("03/04/12", "Date of birth ‘03/04/12’ is not a date: write it as dd/mm/yyyy"),
        ("140", "Date of birth ‘140’ is not a date"),  # a number far outside serial dates
        ("01/01/1850", "Date of birth ‘01/01/1850’ is not a date between 1900 and 2100"),
    ],
)
def test_a_cell_that_is_not_a_date_rejects_its_row(
    cell: str, reason: str, tmp_path: Path, read: Read
) -> None:
    path = attendance(tmp_path / "d.xlsx", "date_of_birth", ["01/09/2012", cell])

    result = read(path)

    assert len(result.frame) == 1
    (rejection,) = result.rejections
    assert (rejection.row, rejection.column, rejection.field) == (
        3,
        "date_of_birth",
        "date_of_birth",
    )
    assert rejection.value == cell
    assert rejection.reason.startswith(reason)


def test_serial_numbers_follow_the_1900_date_system() -> None:
    assert parse_date("45750") == (dt.date(2025, 4, 3), None)
    assert parse_date("45750.75") == (dt.date(2025, 4, 3), None)
    assert parse_date("2025")[0] is None  # a year is not a serial date


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["Y", "y", "Yes", "TRUE", "true", "1", 1, True], True),
        (["N", "n", "no", "False", "0", 0, False], False),
    ],
)
def test_flags_accept_the_usual_ways_of_saying_yes_and_no(
    cells: list[Any], expected: bool, tmp_path: Path, read: Read
) -> None:
    template = TEMPLATES["domestic_abuse"]
    rows = [
        [(minimal_row(template) | {"marac": c, "person_ref": f"P{i}"})[n] for n in template.names]
        for i, c in enumerate(cells)
    ]
    path = xlsx(tmp_path / "f.xlsx", template.names, rows)

    result = read(path, "domestic_abuse")

    assert result.rejections == []
    assert result.frame["marac"].tolist() == [expected] * len(cells)
    assert str(result.frame["marac"].dtype) == "boolean"


def test_an_unknown_flag_value_rejects_the_row(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["domestic_abuse"]
    row = minimal_row(template) | {"marac": "Maybe"}
    path = xlsx(tmp_path / "f.xlsx", template.names, [[row[n] for n in template.names]])

    result = read(path, "domestic_abuse")

    assert result.frame.empty
    assert [r.reason for r in result.rejections] == [
        "MARAC ‘Maybe’ is not a yes or no answer: use Y or N"
    ]


def test_code_noise_is_cleaned_and_synonyms_accepted(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["exclusions"]
    cells = [
        ("F", "Fixed Term"),
        (" m ", "fixed-term"),
        ("u", "FIXED_TERM"),
        ("Female", "Permanent"),
    ]
    rows = []
    for i, (sex, kind) in enumerate(cells):
        row = minimal_row(template) | {"sex": sex, "exclusion_type": kind, "person_ref": f"P{i}"}
        rows.append([row[n] for n in template.names])
    path = xlsx(tmp_path / "c.xlsx", template.names, rows)

    frame = read(path, "exclusions").frame

    assert frame["sex"].tolist() == ["female", "male", "unknown", "female"]
    assert frame["exclusion_type"].tolist() == [
        "fixed_term",
        "fixed_term",
        "fixed_term",
        "permanent",
    ]


def test_benefit_codes_in_any_case(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["benefits"]
    rows = []
    for i, code in enumerate(["JSA", "uc", "Universal Credit", "Pip"]):
        row = minimal_row(template) | {"benefit": code, "person_ref": f"P{i}"}
        rows.append([row[n] for n in template.names])
    path = xlsx(tmp_path / "b.xlsx", template.names, rows)

    assert read(path, "benefits").frame["benefit"].tolist() == ["jsa", "uc", "uc", "pip"]


def test_an_unknown_code_names_the_codes_accepted(tmp_path: Path, read: Read) -> None:
    path = attendance(tmp_path / "t.xlsx", "term", ["winter"])

    (rejection,) = read(path).rejections

    assert rejection.reason == "Term ‘winter’ is not one of: autumn, spring, summer"


def test_numbers_accept_number_text_but_not_words_or_fractions(tmp_path: Path, read: Read) -> None:
    path = attendance(
        tmp_path / "n.xlsx", "sessions_possible", [140, "140", " 1,140 ", "1.5", "lots"]
    )

    result = read(path)

    assert result.frame["sessions_possible"].tolist() == [140, 140, 1140]
    assert str(result.frame["sessions_possible"].dtype) == "Int64"
    assert [(r.row, r.reason) for r in result.rejections] == [
        (5, "Sessions possible ‘1.5’ is not a whole number"),
        (6, "Sessions possible ‘lots’ is not a number"),
    ]


def test_amounts_are_decimals_and_may_carry_a_pound_sign(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["housing"]
    rows = []
    for i, amount in enumerate([1234.5, "£1,234.50", "-£3"]):
        row = minimal_row(template) | {"amount": amount, "person_ref": f"P{i}"}
        rows.append([row[n] for n in template.names])
    path = xlsx(tmp_path / "h.xlsx", template.names, rows)

    result = read(path, "housing")

    assert result.frame["amount"].tolist() == [1234.5, 1234.5]
    assert str(result.frame["amount"].dtype) == "Float64"
    assert [r.reason for r in result.rejections] == ["Amount (-£3) cannot be negative"]


def test_identifiers_are_normalised(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["people"]
    rows = []
    for i, (postcode, nino) in enumerate(
        [("qx11aa", "qq123456a"), (" QX1  1AA", "QQ 12 34 56 A"), ("sw1a1aa", "")]
    ):
        row = minimal_row(template) | {"postcode": postcode, "nino": nino, "person_ref": f"P{i}"}
        rows.append([row[n] for n in template.names])
    path = xlsx(tmp_path / "p.xlsx", template.names, rows)

    frame = read(path, "people").frame

    assert frame["postcode"].tolist() == ["QX1 1AA", "QX1 1AA", "SW1A 1AA"]
    assert frame["nino"].tolist() == ["QQ123456A", "QQ123456A", None]


def test_list_codes_are_checked_item_by_item(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["iom_cohort"]
    rows = []
    for i, needs in enumerate(["Accommodation; ETE", "health,drugs-alcohol", "housing; ete"]):
        row = minimal_row(template) | {"needs": needs, "nominal_ref": f"N{i}"}
        rows.append([row[n] for n in template.names])
    path = xlsx(tmp_path / "i.xlsx", template.names, rows)

    result = read(path, "iom_cohort")

    assert result.frame["needs"].tolist() == [["accommodation", "ete"], ["health", "drugs_alcohol"]]
    assert result.rejections[0].reason.startswith(
        "Needs ‘housing’ is not one of: accommodation, ETE"
    )
