"""Day arithmetic, the English school calendar and the ways partners write dates.

Dates travel through the generator as ``numpy.datetime64[D]`` arrays (``NaT`` for none),
so every date calculation is vectorised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from synth.text import padded

DAY = np.timedelta64(1, "D")
NAT = np.datetime64("NaT", "D")
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TERMS = ("autumn", "spring", "summer")
# Each term's first and last day (month, day) and its usual sessions (two per school day).
_TERM_SHAPE = {
    "autumn": ((9, 4), (12, 19), 140),
    "spring": ((1, 6), (3, 28), 120),
    "summer": ((4, 14), (7, 22), 130),
}


def day(value: dt.date) -> np.datetime64:
    """A ``datetime.date`` as a numpy day."""
    return np.datetime64(value.isoformat(), "D")


def years(count: float) -> np.timedelta64:
    """About ``count`` years, in whole days."""
    return np.timedelta64(int(round(count * 365.25)), "D")


def add_days(start: np.ndarray, days: np.ndarray) -> np.ndarray:
    """``start`` plus a whole number of days per element."""
    return np.asarray(start + np.asarray(days).astype(np.int64).astype("timedelta64[D]"))


def between(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A uniformly random day in ``[low, high]`` per element (``low`` when ``high < low``)."""
    span = np.maximum((high - low).astype(np.int64), 0)
    return add_days(low, np.floor(rng.random(np.shape(low)) * (span + 1)))


def age_on(dob: np.ndarray, on: np.ndarray | np.datetime64) -> np.ndarray:
    """Whole years of age on the given day(s)."""
    born = dob.astype("datetime64[D]")
    on_days = np.broadcast_to(np.asarray(on, dtype="datetime64[D]"), born.shape)
    by, bm, bd = _parts(born)
    oy, om, od = _parts(on_days)
    age: np.ndarray = oy - by - ((om < bm) | ((om == bm) & (od < bd)))
    return age


def _parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    year = days.astype("datetime64[Y]")
    month = days.astype("datetime64[M]")
    return (
        year.astype(np.int64) + 1970,
        (month - year.astype("datetime64[M]")).astype(np.int64) + 1,
        (days - month.astype("datetime64[D]")).astype(np.int64) + 1,
    )


def parts(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day) integer arrays for an array of days (no ``NaT``)."""
    return _parts(days.astype("datetime64[D]"))


def birthdays(dob: np.ndarray, years: int) -> np.ndarray:
    """The day each person turns ``years`` (29 February birthdays on 1 March in other years)."""
    born = dob.astype("datetime64[D]")
    month = born.astype("datetime64[M]")
    turned: np.ndarray = (month + np.timedelta64(12 * years, "M")).astype("datetime64[D]")
    turned += born - month.astype("datetime64[D]")
    return turned


def compulsory_school_age(dob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each child's first and last day of compulsory school age (Education Act 1996 s.8):
    from the 31 March, 31 August or 31 December on or after the 5th birthday to the last
    Friday in June of the school year (1 September to 31 August) of the 16th birthday."""
    year, month, _ = _parts(birthdays(dob, 5))
    prescribed = np.where(month <= 3, 3, np.where(month <= 8, 8, 12))
    first = _month_end(year, prescribed)
    year, month, _ = _parts(birthdays(dob, 16))
    june_30 = _month_end(year + (month >= 9), np.full(len(year), 6))
    weekday = (june_30.astype(np.int64) + 3) % 7  # 0 = Monday
    return first, add_days(june_30, -((weekday - 4) % 7))


def _month_end(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    months = (year - 1970) * 12 + month  # the month after, counted from January 1970
    after: np.ndarray = months.astype("datetime64[M]").astype("datetime64[D]")
    return after - DAY


def term_start(days: np.ndarray) -> np.ndarray:
    """The first day of the term each day falls in (1 September, 1 January or 1 April; the
    summer term's for a day in August), as screening counts terms."""
    year, month, _ = _parts(days.astype("datetime64[D]"))
    start = np.where(month >= 9, 9, np.where(month >= 4, 4, 1))
    return _month_end(year, start - 1) + DAY


def school_year_of(days: np.ndarray) -> np.ndarray:
    """The school year (the calendar year it starts in, 1 September) each day falls in."""
    year, month, _ = _parts(days.astype("datetime64[D]"))
    return year - (month < 9)


def academic_label(start_year: int | np.ndarray, sep: str = "/") -> np.ndarray | str:
    """``2025/26`` style label(s) for school years starting in ``start_year``."""
    if isinstance(start_year, int | np.integer):
        return f"{start_year}{sep}{(start_year + 1) % 100:02d}"
    years_ = np.asarray(start_year)
    labels: np.ndarray = years_.astype(str).astype(object) + sep + padded((years_ + 1) % 100, 2)
    return labels


@dataclass(frozen=True)
class Term:
    """One school term inside the span."""

    school_year: int
    name: str
    first: np.datetime64
    last: np.datetime64
    sessions: int

    @property
    def label(self) -> str:
        """The school year as ``2025/26``."""
        return str(academic_label(self.school_year))


def school_years(start: dt.date, until: dt.date) -> list[int]:
    """School years wholly inside the span (1 September to 31 July)."""
    first = start.year if start <= dt.date(start.year, 9, 1) else start.year + 1
    return [y for y in range(first, until.year + 1) if dt.date(y + 1, 7, 31) <= until]


def terms(start: dt.date, until: dt.date, rng: np.random.Generator) -> list[Term]:
    """Every term of every whole school year in the span, with its sessions possible."""
    out: list[Term] = []
    for year in school_years(start, until):
        for name in TERMS:
            (m1, d1), (m2, d2), sessions = _TERM_SHAPE[name]
            cal = year if name == "autumn" else year + 1
            wobble = int(rng.integers(-3, 4)) * 2
            out.append(
                Term(
                    year,
                    name,
                    day(dt.date(cal, m1, d1)),
                    day(dt.date(cal, m2, d2)),
                    sessions + wobble,
                )
            )
    return out


def excel_serial(days: np.ndarray) -> np.ndarray:
    """Excel's day number (1900 date system) for each day."""
    return (days.astype("datetime64[D]") - EXCEL_EPOCH).astype(np.int64)


def as_text(days: np.ndarray, style: np.ndarray) -> np.ndarray:
    """Days written as text: style 0 ``dd/mm/yyyy``, 1 ``yyyy-mm-dd``, 2 ``d Mon yyyy``."""
    year, month, dd = _parts(days.astype("datetime64[D]"))
    y = year.astype(str).astype(object)
    m2, d2 = padded(month, 2), padded(dd, 2)
    uk_text = d2 + "/" + m2 + "/" + y
    iso = y + "-" + m2 + "-" + d2
    long = dd.astype(str).astype(object) + " " + np.array(MONTHS, dtype=object)[month - 1] + " " + y
    return np.asarray(np.select([style == 0, style == 1], [uk_text, iso], long), dtype=object)


def uk(value: dt.date) -> str:
    """A date as ``dd/mm/yyyy``."""
    return value.strftime("%d/%m/%Y")
