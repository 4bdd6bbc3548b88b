"""Files wrong as a whole: nothing loads, and the detail says what to fix."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from imports.reading import FileRefused
from tests.reading import builders
from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES

ATTENDANCE = TEMPLATES["school_attendance"]
ROW = [minimal_row(ATTENDANCE)[n] for n in ATTENDANCE.names]


def refusal(
    read: Read, path: Path, kind: str = "school_attendance", **options: object
) -> FileRefused:
    with pytest.raises(FileRefused) as refused:
        read(path, kind, **options)
    return refused.value


def good_file(path: Path) -> Path:
    return xlsx(path, ATTENDANCE.names, [ROW])


def test_an_unknown_kind(tmp_path: Path, read: Read) -> None:
    refused = refusal(read, good_file(tmp_path / "a.xlsx"), "attendance")

    assert refused.code == "unknown_kind"
    assert "school_attendance" in refused.detail


def test_a_renamed_pdf(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "attendance.xlsx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")

    refused = refusal(read, path)

    assert refused.code == "not_a_spreadsheet"
    assert "PDF" in refused.detail and ".xlsx" in refused.detail


def test_a_png_image(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "attendance.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(20))

    refused = refusal(read, path)

    assert refused.code == "not_a_spreadsheet"
    assert "PNG image" in refused.detail and "(.xlsx) or a CSV file" in refused.detail


def test_an_old_xls_workbook(tmp_path: Path, read: Read) -> None:
    path = builders.ole_file(tmp_path / "attendance.xls", ["Workbook", "SummaryInformation"])

    refused = refusal(read, path)

    assert refused.code == "not_a_spreadsheet"
    assert (
        "Excel 97–2003" in refused.detail
        and "save it as an Excel Workbook (.xlsx)" in refused.detail
    )


def test_a_password_protected_workbook(tmp_path: Path, read: Read) -> None:
    path = builders.ole_file(tmp_path / "attendance.xlsx", ["EncryptionInfo", "EncryptedPackage"])

    refused = refusal(read, path)

    assert refused.code == "encrypted"
    assert "password" in refused.detail and "save it as .xlsx" in refused.detail


def test_a_word_document_renamed(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "attendance.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")

    refused = refusal(read, path)

    assert refused.code == "not_a_spreadsheet"
    assert "Word document" in refused.detail and "save it as an Excel Workbook" in refused.detail


def test_a_damaged_workbook(tmp_path: Path, read: Read) -> None:
    path = good_file(tmp_path / "a.xlsx")
    path.write_bytes(path.read_bytes()[:-200])

    refused = refusal(read, path)

    assert refused.code == "unreadable"
    assert "save it again as .xlsx" in refused.detail


def test_a_zip_bomb_is_refused_from_the_zip_directory(
    tmp_path: Path, read: Read, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = builders.zip_bomb(tmp_path / "bomb.xlsx", expanded=520 * 1024 * 1024)
    assert path.stat().st_size < 4 * 1024 * 1024  # over 200 to 1

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a zip member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    refused = refusal(read, path)

    assert refused.code == "zip_bomb"
    assert "520 MB" in refused.detail and "split it into smaller files" in refused.detail


def test_a_greedy_member_is_refused_by_its_ratio(tmp_path: Path, read: Read) -> None:
    path = builders.zip_bomb(tmp_path / "ratio.xlsx", expanded=20 * 1024 * 1024)

    refused = refusal(read, path)

    assert refused.code == "zip_bomb"
    assert re.search(r"expands from \d+ KB to 20 MB \([\d,]+ to 1\)", refused.detail)


def test_a_zip_that_understates_its_sizes_is_caught_before_parsing(
    tmp_path: Path, read: Read, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fastexcel

    path = builders.understated_sizes(tmp_path / "lying.xlsx")
    monkeypatch.setattr(fastexcel, "read_excel", lambda *a: pytest.fail("parsed a lying zip"))

    refused = refusal(read, path)

    assert refused.code == "unreadable"
    assert "damaged" in refused.detail and "save it again as .xlsx" in refused.detail


@pytest.mark.parametrize("with_dimension", [True, False])
def test_a_sheet_reaching_excels_last_row(
    with_dimension: bool, tmp_path: Path, read: Read, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fastexcel

    path = builders.sheet_reaching_last_row(tmp_path / "cut.xlsx", with_dimension=with_dimension)
    monkeypatch.setattr(fastexcel, "read_excel", lambda *a: pytest.fail("parsed the cells"))

    refused = refusal(read, path, "neet")

    assert refused.code == "too_many_rows"
    assert "1,048,576" in refused.detail and "one file per term" in refused.detail


def test_a_used_range_far_wider_than_the_data(tmp_path: Path, read: Read) -> None:
    path = builders.replace_part(
        good_file(tmp_path / "wide.xlsx"),
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD90000"', xml),
    )

    refused = refusal(read, path)

    assert refused.code == "too_large"
    assert "A1:XFD90000" in refused.detail and "Delete the empty rows and columns" in refused.detail


def test_a_ten_megabyte_cell(tmp_path: Path, read: Read) -> None:
    row = list(ROW)
    row[ATTENDANCE.names.index("school_name")] = "LONG"
    text = builders.noise(10 * 1024 * 1024)
    path = builders.shared_string_cell(tmp_path / "big.xlsx", ATTENDANCE.names, [ROW, row], text)

    refused = refusal(read, path)

    assert refused.code == "cell_too_large"
    assert "Cell Q3" in refused.detail and "32,767" in refused.detail


def test_a_ten_megabyte_inline_cell(tmp_path: Path, read: Read) -> None:
    path = builders.inline_cell(tmp_path / "inline.xlsx", builders.noise(10 * 1024 * 1024))

    refused = refusal(read, path, "neet")

    assert refused.code == "cell_too_large"
    assert "Cell B2" in refused.detail and "Shorten it or clear it" in refused.detail


def test_a_long_string_used_by_another_sheet_only_does_not_refuse(
    tmp_path: Path, read: Read
) -> None:
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(path)
    data, notes = book.add_worksheet("Data"), book.add_worksheet("Notes")
    data.write_row(0, 0, ATTENDANCE.names)
    data.write_row(1, 0, ROW)
    notes.write_string(0, 0, "LONG")
    book.close()
    builders.replace_part(
        path,
        "xl/sharedStrings.xml",
        lambda xml: xml.replace(b">LONG<", f">{builders.noise(40_000)}<".encode()),
    )

    assert read(path, sheet="Data").rows_read == 1
    assert refusal(read, path, sheet="Notes").code == "cell_too_large"


def test_formulas(tmp_path: Path, read: Read) -> None:
    def shape(sheet: object) -> None:
        sheet["O2"] = "=L2-M2"  # type: ignore[index]

    path = xlsx(tmp_path / "f.xlsx", ATTENDANCE.names, [ROW], shape=shape)

    refused = refusal(read, path)

    assert refused.code == "formulas"
    assert "cell O2" in refused.detail and "Paste Special › Values" in refused.detail


def test_merged_cells_in_the_header(tmp_path: Path, read: Read) -> None:
    def shape(sheet: object) -> None:
        sheet.merge_cells("A1:C1")  # type: ignore[attr-defined]

    path = xlsx(tmp_path / "m.xlsx", ATTENDANCE.names, [ROW], above=[["Attendance"]], shape=shape)

    refused = refusal(read, path)

    assert refused.code == "merged_header"
    assert "A1:C1" in refused.detail and "Unmerge" in refused.detail


def test_merged_cells_below_the_header_are_not_a_refusal(tmp_path: Path, read: Read) -> None:
    def shape(sheet: object) -> None:
        sheet.merge_cells("Q2:Q3")  # type: ignore[attr-defined]

    path = xlsx(tmp_path / "m.xlsx", ATTENDANCE.names, [ROW, ROW[:3]], shape=shape)

    assert read(path).rows_read == 2


def test_a_hidden_sheet(tmp_path: Path, read: Read) -> None:
    path = builders.workbook(
        tmp_path / "h.xlsx",
        {"Data": [ATTENDANCE.names, ROW], "Lookups": [["secret"]]},
        hidden=["Lookups"],
    )

    refused = refusal(read, path)

    assert refused.code == "hidden_sheet"
    assert "‘Lookups’" in refused.detail and "unhide" in refused.detail


def test_two_visible_sheets_need_a_sheet_name(tmp_path: Path, read: Read) -> None:
    path = builders.workbook(
        tmp_path / "two.xlsx",
        {"Autumn": [ATTENDANCE.names, ROW], "Spring": [ATTENDANCE.names, ROW, ROW]},
    )

    refused = refusal(read, path)

    assert refused.code == "several_sheets"
    assert "‘Autumn’, ‘Spring’" in refused.detail
    assert read(path, sheet="Spring").sheet == "Spring"
    assert refusal(read, path, sheet="Summer").code == "no_such_sheet"


def test_an_empty_file(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    refused = refusal(read, path)

    assert refused.code == "empty"
    assert "empty.csv is empty: it has no rows at all" in refused.detail


def test_an_empty_sheet(tmp_path: Path, read: Read) -> None:
    path = builders.workbook(tmp_path / "e.xlsx", {"Data": []})

    refused = refusal(read, path)

    assert refused.code == "empty"
    assert "no rows" in refused.detail


def test_a_header_without_rows(tmp_path: Path, read: Read) -> None:
    path = xlsx(tmp_path / "h.xlsx", ATTENDANCE.names, [])

    refused = refusal(read, path)

    assert refused.code == "empty"
    assert "row 1" in refused.detail


def test_a_missing_file(tmp_path: Path, read: Read) -> None:
    refused = refusal(read, tmp_path / "nowhere.xlsx")

    assert refused.code == "no_file"
    assert "nowhere.xlsx" in refused.detail


def test_a_web_page_saved_as_xls(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "report.xls"
    path.write_bytes(b"<html><body><table><tr><td>1</td></tr></table></body></html>")

    refused = refusal(read, path)

    assert refused.code == "not_a_spreadsheet"
    assert "web page" in refused.detail


def test_details_name_no_personal_data(tmp_path: Path, read: Read) -> None:
    row = list(ROW)
    row[1] = "Zebedee"
    path = xlsx(
        tmp_path / "p.xlsx", ATTENDANCE.names, [row], shape=lambda s: s.merge_cells("A1:B1")
    )

    assert "Zebedee" not in refusal(read, path).detail
