"""What keyworkers and managers record about a family's work: its champion, its case
records (contacts, assessments, plans, reviews, outcome evidence) and managers' approvals.

The lifecycle's guards read these (``workflow.lifecycle.facts``): a family is allocated
only when it has an active champion, its plan is agreed only when a whole-family
assessment is recorded, and so on. Each row keeps the day it took effect (``started_on``,
``effective_on``) apart from when it was recorded, so a council can load the caseload of
its previous system with the dates it really began.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow


class ChampionAssignment(Base):
    """One keyworker as a household's champion, from ``started_on`` until ``ended_on``.

    At most one active (not ended) assignment per household: a partial unique index, so
    two managers assigning one family at once get one assignment and one refusal.
    """

    __tablename__ = "champion_assignments"
    __table_args__ = (
        Index(
            "uq_champion_assignments_one_active",
            "household_id",
            unique=True,
            sqlite_where=text("ended_on IS NULL"),
            postgresql_where=text("ended_on IS NULL"),
        ),
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    end_reason: Mapped[str | None] = mapped_column(String(500))
    # Set when a manager assigned past the worker's capacity: why.
    over_capacity_reason: Mapped[str | None] = mapped_column(String(500))
    weight: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    assigned_by: Mapped[str] = mapped_column(String(80))
    ended_by: Mapped[str | None] = mapped_column(String(80))
    proposal_id: Mapped[int | None] = mapped_column(BigId)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_recorded_at: Mapped[dt.datetime | None]


class CaseRecord(Base):
    """A contact, assessment, plan, review or piece of outcome evidence for an episode.

    ``summary`` is the keyworker's own note: case notes are personal data, shown only to
    those who work with the family, never written to logs or finance exports.
    """

    __tablename__ = "case_records"
    __table_args__ = (Index("ix_case_records_episode_kind", "episode_id", "kind"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"))
    kind: Mapped[str] = mapped_column(String(30))
    effective_on: Mapped[dt.date]
    summary: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Approval(Base):
    """A request for a manager's approval (a step-up into intensive, a closure, a claim),
    and the decision on it. The approver is never the person who asked: a check
    constraint, as well as the code, refuses it."""

    __tablename__ = "approvals"
    __table_args__ = (
        Index("ix_approvals_episode_action", "episode_id", "action"),
        CheckConstraint("decided_by IS NULL OR decided_by <> requested_by", name="not_own_request"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"))
    action: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    request_reason: Mapped[str] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(500))


class EnforcementOverlay(Base):
    """Enforcement carried alongside a household's support (police, ASB or housing action,
    "all possible levers"), with the agency doing it: not a tier, an overlay (silver and up)."""

    __tablename__ = "enforcement_overlays"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"))
    agency: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[dt.date]
    ended_on: Mapped[dt.date | None]
    reason: Mapped[str] = mapped_column(String(500))
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
