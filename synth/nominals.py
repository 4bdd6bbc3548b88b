"""Gang-matrix and IOM nominals: who they are, and the problem it gives their household.

About 2 gang nominals and 3 IOM offenders per 1,000 households (at least a handful).
Most come from multi-problem families with a crime problem; about 5% live outside the
borough and are not in the council's register (true negatives for matching). Their
offending follows their family's story, like every other problem, and the lists delivered
at the end of the span hold only those still listed then (see ``listed``): a nominal whose
family turned round was taken off. The first few nominals still listed get fixed roles, so
every band and role appears even in a small borough.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import NAT, between
from synth.streams import weighted

GANG_ROLES = {"perpetrator": 0.45, "victim": 0.2, "both": 0.35}
# The first nominals' roles are fixed so every band and role appears even in a small borough.
_FIRST_ROLES = ("perpetrator", "both", "victim", "perpetrator", "victim")
IMPROVING = ("improves_and_sustains", "improves_then_relapses")


def gang_count(households: int) -> int:
    """Gang-matrix nominals for a borough: about 2 per 1,000 households, at least 8."""
    return max(8, round(0.002 * households))


def iom_count(households: int) -> int:
    """IOM offenders for a borough: about 3 per 1,000 households, at least 6."""
    return max(6, round(0.003 * households))


def pick_nominals(
    rng: np.random.Generator,
    borough: Borough,
    members: pd.DataFrame,
    episodes: pd.DataFrame,
    stories: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(gang nominals, IOM nominals, the episodes they add to their households)."""
    n_h = len(borough.households)
    crime_hh = np.zeros(n_h, dtype=bool)
    crime_hh[episodes.loc[episodes["problem"] == "crime_asb", "hh"].to_numpy()] = True
    young = members[members["age"].between(14, 35)]
    gangs = _select(rng, borough, young, gang_count(n_h), crime_hh, 8.0)
    roles = weighted(rng, GANG_ROLES, len(gangs)).copy()
    first = _first_listed(borough, gangs, stories)[: len(_FIRST_ROLES)]
    roles[first] = np.array(_FIRST_ROLES, dtype=object)[: len(first)]
    gangs["gang_role"] = roles
    gangs["added"] = _entered(rng, borough, gangs, stories, 730)
    adults = members[members["age"].between(18, 50)]
    iom = _select(rng, borough, adults, iom_count(n_h), crime_hh, 9.0)
    iom["entry"] = _entered(rng, borough, iom, stories, 365)
    extra = pd.concat(
        [
            _episodes(borough, gangs, "gangs", gangs["gang_role"], gangs["added"], stories),
            _episodes(borough, iom, "offender", "offender", iom["entry"], stories),
        ],
        ignore_index=True,
    )
    return gangs.reset_index(drop=True), iom.reset_index(drop=True), extra


def _select(
    rng: np.random.Generator,
    borough: Borough,
    candidates: pd.DataFrame,
    count: int,
    preferred_hh: np.ndarray,
    male_weight: float,
) -> pd.DataFrame:
    """``count`` people, one per household: ~70% from preferred households, ~5% outsiders."""
    outside = max(1, round(0.05 * count))
    inside = count - outside
    weight = np.where(candidates["female"].to_numpy(), 1.0, male_weight)
    keys = rng.random(len(candidates)) ** (1.0 / weight)
    ranked = candidates.assign(key=keys).sort_values("key", ascending=False, kind="stable")
    ranked = ranked.drop_duplicates("hh")
    liked = preferred_hh[ranked["hh"].to_numpy()]
    from_liked = ranked[liked].head(round(0.7 * inside))
    rest = ranked[~ranked["person"].isin(from_liked["person"])].head(inside - len(from_liked))
    p = borough.people
    pool = np.arange(p.registered, len(p))
    away = rng.choice(pool, min(outside, len(pool)), replace=False)
    people = np.concatenate([from_liked["person"].to_numpy(), rest["person"].to_numpy(), away])
    return pd.DataFrame({"person": people.astype(np.int64)})


