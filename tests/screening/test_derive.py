"""Deriving each household's facts as at a date, from rows written straight into the tables.

The as-of date is 31/07/2026: the 12-month look-back starts on 31/07/2025, and the last three
complete terms are summer 2024/25, autumn 2025/26 and spring 2025/26 (1 April 2025 to
31 March 2026). The summer 2025/26 term ends on the as-of date, so it is not yet complete.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine

from eligibility.facts import FACTS
from workflow.screening import queries
from workflow.screening.derive import derive_facts

from .builders import Borough

D = dt.date
AS_OF = D(2026, 7, 31)
ADULT, CHILD = D(1985, 1, 1), D(2012, 1, 1)


@pytest.fixture
def connection(migrated_engine: Engine) -> Iterator[Connection]:
    with migrated_engine.begin() as connection:
        yield connection


@pytest.fixture
def b(connection: Connection) -> Borough:
    return Borough(connection)


def facts_of(b: Borough, household_id: int, **options) -> pd.Series:
    derived = derive_facts(b.connection, options.pop("as_of", AS_OF), **options)
    return derived.facts.loc[household_id]


def test_every_household_gets_a_row_with_every_fact_in_order(b: Borough) -> None:
    busy, empty = b.household("H1"), b.household("H2")
    b.person("P1", born=ADULT, lives_in=busy)
    derived = derive_facts(b.connection, AS_OF)
    assert derived.as_of == AS_OF
    assert list(derived.facts.columns) == list(FACTS)
    assert derived.facts.index.tolist() == [busy, empty]
    assert derived.facts.index.name == "household_id"
    assert derived.household_refs.to_dict() == {busy: "H1", empty: "H2"}
    assert derived.evidence is None
    for name, fact in FACTS.items():
        assert str(derived.facts[name].dtype) == ("int64" if fact.type == "count" else "float64")
    row = derived.facts.loc[empty]
    assert row["members"] == 0 and row["domestic_abuse_victims"] == 0
    assert math.isnan(row["highest_absence_pct"])


def test_who_lives_there_is_judged_on_the_as_of_date(b: Borough) -> None:
    home = b.household("H1")
    for ref, born in [
        ("adult", ADULT),
        ("eighteen today", D(2008, 7, 31)),
        ("seventeen", D(2008, 8, 1)),
        ("sixteen today", D(2010, 7, 31)),
        ("fifteen", D(2010, 8, 1)),
        ("five today", D(2021, 7, 31)),
        ("four", D(2021, 8, 1)),
    ]:
        b.person(ref, born=born, lives_in=home)
    b.person("expecting", born=D(2000, 1, 1), lives_in=home, expecting_baby=True)
    b.person("moved in today", born=ADULT, lives_in=home, moved_in=AS_OF)
    b.person("left today", born=CHILD, lives_in=home, moved_in=D(2020, 1, 1), moved_out=AS_OF)
    b.person("moves in tomorrow", born=CHILD, lives_in=home, moved_in=D(2026, 8, 1))
    facts = facts_of(b, home)
    assert facts["members"] == 9
    assert facts["dependent_children"] == 5  # 17, 16, 15, 5 and 4
    assert facts["school_age_children"] == 2  # 15 and 5
    assert facts["children_under_5"] == 1
    assert facts["expectant_parents"] == 1


def test_a_persons_facts_follow_them_to_where_they_live_on_the_as_of_date(b: Borough) -> None:
    old, new = b.household("H1"), b.household("H2")
    mover = b.person("P1", born=ADULT, lives_in=old, moved_out=D(2026, 1, 1))
    b.move(mover, new, moved_in=D(2026, 1, 1))
    b.fact("police_incidents", mover, on=D(2025, 10, 1), outcome="proven")
    assert facts_of(b, new)["adults_with_proven_offence"] == 1
    assert facts_of(b, old)["adults_with_proven_offence"] == 0
    assert facts_of(b, old, as_of=D(2025, 12, 1))["adults_with_proven_offence"] == 1


def test_the_lookback_includes_its_first_day_and_nothing_after_the_as_of_date(b: Borough) -> None:
    home = b.household("H1")
    for ref, day in [
        ("first day", D(2025, 7, 31)),
        ("day before", D(2025, 7, 30)),
        ("after", D(2026, 8, 1)),
    ]:
        person = b.person(ref, born=ADULT, lives_in=home)
        b.fact("police_incidents", person, on=day, outcome="proven")
    assert facts_of(b, home)["adults_with_proven_offence"] == 1
    assert facts_of(b, home, lookback_months=13)["adults_with_proven_offence"] == 2


def test_only_proven_offences_of_perpetrators_count(b: Borough) -> None:
    home = b.household("H1")
    for n, outcome in enumerate(
        [
            "proven",
            " Charged ",
            "caution",
            "Conditional_Caution",
            "NFA",
            None,
            "community resolution",
            "under investigation",
        ]
    ):
        person = b.person(f"P{n}", born=ADULT, lives_in=home)
        b.fact("police_incidents", person, on=D(2026, 2, 3), outcome=outcome)
    victim = b.person("victim", born=ADULT, lives_in=home)
    b.fact("police_incidents", victim, on=D(2026, 2, 3), role="victim", outcome="proven")
    assert facts_of(b, home)["adults_with_proven_offence"] == 4


def test_a_child_is_judged_by_their_age_on_the_offence_date(b: Borough) -> None:
    home = b.household("H1")
    now_adult = b.person("P1", born=D(2008, 3, 1), lives_in=home)  # 17 then, 18 now
    b.fact("police_incidents", now_adult, on=D(2025, 9, 1), outcome="proven")
    young = b.person("P2", born=D(2011, 1, 1), lives_in=home)
    b.fact("youth_justice", young, on=D(2026, 1, 10))
    b.fact("police_incidents", young, on=D(2026, 1, 10), outcome="charged")
    facts = facts_of(b, home)
    assert facts["children_with_proven_offence"] == 2
    assert facts["adults_with_proven_offence"] == 0
    assert facts["dependent_children"] == 1


def test_rows_of_batches_not_accepted_and_unlinked_rows_never_count(b: Borough) -> None:
    home = b.household("H1")
    person = b.person("P1", born=ADULT, lives_in=home)
    b.fact("health", person, on=D(2026, 1, 1), need="mental_health")
    for status in ("superseded", "rejected", "pending", "failed"):
        batch = b.batch("health", status=status)
        b.fact("health", person, on=D(2026, 1, 1), need="alcohol", batch_id=batch)
    b.fact("health", None, on=D(2026, 1, 1), need="disability")
    facts = facts_of(b, home)
    assert facts["members_with_mental_health_need"] == 1
    assert facts["members_with_substance_misuse"] == 0
    assert facts["members_with_physical_health_need"] == 0


def test_asb_interventions_include_housing_action_against_a_household(b: Borough) -> None:
    home = b.household("H1")
    a, c, v = (b.person(ref, born=ADULT, lives_in=home) for ref in ("A", "C", "V"))
    b.fact(
        "police_incidents",
        a,
        on=D(2026, 1, 5),
        incident_type="asb_intervention",
        intervention="ABC",
    )
    b.fact("housing", a, on=D(2025, 1, 5), issue="asb_tenancy_action")  # still open
    b.fact(
        "housing",
        None,
        household_id=home,
        on=D(2026, 3, 1),
        until=D(2026, 4, 1),
        issue="asb_tenancy_action",
    )
    b.fact("housing", None, household_id=home, on=D(2026, 5, 1), issue="asb_tenancy_action")
    b.fact("police_incidents", c, on=D(2026, 1, 5), incident_type="asb_incident")
    b.fact("police_incidents", v, on=D(2026, 1, 5), incident_type="asb_incident", role="victim")
    facts = facts_of(b, home)
    assert facts["members_with_asb_intervention"] == 2  # A, and the household itself once
    assert facts["members_with_asb_incident"] == 1


def test_domestic_abuse_roles_are_never_merged(b: Borough) -> None:
    home = b.household("H1")
    victim, abuser, child, victim2, witness, other = (
        b.person(ref, born=born, lives_in=home)
        for ref, born in [
            ("V", ADULT),
            ("P", ADULT),
            ("C", CHILD),
            ("V2", ADULT),
            ("W", ADULT),
            ("X", ADULT),
        ]
    )
    b.fact("domestic_abuse", victim, on=D(2026, 3, 1), role="victim")
    b.fact("domestic_abuse", abuser, on=D(2026, 3, 1), role="perpetrator")
    b.fact("domestic_abuse", child, on=D(2026, 3, 1), role="child_in_household")
    b.fact("domestic_abuse", victim, on=D(2025, 7, 1), role="perpetrator")  # before the window
    b.fact("police_incidents", victim2, on=D(2026, 4, 1), role="victim", category="Domestic Abuse")
    b.fact(
        "police_incidents",
        abuser,
        on=D(2026, 4, 1),
        role="perpetrator",
        category="domestic abuse",
        outcome="NFA",
    )
    b.fact("police_incidents", witness, on=D(2026, 4, 1), role="witness", category="Domestic abuse")
    b.fact(
        "police_incidents", other, on=D(2026, 4, 1), role="victim", category="Violence with injury"
    )
    facts = facts_of(b, home)
    assert facts["domestic_abuse_victims"] == 2
    assert facts["domestic_abuse_perpetrators"] == 1
    assert facts["children_in_domestic_abuse_household"] == 1


def test_education_counts_the_last_three_complete_terms(b: Borough) -> None:
    home, other = b.household("H1"), b.household("H2")
    a, c = b.person("A", born=CHILD, lives_in=home), b.person("C", born=CHILD, lives_in=home)
    b.fact("exclusions", a, on=D(2025, 5, 1), exclusion_type="permanent")
    b.fact(
        "exclusions", c, on=D(2026, 5, 1), exclusion_type="permanent"
    )  # summer 2025/26: not complete
    for day in (D(2025, 4, 1), D(2025, 10, 1), D(2026, 3, 31)):
        b.fact("exclusions", a, on=day, exclusion_type="suspension")
    b.fact("exclusions", c, on=D(2025, 11, 1), exclusion_type="fixed_term")
    b.fact("exclusions", c, on=D(2025, 3, 31), exclusion_type="fixed_term")  # spring 2024/25
    b.fact("alternative_provision", a, on=D(2024, 1, 1), until=D(2025, 4, 1), reason="behaviour")
    b.fact("alternative_provision", c, on=D(2025, 9, 1), reason="medical")
    b.fact("alternative_provision", c, on=D(2026, 4, 1), reason="exclusion")
    for year, term, possible, authorised, unauthorised in [
        ("2024/25", "summer", 130, 10, 20),
        ("2025/26", "autumn", 140, 0, 14),
        ("2025/26", "spring", 120, 6, 0),
        ("2025/26", "summer", 130, 0, 100),  # not complete
        ("2024/25", "spring", 120, 0, 100),  # too early
    ]:
        b.fact("school_attendance", a, on=D(2025, 1, 1), academic_year=year, term=term,
               sessions_possible=possible, sessions_authorised_absence=authorised,
               sessions_unauthorised_absence=unauthorised)  # fmt: skip
    b.fact("school_attendance", c, on=D(2025, 9, 1), sessions_possible=140)
    lonely = b.person("L", born=CHILD, lives_in=other)
    b.fact("school_attendance", lonely, on=D(2026, 4, 1), academic_year="2025/26", term="summer")
    facts = facts_of(b, home)
    assert facts["children_permanently_excluded"] == 1
    assert facts["most_suspensions_of_a_child"] == 3
    assert facts["children_in_alternative_provision"] == 1
    assert facts["highest_unauthorised_absence_pct"] == pytest.approx(100 * 34 / 390)
    assert facts["highest_absence_pct"] == pytest.approx(100 * 50 / 390)
    assert math.isnan(facts_of(b, other)["highest_absence_pct"])
    assert facts_of(b, home, terms=1)["highest_unauthorised_absence_pct"] == pytest.approx(0)


def test_work_and_money(b: Borough) -> None:
    home = b.household("H1")
    claimant, in_work, ended, ends_today, teen = (
        b.person(ref, born=born, lives_in=home)
        for ref, born in [
            ("A", ADULT),
            ("B", ADULT),
            ("C", ADULT),
            ("D", ADULT),
            ("T", D(2009, 1, 1)),
        ]
    )
    b.fact("benefits", claimant, on=D(2024, 1, 1))
    b.fact("benefits", in_work, on=D(2024, 1, 1), out_of_work=False)
    b.fact("benefits", ended, on=D(2024, 1, 1), until=D(2026, 7, 30))
    b.fact("benefits", ends_today, on=D(2024, 1, 1), until=AS_OF)
    b.fact("benefits", teen, on=D(2026, 1, 1))
    b.fact("neet", teen, on=D(2025, 1, 1), until=D(2025, 7, 31))
    b.fact("neet", claimant, on=D(2025, 1, 1), until=D(2025, 7, 30))
    b.fact("housing", claimant, on=D(2026, 1, 1), issue="rent_arrears")
    b.fact("housing", None, household_id=home, on=D(2026, 2, 1), issue="rent_arrears")
    b.fact(
        "housing",
        None,
        household_id=home,
        on=D(2025, 1, 1),
        until=D(2025, 6, 1),
        issue="eviction_notice",
    )
    b.fact("housing", claimant, on=D(2026, 7, 1), issue="homeless")
    facts = facts_of(b, home)
    assert facts["adults_on_out_of_work_benefits"] == 2
    assert facts["young_people_neet"] == 1
    assert facts["rent_arrears"] == 2
    assert facts["housing_at_risk"] == 1


def test_children_who_need_help_and_health_needs(b: Borough) -> None:
    home = b.household("H1")
    a, c, m = (
        b.person(ref, born=born, lives_in=home)
        for ref, born in [("A", CHILD), ("C", CHILD), ("M", ADULT)]
    )
    b.fact("social_care", a, on=D(2025, 6, 1), until=D(2025, 9, 1), status="early_help")
    b.fact("social_care", a, on=D(2025, 9, 1), status="s47_enquiry")
    b.fact("social_care", a, on=D(2025, 10, 1), status="child_in_need")
    b.fact("social_care", c, on=D(2026, 1, 1), status="child_protection_plan")
    b.fact("social_care", c, on=D(2026, 8, 1), status="looked_after")  # after the as-of date
    b.fact("health", m, on=D(2026, 1, 1), need="alcohol")
    b.fact("health", m, on=D(2026, 2, 1), need="substance_misuse")
    b.fact("health", m, on=D(2026, 2, 1), need="vulnerable_new_mother")
    b.fact("health", c, on=D(2020, 2, 1), need="disability")
    b.fact("health", a, on=D(2020, 2, 1), until=D(2025, 2, 1), need="mental_health")
    facts = facts_of(b, home)
    assert facts["children_with_early_help"] == 1
    assert facts["children_in_need"] == 1
    assert facts["children_on_protection_plan"] == 1
    assert facts["children_looked_after"] == 0
    assert facts["members_with_substance_misuse"] == 1
    assert facts["vulnerable_new_mothers"] == 1
    assert facts["members_with_physical_health_need"] == 1
    assert facts["members_with_mental_health_need"] == 0


def test_police_lists_count_linked_entries_on_the_list_on_the_as_of_date(b: Borough) -> None:
    home = b.household("H1")
    red, victim, both, zero, later = (
        b.person(ref, born=D(2005, 1, 1), lives_in=home) for ref in "RVBZL"
    )
    b.fact("gangs_matrix", red, on=D(2024, 1, 1), harm_band="red")
    b.fact("gangs_matrix", victim, on=D(2024, 1, 1), victim_band="green")
    b.fact("gangs_matrix", both, on=D(2024, 1, 1), harm_band="amber", victim_band="amber")
    b.fact("gangs_matrix", zero, on=D(2024, 1, 1))
    b.fact("gangs_matrix", later, on=D(2026, 8, 1), harm_band="red")
    b.fact("gangs_matrix", None, on=D(2024, 1, 1), harm_band="red")
    b.fact("iom_cohort", red, on=D(2026, 7, 31))
    b.fact("iom_cohort", later, on=D(2026, 9, 14))
    b.fact("iom_cohort", None, on=D(2026, 1, 1))
    facts = facts_of(b, home)
    assert facts["gang_perpetrators"] == 2
    assert facts["gang_victims"] == 2
    assert facts["members_on_iom_cohort"] == 1


def _a_busy_street(b: Borough) -> list[int]:
    homes = [b.household(f"H{n}") for n in range(4)]
    for n, home in enumerate(homes):
        adult = b.person(f"A{n}", born=ADULT, lives_in=home)
        child = b.person(f"C{n}", born=CHILD, lives_in=home)
        b.fact("police_incidents", adult, on=D(2026, 1, n + 1), outcome="proven")
        b.fact("school_attendance", child, on=D(2025, 9, 1), sessions_unauthorised_absence=10 * n)
        b.fact("housing", None, household_id=home, on=D(2026, 1, 1))
        b.fact("domestic_abuse", child, on=D(2026, 1, 1), role="child_in_household")
    return homes


@pytest.mark.parametrize("in_sql", [True, False])
def test_a_list_of_households_gets_the_same_facts_as_the_whole_borough(
    b: Borough, in_sql: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    homes = _a_busy_street(b)
    everyone = derive_facts(b.connection, AS_OF, with_evidence=True)
    if not in_sql:
        monkeypatch.setattr(queries, "MAX_IDS_IN_SQL", 1)
    chosen = [homes[2], homes[1], homes[2], 999_999]
    some = derive_facts(b.connection, AS_OF, household_ids=chosen, with_evidence=True)
    expected = everyone.facts.loc[[homes[1], homes[2]]]
    pd.testing.assert_frame_equal(some.facts, expected)
    assert some.household_refs.tolist() == ["H1", "H2"]
    assert some.evidence is not None and everyone.evidence is not None
    assert set(some.evidence["household_id"]) == {homes[1], homes[2]}
    assert len(some.evidence) == everyone.evidence["household_id"].isin(chosen).sum()


def test_evidence_names_the_file_row_and_what_it_says(b: Borough) -> None:
    home = b.household("H1")
    kyle = b.person("P9", born=D(2011, 5, 1), lives_in=home)
    b.batch("police_incidents", file_name="police March.xlsx")
    b.fact("police_incidents", kyle, on=D(2026, 2, 3), outcome="proven", category="Robbery")
    b.fact("school_attendance", kyle, on=D(2026, 1, 1), academic_year="2025/26", term="spring",
           sessions_possible=130, sessions_authorised_absence=7, sessions_unauthorised_absence=24)  # fmt: skip
    b.fact("housing", None, household_id=home, on=D(2026, 1, 1), issue="overcrowded")
    evidence = derive_facts(b.connection, AS_OF, with_evidence=True).evidence
    assert evidence is not None
    assert list(evidence.columns) == [
        "household_id", "fact", "person_id", "person_ref", "kind", "row_id", "batch_id",
        "file_name", "sheet", "source_row", "date", "detail",
    ]  # fmt: skip
    by_fact = evidence.set_index("fact")
    offence = by_fact.loc["children_with_proven_offence"]
    assert offence["file_name"] == "police March.xlsx"
    assert offence["person_ref"] == "P9"
    assert offence["kind"] == "police_incidents"
    assert offence["date"] == pd.Timestamp(2026, 2, 3)
    assert offence["detail"] == "offence on 03/02/2026 (Robbery), perpetrator, outcome proven"
    assert by_fact.loc["highest_unauthorised_absence_pct", "detail"] == (
        "spring 2025/26: 31 of 130 sessions missed, 24 unauthorised (18.5% over the terms)"
    )
    overcrowded = by_fact.loc["housing_at_risk"]
    assert pd.isna(overcrowded["person_ref"])
    assert overcrowded["detail"] == "overcrowded from 01/01/2026, still open (a household record)"
    assert by_fact.loc["school_age_children", "detail"] == "aged 15 on 31/07/2026"
    assert not evidence["detail"].str.contains("Test").any()  # no names


def test_an_empty_list_of_households_derives_nothing(b: Borough) -> None:
    _a_busy_street(b)
    derived = derive_facts(b.connection, AS_OF, household_ids=[], with_evidence=True)
    assert derived.facts.empty
    assert list(derived.facts.columns) == list(FACTS)
    assert derived.evidence is not None and derived.evidence.empty
