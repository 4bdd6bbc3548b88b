"""The append-only histories of the state machines: every household lifecycle transition
(docs/product-model.md §3) and every import batch's change of status.

Rows are never updated or deleted: migrations install database triggers that refuse both,
on SQLite and PostgreSQL, as 0001 does for the audit trail.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId
from workflow.db.models.history import TransitionColumns


class HouseholdTransition(TransitionColumns, Base):
    __tablename__ = "household_transitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"), index=True)


class BatchTransition(TransitionColumns, Base):
    __tablename__ = "batch_transitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)


class TierTransition(TransitionColumns, Base):
    """A household's moves between pathway tiers (bronze to intensive), and its placement."""

    __tablename__ = "tier_transitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"), index=True)
