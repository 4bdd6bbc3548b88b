"""Bulk writes: every row and every value arrives, however the rows are split into blocks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import text

import imports.loading.bulk as bulk
from imports.loading.bulk import python_columns
from tests.loading.builders import workbook
from tests.loading.conftest import TODAY
from tests.support import import_file


def test_columns_become_plain_values_a_driver_takes() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-03-14", None, "2026-03-14"]),
            "count": pd.array([3, None, 5], dtype="Int64"),
            "share": [0.5, np.nan, 2.0],
            "text": ["a", None, np.nan],
            "codes": [["gangs", "dv"], [], None],
            "flag": pd.array([True, None, False], dtype="boolean"),
        }
    )
    assert python_columns(frame, list(frame.columns)) == [
        [dt.date(2026, 3, 14), None, dt.date(2026, 3, 14)],
        [3, None, 5],
        [0.5, None, 2.0],
        ["a", None, None],
        ['["gangs", "dv"]', "[]", None],
        [True, None, False],
    ]
    assert python_columns(frame, ["day"], iso_dates=True) == [["2026-03-14", None, "2026-03-14"]]


def test_a_file_longer_than_one_block_loads_every_row_in_order(
    borough, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(bulk, "ROWS_PER_INSERT", 3)  # SQLite: 2 whole blocks and 2 rows over
    monkeypatch.setattr(bulk, "ROWS_PER_COPY_SLICE", 3)  # PostgreSQL: 3 slices
    pupils = [("A123456789012", "Daniel", "02/07/2009"), ("B123456789012", "Ruth", "19/11/2012")]
    rows = [
        (upn, name, "Okafor", born, "2025/26", term, 100 + i, i, 1, None if i % 3 else "Hill")
        for i, ((upn, name, born), term) in enumerate(
            (pupil, term) for term in ("autumn", "spring", "summer", "autumn") for pupil in pupils
        )
    ]
    path = workbook(
        tmp_path / "school_attendance.xlsx",
        (
            "upn",
            "forename",
            "surname",
            "date_of_birth",
            "academic_year",
            "term",
            "sessions_possible",
            "sessions_authorised_absence",
            "sessions_unauthorised_absence",
            "school_name",
        ),
        rows[:6] + [(*rows[6][:4], "2024/25", *rows[6][5:]), rows[7]],
    )
    outcome = import_file(borough, path, "school_attendance", today=TODAY)
    assert (outcome.status, outcome.rows_loaded, outcome.rows_unlinked) == ("accepted", 8, 0)
    with borough.engine.connect() as connection:
        stored = connection.execute(
            text(
                "SELECT f.source_row, p.person_ref, f.link_method, f.date_of_birth, f.valid_from, "
                "f.sessions_possible, f.sessions_authorised_absence, f.school_name "
                "FROM fact_school_attendance f JOIN people p ON p.id = f.person_id ORDER BY f.id"
            )
        ).fetchall()
    assert [(r[0], r[1], r[2], str(r[3])[:10], str(r[4])[:10], *r[5:]) for r in stored] == [
        (2, "P2", "upn", "2009-07-02", "2025-09-01", 100, 0, "Hill"),
        (3, "P3", "upn", "2012-11-19", "2025-09-01", 101, 1, None),
        (4, "P2", "upn", "2009-07-02", "2026-01-01", 102, 2, None),
        (5, "P3", "upn", "2012-11-19", "2026-01-01", 103, 3, "Hill"),
        (6, "P2", "upn", "2009-07-02", "2026-04-01", 104, 4, None),
        (7, "P3", "upn", "2012-11-19", "2026-04-01", 105, 5, None),
        (8, "P2", "upn", "2009-07-02", "2024-09-01", 106, 6, "Hill"),
        (9, "P3", "upn", "2012-11-19", "2025-09-01", 107, 7, None),
    ]