def _first_listed(borough: Borough, nominals: pd.DataFrame, stories: pd.DataFrame) -> np.ndarray:
    """Positions of the nominals still listed at the end (their family did not turn round
    for good, or they live outside the borough), first; then the others."""
    story = _story_of(borough, nominals["person"].to_numpy(), stories)
    done = story["story"].eq("improves_and_sustains").to_numpy() & (
        nominals["person"].to_numpy() < borough.people.registered
    )
    return np.concatenate([np.flatnonzero(~done), np.flatnonzero(done)])


def _story_of(borough: Borough, person: np.ndarray, stories: pd.DataFrame) -> pd.DataFrame:
    """Each nominal's household story (story, turn, relapse), blank for everyone else."""
    p = borough.people
    hh = np.where(person < p.registered, p.hh_start[np.minimum(person, p.registered - 1)], -1)
    frame = pd.DataFrame({"hh": hh}).merge(stories, on="hh", how="left")
    return frame.assign(story=frame["story"].fillna(""))


def _entered(
    rng: np.random.Generator,
    borough: Borough,
    nominals: pd.DataFrame,
    stories: pd.DataFrame,
    days_before: int,
) -> np.ndarray:
    """When each nominal was listed: well before the turning point if their family improves."""
    story = _story_of(borough, nominals["person"].to_numpy(), stories)
    turn = story["turn"].to_numpy(dtype="datetime64[D]")
    improving = story["story"].isin(IMPROVING).to_numpy() & ~np.isnat(turn)
    n = len(nominals)
    low = np.full(n, borough.start - days_before)
    high = np.where(improving, turn - 90, borough.until - 90)
    return between(rng, low, np.maximum(high, low))


def _episodes(
    borough: Borough,
    nominals: pd.DataFrame,
    problem: str,
    role: pd.Series | str,
    start: pd.Series,
    stories: pd.DataFrame,
) -> pd.DataFrame:
    """Each nominal's problem periods on their household, following the family's story."""
    p = borough.people
    story = _story_of(borough, nominals["person"].to_numpy(), stories)
    frame = nominals.assign(role=role, start=start, problem=problem, episode=1)
    frame["hh"] = story["hh"].to_numpy()
    frame["multi"] = story["story"].ne("").to_numpy()
    improving = story["story"].isin(IMPROVING).to_numpy()
    frame["end"] = np.where(improving, story["turn"].to_numpy(dtype="datetime64[D]"), NAT)
    relapse = story["relapse"].to_numpy(dtype="datetime64[D]")
    again = frame[~np.isnat(relapse)].assign(start=relapse[~np.isnat(relapse)], end=NAT, episode=2)
    frame = pd.concat([frame, again], ignore_index=True)
    frame = frame[frame["person"].to_numpy() < p.registered]
    out: pd.DataFrame = frame.drop(
        columns=[c for c in ("gang_role", "added", "entry") if c in frame]
    )
    return out


def listed(
    nominals: pd.DataFrame, episodes: pd.DataFrame, when: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Which nominals are on a list delivered at the end of the span, and since when.

    A nominal in the register is listed while their last problem period is open (a
    relapse puts them back on, dated from its start); people outside the borough always
    are. ``episodes`` are the nominals' episodes of one problem; ``when`` their first
    listing. Returns (listed, date listed).
    """
    person = nominals["person"].to_numpy()
    last = episodes.sort_values("episode", kind="stable").drop_duplicates("person", keep="last")
    last = last.set_index("person").reindex(person)
    has = last["start"].notna().to_numpy()
    still = np.isnat(last["end"].to_numpy(dtype="datetime64[D]"))
    since = np.where(
        has, last["start"].to_numpy(dtype="datetime64[D]"), when.to_numpy(dtype="datetime64[D]")
    )
    return ~has | still, since
