"""Compulsory school age in England: who counts as a child for the education criteria.

The education criteria (absence, exclusions, alternative provision) are about children
who should be in school, so only a child of compulsory school age counts: a 19-year-old's
poor college attendance, or a nursery child's, is not "a child not attending school".

The law, as implemented here:

- **Start**: a child is of compulsory school age from the first *prescribed day* on or
  after their 5th birthday, the prescribed days being 31 March, 31 August and
  31 December (Education Act 1996 s.8(2); the Education (Start of Compulsory School Age)
  Order 1998, SI 1998/1607). So a child who turns 5 on 10 February is of compulsory
  school age from 31 March (the summer term); one who turns 5 on 31 August, from that
  day (the autumn term), and one who turns 5 on 1 September, from 31 December (the
  spring term).
- **End**: at the end of the *school leaving date*, the last Friday in June, of the
  school year in which the child turns 16 (s.8(3)-(4); the Education (School Leaving
  Date) Order 1997, SI 1997/1970). gov.uk, "School leaving age": you can leave school on
  the last Friday in June if you will be 16 by the end of the summer holidays. A child
  born on 23 September 2007 turns 16 in the school year 2023/24 and is of compulsory
  school age until Friday 28 June 2024.

One simplification: the Act's school year begins with the first term that starts after
July, which each school sets; here it begins on 1 September, as the engine's terms do
(``eligibility.terms``). Only a child whose 16th birthday falls between 1 September and
the first day of the autumn term would be treated differently by the Act (they could leave
in the June before, aged 15). Someone born on 29 February is taken to turn 5 or 16 on
1 March in other years; no prescribed day or school-year boundary falls between 28 February
and 1 March, so the choice changes nothing here.

Every function is pure and takes ``datetime.date`` values.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Final

# (month, day) of the days on which children who have turned 5 become of compulsory school age.
PRESCRIBED_DAYS: Final = ((3, 31), (8, 31), (12, 31))
FRIDAY: Final = 4  # datetime.date.weekday()


@dataclass(frozen=True)
class CompulsorySchoolAge:
    """The first and last day (both included) a child is of compulsory school age."""

    first_day: dt.date
    last_day: dt.date

    def includes(self, day: dt.date) -> bool:
        return self.first_day <= day <= self.last_day

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether the child is of compulsory school age on any day from ``first`` to ``last``."""
        return first <= self.last_day and self.first_day <= last


def birthday(born: dt.date, years: int) -> dt.date:
    """The day someone born on ``born`` turns ``years`` old (29 February: 1 March if need be)."""
    year = born.year + years
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return born.replace(year=year)


def school_leaving_date(year: int) -> dt.date:
    """The last Friday in June of ``year``."""
    last = dt.date(year, 6, 30)
    return last - dt.timedelta(days=(last.weekday() - FRIDAY) % 7)


def compulsory_school_age(born: dt.date) -> CompulsorySchoolAge:
    """When a child born on ``born`` is of compulsory school age (see the module's notes)."""
    fifth = birthday(born, 5)
    first = min(
        day
        for year in (fifth.year, fifth.year + 1)
        for month, day_of_month in PRESCRIBED_DAYS
        if (day := dt.date(year, month, day_of_month)) >= fifth
    )
    sixteenth = birthday(born, 16)
    school_year_ends = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    return CompulsorySchoolAge(first, school_leaving_date(school_year_ends))


def of_compulsory_school_age(born: dt.date, day: dt.date) -> bool:
    """Whether a child born on ``born`` is of compulsory school age on ``day``."""
    return compulsory_school_age(born).includes(day)
