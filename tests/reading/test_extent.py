"""Sheets whose rows or cells reach far beyond their data are refused before any cell is parsed.

The cell parser holds a sheet densely, as far as its lowest row and widest cell reach; each
file here is a few kilobytes that would have it hold millions of empty cells (issue #12).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.reading import FileRefused
from imports.reading.extent import column_letters
from imports.reading.package import SheetPart
from imports.reading.scan import scan_sheet
from tests.reading.builders import far_out_sheet, text_cell
from tests.reading.conftest import Read

DELETE = "Delete the empty rows and columns after your data"


@pytest.fixture
def unparsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the cell parser is ever asked to open the file."""
    import fastexcel

    monkeypatch.setattr(fastexcel, "read_excel", lambda *a: pytest.fail("parsed the cells"))


def refused(read: Read, path: Path) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read(path)
    return caught.value


@pytest.mark.usefixtures("unparsed")
@pytest.mark.parametrize("row", [20_000, 2_000, 1])
def test_one_cell_in_the_last_column_refuses_the_sheet(
    row: int, tmp_path: Path, read: Read
) -> None:
    extra = text_cell(f"XFD{row}")
    path = far_out_sheet(tmp_path / "far.xlsx", f'<row r="{row}">'.encode() + extra + b"</row>")
    assert path.stat().st_size < 6 * 1024

    detail = refused(read, path).detail

    assert f"The sheet ‘Data’ of far.xlsx has a cell at XFD{row}, far beyond the data" in detail
    assert "column 16,384, and the importer reads at most 1,000 columns" in detail
    assert DELETE in detail


@pytest.mark.usefixtures("unparsed")
def test_a_row_numbered_past_excels_last_row_refuses_the_sheet(tmp_path: Path, read: Read) -> None:
    path = far_out_sheet(tmp_path / "rows.xlsx", b'<row r="4000000000"/>')

    found = refused(read, path)

    assert found.code == "too_large"
    assert "has row 4,000,000,000, far beyond the data" in found.detail
    assert "Excel's last row is 1,048,576" in found.detail


@pytest.mark.usefixtures("unparsed")
def test_cells_without_references_are_counted_across(tmp_path: Path, read: Read) -> None:
    # A cell without r sits after the previous cell of its row: 20,000 empty ones, then text.
    extra = b'<row r="3">' + b"<c/>" * 20_000 + text_cell("") + b"</row>"
    path = far_out_sheet(tmp_path / "across.xlsx", extra)

    detail = refused(read, path).detail

    assert "has a cell at ACOG3, far beyond the data: that is column 20,001" in detail


@pytest.mark.usefixtures("unparsed")
def test_rows_without_numbers_are_counted_down(tmp_path: Path, read: Read) -> None:
    # An empty row numbered 40,000, then a row without a number, 30 cells wide.
    extra = b'<row r="40000"/><row>' + b"<c/>" * 29 + text_cell("") + b"</row>"
    path = far_out_sheet(tmp_path / "down.xlsx", extra)

    detail = refused(read, path).detail

    assert "The sheet ‘Data’ of down.xlsx has a cell at A40001, far beyond the data" in detail
    assert "40,001 rows × 30 columns (1,200,030 cells), far more than a sheet of 2 KB" in detail


@pytest.mark.usefixtures("unparsed")
def test_a_cell_numbered_below_its_own_row_counts_where_it_says(tmp_path: Path, read: Read) -> None:
    extra = b'<row r="3">' + text_cell("A900000") + b"</row>"
    path = far_out_sheet(tmp_path / "low.xlsx", extra)

    detail = refused(read, path).detail

    assert "has a cell at A900000, far beyond the data" in detail
    assert "900,000 rows × 17 columns (15,300,000 cells), far more than a sheet of 2 KB" in detail


@pytest.mark.usefixtures("unparsed")
@pytest.mark.parametrize(
    "cell",
    [
        b'<c s="0" r="XFD3"><v>1</v></c>',  # r after another attribute
        b"<c r='XFD3'><v>1</v></c>",  # single quotes
        b'<c r = "XFD3"><v>1</v></c>',  # spaces around =
        b'<c\nr="XFD3"><v>1</v></c>',  # a line break before r
        b'<c r="xfd3"><v>1</v></c>',  # lower case, which the parser reads too
        b'<c foo=">" r="XFD3"><v>1</v></c>',  # a > inside an attribute
        b'<y:c xmlns:y="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD3">'
        b"<v>1</v></y:c>",  # another namespace prefix
    ],
)
def test_a_far_cell_written_in_an_unusual_shape_is_found(
    cell: bytes, tmp_path: Path, read: Read
) -> None:
    path = far_out_sheet(tmp_path / "odd.xlsx", b'<row r="3">' + cell + b"</row>")

    assert "has a cell at XFD3, far beyond the data" in refused(read, path).detail


