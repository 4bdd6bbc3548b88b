"""The matching tables and the police lists, as SQLAlchemy Core tables."""

from __future__ import annotations

from sqlalchemy import Table

from workflow.db.base import Base
from workflow.db.models import INTEL_MODELS
from workflow.templates import POLICE_LIST_KINDS as LIST_KINDS

__all__ = ["INTEL_MODELS", "LIST_KINDS", "table"]


def table(name: str) -> Table:
    """A table of the engine's schema, typed for SQLAlchemy Core statements."""
    return Base.metadata.tables[name]
