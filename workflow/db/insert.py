"""Inserting a row unless its unique key is already there, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def insert_if_absent(
    connection: Connection, table: Table, values: dict[str, Any], key: Sequence[Column[Any]]
) -> None:
    """``INSERT … ON CONFLICT (key) DO NOTHING``: two processes adding the same row at
    once both go on, one row is kept (the later waits for the earlier's commit)."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    connection.execute(insert(table).values(**values).on_conflict_do_nothing(index_elements=key))
