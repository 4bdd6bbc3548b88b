"""Terms of the English school year, and the windows rules look back over.

Schools set their own term dates, a few days either way; these bound every school's:

- autumn: 1 September to 31 December (in the academic year's first calendar year);
- spring: 1 January to 31 March (in its second);
- summer: 1 April to 31 July (in its second).

August is a holiday and belongs to no term. The importer stores a school-attendance row's
``academic_year`` and ``term`` as the same dates (``valid_from``/``valid_to``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

TERM_NAMES: Final = ("autumn", "spring", "summer")

# name -> ((start month, day), (end month, day), years after the academic year's first year)
TERM_DATES: Final[dict[str, tuple[tuple[int, int], tuple[int, int], int]]] = {
    "autumn": ((9, 1), (12, 31), 0),
    "spring": ((1, 1), (3, 31), 1),
    "summer": ((4, 1), (7, 31), 1),
}

_ACADEMIC_YEAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True)
class Term:
    """One school term, e.g. summer 2025/26 (1 April 2026 to 31 July 2026)."""

    academic_year: str  # "2025/26"
    name: str  # autumn, spring or summer
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, academic_year: str, name: str) -> Term:
        """The term called ``name`` in ``academic_year`` ("2025/26" or "2025-2026")."""
        return _term(first_year(academic_year), name)

    def __str__(self) -> str:
        return f"{self.name} {self.academic_year}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def first_year(academic_year: str) -> int:
    """2025 for "2025/26"; raises ``ValueError`` for anything that is not a school year."""
    match = _ACADEMIC_YEAR.match(academic_year)
    if match is None or (int(match[1]) + 1) % 100 != int(match[2][-2:]):
        raise ValueError(f"{academic_year!r} is not a school year like 2025/26")
    return int(match[1])


def _term(year: int, name: str) -> Term:
    try:
        (start_month, start_day), (end_month, end_day), offset = TERM_DATES[name]
    except KeyError:
        raise ValueError(f"{name!r} is not a term: use autumn, spring or summer") from None
    return Term(
        academic_year=f"{year}/{(year + 1) % 100:02d}",
        name=name,
        start=dt.date(year + offset, start_month, start_day),
        end=dt.date(year + offset, end_month, end_day),
    )


def _nth(number: int) -> Term:
    """Terms numbered consecutively: three per academic year, autumn first."""
    year, index = divmod(number, len(TERM_NAMES))
    return _term(year, TERM_NAMES[index])


def last_complete_terms(as_of: dt.date, count: int) -> tuple[Term, ...]:
    """The last ``count`` terms that ended before ``as_of``, oldest first.

    A term is complete once its last day has passed: on 31 July the summer term is not
    yet complete; on 1 August it is.
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, not {count}")
    year = as_of.year if as_of.month >= 9 else as_of.year - 1
    number = year * len(TERM_NAMES) + len(TERM_NAMES) - 1  # that year's summer term
    while _nth(number).end >= as_of:
        number -= 1
    return tuple(_nth(n) for n in range(number - count + 1, number + 1))


def lookback_start(as_of: dt.date, months: int) -> dt.date:
    """The first day of a window of ``months`` calendar months ending on ``as_of``.

    The same day of the month, ``months`` earlier, or that month's last day if it is
    shorter: 31/05/2026 less 3 months is 28/02/2026. The window includes both ends.
    """
    if months < 0:
        raise ValueError(f"months must not be negative, not {months}")
    year, month = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))
