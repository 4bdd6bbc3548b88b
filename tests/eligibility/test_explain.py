"""The per-household evaluator's plain English: the summary, the numbers, the evidence."""

from __future__ import annotations

import json

import pytest
from eligibility_builders import SHIPPED, household

from eligibility import Evidence, explain

TF2012 = SHIPPED.get("troubled-families-2012")
TF2015 = SHIPPED.get("troubled-families-2015")
SF2022 = SHIPPED.get("supporting-families-2022")


def sentences(decision_lines: list[str], start: str) -> list[str]:
    return [line.strip() for line in decision_lines if line.strip().startswith(start)]


# ---------------------------------------------------------------- the summary sentence


def test_an_eligible_summary_names_the_criteria_met() -> None:
    decision = explain(
        TF2015, household(highest_absence_pct=12.5, adults_on_out_of_work_benefits=1)
    )
    assert decision.summary == (
        "Eligible under Troubled Families 2015 to 2020: it meets 2 criteria (children who have "
        "not been attending school regularly; adults out of work or at risk of financial "
        "exclusion, or young people at risk of worklessness)."
    )


def test_a_summary_that_is_not_eligible_says_what_is_missing() -> None:
    one = explain(TF2015, household(children_in_need=1))
    assert one.summary == (
        "Not eligible under Troubled Families 2015 to 2020: it meets 1 criterion (children who "
        "need help), but it meets 1 headline criterion (2 needed)."
    )
    two_national = explain(
        TF2012, household(children_with_proven_offence=1, adults_on_out_of_work_benefits=1)
    )
    assert two_national.summary == (
        "Not eligible under Troubled Families 2012 to 2015: it meets 2 criteria (crime or "
        "anti-social behaviour; an adult on out-of-work benefits), but it meets 2 national "
        "criteria (3 needed)."
    )


def test_a_summary_with_nothing_met() -> None:
    decision = explain(SF2022, household(dependent_children=2))
    assert (
        decision.summary
        == "Not eligible under Supporting Families 2022 onwards: it meets none of the criteria."
    )


def test_a_title_keeps_its_capitals_mid_sentence_only_where_they_are_an_acronym() -> None:
    decision = explain(
        TF2012,
        household(
            members_on_iom_cohort=1,
            children_permanently_excluded=1,
            adults_on_out_of_work_benefits=1,
        ),
    )
    assert (
        "(children not in school; an adult on out-of-work benefits; an offender on probation (the IOM cohort))"
        in decision.summary
    )


# ---------------------------------------------------------------- numbers as people write them


@pytest.mark.parametrize(
    ("absence", "shown"),
    [
        (10.0, "10%"),
        (12.5, "12.5%"),
        (33.333333, "33.3%"),
        (0.0, "0%"),
        (100.0, "100%"),
        (9.96, "9.96%"),  # never "10%" for a child who does not reach 10%
        (9.9999, "9.9999%"),
    ],
)
def test_a_percentage_is_shown_as_people_write_it(absence: float, shown: str) -> None:
    decision = explain(TF2015, household(highest_absence_pct=absence))
    (line,) = sentences(decision.lines(), "- Highest absence of a child")
    assert line == (
        "- Highest absence of a child of compulsory school age, authorised and unauthorised "
        f"(% of sessions) over the last 3 complete school terms: {shown} (needs at least 10%)"
    )


def test_missing_attendance_is_no_records() -> None:
    decision = explain(TF2012, household())
    (line,) = sentences(decision.lines(), "- Highest unauthorised absence")
    assert line.endswith(": no records (needs at least 15%)")
    (result,) = [c for c in decision.criteria if c.id == "education"]
    assert [c.value for c in result.conditions if c.fact == "highest_unauthorised_absence_pct"] == [
        None
    ]


def test_a_missing_fact_is_no_records_and_never_met() -> None:
    decision = explain(TF2015, {"adults_on_out_of_work_benefits": 1})
    assert decision.criteria_met == ["worklessness"]
    assert (
        "- Children in need or subject to a section 47 enquiry in the last 12 months: no records (needs at least 1)"
        in [line.strip() for line in decision.lines()]
    )


