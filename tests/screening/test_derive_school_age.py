"""The education facts count only children of compulsory school age (issue #11).

As at 31/07/2026 the terms screened are summer 2024/25 (1 April to 31 July 2025), autumn
2025/26 and spring 2025/26. Compulsory school age runs from the 31 March, 31 August or
31 December on or after the 5th birthday to the last Friday in June of the school year of
the 16th birthday (Friday 27 June 2025 for the 2024/25 year, Friday 26 June 2026 for
2025/26). The ages below are worked out by hand from those dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pandas as pd
import pytest
from sqlalchemy import Connection, Engine

from workflow.screening.derive import derive_facts

from .builders import Borough

D = dt.date
AS_OF = D(2026, 7, 31)
ADULT = D(1985, 1, 1)
LEFT_IN_2025 = D(2009, 8, 31)  # 16 on 31/08/2025: of compulsory school age to 27/06/2025
YEAR_11 = D(2009, 9, 1)  # 16 on 01/09/2025: of compulsory school age to 26/06/2026
AT_COLLEGE = D(2007, 3, 1)  # 19 in 2026: over compulsory school age all along
RECEPTION = D(2020, 9, 1)  # 5 on 01/09/2025: of compulsory school age from 31/12/2025
AT_NURSERY = D(2022, 5, 1)  # 4 in 2026: under compulsory school age all along


@pytest.fixture
def b(migrated_engine: Engine) -> Iterator[Borough]:
    with migrated_engine.begin() as connection:
        yield Borough(connection)


def attendance(b: Borough, person: int, year: str, term: str, possible: int,
               authorised: int, unauthorised: int) -> None:  # fmt: skip
    b.fact("school_attendance", person, on=D(int(year[:4]), 9, 1), academic_year=year,
           term=term, sessions_possible=possible, sessions_authorised_absence=authorised,
           sessions_unauthorised_absence=unauthorised)  # fmt: skip


def facts(connection: Connection, **options: bool) -> pd.DataFrame:
    return derive_facts(connection, AS_OF, **options).facts


def test_attendance_counts_the_terms_a_child_began_of_compulsory_school_age(b: Borough) -> None:
    sixth_form, college, reception = (b.household(ref) for ref in ("H1", "H2", "H3"))
    b.person("mum", born=ADULT, lives_in=sixth_form)
    left = b.person("left", born=LEFT_IN_2025, lives_in=sixth_form)
    attendance(b, left, "2024/25", "summer", 130, 0, 13)  # Year 11's summer term counts
    attendance(b, left, "2025/26", "autumn", 140, 0, 100)  # the sixth form does not
    student = b.person("student", born=AT_COLLEGE, lives_in=college)
    toddler = b.person("toddler", born=AT_NURSERY, lives_in=college)
    for person in (student, toddler):
        attendance(b, person, "2025/26", "spring", 120, 20, 60)
    pupil = b.person("pupil", born=RECEPTION, lives_in=reception)
    attendance(b, pupil, "2025/26", "autumn", 140, 0, 70)  # not yet of compulsory school age
    attendance(b, pupil, "2025/26", "spring", 120, 6, 6)

    found = facts(b.connection)
    assert found.loc[sixth_form, "highest_unauthorised_absence_pct"] == pytest.approx(10.0)
    assert found.loc[sixth_form, "highest_absence_pct"] == pytest.approx(10.0)
    assert math.isnan(found.loc[college, "highest_absence_pct"])
    assert math.isnan(found.loc[college, "highest_unauthorised_absence_pct"])
    assert found.loc[reception, "highest_absence_pct"] == pytest.approx(10.0)
    assert found.loc[reception, "highest_unauthorised_absence_pct"] == pytest.approx(5.0)
    # The rows summed per term (no evidence) and read one by one (evidence) agree.
    pd.testing.assert_frame_equal(facts(b.connection, with_evidence=True), found)


def test_the_evidence_shows_only_the_terms_that_count(b: Borough) -> None:
    home = b.household("H1")
    left = b.person("left", born=LEFT_IN_2025, lives_in=home)
    attendance(b, left, "2024/25", "summer", 130, 0, 13)
    attendance(b, left, "2025/26", "autumn", 140, 0, 100)
    evidence = derive_facts(b.connection, AS_OF, with_evidence=True).evidence
    assert evidence is not None
    shown = evidence.loc[evidence["fact"] == "highest_absence_pct", "detail"].tolist()
    assert shown == [
        "summer 2024/25: 13 of 130 sessions missed, 13 unauthorised (10.0% over the terms)"
    ]


def test_an_exclusion_counts_if_the_child_was_of_compulsory_school_age_on_its_date(
    b: Borough,
) -> None:
    home = b.household("H1")
    left = b.person("left", born=LEFT_IN_2025, lives_in=home)
    year_11 = b.person("year 11", born=YEAR_11, lives_in=home)
    student = b.person("student", born=AT_COLLEGE, lives_in=home)
    b.fact("exclusions", left, on=D(2025, 6, 27), exclusion_type="suspension")  # the last day
    b.fact("exclusions", left, on=D(2025, 6, 30), exclusion_type="suspension")  # the Monday after
    b.fact("exclusions", left, on=D(2025, 10, 1), exclusion_type="fixed_term")
    b.fact("exclusions", left, on=D(2025, 7, 1), exclusion_type="permanent")
    b.fact("exclusions", student, on=D(2025, 11, 3), exclusion_type="permanent")
    b.fact("exclusions", year_11, on=D(2026, 3, 2), exclusion_type="permanent")
    found = facts(b.connection).loc[home]
    assert found["most_suspensions_of_a_child"] == 1
    assert found["children_permanently_excluded"] == 1


@pytest.mark.parametrize(
    ("born", "start", "end", "counted"),
    [
        # Placed in Year 10 and still there: counts for summer 2024/25, before 27/06/2025.
        (LEFT_IN_2025, D(2024, 9, 2), None, 1),
        # The same child placed only after leaving compulsory school age.
        (LEFT_IN_2025, D(2025, 7, 1), None, 0),
        # A placement that ended on the last day of compulsory school age.
        (LEFT_IN_2025, D(2025, 1, 6), D(2025, 6, 27), 1),
        (AT_COLLEGE, D(2025, 9, 1), None, 0),
        (YEAR_11, D(2025, 9, 1), D(2026, 1, 30), 1),
    ],
    ids=[
        "placed in year 10",
        "placed after leaving",
        "ended on the last day",
        "college",
        "year 11",
    ],
)
def test_a_placement_counts_if_the_child_was_of_compulsory_school_age_during_the_terms(
    b: Borough, born: dt.date, start: dt.date, end: dt.date | None, counted: int
) -> None:
    home = b.household("H1")
    child = b.person("child", born=born, lives_in=home)
    b.fact("alternative_provision", child, on=start, until=end, reason="behaviour")
    assert facts(b.connection).loc[home, "children_in_alternative_provision"] == counted
