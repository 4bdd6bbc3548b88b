"""Which generated problems meet which criterion of each rule set: one table, read by the oracle.

Each row says: a member with this generated problem (``household_problems.csv``: problem,
role and, where the form matters, ``detail``) meets this criterion of each rule set while
the problem holds in the criterion's window, at the ages given. The criteria are those of
the shipped rule files (``eligibility/rulesets``); the reasons are in
``docs/programme-rules.md`` (section and source ids in ``source``).

Windows, as the rule sets measure them (``eligibility.facts.Window``):

- ``lookback``: the problem held on some day of the last ``lookback_months`` months;
- ``terms``: the problem held on some day of the last ``terms`` complete school terms
  (with ``school_age``, of a term the member began of compulsory school age);
- ``on_date``: the problem holds on the as-of date;
- ``listed``: the problem holds on the as-of date and had not ended when the police list
  was delivered (gang matrix and IOM cohort are lists of who is on them now).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class When(StrEnum):
    LOOKBACK = "lookback"
    TERMS = "terms"
    ON_DATE = "on_date"
    LISTED = "listed"


TF2012 = "troubled-families-2012"
TF2015 = "troubled-families-2015"
SF2022 = "supporting-families-2022"
RULESETS = (TF2012, TF2015, SF2022)


@dataclass(frozen=True)
class Meets:
    """Members with ``problem`` in one of ``roles`` (and any of ``detail``'s codes) meet
    ``criteria[ruleset]`` while the problem holds in the window ``when``, aged
    ``ages`` (first and last year of age, inclusive) at the time."""

    problem: str
    roles: tuple[str, ...]
    when: When
    criteria: dict[str, str]  # rule-set id -> criterion id
    source: str
    detail: tuple[str, ...] = ()  # any of these codes in ``detail``; empty: any form
    ages: tuple[int, int | None] = (0, None)
    # Only terms the member began of compulsory school age count (the oracle's own rule).
    school_age: bool = False


L, T, D, LI = When.LOOKBACK, When.TERMS, When.ON_DATE, When.LISTED
CRIME = {TF2012: "crime_asb", TF2015: "crime_asb", SF2022: "crime"}
MENTAL = ("mental_health",)
SUBSTANCE = ("substance_misuse", "alcohol")
PHYSICAL = ("physical_health", "disability", "vulnerable_new_mother")
AT_RISK = ("eviction_notice", "homeless", "temporary_accommodation", "overcrowded")

MAPPING: tuple[Meets, ...] = (
    # Crime: an anti-social behaviour intervention keeps recurring (§2.2: "a member with an
    # ASBO, injunction, ABC or housing ASB intervention"; §3.2 and §4.1: crime or ASB).
    Meets("crime_asb", ("perpetrator",), L, CRIME, "§2.2 S3 S4; §3.2 S22 S23; §4.1 S41"),
    Meets("gangs", ("perpetrator", "both"), L, CRIME, "§2.2 S3 S4 (injunction); §3.2 S23; §4.1"),
    Meets("offender", ("offender",), L, {TF2015: "crime_asb", SF2022: "crime"},
          "§3.2 S23: offenders; §4.1 S41 (adults' offences do not count in 2012, §2.2)"),
    Meets("offender", ("offender",), LI, {TF2012: "local_offender"},
          "§2.2 S4 S5: local discretion, offenders on probation"),
    Meets("gangs", ("victim", "both"), LI, {SF2022: "children_safe"},
          "§4.1 S41: children safe from exploitation (gang victims)"),
    # Education: bad terms (§2.2: 15%+ unauthorised over 3 terms; §3.2: 10%+ absence), of a
    # child of compulsory school age (Education Act 1996 s.8): not at college or nursery.
    Meets("education", ("pupil",), T,
          {TF2012: "education", TF2015: "school_attendance", SF2022: "education"},
          "§2.2 S3 S4; §3.2 S23; §4.1 S41; Education Act 1996 s.8", school_age=True),
    # Work: an adult's out-of-work claim on the day (§2.2: "an adult on out-of-work
    # benefits"); a young person NEET in the year (§3.2: "young people NEET").
    Meets("worklessness", ("claimant",), D,
          {TF2012: "work", TF2015: "worklessness", SF2022: "financial"},
          "§2.2 S3 S4; §3.2 S23; §4.1 S41 (financial stability)", ages=(18, None)),
    Meets("worklessness", ("claimant",), L, {TF2015: "worklessness", SF2022: "financial"},
          "§3.2 S23: young people NEET; §4.1 S41", ages=(16, 24)),
    Meets("financial", ("tenant",), L,
          {TF2012: "local_housing", TF2015: "worklessness", SF2022: "financial"},
          "§2.2 S4 S5: rent arrears; §3.2 S23: financial exclusion; §4.1 S41",
          detail=("rent_arrears",)),
    # Domestic abuse: victims and perpetrators (§2.2 local "DV"), children at home too (§3.2).
    Meets("domestic_abuse", ("victim", "perpetrator"), L,
          {TF2012: "local_domestic_abuse", TF2015: "domestic_abuse", SF2022: "domestic_abuse"},
          "§2.2 S4 S5: DV; §3.2 S22 S23: perpetrators and victims; §4.1 S41"),
    Meets("domestic_abuse", ("child_in_household",), L,
          {TF2015: "domestic_abuse", SF2022: "domestic_abuse"},
          "§3.2 S23: families experiencing DVA; §4.1 S41", ages=(0, 17)),
    # Children who need help: in need or on a plan (§2.2 local "CIN / CP plan"), early help
    # (§2.2 local "early help assessment"); 2022 counts only the former (§4.1: safe from abuse).
    Meets("children_need_help", ("child",), L,
          {TF2012: "local_children_need_help", TF2015: "children_need_help",
           SF2022: "children_safe"},
          "§2.2 S5; §3.2 S23; §4.1 S41", detail=("child_in_need",)),
    Meets("children_need_help", ("child",), L,
          {TF2012: "local_early_help", TF2015: "children_need_help"},
          "§2.2 S5: early help assessment; §3.2 S23: needing early help",
          detail=("early_help",)),
    # Health (§2.2 local: mental health, substance misuse; §3.2: a range of health problems;
    # §4.1: mental and physical health, and substance use, are two headlines).
    Meets("health", ("patient",), L,
          {TF2012: "local_health", TF2015: "health", SF2022: "health"},
          "§2.2 S4 S5; §3.2 S23; §4.1 S41", detail=MENTAL),
    Meets("health", ("patient",), L,
          {TF2012: "local_health", TF2015: "health", SF2022: "substance_use"},
          "§2.2 S4 S5; §3.2 S23; §4.1 S41", detail=SUBSTANCE),
    Meets("health", ("patient",), L, {TF2015: "health", SF2022: "health"},
          "§3.2 S23 (vulnerable new mothers); §4.1 S41", detail=PHYSICAL),
    # Housing at risk (§2.2 local "risk of eviction"; §4.1 secure housing; no 2015 headline).
    Meets("housing", ("tenant",), L, {TF2012: "local_housing", SF2022: "housing"},
          "§2.2 S4 S5; §4.1 S41", detail=AT_RISK),
)  # fmt: skip


def criteria_of(ruleset_id: str) -> tuple[Meets, ...]:
    """The rows that meet some criterion of ``ruleset_id``."""
    return tuple(row for row in MAPPING if ruleset_id in row.criteria)
