"""Which households have which problems, when, and how their stories unfold.

About 3.5% of households are *multi-problem*: three to five problems at once, with a
story (``improves_and_sustains``, ``improves_then_relapses``, ``no_change``,
``adult_into_work``) that sets when each problem stops and, for relapses, starts again.
Many other households get a single background problem, and a few young people at college
or nursery a poor-attendance year that screening must not count (``outside_school_age``).
Every problem becomes *episodes*:
one row per household, problem, member and period, which the feeds turn into rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth.background import background_episodes
from synth.borough import Borough
from synth.dates import NAT, between
from synth.forms import problem_details
from synth.members import RULES, can_have, choose, member_table, stack
from synth.nominals import pick_nominals
from synth.outside_school_age import outside_school_age
from synth.streams import stream, weighted

PROBLEMS = (
    "crime_asb",
    "education",
    "worklessness",
    "domestic_abuse",
    "children_need_help",
    "health",
    "housing",
    "financial",
    "gangs",
    "offender",
)
STORIES = {
    "improves_and_sustains": 0.38,
    "improves_then_relapses": 0.2,
    "no_change": 0.25,
    "adult_into_work": 0.17,
}
MULTI_SHARE = 0.035
_WEIGHTS = {
    "crime_asb": 0.6,
    "education": 0.8,
    "worklessness": 0.6,
    "domestic_abuse": 0.35,
    "children_need_help": 0.5,
    "health": 0.5,
    "housing": 0.35,
    "financial": 0.3,
}
EPISODE_COLUMNS = ["hh", "problem", "person", "role", "start", "end", "episode", "multi", "detail"]


@dataclass
class Problems:
    """Every problem episode, the multi-problem households' stories, and the nominals."""

    episodes: pd.DataFrame  # EPISODE_COLUMNS; ``detail`` is the form (forms.py)
    stories: pd.DataFrame  # hh, story, turn, relapse, work_began
    gangs: pd.DataFrame  # person, gang_role (perpetrator/victim/both), added
    iom: pd.DataFrame  # person, entry


def assign_problems(borough: Borough) -> Problems:
    """Give the borough its multi-problem families, background problems and nominals."""
    seed = borough.seed
    members = member_table(borough)
    n_h = len(borough.households)
    possible = can_have(members, n_h)
    multi = _multi_households(stream(seed, "multi households"), borough, members)
    stories = _stories(stream(seed, "stories"), borough, multi)
    chosen = _choose_problems(stream(seed, "problem choice"), multi, possible, stories)
    episodes = _multi_episodes(stream(seed, "problem members"), borough, members, stories, chosen)
    gangs, iom, nominal_episodes = pick_nominals(
        stream(seed, "nominals"), borough, members, episodes, stories
    )
    taken = np.zeros(n_h, dtype=bool)
    taken[multi] = True
    taken[nominal_episodes["hh"].to_numpy()] = True
    background = background_episodes(
        stream(seed, "background problems"), borough, members, possible, taken
    )
    all_episodes = pd.concat([episodes, nominal_episodes, background], ignore_index=True)
    pupils = all_episodes.loc[all_episodes["problem"] == "education", "person"].to_numpy()
    outside = outside_school_age(stream(seed, "outside school age"), borough, members, pupils)
    all_episodes = all_episodes.sort_values(["hh", "problem", "person", "episode"], kind="stable")
    all_episodes = all_episodes.reset_index(drop=True)
    all_episodes["detail"] = problem_details(stream(seed, "problem details"), borough, all_episodes)
    all_episodes = pd.concat([all_episodes, outside], ignore_index=True)
    all_episodes = all_episodes.sort_values(["hh", "problem", "person", "episode"], kind="stable")
    return Problems(all_episodes[EPISODE_COLUMNS].reset_index(drop=True), stories, gangs, iom)


def _multi_households(
    rng: np.random.Generator, borough: Borough, members: pd.DataFrame
) -> np.ndarray:
    n_h = len(borough.households)
    child = np.bincount(members["hh"][members["age"].between(0, 15)], minlength=n_h) > 0
    weight = np.where(child, 1.0, 0.06)
    count = min(n_h, max(3, int(round(MULTI_SHARE * n_h))))
    keys = rng.random(n_h) ** (1.0 / weight)
    return np.sort(np.argsort(-keys, kind="stable")[:count])


