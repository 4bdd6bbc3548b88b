"""One table per person-level partner template (docs/partner-templates.md).

Column names follow the template; the template's own period columns are stored as the
provenance columns ``valid_from`` / ``valid_to`` (see ``Column.db_column`` in the
template spec). A test keeps these tables and the templates in step.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db.base import Base
from workflow.db.models.provenance import FactProvenance, SubjectAsGiven

Code = String(40)


class SchoolAttendance(FactProvenance, SubjectAsGiven, Base):
    """One pupil, one term. ``valid_from``/``valid_to`` are the term's dates."""

    __tablename__ = "fact_school_attendance"
    academic_year: Mapped[str] = mapped_column(String(9))
    term: Mapped[str] = mapped_column(Code)
    sessions_possible: Mapped[int]
    sessions_authorised_absence: Mapped[int]
    sessions_unauthorised_absence: Mapped[int]
    school_urn: Mapped[str | None] = mapped_column(String(20))
    school_name: Mapped[str | None] = mapped_column(String(200))


class Exclusion(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_exclusions"
    exclusion_type: Mapped[str] = mapped_column(Code)
    days: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    reason: Mapped[str | None] = mapped_column(String(200))


class AlternativeProvision(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_alternative_provision"
    reason: Mapped[str] = mapped_column(Code)
    provider: Mapped[str | None] = mapped_column(String(200))


class PoliceIncident(FactProvenance, SubjectAsGiven, Base):
    """One person in one incident, with their role: perpetrator, victim or witness."""

    __tablename__ = "fact_police_incidents"
    incident_type: Mapped[str] = mapped_column(Code)
    role: Mapped[str] = mapped_column(Code)
    category: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(String(100))
    intervention: Mapped[str | None] = mapped_column(String(100))
    crime_ref: Mapped[str | None] = mapped_column(String(40))


class YouthJusticeOutcome(FactProvenance, SubjectAsGiven, Base):
    """One proven offence or order of a young person; ``valid_from`` is the offence date."""

    __tablename__ = "fact_youth_justice"
    outcome_date: Mapped[dt.date]
    outcome: Mapped[str] = mapped_column(Code)
    offence_category: Mapped[str | None] = mapped_column(String(100))


class DomesticAbuseRecord(FactProvenance, SubjectAsGiven, Base):
    """One person in one incident or MARAC case: victim, perpetrator or child in household."""

    __tablename__ = "fact_domestic_abuse"
    role: Mapped[str] = mapped_column(Code)
    marac: Mapped[bool | None]
    risk_level: Mapped[str | None] = mapped_column(Code)


class BenefitSpell(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_benefits"
    benefit: Mapped[str] = mapped_column(Code)
    out_of_work: Mapped[bool]


class EmploymentSpell(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_employment"
    hours_per_week: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))


class SocialCareEpisode(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_social_care"
    status: Mapped[str] = mapped_column(Code)


class HealthNeed(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_health"
    need: Mapped[str] = mapped_column(Code)
    in_treatment: Mapped[bool | None]


class HousingIssue(FactProvenance, SubjectAsGiven, Base):
    """A housing problem of a person or, with only ``household_ref``, a whole household."""

    __tablename__ = "fact_housing"
    household_ref: Mapped[str | None] = mapped_column(String(40))
    issue: Mapped[str] = mapped_column(Code)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))


class NeetSpell(FactProvenance, SubjectAsGiven, Base):
    __tablename__ = "fact_neet"


class Referral(FactProvenance, Base):
    """One referral of a family; ``valid_from`` is the referral date."""

    __tablename__ = "fact_referrals"
    referral_ref: Mapped[str] = mapped_column(String(40))
    referrer_agency: Mapped[str] = mapped_column(Code)
    reason: Mapped[str] = mapped_column(String(500))
    forename: Mapped[str | None] = mapped_column(String(100))
    surname: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[dt.date | None]
    postcode: Mapped[str | None] = mapped_column(String(10))
    household_ref: Mapped[str | None] = mapped_column(String(40))
    consent: Mapped[bool | None]


# Template kind -> the table its rows are stored in (people, keyworkers and the
# police-intelligence lists have tables of their own).
FACT_MODELS: dict[str, type[Base]] = {
    "school_attendance": SchoolAttendance,
    "exclusions": Exclusion,
    "alternative_provision": AlternativeProvision,
    "police_incidents": PoliceIncident,
    "youth_justice": YouthJusticeOutcome,
    "domestic_abuse": DomesticAbuseRecord,
    "benefits": BenefitSpell,
    "employment": EmploymentSpell,
    "social_care": SocialCareEpisode,
    "health": HealthNeed,
    "housing": HousingIssue,
    "neet": NeetSpell,
    "referrals": Referral,
}
