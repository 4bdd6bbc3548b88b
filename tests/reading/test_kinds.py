"""Every kind of partner file reads a minimal valid file into a typed frame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.reading.builders import minimal_row, template_file, xlsx
from tests.reading.conftest import Read
from workflow.templates import KINDS, TEMPLATES, ColumnType

DTYPES = {
    ColumnType.DATE: "datetime64[ns]",
    ColumnType.INT: "Int64",
    ColumnType.DECIMAL: "Float64",
    ColumnType.FLAG: "boolean",
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_reads_a_minimal_valid_file(kind: str, tmp_path: Path, read: Read) -> None:
    template = TEMPLATES[kind]
    path = template_file(tmp_path / f"{kind}.xlsx", template, [minimal_row(template)])

    result = read(path, kind)

    assert result.rejections == []
    assert (result.rows_read, len(result.frame), result.header_row) == (1, 1, 1)
    assert list(result.frame.columns) == [*template.names, "source_row"]
    assert result.frame["source_row"].tolist() == [2]
    assert result.frame["source_row"].dtype == "int64"
    for column in template.columns:
        expected = DTYPES.get(column.type, "object")
        assert str(result.frame[column.name].dtype) == expected, column.name
    assert result.header_map == {name: name for name in template.names}
    assert result.extra_columns == []
    assert result.sheet == "Data"
    assert len(result.checksum) == 64


def test_values_come_out_normalised(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["people"]
    path = template_file(tmp_path / "people.xlsx", template, [minimal_row(template)])

    frame = read(path, "people").frame
    row = frame.iloc[0]

    assert row["postcode"] == "QX1 1AA"
    assert row["nino"] == "QQ123456A"
    assert row["upn"] == "A123456789012"
    assert row["sex"] == "female"
    assert frame["expecting_baby"].tolist() == [True]
    assert row["date_of_birth"] == pd.Timestamp(2020, 4, 3)
    assert row["uprn"] == "100023336956"  # a number cell, read as its digits


def test_missing_optional_columns_are_present_and_empty(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["benefits"]
    required = [c.name for c in template.columns if c.required]
    row = minimal_row(template)
    path = xlsx(tmp_path / "b.xlsx", required, [[row[n] for n in required]])

    frame = read(path, "benefits").frame

    assert list(frame.columns) == [*template.names, "source_row"]
    assert frame["end_date"].isna().all() and frame["end_date"].dtype == "datetime64[ns]"
    assert frame["nino"].tolist() == [None]


def test_lists_are_python_lists_of_codes(tmp_path: Path, read: Read) -> None:
    template = TEMPLATES["keyworkers"]
    row = minimal_row(template) | {"specialisms": "Gangs, Domestic Abuse", "languages": None}
    path = template_file(tmp_path / "k.xlsx", template, [row])

    frame = read(path, "keyworkers").frame

    assert frame["specialisms"].tolist() == [["gangs", "domestic_abuse"]]
    assert frame["languages"].tolist() == [None]
