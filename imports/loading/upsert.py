"""Insert-or-update by a natural key (``person_ref``, ``household_ref``, ``staff_ref`` ...)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from imports.loading.bulk import bulk_insert, python_columns


def existing_ids(connection: Connection, table: str, key: str) -> dict[str, int]:
    result = connection.execute(text(f"SELECT {key}, id FROM {table}"))
    return {str(k): int(v) for k, v in result.fetchall()}


def upsert(
    connection: Connection,
    table: str,
    key: str,
    frame: pd.DataFrame,
    columns: Sequence[str],
    *,
    now: dt.datetime | None = None,
) -> dict[str, int]:
    """Insert rows whose ``key`` is new and update ``columns`` of the others.

    Returns the ids of every key in ``frame``. Rows are compared with what is stored so
    an unchanged re-send writes nothing.
    """
    frame = frame.drop_duplicates(subset=[key], keep="last")
    known = existing_ids(connection, table, key)
    is_new = ~frame[key].astype(str).isin(known.keys())
    fresh = frame[is_new].copy()
    if not fresh.empty:
        insert_columns = [key, *columns]
        if now is not None:
            fresh["created_at"] = now
            insert_columns.append("created_at")
        bulk_insert(connection, table, fresh, insert_columns)
    old = frame[~is_new]
    if not old.empty and columns:
        _update_changed(connection, table, key, old, columns)
    return existing_ids(connection, table, key) if not fresh.empty else known


def _update_changed(
    connection: Connection, table: str, key: str, frame: pd.DataFrame, columns: Sequence[str]
) -> None:
    stored = connection.execute(text(f"SELECT {key}, {', '.join(columns)} FROM {table}"))
    current = pd.DataFrame(stored.fetchall(), columns=[key, *columns]).set_index(key)
    incoming = frame.set_index(key)[list(columns)]
    values_in = python_columns(incoming.reset_index(), [key, *columns])
    rows_in = {r[0]: r[1:] for r in zip(*values_in, strict=True)}
    values_now = python_columns(current.reset_index(), [key, *columns])
    rows_now = {r[0]: r[1:] for r in zip(*values_now, strict=True)}
    changed = [
        (*row, ref)
        for ref, row in rows_in.items()
        if _comparable(rows_now.get(ref, ())) != _comparable(row)
    ]
    if not changed:
        return
    assignments = ", ".join(f"{c} = :{c}" for c in columns)
    params = [dict(zip([*columns, key], row, strict=True)) for row in changed]
    connection.execute(text(f"UPDATE {table} SET {assignments} WHERE {key} = :{key}"), params)


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Values as both drivers return them: dates as ISO text, numbers as floats."""
    out: list[Any] = []
    for value in row:
        if isinstance(value, dt.date):
            value = value.isoformat()[:10]
        elif isinstance(value, bool):
            value = int(value)
        elif isinstance(value, int | float | Decimal):
            value = float(value)
        out.append(value)
    return tuple(out)
