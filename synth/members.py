"""Which members of a household a problem involves (the perpetrator, the absent pupil ...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import age_on
from synth.streams import choose_per_group


@dataclass(frozen=True)
class Rule:
    """Who can have a problem, who is more likely to, and how many members it involves."""

    can: Callable[[pd.DataFrame], np.ndarray]
    weight: Callable[[pd.DataFrame], np.ndarray]
    most: tuple[float, ...]  # P(1 member), P(2), P(3) ...
    role: str


def _ones(m: pd.DataFrame) -> np.ndarray:
    return np.ones(len(m))


def _male(m: pd.DataFrame, factor: float) -> np.ndarray:
    return np.where(m["female"].to_numpy(), 1.0, factor)


RULES: dict[str, Rule] = {
    "crime_asb": Rule(
        lambda m: m["age"].between(10, 45).to_numpy(),
        lambda m: _male(m, 3.0) * np.where(m["age"].between(12, 25), 3.0, 1.0),
        (0.7, 0.3),
        "perpetrator",
    ),
    "education": Rule(
        lambda m: m["age"].between(4, 14).to_numpy(),
        lambda m: np.where(m["age"] >= 10, 2.0, 1.0),
        (0.55, 0.3, 0.15),
        "pupil",
    ),
    "worklessness": Rule(
        lambda m: m["age"].between(16, 62).to_numpy(),
        lambda m: np.where(m["role"] == "head", 3.0, 1.0),
        (0.65, 0.35),
        "claimant",
    ),
    "children_need_help": Rule(
        lambda m: m["age"].between(-3, 16).to_numpy(),
        _ones,
        (0.3, 0.3, 0.25, 0.15),
        "child",
    ),
    "health": Rule(
        lambda m: (m["age"] >= 11).to_numpy(),
        lambda m: np.where(m["age"] >= 18, 3.0, 1.0),
        (0.7, 0.3),
        "patient",
    ),
    "housing": Rule(lambda m: (m["role"] == "head").to_numpy(), _ones, (1.0,), "tenant"),
    "financial": Rule(
        lambda m: (m["role"] == "head").to_numpy() & (m["age"] >= 18).to_numpy(),
        _ones,
        (1.0,),
        "tenant",
    ),
    "domestic_abuse": Rule(
        lambda m: (
            (m["female"] & m["age"].between(18, 60)).to_numpy()
            & m["role"].isin(["head", "partner"]).to_numpy()
        ),
        _ones,
        (1.0,),
        "victim",
    ),
}


INVOLVED = ["hh", "person", "role", "problem"]


def stack(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The chosen members of several problems in one table (empty if there are none)."""
    if not parts:
        return pd.DataFrame(
            {c: pd.Series(dtype=np.int64 if c in ("hh", "person") else object) for c in INVOLVED}
        )
    out: pd.DataFrame = pd.concat(parts, ignore_index=True)
    return out


def member_table(borough: Borough) -> pd.DataFrame:
    """Registered people who stayed in one household all span, with age at the start."""
    p = borough.people
    reg = p.registered
    idx = np.flatnonzero(np.isnat(p.move_day[:reg]))
    return pd.DataFrame(
        {
            "person": idx,
            "hh": p.hh_start[idx],
            "age": age_on(p.dob[idx], borough.start),
            "female": p.sex[idx] == "female",
            "role": p.role[idx],
        }
    )


def can_have(members: pd.DataFrame, n_households: int) -> dict[str, np.ndarray]:
    """For each problem, which households have a member it could involve."""
    out = {}
    for problem, rule in RULES.items():
        mask = rule.can(members)
        out[problem] = np.bincount(members["hh"].to_numpy()[mask], minlength=n_households) > 0
    return out


def choose(
    rng: np.random.Generator,
    members: pd.DataFrame,
    problem: str,
    households: np.ndarray,
    n_households: int,
) -> pd.DataFrame:
    """The members a problem involves in each of ``households``: columns hh, person, role."""
    rule = RULES[problem]
    chosen_hh = np.zeros(n_households, dtype=bool)
    chosen_hh[households] = True
    cand = members[rule.can(members) & chosen_hh[members["hh"].to_numpy()]]
    want = np.zeros(n_households, dtype=np.int64)
    want[households] = rng.choice(len(rule.most), len(households), p=rule.most) + 1
    hh = cand["hh"].to_numpy()
    keep = choose_per_group(rng, hh, want, rule.weight(cand))
    out = cand.loc[keep, ["hh", "person"]].assign(role=rule.role)
    if problem == "domestic_abuse":
        out = pd.concat([out, _abusers(rng, members, out), _children(members, out)])
    ordered: pd.DataFrame = out.sort_values(["hh", "person"], kind="stable").reset_index(drop=True)
    return ordered


def _abusers(
    rng: np.random.Generator, members: pd.DataFrame, victims: pd.DataFrame
) -> pd.DataFrame:
    """The perpetrator: a man in the household, else a man from elsewhere in the borough."""
    men = members[~members["female"] & members["age"].between(18, 65)]
    at_home = men[men["hh"].isin(victims["hh"])].drop_duplicates("hh")
    found = victims[["hh"]].merge(at_home[["hh", "person"]], on="hh", how="left")
    missing = found["person"].isna().to_numpy()
    others = men[~men["hh"].isin(victims["hh"])]["person"].to_numpy()
    if len(others):
        found.loc[missing, "person"] = rng.choice(others, int(missing.sum()))
    found = found.dropna(subset=["person"]).astype({"person": np.int64})
    return found.assign(role="perpetrator")


def _children(members: pd.DataFrame, victims: pd.DataFrame) -> pd.DataFrame:
    kids = members[(members["age"] < 18) & members["hh"].isin(victims["hh"])]
    return kids[["hh", "person"]].assign(role="child_in_household")
