"""Allocation proposals: one optimised assignment of champions to a backlog of families,
stored for a manager to accept whole, edit or reject (docs/product-model.md §5).

``fingerprint`` is taken of the backlog and the caseloads when the proposal is made: a
proposal is applied only if they are still the same (else it is stale), and only once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow


class AllocationProposal(Base):
    __tablename__ = "allocation_proposals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # backlog | rebalance
    scope: Mapped[str | None] = mapped_column(String(100))  # a team, or the leaver's staff_ref
    status: Mapped[str] = mapped_column(String(20), default="proposed")  # proposed|applied|rejected
    fingerprint: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    greedy_score: Mapped[float] = mapped_column(Float)
    families: Mapped[int]
    unassigned: Mapped[int]
    greedy_unassigned: Mapped[int]
    workers_over_90: Mapped[int]
    greedy_workers_over_90: Mapped[int]
    seconds: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class AllocationProposalItem(Base):
    __tablename__ = "allocation_proposal_items"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("allocation_proposals.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: left unassigned
    previous_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # rebalancing
    score: Mapped[float | None] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    edited_by: Mapped[str | None] = mapped_column(String(80))
