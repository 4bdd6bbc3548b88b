"""Fast bulk writes inside the caller's transaction: executemany on SQLite, COPY on PostgreSQL.

Row-by-row ORM inserts would take minutes for a school-attendance return; these take
seconds and still commit or roll back with the rest of the import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection


def python_columns(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[Any]]:
    """Each column as a list of plain Python values (None for missing), ready for a driver."""
    out: list[list[Any]] = []
    for name in columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = [None if pd.isna(v) else v.date() for v in series]
        elif series.dtype == object:
            values = [_plain(v) for v in series]
        else:
            mask = series.isna().to_numpy()
            raw = series.astype(object).to_numpy()
            values = [None if m else _plain(v) for v, m in zip(raw, mask, strict=True)]
        out.append(values)
    return out


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
    rows = list(zip(*python_columns(frame, columns), strict=True))
    column_list = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return len(rows)
    placeholders = ", ".join("?" for _ in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", rows)
    finally:
        cursor.close()
    return len(rows)
