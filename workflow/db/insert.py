"""Reading a row by its unique key, adding it first when it is not there yet, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Column, Connection, Table, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def value_of_row(
    connection: Connection,
    table: Table,
    key: dict[str, Any],
    column: Column[Any],
    new_values: Callable[[], dict[str, Any]],
) -> Any:
    """``column`` of the row whose unique ``key`` columns hold ``key``'s values.

    When there is none yet, ``key | new_values()`` is added with ``INSERT … ON CONFLICT
    DO NOTHING``, so two processes adding it at once both go on and one row is kept (the
    later waits for the earlier's commit). A row already there costs one read, no write.
    """
    where = [table.c[name] == value for name, value in key.items()]
    found = connection.execute(select(column).where(*where)).first()
    if found is None:
        insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
        connection.execute(
            insert(table)
            .values(**key, **new_values())
            .on_conflict_do_nothing(index_elements=[table.c[name] for name in key])
        )
        found = connection.execute(select(column).where(*where)).one()
    return found[0]