def _stories(rng: np.random.Generator, borough: Borough, multi: np.ndarray) -> pd.DataFrame:
    n = len(multi)
    turn = between(rng, np.full(n, borough.start + 270), np.full(n, borough.until - 450))
    relapse_at = between(rng, turn + 180, turn + 365)
    story = weighted(rng, STORIES, n)
    relapse = np.where(story == "improves_then_relapses", relapse_at, NAT)
    improving = story != "no_change"
    # When a keyworker's work with the family began: two to eight months before its turning
    # point (the work is what turned it); for a family that does not change, a day in the
    # same span. Drawn last, so the stories' other dates are as they were.
    lead = (60 + np.floor(rng.random(n) * 181)).astype("timedelta64[D]")
    began = np.where(improving, turn.astype("datetime64[D]") - lead, turn)
    return pd.DataFrame(
        {
            "hh": multi,
            "story": story,
            "turn": np.where(improving, turn, NAT),
            "relapse": relapse,
            "work_began": began,
        }
    )


def _choose_problems(
    rng: np.random.Generator,
    multi: np.ndarray,
    possible: dict[str, np.ndarray],
    stories: pd.DataFrame,
) -> pd.DataFrame:
    """Three to five problems per multi-problem household (work for ``adult_into_work``)."""
    names = list(_WEIGHTS)
    weight = np.array([_WEIGHTS[p] for p in names])
    keys = rng.random((len(multi), len(names))) ** (1.0 / weight)
    able = np.stack([possible[p][multi] for p in names], axis=1)
    into_work = (stories["story"] == "adult_into_work").to_numpy()
    work = names.index("worklessness")
    keys[into_work, work] = 2.0
    keys[~able] = -1.0
    stories.loc[into_work & ~able[:, work], "story"] = "no_change"
    stories.loc[into_work & ~able[:, work], "turn"] = NAT
    k = rng.choice([3, 4, 5], len(multi), p=[0.45, 0.35, 0.2])
    rank = np.argsort(np.argsort(-keys, axis=1, kind="stable"), axis=1, kind="stable")
    take = (rank < k[:, None]) & able
    row, col = np.nonzero(take)
    return pd.DataFrame({"hh": multi[row], "problem": np.array(names, dtype=object)[col]})


def _multi_episodes(
    rng: np.random.Generator,
    borough: Borough,
    members: pd.DataFrame,
    stories: pd.DataFrame,
    chosen: pd.DataFrame,
) -> pd.DataFrame:
    n_h = len(borough.households)
    parts = []
    for problem in RULES:
        households = chosen.loc[chosen["problem"] == problem, "hh"].to_numpy()
        if len(households):
            parts.append(choose(rng, members, problem, households, n_h).assign(problem=problem))
    involved = stack(parts)
    windows = _windows(rng, borough, chosen, stories)
    frame = involved.merge(windows, on=["hh", "problem"], how="left")
    return _melt_windows(frame).assign(multi=True)


def _windows(
    rng: np.random.Generator, borough: Borough, chosen: pd.DataFrame, stories: pd.DataFrame
) -> pd.DataFrame:
    """From and to dates of each (household, problem): one or, after a relapse, two periods."""
    frame = chosen.merge(stories, on="hh", how="left")
    n = len(frame)
    early = rng.random(n) < 0.6
    onset = np.where(
        early,
        between(rng, np.full(n, borough.start - 540), np.full(n, borough.start)),
        between(rng, np.full(n, borough.start), np.full(n, borough.start + 240)),
    )
    turn = frame["turn"].to_numpy(dtype="datetime64[D]")
    ends = ~np.isnat(turn)
    ends &= ~((frame["story"] == "adult_into_work") & (frame["problem"] != "worklessness"))
    onset = np.where(ends, np.minimum(onset, turn - 90), onset)
    jitter = rng.integers(-30, 31, n).astype("timedelta64[D]")
    same_day = frame["problem"].isin(["worklessness"]).to_numpy()
    end1 = np.where(ends, turn + np.where(same_day, np.timedelta64(0, "D"), jitter), NAT)
    relapse = frame["relapse"].to_numpy(dtype="datetime64[D]")
    start2 = relapse + rng.integers(0, 31, n).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "hh": frame["hh"],
            "problem": frame["problem"],
            "start1": onset,
            "end1": end1,
            "start2": start2,
        }
    )


def _melt_windows(frame: pd.DataFrame) -> pd.DataFrame:
    first = frame.assign(start=frame["start1"], end=frame["end1"], episode=1)
    again = frame[frame["start2"].notna()]
    second = again.assign(start=again["start2"], end=np.full(len(again), NAT), episode=2)
    out = pd.concat([first, second], ignore_index=True)
    return out[["hh", "problem", "person", "role", "start", "end", "episode"]]
