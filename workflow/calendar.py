"""Working days in England (or Wales): weekends and bank holidays are not working days.

Keyworker tasks fall due in working days (docs/product-model.md §6): "first contact within 5 working
days" of an allocation on the Thursday before Easter is due on the Friday after it, not
on Good Friday. Bank holidays come from the ``holidays`` package for ``GB`` with the
subdivision always given (``ENG`` or ``WLS``): without it Easter Monday and the August
bank holiday are missing, as they are not bank holidays in Scotland. Pure: no database.

    days = WorkingDays()                 # England
    days.add(dt.date(2026, 4, 2), 5)     # Thursday 2 April 2026 -> Monday 13 April
    days.between(a, b)                   # working days after a, up to and including b
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

import holidays

Nation = Literal["ENG", "WLS"]
SATURDAY = 5
MAX_DAYS = 10_000  # about 40 years of working days: a bound on any deadline the engine sets


@lru_cache(maxsize=8)
def _bank_holidays(nation: Nation, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=nation, years=year))


class WorkingDays:
    """The working-day calendar of England (default) or Wales."""

    def __init__(self, nation: Nation = "ENG") -> None:
        if nation not in ("ENG", "WLS"):
            raise ValueError(f"the working-day calendar is for ENG or WLS, not {nation!r}")
        self.nation: Nation = nation

    def bank_holidays(self, year: int) -> frozenset[dt.date]:
        return _bank_holidays(self.nation, year)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < SATURDAY and day not in _bank_holidays(self.nation, day.year)

    def add(self, start: dt.date, days: int) -> dt.date:
        """The working day ``days`` working days after ``start`` (before it, if negative).

        ``add(d, 0)`` is ``d`` itself when that is a working day, else the next one.
        """
        if abs(days) > MAX_DAYS:
            raise ValueError(f"{days} working days is more than the {MAX_DAYS} the engine plans")
        step = 1 if days >= 0 else -1
        day = start
        if days == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        remaining = abs(days)
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall after ``start`` up to and including ``end``
        (negative when ``end`` is before ``start``): ``between(d, add(d, n)) == n``."""
        if end < start:
            return -self.between(end, start)
        whole_weeks, extra = divmod((end - start).days, 7)
        count = whole_weeks * 5
        day = start + dt.timedelta(days=whole_weeks * 7)
        for _ in range(extra):
            day += dt.timedelta(days=1)
            if day.weekday() < SATURDAY:
                count += 1
        for year in range(start.year, end.year + 1):
            count -= sum(
                1
                for holiday in _bank_holidays(self.nation, year)
                if start < holiday <= end and holiday.weekday() < SATURDAY
            )
        return count
