"""CSV files: the encodings Excel writes, and the same checks as workbooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from imports.reading import FileRefused
from tests.reading.builders import csv_file
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES

HEADER = "Forename,Surname,DoB,Academic Year,Term,Sessions Possible,Auth Absence,Unauth Absence"


def test_utf8_with_a_byte_order_mark(tmp_path: Path, read: Read) -> None:
    path = csv_file(
        tmp_path / "a.csv", [HEADER, "Zoë,O’Neill,03/04/2012,2025/26,Autumn,140,2,1"], "utf-8-sig"
    )

    result = read(path)

    assert result.sheet is None
    assert result.header_map["forename"] == "Forename"
    assert result.frame["forename"].tolist() == ["Zoë"]
    assert result.frame["surname"].tolist() == ["O’Neill"]


def test_windows_1252_as_excel_saves_plain_csv(tmp_path: Path, read: Read) -> None:
    path = csv_file(
        tmp_path / "w.csv", [HEADER, "Zoë,Doyle,2012-04-03,2025/26,spring,140,2,1"], "cp1252"
    )

    assert read(path).frame["forename"].tolist() == ["Zoë"]


def test_csv_rows_are_numbered_as_excel_shows_them(tmp_path: Path, read: Read) -> None:
    lines = [
        "Attendance export,,,,,,,",
        ",,,,,,,",
        HEADER,
        'Amy,"Smith, Jr",03/04/2012,2025/26,autumn,140,2,1',
        ",,,,,,,",
        "Ben,Jones,04/04/2012,2025/26,winter,140,2,1",
        ",,,,,,,",
    ]
    path = csv_file(tmp_path / "n.csv", lines)

    result = read(path)

    assert result.header_row == 3
    assert result.rows_read == 2
    assert result.frame["surname"].tolist() == ["Smith, Jr"]
    assert [(r.row, r.column) for r in result.rejections] == [(6, "Term")]


def test_tab_separated_text(tmp_path: Path, read: Read) -> None:
    lines = [HEADER.replace(",", "\t"), "Amy\tSmith\t03/04/2012\t2025/26\tautumn\t140\t2\t1"]
    path = csv_file(tmp_path / "t.txt", lines)

    assert read(path).frame["surname"].tolist() == ["Smith"]


def test_binary_that_is_not_text_is_refused(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"Forename,Surname\r\n\x81\x8d\x8f\x90\x9d,\x81\r\n")

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert refused.value.code == "unreadable"
    assert "CSV UTF-8" in refused.value.detail


def test_a_csv_with_a_header_only_is_empty(tmp_path: Path, read: Read) -> None:
    path = csv_file(tmp_path / "h.csv", [HEADER, ",,,,,,,"])

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert refused.value.code == "empty"
    assert "no rows of data" in refused.value.detail


def test_a_huge_csv_cell_is_refused(tmp_path: Path, read: Read) -> None:
    path = csv_file(
        tmp_path / "big.csv", [HEADER, "Amy," + "x" * 40_000 + ",03/04/2012,2025/26,autumn,140,2,1"]
    )

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert refused.value.code == "cell_too_large"
    assert "row 2" in refused.value.detail


def test_every_template_header_works_in_csv(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["neet"]
    path = csv_file(
        tmp_path / "neet.csv", [",".join(template.names), "P1,Amy,Lee,01/02/2008,,,,,,,01/09/2024,"]
    )

    result = read(path, "neet")

    assert result.rejections == []
    assert result.frame["start_date"].dt.year.tolist() == [2024]


def test_a_csv_file_too_large_to_read_whole_is_refused_before_reading(
    tmp_path: Path, read: Read, monkeypatch: pytest.MonkeyPatch
) -> None:
    import imports.reading.csvfile as csvfile

    path = csv_file(tmp_path / "big.csv", [HEADER, "Ann,Lee,03/04/2012,2025/26,Autumn,140,2,1"])
    monkeypatch.setattr(csvfile, "MAX_CSV_BYTES", 40)

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert "big.csv is larger than" in str(refused.value)
    assert "one file per term" in str(refused.value)


def test_a_nul_in_one_cell_is_not_binary_data(tmp_path: Path, read: Read) -> None:
    path = csv_file(
        tmp_path / "nul.csv", [HEADER, "Zoë\x00,Doyle,2012-04-03,2025/26,spring,140,2,1"]
    )

    assert read(path).rows_read == 1


def test_binary_data_named_csv_is_refused(tmp_path: Path, read: Read) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + bytes(200) + b"table people")

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert refused.value.code == "not_a_spreadsheet"
    assert "holds binary data" in refused.value.detail
