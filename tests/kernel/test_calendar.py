"""Working days in England and Wales: weekends and bank holidays don't count.

The bank holidays below are written out by hand from gov.uk/bank-holidays for 2026 and
2027, not read from the ``holidays`` package the calendar uses.
"""

from __future__ import annotations

import datetime as dt

import pytest

from workflow.calendar import WorkingDays

D = dt.date
ENGLAND_2026 = {
    D(2026, 1, 1),  # New Year's Day
    D(2026, 4, 3),  # Good Friday
    D(2026, 4, 6),  # Easter Monday
    D(2026, 5, 4),  # Early May bank holiday
    D(2026, 5, 25),  # Spring bank holiday
    D(2026, 8, 31),  # Summer bank holiday
    D(2026, 12, 25),  # Christmas Day
    D(2026, 12, 28),  # Boxing Day (substitute day: the 26th is a Saturday)
}


def test_the_bank_holidays_of_england_in_2026() -> None:
    weekday_holidays = {d for d in WorkingDays().bank_holidays(2026) if d.weekday() < 5}
    assert weekday_holidays == ENGLAND_2026


@pytest.mark.parametrize("day", sorted(ENGLAND_2026))
def test_a_bank_holiday_is_not_a_working_day(day: dt.date) -> None:
    assert not WorkingDays().is_working_day(day)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 23), 5, D(2026, 11, 30)),  # Monday + 5 = next Monday
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday + 1 = Monday
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # from a Saturday
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Thursday before Easter: Good Friday, Easter Monday out
        (D(2026, 4, 2), 5, D(2026, 4, 13)),
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # Christmas Day and Boxing Day (on the 28th) out
        (D(2026, 12, 24), 20, D(2027, 1, 26)),  # over Christmas and New Year's Day 2027
        (D(2026, 8, 28), 1, D(2026, 9, 1)),  # the August bank holiday Monday
        (D(2026, 11, 23), 0, D(2026, 11, 23)),
        (D(2026, 11, 28), 0, D(2026, 11, 30)),  # 0 from a weekend: the next working day
        (D(2026, 11, 30), -1, D(2026, 11, 27)),
    ],
)
def test_adding_working_days(start: dt.date, days: int, due: dt.date) -> None:
    assert WorkingDays().add(start, days) == due


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2026, 11, 23), D(2026, 11, 30), 5),
        (D(2026, 4, 2), D(2026, 4, 13), 5),
        (D(2026, 12, 24), D(2027, 1, 26), 20),
        (D(2026, 11, 23), D(2026, 11, 23), 0),
        (D(2026, 11, 30), D(2026, 11, 23), -5),
    ],
)
def test_counting_working_days_between(start: dt.date, end: dt.date, count: int) -> None:
    assert WorkingDays().between(start, end) == count


def test_counting_agrees_with_adding_over_three_years() -> None:
    days = WorkingDays()
    start = D(2026, 1, 2)
    for n in range(0, 780, 7):
        assert days.between(start, days.add(start, n)) == n


def test_wales_has_the_same_holidays_and_scotland_is_refused() -> None:
    assert WorkingDays("WLS").bank_holidays(2026) == WorkingDays("ENG").bank_holidays(2026)
    with pytest.raises(ValueError, match="ENG or WLS"):
        WorkingDays("SCT")  # type: ignore[arg-type]
