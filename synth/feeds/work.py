"""Work: benefit claim spells, spells of employment, and young people not in education,
employment or training (NEET). Stories show here: ``adult_into_work`` ends an out-of-work
claim and starts a continuous job of 26 weeks or more.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.dates import NAT, add_days, age_on, between, parts
from synth.feeds.base import Feed, days, no_household
from synth.feeds.context import Context
from synth.streams import weighted

OUT_OF_WORK = {"UC": 0.7, "ESA": 0.15, "JSA": 0.05, "IS": 0.06, "IB": 0.01, "other": 0.03}


def _claimants(ctx: Context) -> pd.DataFrame:
    """Worklessness episodes with each claimant's age and the household's story."""
    b = ctx.borough
    ep = ctx.episodes("worklessness").merge(ctx.problems.stories, on="hh", how="left")
    start = np.maximum(days(ep["start"]), b.start - 3 * 365)
    age = age_on(b.people.dob[ep["person"].to_numpy()], np.maximum(start, b.start))
    return ep.assign(first=start, age=age)


def _in_work_uc(ctx: Context) -> pd.DataFrame:
    """Working adults on in-work Universal Credit (not a problem: out_of_work N)."""
    b = ctx.borough
    rng = ctx.rng("in-work benefits")
    p = b.people
    age = age_on(p.dob[: p.registered], b.start)
    workless = np.zeros(p.registered, dtype=bool)
    workless[ctx.episodes("worklessness")["person"].to_numpy()] = True
    who = np.flatnonzero((age >= 18) & (age <= 64) & ~workless & (rng.random(p.registered) < 0.06))
    n = len(who)
    start = between(rng, np.full(n, b.start - 700), np.full(n, b.until - 60))
    end = add_days(start, rng.integers(120, 720, n))
    end = np.where((end > b.until) | (rng.random(n) < 0.4), NAT, end)
    return pd.DataFrame({"person": who, "start": start, "end": end})


def benefits(ctx: Context) -> Feed:
    """Out-of-work claims for worklessness, in-work UC, and PIP for some with health needs."""
    rng = ctx.rng("benefits")
    claim = _claimants(ctx)
    adult = _birthday(ctx.borough.people.dob[claim["person"].to_numpy()], 18)
    first = np.maximum(days(claim["first"]), adult)  # a claim of one's own from 18
    end = days(claim["end"])
    ok = np.isnat(end) | (first <= end)
    n = int(ok.sum())
    out = pd.DataFrame(
        {
            "person": claim["person"].to_numpy()[ok],
            "benefit": weighted(rng, OUT_OF_WORK, n),
            "out_of_work": True,
            "start": first[ok],
            "end": end[ok],
        }
    )
    in_work = ctx.shared("in-work UC", _in_work_uc).assign(benefit="UC", out_of_work=False)
    health = ctx.episodes("health")
    health = health[(rng.random(len(health)) < 0.3)]
    pip_start = add_days(days(health["start"]), rng.integers(60, 200, len(health)))
    pip = pd.DataFrame(
        {
            "person": health["person"].to_numpy(),
            "benefit": "PIP",
            "out_of_work": False,
            "start": pip_start,
            "end": NAT,
        }
    )
    pip = pip[pip["start"].to_numpy(dtype="datetime64[D]") <= ctx.borough.until]
    rows = pd.concat([out, in_work, pip], ignore_index=True)
    rows = rows[
        age_on(ctx.borough.people.dob[rows["person"].to_numpy()], days(rows["start"])) >= 16
    ]
    rows = rows.sort_values(["start", "person"], kind="stable", ignore_index=True)
    columns = {
        "benefit": rows["benefit"].to_numpy(dtype=object),
        "out_of_work": rows["out_of_work"].to_numpy(dtype=bool),
        "start_date": days(rows["start"]),
        "end_date": days(rows["end"]),
    }
    n = len(rows)
    return Feed(
        "benefits", columns, rows["person"].to_numpy(np.int64), no_household(n), days(rows["start"])
    )


def employment(ctx: Context) -> Feed:
    """Jobs: continuous work after ``adult_into_work``, short jobs, in-work UC claimants' jobs."""
    b = ctx.borough
    rng = ctx.rng("employment")
    claim = _claimants(ctx)
    claim = claim[(claim["age"] >= 18) & claim["end"].notna()]
    into_work = claim[claim["story"] == "adult_into_work"].drop_duplicates("hh")
    start = add_days(days(into_work["end"]), rng.integers(0, 15, len(into_work)))
    long_end = add_days(start, rng.integers(30 * 7, 70 * 7, len(into_work)))
    long = pd.DataFrame(
        {
            "person": into_work["person"].to_numpy(),
            "start": start,
            "end": np.where((rng.random(len(start)) < 0.85) | (long_end > b.until), NAT, long_end),
            "hours": rng.integers(16, 41, len(start)).astype(float),
        }
    )
    others = claim[(claim["story"] != "adult_into_work") & (rng.random(len(claim)) < 0.5)]
    s_start = add_days(days(others["end"]), rng.integers(0, 21, len(others)))
    short = pd.DataFrame(
        {
            "person": others["person"].to_numpy(),
            "start": s_start,
            "end": add_days(s_start, rng.integers(4 * 7, 20 * 7, len(others))),
            "hours": rng.integers(8, 31, len(others)).astype(float),
        }
    )
    uc = ctx.shared("in-work UC", _in_work_uc)
    uc_jobs = pd.DataFrame(
        {
            "person": uc["person"].to_numpy(),
            "start": add_days(uc["start"].to_numpy(), -rng.integers(0, 400, len(uc))),
            "end": NAT,
            "hours": rng.integers(10, 31, len(uc)).astype(float),
        }
    )
    rows = pd.concat([long, short, uc_jobs], ignore_index=True)
    rows = rows[days(rows["start"]) <= b.until].reset_index(drop=True)
    end = days(rows["end"])
    rows["end"] = np.where(end > b.until, NAT, end)
    rows = rows.sort_values(["start", "person"], kind="stable", ignore_index=True)
    columns = {
        "start_date": days(rows["start"]),
        "end_date": days(rows["end"]),
        "hours_per_week": rows["hours"].to_numpy(dtype=float),
    }
    n = len(rows)
    return Feed(
        "employment",
        columns,
        rows["person"].to_numpy(np.int64),
        no_household(n),
        days(rows["start"]),
    )