@pytest.mark.usefixtures("unparsed")
def test_a_far_cell_in_a_sheet_written_under_a_namespace_prefix(tmp_path: Path, read: Read) -> None:
    extra = b'<row r="20000">' + text_cell("XFD20000") + b"</row>"
    path = far_out_sheet(tmp_path / "prefixed.xlsx", extra, prefix=b"x:")

    assert "has a cell at XFD20000, far beyond the data" in refused(read, path).detail


@pytest.mark.usefixtures("unparsed")
def test_a_cell_far_to_the_right_of_a_long_sheet(tmp_path: Path, read: Read) -> None:
    # 60,000 rows that reach column AHP (900): within the width, but 54 million cells.
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(3, 60_000)
    )
    extra = rows + b'<row r="60000">' + text_cell("AHP60000") + b"</row>"
    path = far_out_sheet(tmp_path / "long.xlsx", extra)

    found = refused(read, path)

    assert found.code == "too_large"
    assert found.detail.startswith(
        "The sheet ‘Data’ of long.xlsx reaches 60,000 rows × 900 columns (54,000,000 cells): "
        "it has a cell at AHP60000."
    )
    assert "at most 50,000,000 cells from one sheet" in found.detail


@pytest.mark.usefixtures("unparsed")
def test_a_mostly_empty_sheet_is_refused_for_its_size(tmp_path: Path, read: Read) -> None:
    # 3,000 short rows and one cell at column ALL (1,000): 3 million cells for 200 KB.
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(3, 3_001))
    path = far_out_sheet(
        tmp_path / "sparse.xlsx", rows + b'<row r="3001">' + text_cell("ALL3001") + b"</row>"
    )

    detail = refused(read, path).detail

    assert "has a cell at ALL3001, far beyond the data" in detail
    assert "3,001 rows × 1,000 columns (3,001,000 cells), far more than a sheet of" in detail


def test_columns_well_to_the_right_of_the_template_are_read(tmp_path: Path, read: Read) -> None:
    # Notes in column BZ (78) and cells without references: both ordinary enough.
    extra = b'<row r="3">' + b"<c/>" * 3 + text_cell("") + text_cell("BZ3", "note") + b"</row>"
    path = far_out_sheet(tmp_path / "notes.xlsx", extra)

    result = read(path)

    assert result.rows_read == 2
    assert [r.row for r in result.rejections][:1] == [3]  # it has no names


# ------------------------------------------------------------ never less than the parser holds

SHAPES = {
    "usual": '<c r="{ref}" t="inlineStr"><is><t>v</t></is></c>',
    "r second": '<c t="inlineStr" r="{ref}"><is><t>v</t></is></c>',
    "single quotes": "<c r='{ref}' t='inlineStr'><is><t>v</t></is></c>",
    "lower case": '<c r="{lower}" t="inlineStr"><is><t>v</t></is></c>',
    "no r": '<c t="inlineStr"><is><t>v</t></is></c>',
    "empty": '<c r="{ref}"/>',
}
CELL = st.tuples(st.sampled_from(sorted(SHAPES)), st.integers(1, 60), st.integers(1, 60))
ROW = st.tuples(st.none() | st.integers(1, 60), st.lists(CELL, max_size=6))


def sheet_rows(rows: list[tuple[int | None, list[tuple[str, int, int]]]]) -> bytes:
    written = []
    for number, cells in rows:
        tag = "<row>" if number is None else f'<row r="{number}">'
        body = "".join(
            SHAPES[shape].format(
                ref=f"{column_letters(c)}{r}", lower=f"{column_letters(c).lower()}{r}"
            )
            for shape, r, c in cells
        )
        written.append(f"{tag}{body}</row>")
    return "".join(written).encode()


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, max_size=8))
def test_the_scan_never_counts_fewer_rows_or_columns_than_the_parser_holds(
    rows: list[tuple[int | None, list[tuple[str, int, int]]]], tmp_path: Path
) -> None:
    import fastexcel

    path = far_out_sheet(tmp_path / "any.xlsx", sheet_rows(rows))
    with zipfile.ZipFile(path) as archive:
        part = SheetPart("Data", "xl/worksheets/sheet1.xml", "visible")
        extent = scan_sheet(archive, part, path.name, frozenset()).extent
    try:
        held = fastexcel.read_excel(path).load_sheet(0, header_row=None).to_arrow()
    except Exception:  # a sheet the parser itself refuses is refused as damaged anyway
        return

    assert extent.rows >= held.num_rows
    assert extent.columns >= held.num_columns
