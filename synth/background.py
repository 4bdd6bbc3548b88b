"""Single background problems across many ordinary households.

These households are not multi-problem families, but partner files are full of them:
one adult on out-of-work benefits, one pupil with a bad year, one ASB incident, one
health need. They give screening plenty of households that meet one criterion only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import NAT, between
from synth.members import choose, stack

SHARE = 0.22
WEIGHTS = {
    "worklessness": 0.28,
    "health": 0.2,
    "education": 0.2,
    "crime_asb": 0.12,
    "housing": 0.07,
    "children_need_help": 0.07,
    "domestic_abuse": 0.03,
    "financial": 0.03,
}


def background_episodes(
    rng: np.random.Generator,
    borough: Borough,
    members: pd.DataFrame,
    possible: dict[str, np.ndarray],
    taken: np.ndarray,
) -> pd.DataFrame:
    """One problem each for about 22% of the households not already given problems."""
    n_h = len(borough.households)
    households = np.flatnonzero(~taken & (rng.random(n_h) < SHARE))
    names = list(WEIGHTS)
    weight = np.array([WEIGHTS[p] for p in names])
    keys = rng.random((len(households), len(names))) ** (1.0 / weight)
    able = np.stack([possible[p][households] for p in names], axis=1)
    keys[~able] = -1.0
    best = np.argmax(keys, axis=1)
    ok = able[np.arange(len(households)), best]
    households, best = households[ok], best[ok]
    parts = []
    for i, problem in enumerate(names):
        mine = households[best == i]
        if len(mine):
            parts.append(choose(rng, members, problem, mine, n_h).assign(problem=problem))
    involved = stack(parts)
    return involved.merge(_windows(rng, borough, households), on="hh").assign(
        episode=1, multi=False
    )


def _windows(rng: np.random.Generator, borough: Borough, households: np.ndarray) -> pd.DataFrame:
    n = len(households)
    start = between(rng, np.full(n, borough.start - 365), np.full(n, borough.until - 120))
    end = start + rng.integers(90, 541, n).astype("timedelta64[D]")
    open_ended = (rng.random(n) < 0.3) | (end >= borough.until - 30)
    return pd.DataFrame({"hh": households, "start": start, "end": np.where(open_ended, NAT, end)})
