"""Matching police lists to the register: models, runs, links, the review queue,
remembered decisions and the household flags matching produces.

Pairs are named by what survives a re-import — the list's kind, the nominal's ref and
the register's person_ref — never by surrogate ids alone, so a decision a data officer
made still applies when the list is sent again. Evidence is stored as field-by-field
levels and weights, never as copies of names, dates of birth or addresses.

The household flags carry police-intelligence fields (harm and victim bands), so they
live in an ``intel_`` table beside the lists, under the same access rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow
from workflow.domain.vocabulary import ReviewStatus


class MatchModel(Base):
    """One trained matching model, saved as a versioned JSON file."""

    __tablename__ = "match_models"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    file_name: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    splink_version: Mapped[str] = mapped_column(String(20))
    em_trained: Mapped[bool]
    nominals: Mapped[int]
    register_people: Mapped[int]
    upper_threshold: Mapped[float] = mapped_column(Float)
    lower_threshold: Mapped[float] = mapped_column(Float)
    trained_by: Mapped[str] = mapped_column(String(80))
    trained_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MatchRun(Base):
    """One run of matching: which model, why it ran, and what it decided (counts only)."""

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    model_version: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(20))  # 'command' | 'import' | 'review' | 'demo'
    actor: Mapped[str] = mapped_column(String(80))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    counts: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)


class MatchLink(Base):
    """A link matching or a reviewer made from a police-list row to a person.

    Deterministic links made by the importer are not repeated here. An undone link keeps
    its row (``undone_at``, by whom and why), so the history of a family's links stays.
    """

    __tablename__ = "match_links"
    __table_args__ = (Index("ix_match_links_pair", "source_kind", "nominal_ref", "person_ref"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id"), index=True)
    source_kind: Mapped[str] = mapped_column(String(30))  # a police list or a partner feed
    intel_row_id: Mapped[int]
    nominal_ref: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    person_ref: Mapped[str] = mapped_column(String(40))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), index=True)
    method: Mapped[str] = mapped_column(String(30))  # 'probabilistic' | 'reviewed'
    model_version: Mapped[int | None]
    match_weight: Mapped[float | None] = mapped_column(Float)
    match_probability: Mapped[float | None] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[dt.datetime | None]
    undone_by: Mapped[str | None] = mapped_column(String(80))
    undo_reason: Mapped[str | None] = mapped_column(String(300))


class MatchReview(Base):
    """A pair waiting for a data officer: the model was not sure either way.

    ``status``: 'open', 'decided' (someone accepted or rejected it) or 'withdrawn' (a
    later run no longer proposes it, or its row was replaced by a re-import).
    """

    __tablename__ = "match_reviews"
    __table_args__ = (Index("ix_match_reviews_status", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id"), index=True)
    source_kind: Mapped[str] = mapped_column(String(30))
    intel_row_id: Mapped[int]
    nominal_ref: Mapped[str] = mapped_column(String(40))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    person_ref: Mapped[str] = mapped_column(String(40))
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"))
    model_version: Mapped[int]
    match_weight: Mapped[float] = mapped_column(Float)
    match_probability: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.OPEN.value)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]


class MatchDecision(Base):
    """A data officer's accept or reject of one pair, remembered across runs and re-imports."""

    __tablename__ = "match_decisions"
    __table_args__ = (UniqueConstraint("source_kind", "nominal_ref", "person_ref"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(30))
    nominal_ref: Mapped[str] = mapped_column(String(40))
    person_ref: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(10))  # 'accept' | 'reject'
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("match_reviews.id"))
    reason: Mapped[str | None] = mapped_column(String(300))
    # Null until the decision has taken effect on the lists' links (at once, normally; a
    # decision left unapplied by a crash is applied by the next matching run).
    applied_at: Mapped[dt.datetime | None]


class HouseholdIntelFlag(Base):
    """A household with a member on a police list, and that member's role.

    ``flag`` is 'offender_family' (a member on the IOM cohort, or with a proven offence
    in the last 12 months) or 'gang_affected' (a member on the gangs matrix). ``role`` is
    never just "gang": 'iom_offender', 'proven_offender' (with ``since``, the offence
    date), 'gang_perpetrator' (with ``harm_band``), 'gang_victim' (with ``victim_band``)
    or 'gang_perpetrator_and_victim' (both bands). Rebuilt from the lists' links after
    every change, so an undone link takes its flag with it.
    """

    __tablename__ = "intel_household_flags"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    flag: Mapped[str] = mapped_column(String(30))
    role: Mapped[str] = mapped_column(String(40))
    harm_band: Mapped[str | None] = mapped_column(String(10))
    victim_band: Mapped[str | None] = mapped_column(String(10))
    cohort: Mapped[str | None] = mapped_column(String(10))
    source_kind: Mapped[str] = mapped_column(String(30))
    intel_row_id: Mapped[int]
    nominal_ref: Mapped[str | None] = mapped_column(String(40))
    # When the evidence dates from: the offence, for a recent proven offence.
    since: Mapped[dt.date | None]
    link_method: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
