"""The borough looks like a borough: household sizes, problem shares, nominals and staff."""

from __future__ import annotations

import pandas as pd

from synth.nominals import gang_count, iom_count
from synth.problems import MULTI_SHARE, PROBLEMS, STORIES
from tests.generator.helpers import HOUSEHOLDS, Generated


def test_household_sizes_are_realistic(borough: Generated) -> None:
    people = pd.read_excel(
        borough.workbook("people"), engine="calamine", header=borough.header_row("people") - 1
    )
    ref = [
        h
        for h in people.columns
        if h in ("household_ref", "Household Ref", "Household ID", "Family ID")
    ][0]
    sizes = people.groupby(ref).size()
    assert len(sizes) == HOUSEHOLDS
    assert 2.2 <= sizes.mean() <= 2.7
    assert sizes.min() == 1 and sizes.max() >= 6
    share = sizes.value_counts(normalize=True)
    assert 0.25 <= share[1] <= 0.45  # single-person households


def test_ages_run_from_babies_to_the_very_old(borough: Generated) -> None:
    dob = pd.to_datetime(borough.truth("people")["date_of_birth"])
    age = (pd.Timestamp("2026-08-31") - dob).dt.days / 365.25
    assert age.min() < 1 and 85 <= age.max() <= 91
    assert 0.15 <= (age < 18).mean() <= 0.35
    assert ((age >= 17) & (age < 21)).sum() > 0  # some turned 18 during the span


def test_multi_problem_households_are_two_to_five_percent(borough: Generated) -> None:
    households = borough.truth("households")
    share = (households["multi_problem"] == "Y").mean()
    assert 0.02 <= share <= 0.05
    assert abs(share - MULTI_SHARE) < 0.005
    multi = households[households["multi_problem"] == "Y"]
    counts = multi["problems"].str.split(";").str.len()
    assert counts.min() >= 3
    single = households[(households["multi_problem"] == "N") & (households["problems"] != "")]
    assert len(single) > 5 * len(multi)  # a background of single problems
    assert (single["problems"].str.split(";").str.len() == 1).mean() > 0.95


def test_problem_codes_and_stories_are_the_documented_ones(borough: Generated) -> None:
    problems = borough.truth("household_problems")
    assert set(problems["problem"]) <= set(PROBLEMS)
    assert {"crime_asb", "education", "worklessness", "domestic_abuse", "gangs"} <= set(
        problems["problem"]
    )
    stories = borough.truth("households")["story"]
    assert set(stories[stories != ""]) == set(STORIES)


def test_gang_nominals_are_about_two_per_thousand_households(borough: Generated) -> None:
    assert gang_count(200_000) == 400
    assert gang_count(50_000) == 100
    assert gang_count(300) >= 8  # a handful even in a small borough
    assert iom_count(200_000) == 600
    # The lists delivered at the end hold the nominals still on them then.
    assert 5 <= borough.summary.rows_by_kind["gangs_matrix"] <= gang_count(HOUSEHOLDS)
    assert 1 <= borough.summary.rows_by_kind["iom_cohort"] <= iom_count(HOUSEHOLDS)


def test_the_lists_hold_exactly_the_nominals_whose_problem_is_still_open(
    borough: Generated,
) -> None:
    problems = borough.truth("household_problems")
    for kind, problem in (("gangs_matrix", "gangs"), ("iom_cohort", "offender")):
        theirs = problems[problems["problem"] == problem]
        last = theirs.sort_values("period").drop_duplicates("person_ref", keep="last")
        still = set(last.loc[last["to"] == "", "person_ref"])
        rows = borough.truth(f"rows_{kind}")
        assert set(rows.loc[rows["subject"] == "person", "person_ref"]) == still, kind


def test_gang_matrix_has_every_band_and_both_roles(borough: Generated) -> None:
    sheet = pd.read_excel(
        borough.workbook("gangs_matrix"),
        engine="calamine",
        header=borough.header_row("gangs_matrix") - 1,
    )
    headers = dict(zip(borough.headers("gangs_matrix"), sheet.columns, strict=True))
    harm = _column(sheet, headers, ("harm_band", "Harm Band", "Harm RAG")).str.strip().str.lower()
    victim = (
        _column(sheet, headers, ("victim_band", "Victim Band", "Victim RAG"))
        .str.strip()
        .str.lower()
    )
    assert {"red", "amber", "green", "zero"} <= set(harm)
    assert {"red", "amber", "green", "zero"} <= set(victim)
    perpetrator_only = (harm != "zero") & (victim == "zero")
    victim_only = (harm == "zero") & (victim != "zero")
    both = (harm != "zero") & (victim != "zero")
    assert perpetrator_only.any() and victim_only.any() and both.any()
    truth = borough.truth("rows_gangs_matrix")
    assert (truth["person_ref"] == "not in register").sum() >= 1
    members = truth[truth["subject"] == "person"]
    people = borough.truth("people").set_index("person_ref")
    dob = pd.to_datetime(people.loc[members["person_ref"], "date_of_birth"])
    age = (pd.Timestamp("2023-09-01") - dob).dt.days / 365.25
    assert age.between(13.5, 36).mean() >= 0.9


def test_nominals_families_tend_to_have_crime_problems(borough: Generated) -> None:
    truth = borough.truth("rows_gangs_matrix")
    households = borough.truth("households").set_index("household_ref")
    theirs = households.loc[truth.loc[truth["subject"] == "person", "household_ref"], "problems"]
    assert theirs.str.contains("crime_asb").mean() >= 0.5


def test_keyworker_roster_is_sized_to_the_borough(borough: Generated) -> None:
    rows = borough.summary.rows_by_kind["keyworkers"]
    assert rows == max(6, round(HOUSEHOLDS / 150))
    sheet = borough.sheet("keyworkers")
    body = sheet.iloc[borough.header_row("keyworkers") :].dropna(how="all")
    capacity_header = [
        h
        for h in borough.headers("keyworkers")
        if h in ("capacity_units", "Capacity Units", "Capacity")
    ][0]
    capacity = body[borough.headers("keyworkers").index(capacity_header)].astype(float)
    assert set(capacity) <= {6.0, 7.0, 8.0, 9.0, 12.0}
    assert (capacity == 12).mean() >= 0.5


def _column(frame: pd.DataFrame, headers: dict[str, str], names: tuple[str, ...]) -> pd.Series:
    for name in names:
        if name in headers:
            return frame[headers[name]].astype(str)
    raise AssertionError(f"none of {names} in {list(headers)}")
