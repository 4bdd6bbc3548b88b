"""Police and probation lists, kept apart from other facts (docs/product-model.md §8).

Gangs-matrix and IOM nominals are police intelligence: the web app's access rules
restrict these tables to roles that need them. A nominal is not a person in the register
until matching links it; ``person_id`` stays null until then. Harm and victim scores are
kept side by side and never merged into one "gang" flag. A nominal may be a partial
identity (no forename, surname or date of birth; a date that cannot exist is kept as
written in ``date_of_birth_as_written``) and may carry an address.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base, JsonDoc
from workflow.db.models.provenance import FactProvenance
from workflow.templates import POLICE_LIST_KINDS

Code = String(40)


class GangNominal(FactProvenance, Base):
    """One nominal on the gangs matrix; ``valid_from`` is the date added."""

    __tablename__ = "intel_gangs_matrix"
    nominal_ref: Mapped[str] = mapped_column(String(40), index=True)
    forename: Mapped[str | None] = mapped_column(String(100))
    surname: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date | None]
    date_of_birth_as_written: Mapped[str | None] = mapped_column(String(100))
    aliases: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    postcode: Mapped[str | None] = mapped_column(String(10))
    house_number: Mapped[str | None] = mapped_column(String(20))
    street: Mapped[str | None] = mapped_column(String(200))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    locality: Mapped[str | None] = mapped_column(String(100))
    gang_name: Mapped[str | None] = mapped_column(String(100))
    harm_score: Mapped[int]
    harm_band: Mapped[str] = mapped_column(Code)
    victim_score: Mapped[int | None]
    victim_band: Mapped[str] = mapped_column(Code)
    last_reviewed: Mapped[dt.date | None]


class IomNominal(FactProvenance, Base):
    """One offender on the Integrated Offender Management cohort."""

    __tablename__ = "intel_iom_cohort"
    nominal_ref: Mapped[str] = mapped_column(String(40), index=True)
    forename: Mapped[str | None] = mapped_column(String(100))
    surname: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date | None]
    date_of_birth_as_written: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(10))
    house_number: Mapped[str | None] = mapped_column(String(20))
    street: Mapped[str | None] = mapped_column(String(200))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    locality: Mapped[str | None] = mapped_column(String(100))
    cohort: Mapped[str] = mapped_column(Code)
    offence_type: Mapped[str | None] = mapped_column(String(100))
    probation_status: Mapped[str | None] = mapped_column(String(100))
    release_date: Mapped[dt.date | None]
    needs: Mapped[list[str]] = mapped_column(JsonDoc, default=list)


# The police lists' tables, by the template kind that fills them (``POLICE_LIST_KINDS``).
INTEL_MODELS: dict[str, type[GangNominal] | type[IomNominal]] = {
    "gangs_matrix": GangNominal,
    "iom_cohort": IomNominal,
}
assert tuple(INTEL_MODELS) == POLICE_LIST_KINDS, "every police list has its table"
