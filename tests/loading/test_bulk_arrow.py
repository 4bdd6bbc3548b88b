"""PostgreSQL's COPY gets its rows from Arrow built straight from pandas: the same values."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from imports.loading.bulk import _csv, arrow_columns, python_columns


def _as_python(frame: pd.DataFrame) -> list[list[object]]:
    table = arrow_columns(frame, list(frame.columns))
    return [table.column(i).to_pylist() for i in range(table.num_columns)]


def test_arrow_holds_the_values_a_driver_would_be_given() -> None:
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-03-14", None, "2026-03-14"]),
            "late_evening": pd.to_datetime(
                ["2026-03-14 23:30", None, "2026-03-15 00:10"]
            ).tz_localize("Europe/London"),
            "count": pd.array([3, None, 5], dtype="Int64"),
            "whole": [1, 2, 3],
            "share": [0.5, np.nan, 2.0],
            "text": ["a", None, np.nan],
            "string": pd.array(["x", None, "z"], dtype="string"),
            "codes": [["gangs", "dv"], [], None],
            "flag": pd.array([True, None, False], dtype="boolean"),
            "kind": pd.Categorical(["gold", None, "silver"]),
        }
    )

    assert _as_python(frame) == python_columns(frame, list(frame.columns))


def test_a_column_of_mixed_values_goes_as_their_text() -> None:
    frame = pd.DataFrame({"mixed": [1, "a", dt.date(2026, 1, 2)], "n": [1, 2, 3]})

    assert _as_python(frame) == [["1", "a", "2026-01-02"], [1, 2, 3]]


def test_the_csv_keeps_missing_apart_from_empty_text() -> None:
    frame = pd.DataFrame({"text": ["", None, 'say "hi", ok'], "n": pd.array([1, None, 3], "Int64")})

    assert _csv(arrow_columns(frame, ["text", "n"])) == b'"",1\n,\n"say ""hi"", ok",3\n'
