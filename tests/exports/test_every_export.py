"""Every workbook the engine writes shows a sender's text as sent, and never as a live formula.

The exports: the error report for rejected rows (from an .xlsx and from a CSV file), the
report for a file refused as a whole, and the register-duplicates workbook. (The writer's
CSV files are in ``test_writer.py``.)
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from imports.linkage.dedupe import duplicates_workbook
from imports.reading import FileRefused, read_partner_file, refusal_report, write_error_report
from tests.exports.hostile import HOSTILE, assert_inert, no_formulas
from tests.reading.builders import TODAY, minimal_row, with_texts, xlsx
from workflow.templates import TEMPLATES

ATTENDANCE = TEMPLATES["school_attendance"]


def rows_with_notes(notes: list[str]) -> list[list[Any]]:
    """Attendance rows, each rejected (an unknown term), with ``notes`` in an extra column."""
    base = minimal_row(ATTENDANCE)
    return [
        [*(base | {"person_ref": f"P{i}", "term": "winter"}).values(), note]
        for i, note in enumerate(notes)
    ]


def rejected_notes(report: Path) -> list[Any]:
    book = load_workbook(report)
    no_formulas(book)
    sheet = book["Rejected rows"]
    header = [c.value for c in sheet[1]]
    return [row[header.index("Notes")] for row in sheet.iter_rows(min_row=2)]


def test_the_error_report_of_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "sent.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*ATTENDANCE.names, "Notes"])
        writer.writerows(rows_with_notes([given for given, _ in HOSTILE]))
    result = read_partner_file(path, "school_attendance", today=TODAY)
    assert result.rows_rejected == len(HOSTILE)

    report = write_error_report(result, path, tmp_path / "report.xlsx")

    for cell, (_, shown) in zip(rejected_notes(report), HOSTILE, strict=True):
        assert_inert(cell, shown)


def test_the_error_report_of_a_workbook(tmp_path: Path) -> None:
    placeholders = {f"NOTE{i}": given for i, (given, _) in enumerate(HOSTILE)}
    path = xlsx(
        tmp_path / "sent.xlsx", [*ATTENDANCE.names, "Notes"], rows_with_notes(list(placeholders))
    )
    path = with_texts(path, placeholders | {"person_ref": "=Person ref"})
    mapping = {"=Person ref": "person_ref"}
    result = read_partner_file(path, "school_attendance", today=TODAY, mapping=mapping)

    report = write_error_report(result, path, tmp_path / "report.xlsx")

    for cell, (_, shown) in zip(rejected_notes(report), HOSTILE, strict=True):
        assert_inert(cell, shown)
    assert_inert(load_workbook(report)["Rejected rows"]["C1"], "=Person ref")


@pytest.mark.parametrize(("given", "shown"), HOSTILE)
def test_the_report_of_a_refused_file(given: str, shown: str, tmp_path: Path) -> None:
    refused = FileRefused(given, code="encrypted")
    original = tmp_path / f"{given.strip(chr(0))}.xlsx".replace("\n", "").replace("\r", "")

    report = refusal_report(refused, original, tmp_path / "why.xlsx", kind="neet")

    book = load_workbook(report)
    no_formulas(book)
    summary = {row[0].value: row[1] for row in book["Summary"].iter_rows()}
    assert_inert(summary["Why"], shown)
    if original.name.startswith(("=", "+", "-", "@", "\t")):
        assert_inert(summary["File"], original.name)


def test_the_register_duplicates_workbook(tmp_path: Path) -> None:
    refs = [f"P{i}" for i in range(len(HOSTILE) * 2)]
    register = pd.DataFrame(
        {
            "person_ref": refs,
            "household_ref": [f"H{i // 2}" for i in range(len(refs))],
            "forename": [g for g, _ in HOSTILE for _ in (0, 1)],
            "surname": ["Lee", "=1+1"] * len(HOSTILE),
            "date_of_birth": [dt.date(2010, 9, 1)] * len(refs),
            "sex": ["female"] * len(refs),
            "postcode": ["QX1 1AA"] * len(refs),
        }
    )
    pairs = pd.DataFrame(
        {
            "person_ref_l": refs[0::2],
            "person_ref_r": refs[1::2],
            "match_weight": [12.34] * len(HOSTILE),
            "level_forename": ["exact"] * len(HOSTILE),
        }
    )

    path = duplicates_workbook(pairs, register, tmp_path / "reports" / "duplicates.xlsx")

    book = load_workbook(path)
    no_formulas(book)
    sheet = book["Possible duplicates"]
    header = [c.value for c in sheet[1]]
    first = header.index("First: forename")
    for row, (_, shown) in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        assert_inert(row[first], shown)
        assert_inert(row[header.index("Second: forename")], shown)
        assert_inert(row[header.index("Second: surname")], "=1+1")
        assert row[0].value == 12.3 and row[0].data_type == "n"
        born = row[header.index("First: date of birth")]
        assert born.value == dt.datetime(2010, 9, 1) and born.number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "B2"
