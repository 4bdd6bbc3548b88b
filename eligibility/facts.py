"""The facts a rule may test: one value per household, derived as at an as-of date.

Rules name these facts; nothing else. The workflow derives them from imported partner data
(``workflow/screening/derive.py``) and the evaluators test them. Each fact says what it
counts, over which window, and how to say it in plain English.

Windows (the rule set's parameters set their length):

- ``on_date``: on the as-of date itself (who lives in the household, who is claiming now);
- ``lookback``: the last ``lookback_months`` months up to and including the as-of date;
- ``terms``: the last ``terms`` complete terms of the English school year before the as-of
  date (autumn 1 September–31 December, spring 1 January–31 March, summer 1 April–31 July);
- ``current``: on the list on the as-of date (police and probation lists).

The education facts count only children of compulsory school age at the time
(``eligibility.school_age``: from the 31 March, 31 August or 31 December on or after their
5th birthday to the last Friday in June of the school year in which they turn 16): an
attendance row on the first day of its term, an exclusion on its date, a placement in
alternative provision on some day of the terms it overlaps. A 17-year-old's poor college
attendance, or a nursery child's, is not a child missing school.

Roles are never merged: a victim of domestic abuse is not a perpetrator, a gang victim is
not a gang member, and a child in a household where abuse happens is neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FactType(StrEnum):
    COUNT = "count"  # a whole number of people or events, 0 when none
    PERCENT = "percent"  # 0-100; missing (no data) never meets a threshold


class Window(StrEnum):
    ON_DATE = "on_date"
    LOOKBACK = "lookback"
    TERMS = "terms"
    CURRENT = "current"


@dataclass(frozen=True)
class Fact:
    name: str
    type: FactType
    window: Window
    label: str  # plain English, completes "The household has ..." or "... is"
    sources: tuple[str, ...]  # the partner templates it comes from

    def window_phrase(self, lookback_months: int, terms: int) -> str:
        return {
            Window.ON_DATE: "on the screening date",
            Window.LOOKBACK: f"in the last {lookback_months} months",
            Window.TERMS: f"over the last {terms} complete school terms",
            Window.CURRENT: "on the screening date",
        }[self.window]


def _fact(name: str, kind: FactType, window: Window, label: str, *sources: str) -> Fact:
    return Fact(name, kind, window, label, sources)


C, P = FactType.COUNT, FactType.PERCENT
ON, LB, TM, CU = Window.ON_DATE, Window.LOOKBACK, Window.TERMS, Window.CURRENT

FACTS: dict[str, Fact] = {
    fact.name: fact
    for fact in (
        # Who lives there.
        _fact("members", C, ON, "people living in the household", "people"),
        _fact("dependent_children", C, ON, "children under 18", "people"),
        _fact("school_age_children", C, ON, "children of school age (5 to 15)", "people"),
        _fact("children_under_5", C, ON, "children under 5", "people"),
        _fact("expectant_parents", C, ON, "members expecting a baby", "people"),
        # Crime and anti-social behaviour.
        _fact(
            "children_with_proven_offence", C, LB,
            "children (under 18 at the time) with a proven offence",
            "youth_justice", "police_incidents",
        ),
        _fact(
            "adults_with_proven_offence", C, LB, "adults with a proven offence",
            "police_incidents",
        ),
        _fact(
            "members_with_asb_intervention", C, LB,
            "members given an anti-social behaviour intervention (ASBO, injunction, ABC "
            "or housing action)",
            "police_incidents", "housing",
        ),
        _fact(
            "members_with_asb_incident", C, LB,
            "members named as the perpetrator of an anti-social behaviour incident",
            "police_incidents",
        ),
        _fact("members_on_iom_cohort", C, CU, "members on the IOM offender cohort", "iom_cohort"),
        _fact(
            "gang_perpetrators", C, CU,
            "members on the gangs matrix as perpetrators (red, amber or green harm)",
            "gangs_matrix",
        ),
        _fact(
            "gang_victims", C, CU,
            "members on the gangs matrix as victims (red, amber or green victim band)",
            "gangs_matrix",
        ),
        # Education.
        _fact(
            "children_permanently_excluded", C, TM,
            "children of compulsory school age permanently excluded",
            "exclusions",
        ),
        _fact(
            "most_suspensions_of_a_child", C, TM,
            "suspensions (fixed-term exclusions) of the child of compulsory school age with "
            "the most",
            "exclusions",
        ),
        _fact(
            "children_in_alternative_provision", C, TM,
            "children of compulsory school age in alternative provision after exclusion or "
            "for behaviour",
            "alternative_provision",
        ),
        _fact(
            "highest_unauthorised_absence_pct", P, TM,
            "highest unauthorised absence of a child of compulsory school age (% of sessions)",
            "school_attendance",
        ),
        _fact(
            "highest_absence_pct", P, TM,
            "highest absence of a child of compulsory school age, authorised and unauthorised "
            "(% of sessions)",
            "school_attendance",
        ),
        # Work and money.
        _fact(
            "adults_on_out_of_work_benefits", C, ON, "adults claiming out-of-work benefits",
            "benefits",
        ),
        _fact("young_people_neet", C, LB, "young people not in education, employment or "
              "training", "neet"),  # fmt: skip
        _fact("rent_arrears", C, LB, "housing records of rent arrears", "housing"),
        _fact(
            "housing_at_risk", C, LB,
            "housing records of eviction notices, homelessness, temporary accommodation or "
            "overcrowding",
            "housing",
        ),
        # Children who need help.
        _fact("children_with_early_help", C, LB, "children receiving early help", "social_care"),
        _fact(
            "children_in_need", C, LB,
            "children in need or subject to a section 47 enquiry", "social_care",
        ),
        _fact(
            "children_on_protection_plan", C, LB, "children on a child protection plan",
            "social_care",
        ),
        _fact("children_looked_after", C, LB, "children looked after", "social_care"),
        # Domestic abuse: three roles, never merged.
        _fact(
            "domestic_abuse_victims", C, LB, "members who were victims of domestic abuse",
            "domestic_abuse", "police_incidents",
        ),
        _fact(
            "domestic_abuse_perpetrators", C, LB,
            "members who were perpetrators of domestic abuse",
            "domestic_abuse", "police_incidents",
        ),
        _fact(
            "children_in_domestic_abuse_household", C, LB,
            "children living in a household where domestic abuse happened",
            "domestic_abuse",
        ),
        # Health.
        _fact("members_with_mental_health_need", C, LB, "members with a mental health need",
              "health"),  # fmt: skip
        _fact(
            "members_with_substance_misuse", C, LB, "members misusing drugs or alcohol",
            "health",
        ),
        _fact("vulnerable_new_mothers", C, LB, "vulnerable new mothers", "health"),
        _fact(
            "members_with_physical_health_need", C, LB,
            "members with a physical health need or disability", "health",
        ),
    )
}  # fmt: skip
