"""The matching tables and the police lists, as SQLAlchemy Core tables."""

from __future__ import annotations

from sqlalchemy import Table

from workflow.db.base import Base
from workflow.db.models import GangNominal, IomNominal

INTEL_MODELS = {"gangs_matrix": GangNominal, "iom_cohort": IomNominal}
LIST_KINDS = tuple(INTEL_MODELS)  # the police lists: the gangs matrix and the IOM cohort


def table(name: str) -> Table:
    """A table of the engine's schema, typed for SQLAlchemy Core statements."""
    return Base.metadata.tables[name]
