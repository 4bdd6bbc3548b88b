"""Payment-by-results claims: baselines, claim windows, claims and their history
(docs/product-model.md §7, migration 0012).

- ``claim_baselines``: what a family was identified with when it was attached (its
  champion allocated): the criteria met, the figures and the rows behind them, and the
  rule-set versions. One per episode and phase.
- ``claim_windows``: a claim round: its dates, phase and its own copy of the amounts
  table. Windows of one phase may not overlap (checked when one is opened).
- ``claims``: one claim (an attachment fee or a result) for one household in a window.
  At most one live claim per household, phase and kind: a partial unique index, so two
  people (or processes) claiming the same family at once get one claim and one refusal.
  A rejected claim frees its place. The approver is never the preparer: a check
  constraint, beside the machine's guard.
- ``claim_transitions``: every move of a claim's status (the kit's history columns).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow
from workflow.db.models.history import TransitionColumns

Money = Numeric(12, 2)


class ClaimBaseline(Base):
    __tablename__ = "claim_baselines"
    __table_args__ = (UniqueConstraint("episode_id", "phase", name="uq_claim_baselines_episode"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    episode_id: Mapped[int] = mapped_column(ForeignKey("household_episodes.id"))
    phase: Mapped[str] = mapped_column(String(40))  # the eligibility rule set id
    attached_on: Mapped[dt.date]
    eligibility_rules: Mapped[str] = mapped_column(String(120))  # id vN (hash)
    results_rules: Mapped[str] = mapped_column(String(120))
    identified: Mapped[list[str]] = mapped_column(JsonDoc, default=list)  # criteria met
    figures: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)  # values, people
    benefits: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)  # row refs
    taken_by: Mapped[str] = mapped_column(String(80))
    taken_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClaimWindow(Base):
    __tablename__ = "claim_windows"
    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    phase: Mapped[str] = mapped_column(String(40), index=True)
    opens_on: Mapped[dt.date]
    closes_on: Mapped[dt.date]
    amounts: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    results_rules: Mapped[str | None] = mapped_column(String(120))
    built_at: Mapped[dt.datetime | None]
    export_path: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        Index(
            "uq_claims_one_per_family",
            "household_id",
            "phase",
            "kind",
            unique=True,
            sqlite_where=text("state <> 'rejected'"),
            postgresql_where=text("state <> 'rejected'"),
        ),
        Index("ix_claims_window_state", "window_id", "state"),
        CheckConstraint(
            "approved_by IS NULL OR approved_by <> prepared_by", name="approver_not_preparer"
        ),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("paid_amount IS NULL OR paid_amount <= amount", name="paid_within_amount"),
        CheckConstraint(
            "override_by IS NULL OR override_reason IS NOT NULL", name="override_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("claim_windows.id"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    baseline_id: Mapped[int] = mapped_column(ForeignKey("claim_baselines.id"))
    phase: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # attachment | result
    outcome: Mapped[str] = mapped_column(String(40))  # attachment, or the result's id
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_amount: Mapped[Decimal | None] = mapped_column(Money)
    state: Mapped[str] = mapped_column(String(32), default="candidate")
    assessment: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    prepared_by: Mapped[str] = mapped_column(String(80))
    approved_by: Mapped[str | None] = mapped_column(String(80))
    override_by: Mapped[str | None] = mapped_column(String(80))  # a senior manager
    override_reason: Mapped[str | None] = mapped_column(String(500))
    reason: Mapped[str | None] = mapped_column(String(500))  # why rejected or clawed back
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClaimTransition(TransitionColumns, Base):
    __tablename__ = "claim_transitions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
