"""The workbook the sender gets back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from imports.reading import FileRefused, Rejection, refusal_report, write_error_report
from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES

ATTENDANCE = TEMPLATES["school_attendance"]


def row(i: int, **cells: object) -> list[object]:
    values = minimal_row(ATTENDANCE) | {"person_ref": f"P{i}"} | cells
    return [values[n] for n in ATTENDANCE.names]


def sheet_rows(path: Path, name: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[name].iter_rows(values_only=True))


def test_the_report_lists_each_rejected_row_with_every_reason(tmp_path: Path, read: Read) -> None:
    rows = [row(1), row(2, term="winter", sex="x"), row(3), row(4)]
    notes = ["ok", "+44 7700", "fine", "@risk"]

    def formula_like_text(sheet: Any) -> None:
        sheet["B5"] = '=HYPERLINK("http://x")'
        sheet["B5"].data_type = "s"  # text that only looks like a formula

    path = xlsx(
        tmp_path / "sent.xlsx",
        [*ATTENDANCE.names, "Notes"],
        [[*r, note] for r, note in zip(rows, notes, strict=True)],
        shape=formula_like_text,
    )
    result = read(path)
    result = replace(
        result,
        rejections=[
            *result.rejections,
            Rejection(5, "forename", "forename", "=HYPERLINK", "Forename looks like a formula"),
        ],
    )

    report = write_error_report(result, path, tmp_path / "out" / "report.xlsx")

    book = load_workbook(report)
    assert book.sheetnames == ["Summary", "Rejected rows"]
    summary = dict(sheet_rows(report, "Summary"))
    assert summary["File"] == "sent.xlsx"
    assert (summary["Rows read"], summary["Rows accepted"], summary["Rows rejected"]) == (4, 2, 2)
    assert summary["Extra columns ignored"] == "Notes"
    assert "send the whole file again" in summary["What to do next"]
    table = sheet_rows(report, "Rejected rows")
    assert table[0][:3] == ("Sheet row", "What is wrong", "person_ref")
    assert table[0][-1] == "Notes"
    assert [r[0] for r in table[1:]] == [3, 5]
    assert table[1][1] == (
        "Sex ‘x’ is not one of: female, male, other, unknown; "
        "Term ‘winter’ is not one of: autumn, spring, summer"
    )
    # The sender's text as they sent it, kept as text by the quote-prefix style.
    assert table[1][-1] == "+44 7700"
    assert table[2][1] == "Forename looks like a formula"
    assert table[2][3] == '=HYPERLINK("http://x")'
    assert table[2][-1] == "@risk"
    sheet = book["Rejected rows"]
    assert [sheet["T2"].quotePrefix, sheet["D3"].quotePrefix, sheet["T3"].quotePrefix] == [
        True,
        True,
        True,
    ]
    assert sheet["C2"].quotePrefix is False
    assert table[1][table[0].index("date_of_birth")] == "03/04/2020"
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(table[0])).column_letter}3"
    assert sheet["A1"].font.bold


def test_rows_rejected_later_are_fetched_from_the_original(tmp_path: Path, read: Read) -> None:
    path = xlsx(tmp_path / "sent.xlsx", ATTENDANCE.names, [row(1), row(2, academic_year="2025")])
    result = read(path)
    assert result.rejections == []
    later = Rejection(
        3, "academic_year", "academic_year", "2025", "Academic year ‘2025’ is not a school year"
    )

    report = write_error_report(replace(result, rejections=[later]), path, tmp_path / "r.xlsx")

    (header, only) = sheet_rows(report, "Rejected rows")
    assert only[:3] == (3, "Academic year ‘2025’ is not a school year", "P2")
    assert only[header.index("academic_year")] == "2025"


def test_a_refused_file_gets_a_summary_saying_why(tmp_path: Path) -> None:
    refused = FileRefused("The workbook is protected with a password.", code="encrypted")

    report = refusal_report(refused, tmp_path / "sent.xlsx", tmp_path / "why.xlsx", kind="neet")

    assert load_workbook(report).sheetnames == ["Summary"]
    summary = dict(sheet_rows(report, "Summary"))
    assert summary["Result"] == "Nothing from this file was loaded."
    assert summary["Why"] == "The workbook is protected with a password."
    assert summary["Problem code"] == "encrypted"
    assert summary["Kind of file"] == "neet"
