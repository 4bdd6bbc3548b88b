"""Who counts as a child for education: the borough holds young people outside compulsory
school age whose attendance screening must not count, and the truth says who they are.

Compulsory school age (Education Act 1996 s.8) runs from the 31 March, 31 August or
31 December on or after the 5th birthday to the last Friday in June of the school year in
which the child turns 16; the checks below work it out from the people's true birth dates.
"""

from __future__ import annotations

import pandas as pd

from tests.generator.helpers import Generated
from tests.generator.test_domain import _as_day, _attendance_rates, _by_header


def _people(borough: Generated) -> pd.Series:
    people = borough.truth("people").set_index("person_ref")
    return pd.to_datetime(people["date_of_birth"])


def _outside(borough: Generated) -> pd.DataFrame:
    problems = borough.truth("household_problems")
    return problems[(problems["problem"] == "education") & (problems["detail"] != "")]


def _age_on(born: pd.Timestamp, day: pd.Timestamp) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _school_year(day: pd.Timestamp) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _of_compulsory_school_age(born: pd.Timestamp, day: pd.Timestamp) -> bool:
    """On ``day`` and on the first day of its term (1 September, 1 January, 1 April)."""
    term_start = pd.Timestamp(day.year, 9 if day.month >= 9 else 4 if day.month >= 4 else 1, 1)
    year = _school_year(day)
    turned_5_before = _age_on(born, term_start - pd.Timedelta(days=1)) >= 5
    sixteen_in = _school_year(born + pd.DateOffset(years=16))
    june_30 = pd.Timestamp(year + 1, 6, 30)
    last_friday = june_30 - pd.Timedelta(days=(june_30.weekday() - 4) % 7)
    return turned_5_before and (sixteen_in > year or (sixteen_in == year and day <= last_friday))


def test_some_young_people_at_college_or_nursery_miss_a_lot_of_school(borough: Generated) -> None:
    outside = _outside(borough)
    assert set(outside["detail"]) == {"college", "nursery"}
    assert (outside["role"] == "pupil").all()
    born = _people(borough)
    rates = _attendance_rates(borough)
    rates = rates[rates["deliberately_invalid"] == "N"]
    for _, young in outside.iterrows():
        start, end = pd.Timestamp(young["from"]), pd.Timestamp(young["to"])
        year = _school_year(start)
        assert _school_year(end) == year and end.month <= 7  # one school year
        age = _age_on(born[young["person_ref"]], pd.Timestamp(year, 8, 31))
        assert 16 <= age <= 18 if young["detail"] == "college" else age == 3
        mine = rates[
            (rates["person_ref"] == young["person_ref"]) & rates["when"].between(start, end)
        ]
        assert len(mine) >= 1 and (mine["rate"] >= 0.5).all()


def test_no_term_of_a_young_person_at_college_or_nursery_is_of_compulsory_school_age(
    borough: Generated,
) -> None:
    born = _people(borough)
    rates = _attendance_rates(borough)
    for _, young in _outside(borough).iterrows():
        start, end = pd.Timestamp(young["from"]), pd.Timestamp(young["to"])
        mine = rates[
            (rates["person_ref"] == young["person_ref"]) & rates["when"].between(start, end)
        ]
        for when in mine["when"]:
            assert not _of_compulsory_school_age(born[young["person_ref"]], when)


def test_exclusions_of_pupils_fall_while_they_are_of_compulsory_school_age(
    borough: Generated,
) -> None:
    """So that screening counts each one in a term whose attendance it counts too; only
    sixth-formers at college are suspended when they are not."""
    born = _people(borough)
    truth = borough.truth("rows_exclusions")
    date = _by_header(borough, "exclusions", "start_date", "Start Date", "Exclusion Date")
    truth = truth.assign(when=pd.to_datetime(date.map(_as_day).to_numpy()))
    college = set(_outside(borough).query("detail == 'college'")["person_ref"])
    valid = truth[(truth["deliberately_invalid"] == "N") & (truth["subject"] == "person")]
    of_age = [
        _of_compulsory_school_age(born[p], w)
        for p, w in zip(valid["person_ref"], valid["when"], strict=True)
    ]
    from_college = valid["person_ref"].isin(college).to_numpy()
    assert all(of_age[i] for i in range(len(valid)) if not from_college[i])
    assert from_college.any()  # some sixth-formers are suspended, and never count
    assert not any(of_age[i] for i in range(len(valid)) if from_college[i])
