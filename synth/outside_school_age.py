"""Young people outside compulsory school age who miss a lot of sessions.

Attendance files hold more than pupils of compulsory school age: a sixth form or college
records its 16- to 18-year-olds, a school's nursery class its 3-year-olds, and some of them
miss a great deal. Screening must not count them: only a child of compulsory school age
(Education Act 1996 s.8) is a child missing school. So a few of them get a poor-attendance
year here, recorded like any other problem (``education``, role ``pupil``) with the detail
``college`` or ``nursery``, so that the truth says where it is and what it is.

The year is one school year (1 September to 31 July) in which the young person is over or
under compulsory school age throughout: 16 to 18 on the 31 August before it (they left
school on the last Friday in June of the year they turned 16, or earlier), or 3 (they
start school at the earliest on the 31 December after they turn 5). Some of the older ones
are also suspended from the sixth form (``synth/feeds/education.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import add_days, age_on

# Who can have such a year (age on the 31 August before it) and the share who do.
FORMS = {"college": ((16, 18), 0.05), "nursery": ((3, 3), 0.03)}


def outside_school_age(
    rng: np.random.Generator, borough: Borough, members: pd.DataFrame, pupils: np.ndarray
) -> pd.DataFrame:
    """One poor-attendance year each for a few young people at college or nursery (none of
    ``pupils``, who have an education problem already): episode rows (hh, problem, person,
    role, start, end, episode, multi, detail)."""
    years = np.array(sorted({term.school_year for term in borough.terms}))
    person = members["person"].to_numpy()
    dob = borough.people.dob[person]
    on_roll = borough.people.upn[person] != None  # noqa: E711
    ages = np.stack([age_on(dob, np.datetime64(f"{y}-08-31")) for y in years], axis=1)
    parts = []
    for detail, ((youngest, oldest), share) in FORMS.items():
        able = (ages >= youngest) & (ages <= oldest) & on_roll[:, None]
        chosen = able.any(axis=1) & (rng.random(len(person)) < share)
        chosen &= ~np.isin(person, pupils)
        year = years[np.argmax(np.where(able, rng.random(able.shape), -1.0), axis=1)]
        september = np.array([f"{y}-09-01" for y in year], dtype="datetime64[D]")
        july = np.array([f"{y + 1}-07-31" for y in year], dtype="datetime64[D]")
        start = add_days(september, rng.integers(0, 46, len(person)))
        end = np.minimum(add_days(start, rng.integers(120, 301, len(person))), july)
        parts.append(
            pd.DataFrame(
                {
                    "hh": members["hh"].to_numpy()[chosen],
                    "problem": "education",
                    "person": person[chosen],
                    "role": "pupil",
                    "start": start[chosen],
                    "end": end[chosen],
                    "episode": 1,
                    "multi": False,
                    "detail": detail,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
