"""Whatever text a sender puts in a cell, the reader loads the row or rejects it: no crash."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.reading import FileRefused, read_partner_file, write_error_report
from tests.reading.builders import TODAY, csv_file, minimal_row, xlsx
from workflow.templates import TEMPLATES

TEMPLATE = TEMPLATES["school_attendance"]
COLUMNS = list(TEMPLATE.names)
# Text openpyxl can store in a cell (no control characters, no lone surrogates).
CELL_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"), max_size=40
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(COLUMNS), text=CELL_TEXT)
def test_any_text_in_any_cell_loads_or_is_rejected(column: str, text: str) -> None:
    values = minimal_row(TEMPLATE) | {column: text}

    def as_text(sheet: Any) -> None:  # openpyxl would store "=…" as a formula
        sheet.cell(2, COLUMNS.index(column) + 1).data_type = "s"

    with tempfile.TemporaryDirectory() as folder:
        path = xlsx(
            Path(folder) / "any.xlsx", COLUMNS, [[values[n] for n in COLUMNS]], shape=as_text
        )
        result = read_partner_file(path, "school_attendance", today=TODAY)
        assert result.rows_read in (0, 1)
        assert len(result.frame) + result.rows_rejected == result.rows_read
        if result.rejections:
            assert all(r.row == 2 and r.reason for r in result.rejections)
            write_error_report(result, path, Path(folder) / "report.xlsx")


@settings(max_examples=40, deadline=None)
@given(cells=st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_any_csv_row_loads_is_rejected_or_refused_as_a_whole(cells: list[str]) -> None:
    line = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    with tempfile.TemporaryDirectory() as folder:
        path = csv_file(Path(folder) / "any.csv", [",".join(COLUMNS), line])
        try:
            result = read_partner_file(path, "school_attendance", today=TODAY)
        except FileRefused as refused:
            assert refused.code in {"empty", "unreadable", "not_a_spreadsheet"}
            return
        assert len(result.frame) + result.rows_rejected == result.rows_read
