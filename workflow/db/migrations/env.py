"""Alembic environment: the engine comes from the caller (``workflow.db.migrate``)."""

from __future__ import annotations

from alembic import context

import workflow.db.models  # noqa: F401  (registers every table)
from workflow.db.base import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
