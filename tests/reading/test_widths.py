"""Text longer than its database column rejects its row, without quoting the value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from imports.reading import write_error_report
from tests.reading.builders import minimal_row, xlsx
from tests.reading.conftest import Read
from workflow.templates import TEMPLATES, Template

PEOPLE = TEMPLATES["people"]


def sent(path: Path, template: Template, cells: list[dict[str, Any]], **headers: str) -> Path:
    """A file of ``template`` rows, one per entry of ``cells``, under the given headers."""
    ref = "nominal_ref" if "nominal_ref" in template.names else "person_ref"
    rows = []
    for i, changed in enumerate(cells):
        values = minimal_row(template) | {ref: f"P{i}"} | changed
        rows.append([values[n] for n in template.names])
    return xlsx(path, [headers.get(n, n) for n in template.names], rows)


def test_a_free_text_postcode_rejects_its_row_and_the_others_load(
    tmp_path: Path, read: Read
) -> None:
    note = "not known – ask school"
    cells = [{}, {"postcode": note}, {"postcode": " qx1   1aa "}]
    path = sent(tmp_path / "p.xlsx", PEOPLE, cells, postcode="Post Code")

    result = read(path, "people")

    (rejection,) = result.rejections
    assert (rejection.row, rejection.column, rejection.field) == (3, "Post Code", "postcode")
    assert rejection.reason == "Postcode is longer than 10 characters"
    assert rejection.value == note  # for the sender's report, never in the reason
    # Judged once normalised: the spaces inside the third row's postcode do not count.
    assert result.frame["postcode"].tolist() == ["QX1 1AA", "QX1 1AA"]
    assert (result.rows_read, result.rows_accepted, result.rows_rejected) == (3, 2, 1)


def test_a_short_postcode_that_is_not_a_real_one_still_loads(tmp_path: Path, read: Read) -> None:
    path = sent(tmp_path / "p.xlsx", PEOPLE, [{"postcode": "n/k"}, {"postcode": "123"}])

    result = read(path, "people")

    assert result.rejections == []
    assert result.frame["postcode"].tolist() == ["N/K", "123"]


def test_an_ni_number_too_long_once_its_spaces_are_gone_is_rejected(
    tmp_path: Path, read: Read
) -> None:
    cells = [{"nino": "QQ 12 34 56 A (old)"}, {"nino": "  QQ  12  34  56  A  "}]
    path = sent(tmp_path / "n.xlsx", PEOPLE, cells, nino="NI Number")

    result = read(path, "people")

    assert [(r.row, r.column, r.reason) for r in result.rejections] == [
        (2, "NI Number", "NI number is longer than 12 characters")
    ]
    assert result.frame["nino"].tolist() == ["QQ123456A"]


def test_a_name_is_held_to_its_width_in_characters_not_bytes(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["school_attendance"]
    cells = [{"surname": "x" * 101}, {"surname": "é" * 100}, {}]
    path = sent(tmp_path / "s.xlsx", template, cells, surname="Pupil Surname")

    result = read(path)

    assert [(r.row, r.column, r.field, r.reason) for r in result.rejections] == [
        (2, "Pupil Surname", "surname", "Surname is longer than 100 characters")
    ]
    assert result.frame["source_row"].tolist() == [3, 4]
    assert result.frame["surname"].tolist()[0] == "é" * 100


def test_a_reference_longer_than_its_column_is_rejected(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["police_incidents"]
    cells = [{}, {}, {"crime_ref": "CR-" + "0" * 38}, {"crime_ref": "CR-" + "0" * 37}]
    path = sent(tmp_path / "c.xlsx", template, cells, crime_ref="Crime Reference")

    result = read(path, "police_incidents")

    assert [(r.row, r.column, r.reason) for r in result.rejections] == [
        (4, "Crime Reference", "Crime ref is longer than 40 characters")
    ]
    assert result.frame["source_row"].tolist() == [2, 3, 5]


def test_a_long_code_is_rejected_once_as_not_one_of_the_codes(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["school_attendance"]
    long_term = "autumn term, but the pupil left the school in October"
    path = sent(tmp_path / "t.xlsx", template, [{"term": long_term}, {}])

    result = read(path)

    (rejection,) = result.rejections
    assert (rejection.row, rejection.field) == (2, "term")
    assert rejection.reason.endswith("is not one of: autumn, spring, summer")
    assert result.frame["source_row"].tolist() == [3]


def test_the_report_counts_a_row_with_two_long_cells_once(tmp_path: Path, read: Read) -> None:
    cells = [{"forename": "y" * 150, "address_line1": "z" * 250}, {}]
    path = sent(tmp_path / "sent.xlsx", PEOPLE, cells)
    result = read(path, "people")

    report = write_error_report(result, path, tmp_path / "report.xlsx")

    book = load_workbook(report)
    summary = dict(book["Summary"].iter_rows(values_only=True))
    assert (summary["Rows read"], summary["Rows accepted"], summary["Rows rejected"]) == (2, 1, 1)
    header, only = book["Rejected rows"].iter_rows(values_only=True)
    assert only[:2] == (
        2,
        "Forename is longer than 100 characters; Address is longer than 200 characters",
    )
    assert only[header.index("forename")] == "y" * 150
