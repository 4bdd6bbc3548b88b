"""The columns every state machine's append-only history shares (the state-machine kit's
history, ``workflow.statemachine``): from, to, trigger, who, when it was recorded, when
it took effect, why, and what it relied on.

``at`` is when the move was recorded; ``effective_on`` the day it took effect when that is
earlier (a caseload loaded from a council's previous system, say). ``detail`` carries
references only (rule-set version, decision id, evidence ids), never personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import JsonDoc, utcnow


class TransitionColumns:
    """Mixed into each history table (``household_transitions``, ``batch_transitions`` ...)."""

    from_state: Mapped[str | None] = mapped_column(String(32))  # null when the subject opened
    to_state: Mapped[str] = mapped_column(String(32))
    trigger: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))  # a staff_ref, or a system job's name
    actor_roles: Mapped[str | None] = mapped_column(String(120))  # "keyworker,manager", "system"
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    effective_on: Mapped[dt.date | None]
    reason: Mapped[str] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
