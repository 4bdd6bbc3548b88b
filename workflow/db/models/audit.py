"""The append-only audit trail: who read or changed what, when, and why.

Rows are never updated or deleted: the migration installs database triggers that refuse
both, on SQLite and PostgreSQL. ``detail`` never holds personal data: references only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))  # a staff_ref, or a system job's name
    actor_roles: Mapped[str | None] = mapped_column(String(120))  # "keyworker", "system" ...
    action: Mapped[str] = mapped_column(String(40))  # read, create, update, transition ...
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    purpose: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
