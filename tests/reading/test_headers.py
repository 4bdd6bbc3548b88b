"""Finding the header row and matching the sender's headers to the template."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from imports.reading import FileRefused
from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES

ATTENDANCE = TEMPLATES["school_attendance"]
ROW = minimal_row(ATTENDANCE)


def test_built_in_aliases_match_whatever_the_case_and_punctuation(
    tmp_path: Path, read: Read
) -> None:
    headers = {
        "forename": "PUPIL FORENAME",
        "surname": "pupil_surname",
        "date_of_birth": " D.o.B ",
        "academic_year": "Academic-Year",
        "term": "Term",
        "sessions_possible": "Possible Sessions",
        "sessions_authorised_absence": "Auth. Absence",
        "sessions_unauthorised_absence": "Unauthorised absence",
    }
    path = xlsx(tmp_path / "a.xlsx", list(headers.values()), [[ROW[k] for k in headers]])

    result = read(path)

    assert result.rejections == []
    assert result.header_map == {field: text.strip() for field, text in headers.items()}
    assert result.frame["forename"].tolist() == [ROW["forename"]]


def test_a_mapping_names_the_senders_own_headers(tmp_path: Path, read: Read) -> None:
    headers = ["Given", "Family", "Birthday", "AY", "Term", "Poss", "Auth", "Unauth"]
    fields = [
        "forename",
        "surname",
        "date_of_birth",
        "academic_year",
        "term",
        "sessions_possible",
        "sessions_authorised_absence",
        "sessions_unauthorised_absence",
    ]
    path = xlsx(tmp_path / "m.xlsx", headers, [[ROW[f] for f in fields]])
    mapping = dict(zip(headers, fields, strict=True))
    mapping.pop("Term")

    result = read(path, mapping=mapping)

    assert result.rejections == []
    assert result.header_map == dict(zip(fields, headers, strict=True))


def test_the_mapping_wins_over_a_built_in_alias(tmp_path: Path, read: Read) -> None:
    headers = [*ATTENDANCE.required, "School"]
    fields = [*ATTENDANCE.required, "school_name"]
    path = xlsx(tmp_path / "w.xlsx", headers, [[*[ROW[f] for f in ATTENDANCE.required], 1234]])

    result = read(path, mapping={"School": "school_urn"})

    assert result.header_map["school_urn"] == "School"
    assert "school_name" not in result.header_map
    assert result.frame["school_urn"].tolist() == ["1234"]
    assert fields[-1] not in result.header_map


def test_the_header_may_sit_under_a_title_and_blank_rows(tmp_path: Path, read: Read) -> None:
    above = [["Hillside Academy: attendance"], [], ["Exported 3 April 2025"]]
    path = xlsx(tmp_path / "t.xlsx", ATTENDANCE.names, [list(ROW.values())], above=above)

    result = read(path)

    assert result.header_row == 4
    assert result.frame["source_row"].tolist() == [5]


def test_columns_may_come_in_any_order(tmp_path: Path, read: Read) -> None:
    names = list(ATTENDANCE.names)
    random.Random(7).shuffle(names)
    path = xlsx(tmp_path / "s.xlsx", names, [[ROW[n] for n in names]])

    result = read(path)

    assert result.rejections == []
    assert list(result.frame.columns) == [*ATTENDANCE.names, "source_row"]
    assert result.frame["sessions_possible"].tolist() == [140]


def test_extra_columns_are_reported_and_ignored(tmp_path: Path, read: Read) -> None:
    path = xlsx(
        tmp_path / "e.xlsx",
        [*ATTENDANCE.names, "Tutor group", "Notes"],
        [[*ROW.values(), "7B", "called home"]],
    )

    result = read(path)

    assert result.extra_columns == ["Tutor group", "Notes"]
    assert "Notes" not in result.frame.columns


def test_two_headers_for_one_column_refuse_the_file(tmp_path: Path, read: Read) -> None:
    path = xlsx(tmp_path / "d.xlsx", [*ATTENDANCE.names, "DoB"], [[*ROW.values(), "1/1/2010"]])

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert refused.value.code == "duplicate_columns"
    assert "‘date_of_birth’ and ‘DoB’" in refused.value.detail
    assert "Keep one of them" in refused.value.detail


def test_a_missing_required_column_names_each_one_and_its_aliases(
    tmp_path: Path, read: Read
) -> None:
    kept = [n for n in ATTENDANCE.names if n not in ("term", "date_of_birth")]
    path = xlsx(tmp_path / "m.xlsx", kept, [[ROW[n] for n in kept]])

    with pytest.raises(FileRefused) as refused:
        read(path, mapping={"Birth date (yyyy)": "date_of_birth"})

    assert refused.value.code == "missing_columns"
    detail = refused.value.detail
    assert "date of birth (headed ‘date_of_birth’ or ‘DoB’" in detail
    assert "‘Birth date (yyyy)’" in detail
    assert "term (headed ‘term’ or ‘Term’)" in detail
    assert "column mapping" in detail


def test_no_header_in_the_first_twenty_rows_is_refused(tmp_path: Path, read: Read) -> None:
    above = [[f"note {i}"] for i in range(20)]
    path = xlsx(tmp_path / "n.xlsx", ATTENDANCE.names, [list(ROW.values())], above=above)

    with pytest.raises(FileRefused) as refused:
        read(path)

    assert refused.value.code == "no_header"
    assert "first 20 rows" in refused.value.detail
    assert "sessions_possible" in refused.value.detail


def test_a_mapping_to_an_unknown_column_is_refused(tmp_path: Path, read: Read) -> None:
    path = xlsx(tmp_path / "u.xlsx", ATTENDANCE.names, [list(ROW.values())])

    with pytest.raises(FileRefused) as refused:
        read(path, mapping={"Birthday": "date_of_brith"})

    assert refused.value.code == "bad_mapping"
    assert "date_of_brith" in refused.value.detail
