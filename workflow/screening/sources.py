"""Which fact rows count towards which screening fact.

Each partner table is read once (``SOURCES``: its columns and window) and each of its rows
is then sorted into the facts it supports (``CLASSIFY``), vectorised: a row can support
several facts, and most support none.

Choices the programme guidance leaves open, made here:

- A police incident is a *proven offence* when its type is ``offence``, the person is the
  perpetrator and the outcome is one of ``PROVEN_OUTCOMES`` (compared without case or
  spacing): proven, convicted, charged, caution or conditional caution. ``charged``
  counts because the police feed records the police outcome, not the court's. NFA, under
  investigation, community resolution (informal, not a proven offence) and a blank
  outcome do not count. Every youth justice row is a proven offence or order.
- A police incident is about domestic abuse when its category contains "domestic"; its
  victim counts as a victim and its perpetrator as a perpetrator, never the other way.
- Whether a child is a child is decided on the date of the offence: someone who offended
  at 17 and is 18 now is a child with a proven offence.
- Attendance, exclusions and alternative provision count only for a child of compulsory
  school age at the time (``workflow.screening.pupils``): not a 17-year-old at college,
  nor a 4-year-old at nursery.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from workflow.screening.queries import Source, Span

PROVEN_OUTCOMES = frozenset({"proven", "convicted", "charged", "caution", "conditional caution"})
RAG = ("red", "amber", "green")
HOUSING_AT_RISK = ("eviction_notice", "homeless", "temporary_accommodation", "overcrowded")

SOURCES: tuple[Source, ...] = (
    Source(
        "youth_justice",
        "fact_youth_justice",
        (),
        Span.EVENTS_IN_LOOKBACK,
        dated=True,
        detail_columns=("outcome",),
    ),
    Source(
        "police_incidents",
        "fact_police_incidents",
        ("incident_type", "role", "category", "outcome"),
        Span.EVENTS_IN_LOOKBACK,
        where="(f.role = 'perpetrator' "
        "OR (f.role = 'victim' AND LOWER(f.category) LIKE :domestic))",
        dated=True,
        detail_columns=("intervention",),
    ),
    Source(
        "domestic_abuse",
        "fact_domestic_abuse",
        ("role",),
        Span.EVENTS_IN_LOOKBACK,
        detail_columns=("marac", "risk_level"),
    ),
    Source(
        "exclusions",
        "fact_exclusions",
        ("exclusion_type",),
        Span.EVENTS_IN_TERMS,
        where="f.exclusion_type IN ('permanent', 'fixed_term', 'suspension')",
        dated=True,
    ),
    Source(
        "alternative_provision",
        "fact_alternative_provision",
        (),
        Span.SPELLS_IN_TERMS,
        where="f.reason IN ('exclusion', 'behaviour')",
        dated=True,
        ended=True,
        detail_columns=("reason",),
    ),
    Source(
        "school_attendance",
        "fact_school_attendance",
        ("sessions_possible", "sessions_authorised_absence", "sessions_unauthorised_absence"),
        Span.TERM_ROWS,
        detail_columns=("academic_year", "term"),
        summed=True,
        summed_by=("academic_year", "term"),
    ),
    Source(
        "benefits",
        "fact_benefits",
        (),
        Span.CURRENT,
        where="f.out_of_work = :yes",
        detail_columns=("benefit",),
    ),
    Source("neet", "fact_neet", (), Span.SPELLS_IN_LOOKBACK),
    Source(
        "housing",
        "fact_housing",
        ("issue",),
        Span.SPELLS_IN_LOOKBACK,
        where="f.issue IN ('rent_arrears', 'asb_tenancy_action', "
        + ", ".join(f"'{issue}'" for issue in HOUSING_AT_RISK)
        + ")",
        household_level=True,
    ),
    Source("social_care", "fact_social_care", ("status",), Span.SPELLS_IN_LOOKBACK),
    Source(
        "health",
        "fact_health",
        ("need",),
        Span.SPELLS_IN_LOOKBACK,
        where="f.need IN ('mental_health', 'substance_misuse', 'alcohol', "
        "'vulnerable_new_mother', 'physical_health', 'disability')",
    ),
    Source(
        "gangs_matrix",
        "intel_gangs_matrix",
        ("harm_band", "victim_band"),
        Span.CURRENT,
        where="(f.harm_band IN ('red', 'amber', 'green') "
        "OR f.victim_band IN ('red', 'amber', 'green'))",
    ),
    Source("iom_cohort", "intel_iom_cohort", (), Span.CURRENT, detail_columns=("cohort",)),
)
SQL_PARAMETERS = {"domestic": "%domestic%"}

Masks = dict[str, pd.Series]


def outcome_key(outcome: pd.Series) -> pd.Series:
    """Free-text outcomes compared without case or spacing: ' Conditional_Caution' -> ..."""
    text = outcome.astype("string").str.lower().str.replace(r"[\s_]+", " ", regex=True)
    return text.str.strip()


def _child_then(rows: pd.DataFrame) -> pd.Series:
    return rows["age_then"] < 18


def _youth_justice(rows: pd.DataFrame) -> Masks:
    return {"children_with_proven_offence": _child_then(rows)}


def _police(rows: pd.DataFrame) -> Masks:
    perpetrator = rows["role"] == "perpetrator"
    kind = rows["incident_type"]
    proven = (
        perpetrator
        & (kind == "offence")
        & outcome_key(rows["outcome"]).isin(PROVEN_OUTCOMES).fillna(False).astype(bool)
    )
    child = _child_then(rows)
    domestic = rows["category"].astype("string").str.contains("domestic", case=False)
    domestic = domestic.fillna(False).astype(bool)
    return {
        "children_with_proven_offence": proven & child,
        "adults_with_proven_offence": proven & rows["age_then"].ge(18),
        "members_with_asb_intervention": perpetrator & (kind == "asb_intervention"),
        "members_with_asb_incident": perpetrator & (kind == "asb_incident"),
        "domestic_abuse_victims": domestic & (rows["role"] == "victim"),
        "domestic_abuse_perpetrators": domestic & perpetrator,
    }


def _coded(column: str, facts: dict[str, tuple[str, ...]]) -> Callable[[pd.DataFrame], Masks]:
    def classify(rows: pd.DataFrame) -> Masks:
        return {fact: rows[column].isin(codes) for fact, codes in facts.items()}

    return classify


def _everyone(fact: str) -> Callable[[pd.DataFrame], Masks]:
    def classify(rows: pd.DataFrame) -> Masks:
        return {fact: pd.Series(True, index=rows.index)}

    return classify


def _benefits(rows: pd.DataFrame) -> Masks:
    return {"adults_on_out_of_work_benefits": rows["age_now"].ge(18)}


CLASSIFY: dict[str, Callable[[pd.DataFrame], Masks]] = {
    "youth_justice": _youth_justice,
    "police_incidents": _police,
    "domestic_abuse": _coded(
        "role",
        {
            "domestic_abuse_victims": ("victim",),
            "domestic_abuse_perpetrators": ("perpetrator",),
            "children_in_domestic_abuse_household": ("child_in_household",),
        },
    ),
    "exclusions": _coded(
        "exclusion_type",
        {
            "children_permanently_excluded": ("permanent",),
            "most_suspensions_of_a_child": ("fixed_term", "suspension"),
        },
    ),
    "alternative_provision": _everyone("children_in_alternative_provision"),
    "benefits": _benefits,
    "neet": _everyone("young_people_neet"),
    "housing": _coded(
        "issue",
        {
            "rent_arrears": ("rent_arrears",),
            "housing_at_risk": HOUSING_AT_RISK,
            "members_with_asb_intervention": ("asb_tenancy_action",),
        },
    ),
    "social_care": _coded(
        "status",
        {
            "children_with_early_help": ("early_help",),
            "children_in_need": ("child_in_need", "s47_enquiry"),
            "children_on_protection_plan": ("child_protection_plan",),
            "children_looked_after": ("looked_after",),
        },
    ),
    "health": _coded(
        "need",
        {
            "members_with_mental_health_need": ("mental_health",),
            "members_with_substance_misuse": ("substance_misuse", "alcohol"),
            "vulnerable_new_mothers": ("vulnerable_new_mother",),
            "members_with_physical_health_need": ("physical_health", "disability"),
        },
    ),
    "gangs_matrix": lambda rows: {
        "gang_perpetrators": rows["harm_band"].isin(RAG),
        "gang_victims": rows["victim_band"].isin(RAG),
    },
    "iom_cohort": _everyone("members_on_iom_cohort"),
}

# Facts that count rows (records), not people.
ROW_COUNTS = frozenset({"rent_arrears", "housing_at_risk"})
# Facts that are the most rows of any one person.
MOST_OF_ONE_PERSON = frozenset({"most_suspensions_of_a_child"})
