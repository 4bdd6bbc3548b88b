"""Households, their episodes, people and who lived where when."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, BigId, utcnow
from workflow.domain.vocabulary import HouseholdState


class Household(Base):
    """The unit that is screened, allocated, moved along a pathway and claimed for."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_ref: Mapped[str] = mapped_column(String(40), unique=True)
    address_line1: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10), index=True)
    uprn: Mapped[str | None] = mapped_column(String(20))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HouseholdEpisode(Base):
    """One spell of work with a household, from identification to closure.

    A closed household that is referred again opens a new episode; the old one stays.
    At most one episode per household is open (enforced by a partial unique index).
    ``state`` changes only through ``workflow.lifecycle``, which writes each change to
    ``household_transitions``.
    """

    __tablename__ = "household_episodes"
    __table_args__ = (
        UniqueConstraint("household_id", "number"),
        Index(
            "uq_household_episodes_one_open",
            "household_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    number: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(32), default=HouseholdState.IDENTIFIED.value)
    tier: Mapped[str | None] = mapped_column(String(32))
    strand: Mapped[str | None] = mapped_column(String(32))
    # Why the strand is what it is: derived from matching and screening, or a manager's
    # override (who, and their reason).
    strand_reason: Mapped[str | None] = mapped_column(String(500))
    strand_set_by: Mapped[str | None] = mapped_column(String(80))
    pathway_version: Mapped[str | None] = mapped_column(String(40))
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None]
    closure_reason: Mapped[str | None] = mapped_column(String(200))
    # Set when a re-screen finds the household no longer meets the criteria while its
    # episode is eligible or further along: it is flagged for a manager, never closed.
    flag: Mapped[str | None] = mapped_column(String(300))
    flagged_at: Mapped[dt.datetime | None]
    # The screening decision that last moved or flagged this episode.
    last_decision_id: Mapped[int | None] = mapped_column(ForeignKey("screening_decisions.id"))


class Person(Base):
    """Someone the council knows: the person register that partner rows link to."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_surname_dob", "surname", "date_of_birth"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_ref: Mapped[str] = mapped_column(String(40), unique=True)
    forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date]
    sex: Mapped[str | None] = mapped_column(String(10))
    nino: Mapped[str | None] = mapped_column(String(12), index=True)
    upn: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HouseholdMembership(Base):
    """A person living in a household from ``valid_from`` to ``valid_to``.

    People belong to one household at a time: at most one open membership per person.
    """

    __tablename__ = "household_memberships"
    __table_args__ = (
        Index(
            "uq_household_memberships_one_current",
            "person_id",
            unique=True,
            sqlite_where=text("valid_to IS NULL"),
            postgresql_where=text("valid_to IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    relationship: Mapped[str | None] = mapped_column(String(20))
    expecting_baby: Mapped[bool | None]
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    source_row: Mapped[int | None]
