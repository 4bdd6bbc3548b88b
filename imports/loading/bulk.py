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
        # A column of dates holds few distinct days: convert each once.
        codes, days = pd.factorize(_days(series))
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


def arrow_columns(frame: pd.DataFrame, columns: Sequence[str]) -> pa.Table:
    """The columns as an Arrow table holding the values :func:`python_columns` gives.

    PostgreSQL's COPY takes them as CSV, which Arrow writes in C; going to Arrow straight
    from pandas skips making a Python object for every value first.
    """
    return pa.table({str(i): arrow_column(frame[name]) for i, name in enumerate(columns)})


def arrow_column(series: pd.Series) -> pa.Array:
    """One column as Arrow: dates as ``date32``, missing values as nulls."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return pa.array(_days(series), from_pandas=True)
    if isinstance(dtype, pd.CategoricalDtype):  # Arrow would keep the categories apart
        return _arrow_mixed(column_values(series))
    if isinstance(dtype, pd.api.extensions.ExtensionDtype):  # Int64, boolean, string …
        try:
            return pa.array(series.array)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
            return _arrow_mixed(column_values(series))
    values = series.to_numpy()
    if values.dtype.kind == "O":
        if pd.api.types.infer_dtype(values, skipna=True) in _PLAIN_TEXT:
            return pa.array(values, type=pa.string(), from_pandas=True)
        return _arrow_mixed([_plain(v) for v in values])
    return pa.array(values, from_pandas=True)


def _days(series: pd.Series) -> np.ndarray:
    """A date or datetime column as ``datetime64[D]``, the wall-clock day (NaT kept)."""
    if getattr(series.dtype, "tz", None) is not None:
        series = series.dt.tz_localize(None)  # the wall-clock date, as Timestamp.date()
    days: np.ndarray = series.to_numpy(dtype="datetime64[D]")
    return days


def _arrow_mixed(values: list[Any]) -> pa.Array:
    """Plain values Arrow may not take as one type (lists as JSON text, mixed kinds)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed values in one column
        return pa.array([_csv_text(v) for v in values], type=pa.string())


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
        # written: on PostgreSQL the server's work (indexes, foreign keys) is the longer.
        # The frame goes to Arrow straight from pandas and each slice as CSV text that
        # Arrow writes in C, with no Python object made per value on the way.
        copy_sql = f"COPY {table} ({column_list}) FROM STDIN WITH (FORMAT csv)"
        arrow = arrow_columns(frame, columns)
        with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for part in arrow.to_batches(max_chunksize=ROWS_PER_COPY_SLICE):
                copy.write(_csv(part))
        return len(frame)
    values = python_columns(frame, columns, iso_dates=True)
    _sqlite_insert(driver, f"INSERT INTO {table} ({column_list}) VALUES ", values)
    return len(frame)


def _csv(table: pa.Table | pa.RecordBatch) -> bytes:
    """Rows as PostgreSQL's CSV: missing values unquoted and empty (NULL), text quoted."""
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
    """Many rows to each INSERT statement: SQLite then spends far less time per row.

    Converting rows ahead in a second thread while SQLite stores earlier ones was measured
    and made this slower (slicing the frame cost more than the overlap saved).
    """
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
