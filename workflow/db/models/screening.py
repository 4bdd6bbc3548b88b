"""Screening: the rule-set versions used, each run, and each household's decision.

A decision keeps the facts the rule set tested (fact name -> number, or null when the
data was missing), so it can be re-run and explained later without the fact tables as
they were. Nothing here holds names, dates of birth or addresses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow


class RulesetVersion(Base):
    """One version of a rule set as it was used, identified by its content hash."""

    __tablename__ = "ruleset_versions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ruleset_id: Mapped[str] = mapped_column(String(80))
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # the effective rule set
    files: Mapped[list[str]] = mapped_column(JsonDoc)  # the files it was read from
    first_used_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ScreeningRun(Base):
    """One screening of the borough, or of some households, under one rule-set version.

    ``lifecycle`` is false for a comparison run under a rule set no longer in force: its
    decisions are stored, but no household moved because of them.
    """

    __tablename__ = "screening_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ruleset_version_id: Mapped[int] = mapped_column(ForeignKey("ruleset_versions.id"))
    as_of: Mapped[dt.date]
    scope: Mapped[str] = mapped_column(String(20))  # 'borough' | 'households'
    trigger: Mapped[str] = mapped_column(String(20))  # 'command' | 'import' | 'api' | 'demo'
    actor: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    households_screened: Mapped[int] = mapped_column(default=0)
    eligible: Mapped[int] = mapped_column(default=0)
    newly_eligible: Mapped[int] = mapped_column(default=0)
    no_longer_meeting: Mapped[int] = mapped_column(default=0)
    lifecycle: Mapped[bool] = mapped_column(default=True)
    counts: Mapped[dict[str, int]] = mapped_column(JsonDoc, default=dict)  # criterion -> households
    # Decisions this run stored: only those that differ from the household's last one.
    decisions_stored: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(String(500))
    # The import whose new data triggered this re-screen, if one did.
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)


class ScreeningDecision(Base):
    """Whether one household met a rule set on a date, which criteria, and on what facts.

    A decision is stored when it differs from the household's last one under the same
    rule-set version (``fingerprint``: eligible, criteria and facts); a later run that
    finds the same keeps the earlier row, which stays the decision in force, and counts it.
    """

    __tablename__ = "screening_decisions"
    # Leads with household_id, so it also serves "every decision about this household".
    __table_args__ = (
        Index("ix_screening_decisions_household_ruleset", "household_id", "ruleset_version_id"),
        Index(
            "ix_screening_decisions_version_household",
            "ruleset_version_id",
            "household_id",
            "id",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("screening_runs.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    ruleset_version_id: Mapped[int] = mapped_column(ForeignKey("ruleset_versions.id"))
    as_of: Mapped[dt.date]
    eligible: Mapped[bool]
    criteria_met: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    facts: Mapped[dict[str, float | int | None]] = mapped_column(JsonDoc, default=dict)
    fingerprint: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
