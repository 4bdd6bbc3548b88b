"""The one writer: text stays text and shows unchanged; numbers and dates stay what they are."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.exports.hostile import HOSTILE, assert_inert, no_formulas
from workflow.exports import DATE, INTEGER, MONEY, NUMBER, Column, Workbook, write_csv


def test_text_a_spreadsheet_would_run_is_written_as_quoted_text(tmp_path: Path) -> None:
    path = tmp_path / "out" / "hostile.xlsx"
    with Workbook(path) as book:
        book.sheet("Names", [Column("Name"), Column("Note")]).rows(
            [(given, "kept as it is") for given, _ in HOSTILE]
        )

    sheet = load_workbook(path)["Names"]
    no_formulas(sheet.parent)
    for (_, shown), row in zip(HOSTILE, sheet.iter_rows(min_row=2), strict=True):
        assert_inert(row[0], shown)
        assert row[1].value == "kept as it is" and not row[1].quotePrefix
    assert sheet.max_row == len(HOSTILE) + 1


def test_ordinary_text_is_not_quoted_and_is_never_a_link_or_a_number(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    texts = ["Ann Lee", "a=b", "http://example.org", "00123", "1e5", "TRUE", "2025-04-03"]
    with Workbook(path) as book:
        book.sheet("Plain", [Column("Text")]).rows([t] for t in texts)

    sheet = load_workbook(path)["Plain"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == texts
    assert {c.data_type for c in cells} == {"s"}
    assert not any(c.quotePrefix for c in cells)
    assert not any(c.hyperlink for c in cells)


def test_characters_xml_forbids_become_the_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "controls.xlsx"
    with Workbook(path) as book:
        book.sheet("Controls", [Column("Text")]).rows(
            [["Ann\x00Lee"], ["a\x01b\x1fc"], ["tab\tand\nline"], ["bell\x07"], ["x\ufffey"]]
        )

    cells = [r[0].value for r in load_workbook(path)["Controls"].iter_rows(min_row=2)]
    assert cells == ["Ann\ufffdLee", "a\ufffdb\ufffdc", "tab\tand\nline", "bell\ufffd", "x\ufffdy"]


def test_numbers_money_and_dates_stay_numbers_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "claims.xlsx"
    columns = [
        Column("Family"),
        Column("Claimed", kind=MONEY, width=12),
        Column("Approved on", kind=DATE),
        Column("Children", kind=INTEGER),
        Column("Hours", kind=NUMBER, decimals=1),
    ]
    with Workbook(path) as book:
        book.sheet("Families", columns, freeze_columns=1, autofilter=True).rows(
            [
                ("H0000001", Decimal("1250.00"), dt.date(2025, 4, 3), 3, 2.25),
                ("H0000002", -800, dt.datetime(2025, 4, 30, 14, 5), 0, None),
            ]
        )

    sheet = load_workbook(path)["Families"]
    first, second = sheet[2], sheet[3]
    assert (first[1].value, first[1].data_type, first[1].number_format) == (
        1250,
        "n",
        '"£"#,##0.00',
    )
    assert (second[1].value, second[1].quotePrefix) == (-800, False)
    assert first[2].value == dt.datetime(2025, 4, 3) and first[2].number_format == "dd/mm/yyyy"
    assert second[2].value == dt.datetime(2025, 4, 30, 14, 5)
    assert (first[3].value, first[3].number_format) == (3, "0")
    assert (first[4].value, first[4].number_format) == (2.25, "0.0")
    assert second[4].value is None
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet["A1"].font.bold and sheet["A1"].value == "Family"


def test_widths_fit_the_text_up_to_the_limit_unless_given(tmp_path: Path) -> None:
    path = tmp_path / "widths.xlsx"
    columns = [Column("Ref"), Column("Note"), Column("Amount", kind=MONEY, width=12)]
    with Workbook(path) as book:
        book.sheet("Widths", columns).rows([("H1", "n" * 200, 5), ("H0000002", "short", 6)])

    widths = load_workbook(path)["Widths"].column_dimensions
    assert widths["A"].width == pytest.approx(8 + 2, abs=1)  # "H0000002", and room
    assert widths["B"].width == pytest.approx(50, abs=1)  # long text is cut to the limit
    assert widths["C"].width == pytest.approx(12, abs=1)


def test_a_summary_sheet_without_a_header_and_a_sheet_after_it(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    label, value = Column("", width=24, bold=True), Column("", width=100, wrap=True)
    with Workbook(path) as book:
        book.sheet("Summary", [label, value], header=False).rows(
            [("File", "=cmd|' /C calc'!A0.csv"), ("Rows", 12)]
        )
        book.sheet("Rows", [Column("Sheet row", kind=INTEGER), Column("=Header")]).rows([(2, "x")])

    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Rows"]
    summary = book["Summary"]
    assert summary["A1"].value == "File" and summary["A1"].font.bold
    assert_inert(summary["B1"], "=cmd|' /C calc'!A0.csv")
    assert summary["B2"].value == 12 and summary.freeze_panes is None
    assert_inert(book["Rows"]["B1"], "=Header")
    assert book["Rows"]["B1"].font.bold  # a header keeps its style when quoted
    no_formulas(book)


def test_csv_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(tmp_path: Path) -> None:
    path = tmp_path / "out" / "families.csv"
    columns = [Column("=Name"), Column("Claimed", kind=MONEY), Column("On", kind=DATE)]
    rows = [(given, -2, dt.date(2025, 4, 3)) for given, _ in HOSTILE]

    write_csv(path, columns, [*rows, ("Ann Lee", 1250.5, None)])

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *read = list(csv.reader(handle))
    assert header == ["'=Name", "Claimed", "On"]
    expected = [f"'{shown}" for _, shown in HOSTILE]
    assert [r[0] for r in read[:-1]] == expected
    assert {(r[1], r[2]) for r in read[:-1]} == {("-2.00", "03/04/2025")}
    assert read[-1] == ["Ann Lee", "1250.50", ""]
