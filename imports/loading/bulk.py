"""Fast bulk writes in the caller's transaction: multi-row INSERTs on SQLite, COPY on PostgreSQL.

Row-by-row ORM inserts would take minutes for a school-attendance return; these take
well under a second for 100,000 rows and still commit or roll back with the rest of the
import. Columns become driver values a whole column at a time (numpy and pandas do the
conversion in C); only a column holding lists or mixed values is looked at value by value.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Connection

ROWS_PER_INSERT = 200  # SQLite: rows bound to one INSERT statement (within its variable limit)
ROWS_PER_COPY_SLICE = 10_000  # PostgreSQL: rows converted at a time while COPY streams
_PLAIN_TEXT = frozenset({"string", "empty"})  # pandas' infer_dtype: str values (and missing)


def python_columns(
    frame: pd.DataFrame, columns: Sequence[str], *, iso_dates: bool = False
) -> list[list[Any]]:
    """Each column as a list of plain Python values (None for missing), ready for a driver.

    Date and datetime columns become ``datetime.date`` values, or ``yyyy-mm-dd`` text when
    ``iso_dates`` (what SQLite's own date adapter would store, without a call per value).
    """
    return [column_values(frame[name], iso_dates=iso_dates) for name in columns]


def column_values(series: pd.Series, *, iso_dates: bool = False) -> list[Any]:
    """One column as plain Python values; see :func:`python_columns`."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            series = series.dt.tz_localize(None)  # the wall-clock date, as Timestamp.date()
        # A column of dates holds few distinct days: convert each once.
        codes, days = pd.factorize(series.to_numpy(dtype="datetime64[D]"))
        shown = np.empty(len(days) + 1, dtype=object)  # the last stays None, for code -1 (NaT)
        shown[:-1] = np.datetime_as_string(days, unit="D") if iso_dates else days.tolist()
        return _as_list(shown[codes])
    if isinstance(dtype, pd.api.extensions.ExtensionDtype):  # Int64, boolean, string …
        return _as_list(series.array.to_numpy(dtype=object, na_value=None))
    values = series.to_numpy()
    if values.dtype.kind == "O":
        if pd.api.types.infer_dtype(values, skipna=True) not in _PLAIN_TEXT:
            return [_plain(v) for v in values]  # lists, numbers or a mix: one by one
        missing = pd.isna(values)
        if missing.any():
            values = values.copy()
            values[missing] = None
        return _as_list(values)
    if values.dtype.kind == "f":
        missing = np.isnan(values)
        if missing.any():
            filled = values.astype(object)
            filled[missing] = None
            return _as_list(filled)
    return _as_list(values)


def _as_list(values: np.ndarray) -> list[Any]:
    plain: list[Any] = values.tolist()
    return plain


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def bulk_insert(
    connection: Connection, table: str, frame: pd.DataFrame, columns: Sequence[str]
) -> int:
    """Insert every row of ``frame`` (only ``columns``) into ``table``; returns the row count."""
    if frame.empty:
        return 0
    driver = connection.connection.driver_connection
    assert driver is not None
    column_list = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        # In slices, so the server is already storing the first rows while later ones are
        # converted: on PostgreSQL the server's work (indexes, foreign keys) is the longer.
        # Each slice goes as CSV text that Arrow writes in C, several times faster than
        # formatting row by row in Python.
        copy_sql = f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv)"
        with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for start in range(0, len(frame), ROWS_PER_COPY_SLICE):
                values = python_columns(frame.iloc[start : start + ROWS_PER_COPY_SLICE], columns)
                copy.write(_csv(values))
        return len(frame)
    values = python_columns(frame, columns, iso_dates=True)
    _sqlite_insert(driver, f"INSERT INTO {table} ({column_list}) VALUES ", values)
    return len(frame)


def _csv(values: list[list[Any]]) -> bytes:
    """Rows as PostgreSQL's CSV: missing values unquoted and empty (NULL), text quoted."""
    try:
        table = pa.table({str(i): pa.array(column) for i, column in enumerate(values)})
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed values in one column
        table = pa.table(
            {str(i): pa.array([_csv_text(v) for v in c]) for i, c in enumerate(values)}
        )
    sink = io.BytesIO()
    pa_csv.write_csv(table, sink, pa_csv.WriteOptions(include_header=False))
    return sink.getvalue()


def _csv_text(value: Any) -> str | None:
    """One value as the text PostgreSQL reads back to it (the rare mixed-column case)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sqlite_insert(driver: Any, insert: str, values: list[list[Any]]) -> None:
    """Many rows to each INSERT statement: SQLite then spends far less time per row."""
    width, count = len(values), len(values[0])
    most = driver.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // width
    per = max(1, min(ROWS_PER_INSERT, most))
    whole = count - count % per
    row = "(" + ", ".join("?" * width) + ")"
    cursor = driver.cursor()
    try:
        if whole:
            blocks = (_flat(values, start, per) for start in range(0, whole, per))
            cursor.executemany(insert + ", ".join([row] * per), blocks)
        if whole < count:
            rest = count - whole
            cursor.execute(insert + ", ".join([row] * rest), _flat(values, whole, rest))
    finally:
        cursor.close()


def _flat(values: list[list[Any]], start: int, rows: int) -> list[Any]:
    """The parameters of rows ``start`` to ``start + rows - 1``, row after row."""
    columns = (v[start : start + rows] for v in values)
    return list(chain.from_iterable(zip(*columns, strict=True)))
