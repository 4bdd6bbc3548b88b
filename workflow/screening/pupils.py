"""Which education rows count: only those about a child of compulsory school age.

The education facts (absence, suspensions, permanent exclusions, alternative provision)
are about children who should be at school, so a row counts only when its child was of
compulsory school age (``eligibility.school_age``: from the 31 March, 31 August or
31 December on or after their 5th birthday to the last Friday in June of the school year
in which they turn 16) at the time it is about:

- an attendance row, on the first day of its term (1 September, 1 January or 1 April).
  Compulsory school age begins on the day before a term does, so a child of compulsory
  school age on the first day of a term is so all term, except in the summer term of
  Year 11, which still counts although it ends on the last Friday in June: the school
  records the term as one row, which cannot be split;
- an exclusion or suspension, on its date;
- a placement in alternative provision, on some day it overlaps the terms screened: a
  placement that began in Year 11 and goes on into the sixth form counts for the terms
  before the child left compulsory school age, not after.

A 16- to 19-year-old's poor attendance at a sixth form or college, a nursery child's, and
an exclusion from the sixth form therefore never meet an education criterion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eligibility.school_age import compulsory_school_age
from workflow.screening.queries import Windows

EDUCATION_KINDS = frozenset({"school_attendance", "exclusions", "alternative_provision"})


def of_school_age(kind: str, rows: pd.DataFrame, windows: Windows) -> pd.Series:
    """Whether each row of ``kind`` (with ``date_of_birth``) is about a child of
    compulsory school age at the time (always true for the other kinds)."""
    if kind not in EDUCATION_KINDS or rows.empty:
        return pd.Series(True, index=rows.index)
    first, last = _span(rows["date_of_birth"])
    if kind == "school_attendance":
        # The query reads only the rows of the terms screened.
        terms = pd.MultiIndex.from_tuples([(t.academic_year, t.name) for t in windows.terms])
        starts = pd.to_datetime([t.start for t in windows.terms]).to_numpy()
        at = terms.get_indexer(pd.MultiIndex.from_arrays([rows["academic_year"], rows["term"]]))
        day = pd.Series(starts[at], index=rows.index)
        return (first <= day) & (day <= last)
    if kind == "exclusions":
        return (first <= rows["valid_from"]) & (rows["valid_from"] <= last)
    # The days the placement overlaps the terms (the query reads only placements that do).
    terms_start, terms_end = pd.Timestamp(windows.terms_start), pd.Timestamp(windows.terms_end)
    begin = rows["valid_from"].where(rows["valid_from"] > terms_start, terms_start)
    end = rows["valid_to"].where(rows["valid_to"] < terms_end, terms_end)  # open: still there
    overlap: pd.Series = (first <= end) & (begin <= last)
    return overlap


def _span(born: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each row's first and last day of compulsory school age (worked out once per birth
    date; NaT where the birth date is missing)."""
    codes, unique = pd.factorize(born)
    spans = [compulsory_school_age(day) for day in unique.to_numpy(dtype="datetime64[D]").tolist()]
    first = np.array([s.first_day for s in spans] + [None], dtype="datetime64[D]")
    last = np.array([s.last_day for s in spans] + [None], dtype="datetime64[D]")
    return (
        pd.Series(first[codes].astype("datetime64[ns]"), index=born.index),
        pd.Series(last[codes].astype("datetime64[ns]"), index=born.index),
    )
