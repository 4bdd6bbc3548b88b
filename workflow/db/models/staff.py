"""Staff, their teams and localities: who does the work and how much they can carry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, JsonDoc, utcnow
from workflow.domain.vocabulary import StaffRole


class Locality(Base):
    __tablename__ = "localities"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))


class Staff(Base):
    """A keyworker, manager, finance officer, data officer or auditor.

    ``capacity_units`` is a keyworker's caseload capacity in weighted units
    (docs/product-model.md §5: a bronze family weighs 0.25, intensive 2.0, default 12).
    """

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    staff_ref: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # Comma-separated roles: "keyworker", "keyworker,manager" ...
    role: Mapped[str] = mapped_column(String(120), default=StaffRole.KEYWORKER.value)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    capacity_units: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("12"))
    specialisms: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    languages: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    left_on: Mapped[dt.date | None]
    left_reason: Mapped[str | None] = mapped_column(String(500))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    source_row: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
