"""Compulsory school age: pure date arithmetic at its boundaries, no database.

Every expected date is worked out by hand from the Education Act 1996 s.8 and its orders
(prescribed days 31 March, 31 August and 31 December; the last Friday in June).
"""

from __future__ import annotations

import datetime as dt

import pytest

from eligibility.school_age import (
    CompulsorySchoolAge,
    birthday,
    compulsory_school_age,
    of_compulsory_school_age,
    school_leaving_date,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "friday"),
    [
        (2023, D(2023, 6, 30)),  # 30 June 2023 was itself a Friday
        (2024, D(2024, 6, 28)),  # 30 June 2024 was a Sunday
        (2025, D(2025, 6, 27)),  # 30 June 2025 was a Monday
        (2026, D(2026, 6, 26)),  # 30 June 2026 is a Tuesday
        (2029, D(2029, 6, 29)),  # 30 June 2029 is a Saturday
    ],
)
def test_the_school_leaving_date_is_the_last_friday_in_june(year: int, friday: dt.date) -> None:
    assert school_leaving_date(year) == friday


@pytest.mark.parametrize(
    ("born", "first_day"),
    [
        (D(2019, 8, 31), D(2024, 8, 31)),  # turns 5 on a prescribed day: from that day
        (D(2019, 9, 1), D(2024, 12, 31)),  # a day later: from the next prescribed day
        (D(2019, 12, 31), D(2024, 12, 31)),
        (D(2020, 1, 1), D(2025, 3, 31)),
        (D(2020, 3, 31), D(2025, 3, 31)),
        (D(2020, 4, 1), D(2025, 8, 31)),
        (D(2019, 2, 10), D(2024, 3, 31)),  # gov.uk's and IPSEA's example
        (D(2020, 2, 29), D(2025, 3, 31)),  # turns 5 on 1 March 2025
    ],
)
def test_compulsory_school_age_starts_on_the_prescribed_day_on_or_after_the_5th_birthday(
    born: dt.date, first_day: dt.date
) -> None:
    assert compulsory_school_age(born).first_day == first_day


@pytest.mark.parametrize(
    ("born", "last_day"),
    [
        (D(2007, 9, 23), D(2024, 6, 28)),  # IPSEA's example: 16 in September 2023
        (D(2008, 6, 28), D(2024, 6, 28)),  # 16 on the leaving date itself: s.8(3)(b)
        (D(2008, 7, 15), D(2024, 6, 28)),  # 16 in the summer holidays: leaves at 15, s.8(3)(a)
        (D(2008, 8, 31), D(2024, 6, 28)),  # the youngest of the 2023/24 year
        (D(2008, 9, 1), D(2025, 6, 27)),  # the oldest of the 2024/25 year
        (D(2009, 1, 1), D(2025, 6, 27)),
        (D(2008, 2, 29), D(2024, 6, 28)),  # 16 on 29 February 2024
    ],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_the_year_they_turn_16(
    born: dt.date, last_day: dt.date
) -> None:
    assert compulsory_school_age(born).last_day == last_day


@pytest.mark.parametrize(
    ("born", "day", "of_age"),
    [
        # The last day of compulsory school age and the days either side.
        (D(2007, 9, 23), D(2024, 6, 27), True),
        (D(2007, 9, 23), D(2024, 6, 28), True),
        (D(2007, 9, 23), D(2024, 6, 29), False),
        (D(2007, 9, 23), D(2024, 9, 1), False),  # 16, in the sixth form or at college
        # Turning 5 on 31 August: of compulsory school age for the autumn term.
        (D(2019, 8, 31), D(2024, 8, 30), False),
        (D(2019, 8, 31), D(2024, 8, 31), True),
        (D(2019, 8, 31), D(2024, 9, 1), True),
        # Turning 5 on 1 September: not until 31 December, so from the spring term.
        (D(2019, 9, 1), D(2024, 9, 1), False),
        (D(2019, 9, 1), D(2024, 12, 30), False),
        (D(2019, 9, 1), D(2024, 12, 31), True),
        (D(2019, 9, 1), D(2025, 1, 1), True),
        # Turning 5 on 1 January: from 31 March, so from the summer term.
        (D(2020, 1, 1), D(2025, 1, 1), False),
        (D(2020, 1, 1), D(2025, 3, 30), False),
        (D(2020, 1, 1), D(2025, 4, 1), True),
        # A 3-year-old at nursery and a 19-year-old at college.
        (D(2021, 6, 1), D(2025, 1, 10), False),
        (D(2006, 3, 1), D(2025, 1, 10), False),
    ],
)
def test_whether_a_child_is_of_compulsory_school_age_on_a_day(
    born: dt.date, day: dt.date, of_age: bool
) -> None:
    assert of_compulsory_school_age(born, day) is of_age


def test_a_span_of_days_overlaps_compulsory_school_age_if_any_day_is_in_it() -> None:
    span = CompulsorySchoolAge(D(2014, 12, 31), D(2025, 6, 27))
    assert span.overlaps(D(2025, 6, 27), D(2025, 12, 31))
    assert not span.overlaps(D(2025, 6, 28), D(2025, 12, 31))
    assert span.overlaps(D(2014, 9, 1), D(2014, 12, 31))
    assert not span.overlaps(D(2014, 9, 1), D(2014, 12, 30))


def test_a_birthday_on_29_february_is_reached_on_1_march_in_other_years() -> None:
    assert birthday(D(2008, 2, 29), 16) == D(2024, 2, 29)
    assert birthday(D(2008, 2, 29), 5) == D(2013, 3, 1)
    assert birthday(D(2010, 5, 6), 16) == D(2026, 5, 6)
