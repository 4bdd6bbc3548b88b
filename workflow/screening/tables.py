"""The tables screening reads and writes, as SQLAlchemy Core tables (bulk work, no ORM)."""

from __future__ import annotations

from sqlalchemy import Table

import workflow.db.models  # noqa: F401  (registers every table on the metadata)
from workflow.db.base import Base


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def ruleset_versions() -> Table:
    return _table("ruleset_versions")


def screening_runs() -> Table:
    return _table("screening_runs")


def screening_decisions() -> Table:
    return _table("screening_decisions")


def household_episodes() -> Table:
    return _table("household_episodes")


def household_transitions() -> Table:
    return _table("household_transitions")


def households() -> Table:
    return _table("households")