def neet(ctx: Context) -> Feed:
    """Young people in worklessness episodes: not in education, employment or training from
    16 (or the episode's start) to the episode's end or their 25th birthday."""
    b = ctx.borough
    claim = _claimants(ctx)
    dob = b.people.dob[claim["person"].to_numpy()]
    start = np.maximum(claim["first"].to_numpy(dtype="datetime64[D]"), _birthday(dob, 16))
    over = _birthday(dob, 25) - np.timedelta64(1, "D")
    end = days(claim["end"])
    end = np.where(np.isnat(end), np.where(over > b.until, NAT, over), np.minimum(end, over))
    keep = (start <= b.until) & (np.isnat(end) | (end >= start))
    columns = {"start_date": start[keep], "end_date": end[keep]}
    person = claim["person"].to_numpy(np.int64)[keep]
    feed = Feed("neet", columns, person, no_household(len(person)), start[keep])
    return feed.take(np.lexsort((feed.subject, feed.when)))


def _birthday(dob: np.ndarray, years: int) -> np.ndarray:
    """The day each person turns ``years`` (29 February birthdays on 1 March)."""
    _, _, day = parts(dob)
    month = dob.astype("datetime64[M]") + np.timedelta64(12 * years, "M")
    return add_days(month.astype("datetime64[D]"), day - 1)
