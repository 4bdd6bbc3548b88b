"""The append-only history of every household lifecycle transition (pathway.md §3).

Rows are never updated or deleted: migration 0002 installs database triggers that refuse
both, on SQLite and PostgreSQL, as 0001 does for the audit trail. ``detail`` carries
references only (rule set, version, hash, decision id), never personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow


class HouseholdTransition(Base):
    __tablename__ = "household_transitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(32))  # null when an episode opens
    to_state: Mapped[str] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))  # a staff_ref, or "system"
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
