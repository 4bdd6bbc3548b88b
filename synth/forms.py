"""The form each problem takes in the partner data, decided with the problem itself.

Screening tells some problems apart by their form: a mental health need from a drinking
problem, a child in need from one getting early help, rent arrears from overcrowding. So
the form is chosen here, once, recorded in the truth (``household_problems.csv``,
``detail``) and the feeds write exactly it:

- ``health``: one or two needs (children mostly mental health; mothers of babies born in
  the span sometimes ``vulnerable_new_mother``);
- ``children_need_help``: multi-problem families' children are ``child_in_need`` for the
  whole period, some also on a ``child_protection_plan`` and a few ``looked_after``; other
  households' children get ``early_help``;
- ``housing``: one issue that puts the home at risk; ``financial``: ``rent_arrears``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import age_on
from synth.streams import weighted

ADULT_NEEDS = {
    "mental_health": 0.35,
    "substance_misuse": 0.15,
    "alcohol": 0.12,
    "physical_health": 0.15,
    "disability": 0.13,
}
SECOND_NEEDS = {"mental_health": 0.5, "alcohol": 0.25, "substance_misuse": 0.25}
# Anti-social behaviour action against a tenancy belongs to crime, not housing (crime.py).
HOUSING_ISSUES = {
    "eviction_notice": 0.3,
    "homeless": 0.15,
    "temporary_accommodation": 0.18,
    "overcrowded": 0.37,
}


def problem_details(
    rng: np.random.Generator, borough: Borough, episodes: pd.DataFrame
) -> np.ndarray:
    """``;``-separated codes for each episode row (blank for problems with one form)."""
    detail = np.full(len(episodes), "", dtype=object)
    problem = episodes["problem"].to_numpy()
    person = episodes["person"].to_numpy()
    start = episodes["start"].to_numpy(dtype="datetime64[D]")
    multi = episodes["multi"].to_numpy(dtype=bool)
    n = len(episodes)

    health = problem == "health"
    child = age_on(borough.people.dob[person], np.maximum(start, borough.start)) < 18
    need = np.where(
        child,
        np.where(rng.random(n) < 0.8, "mental_health", "disability"),
        weighted(rng, ADULT_NEEDS, n),
    ).astype(object)
    mother = _new_mothers(borough, episodes) & (rng.random(n) < 0.5)
    need = np.where(mother, "vulnerable_new_mother", need).astype(object)
    extra = weighted(rng, SECOND_NEEDS, n)
    second = ~child & (rng.random(n) < 0.2) & (extra != need)
    need = np.where(second, need + ";" + extra, need)
    detail[health] = need[health]

    care = problem == "children_need_help"
    cpp = rng.random(n) < 0.35
    cla = cpp & (rng.random(n) < 0.1)
    status = np.where(cpp, "child_in_need;child_protection_plan", "child_in_need").astype(object)
    status = np.where(cla, status + ";looked_after", status)
    detail[care] = np.where(multi, status, "early_help")[care]

    housing = problem == "housing"
    detail[housing] = weighted(rng, HOUSING_ISSUES, n)[housing]
    detail[problem == "financial"] = "rent_arrears"
    return detail


def _new_mothers(borough: Borough, episodes: pd.DataFrame) -> np.ndarray:
    """Women aged 16 or over by the end, in households where a baby was born in the span."""
    p = borough.people
    babies = np.flatnonzero(p.dob[: p.registered] >= borough.start)
    has_baby = np.zeros(len(borough.households), dtype=bool)
    has_baby[p.hh_end[babies]] = True
    person = episodes["person"].to_numpy()
    adult = age_on(p.dob[person], borough.until) >= 16
    mothers: np.ndarray = has_baby[episodes["hh"].to_numpy()] & (p.sex[person] == "female") & adult
    return mothers