def test_windows_come_from_the_rule_sets_parameters() -> None:
    decision = explain(TF2015, household(children_in_need=2))
    assert (
        "- Children in need or subject to a section 47 enquiry in the last 12 months: 2 (needs at least 1)"
        in [line.strip() for line in decision.lines()]
    )


# ---------------------------------------------------------------- evidence rows


def row(fact: str, number: int, detail: str = "a record") -> Evidence:
    return Evidence(
        fact=fact,
        kind="social_care",
        file_name="social_care_2024.xlsx",
        sheet="Data",
        source_row=number,
        date="01/02/2024",
        detail=detail,
        person_ref="P-1",
    )


def test_evidence_is_attached_only_to_the_criteria_it_supports() -> None:
    evidence = [
        row("children_in_need", 12, "Child in need plan"),
        row("adults_on_out_of_work_benefits", 7, "Universal Credit (out of work)"),
        row("most_suspensions_of_a_child", 3, "Suspension"),  # 1 suspension: not enough
        row("young_people_neet", 9, "NEET"),  # a fact the household does not have
    ]
    facts = household(
        children_in_need=1, adults_on_out_of_work_benefits=1, most_suspensions_of_a_child=1
    )
    decision = explain(TF2015, facts, evidence)

    attached = {c.id: [e.source_row for e in c.evidence] for c in decision.criteria}
    assert attached == {
        "crime_asb": [],
        "school_attendance": [],
        "children_need_help": [12],
        "worklessness": [7],
        "domestic_abuse": [],
        "health": [],
    }
    lines = [line.strip() for line in decision.lines()]
    assert "· Child in need plan (01/02/2024): social_care_2024.xlsx, sheet ‘Data’, row 12" in lines
    assert not any("row 3" in line or "row 9" in line for line in lines)


def test_evidence_without_a_sheet_or_date_is_cited_plainly() -> None:
    item = Evidence("rent_arrears", "housing", "housing.csv", None, 41, None, "Rent arrears")
    assert item.cite() == "Rent arrears: housing.csv, row 41"


def test_the_explanation_lists_every_criterion_and_the_rule_set() -> None:
    decision = explain(SF2022, household(dependent_children=1, members_with_substance_misuse=1))
    lines = decision.lines()
    assert lines[0] == decision.summary
    assert len([line for line in lines if line.startswith(("Met: ", "Not met: "))]) == len(
        SF2022.criteria
    )
    assert "Met: Drug or alcohol misuse (Better managed substance use)" in lines
    assert (
        "No: has children under 18; meets 1 need criterion (3 needed); has needs under 1 headline (3 needed)"
        in lines
    )
    assert lines[-1] == f"Rule set supporting-families-2022 version 1 ({SF2022.content_hash[:12]})"


# ---------------------------------------------------------------- the stored decision


def test_a_decision_records_its_rule_set_and_only_the_facts_it_used() -> None:
    decision = explain(TF2012, household(rent_arrears=2, young_people_neet=1))
    assert (decision.ruleset_id, decision.ruleset_version, decision.ruleset_hash) == (
        "troubled-families-2012",
        1,
        TF2012.content_hash,
    )
    assert set(decision.facts) == set(TF2012.facts_used)
    assert "young_people_neet" not in decision.facts
    assert decision.facts["rent_arrears"] == 2


def test_a_decision_as_a_dict_is_json() -> None:
    evidence = [row("children_in_need", 12)]
    facts = household(children_in_need=1, most_suspensions_of_a_child=3)  # no attendance records
    decision = explain(TF2015, facts, evidence)
    stored = json.loads(json.dumps(decision.as_dict(), allow_nan=False))
    assert stored["eligible"] is True
    assert stored["criteria_met"] == ["school_attendance", "children_need_help"]
    assert stored["summary"] == decision.summary
    assert stored["facts"]["highest_absence_pct"] is None
    (need_help,) = [c for c in stored["criteria"] if c["id"] == "children_need_help"]
    assert need_help["evidence"][0]["source_row"] == 12
