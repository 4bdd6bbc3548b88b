"""Children's social care episodes, health needs and housing problems."""

from __future__ import annotations

import numpy as np
import pandas as pd

from imports.synth.dates import NAT, add_days, age_on
from imports.synth.feeds.base import Feed, days, no_household
from imports.synth.feeds.context import Context
from imports.synth.streams import weighted
from imports.synth.text import keep

ADULT_NEEDS = {
    "mental_health": 0.35,
    "substance_misuse": 0.15,
    "alcohol": 0.12,
    "physical_health": 0.15,
    "disability": 0.13,
}
HOUSING_ISSUES = {
    "eviction_notice": 0.25,
    "homeless": 0.12,
    "temporary_accommodation": 0.15,
    "overcrowded": 0.3,
    "asb_tenancy_action": 0.18,
}


def _cut(end: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """``end`` no later than ``limit`` (an open limit leaves ``end`` as it is)."""
    return np.where(np.isnat(limit), end, np.where(np.isnat(end), limit, np.minimum(end, limit)))


def social_care(ctx: Context) -> Feed:
    """Early help, then for some child in need, s47 enquiries and child protection plans."""
    rng = ctx.rng("social care")
    ep = ctx.episodes("children_need_help")
    n = len(ep)
    person = ep["person"].to_numpy()
    start = np.maximum(days(ep["start"]), ctx.borough.people.dob[person])
    end = days(ep["end"])
    multi = ep["multi"].to_numpy()
    eh_end = _cut(add_days(start, rng.integers(60, 181, n)), end)
    cin = multi & (rng.random(n) < 0.6)
    cin_start = add_days(eh_end, rng.integers(0, 31, n))
    cpp = cin & (rng.random(n) < 0.35)
    s47_start = add_days(cin_start, rng.integers(30, 91, n))
    s47_end = add_days(s47_start, rng.integers(10, 21, n))
    cla = cpp & (rng.random(n) < 0.1)
    cla_start = add_days(s47_end, rng.integers(90, 300, n))
    parts = [
        (np.ones(n, dtype=bool), "early_help", start, np.where(multi, eh_end, end)),
        (cin, "child_in_need", cin_start, end),
        (cpp, "s47_enquiry", s47_start, s47_end),
        (cpp, "child_protection_plan", s47_end, end),
        (cla, "looked_after", cla_start, NAT),
    ]
    rows = []
    for mask, status, first, last in parts:
        last = np.broadcast_to(np.asarray(last, dtype="datetime64[D]"), (n,))
        ok = mask & (first <= ctx.borough.until) & (np.isnat(end) | (first < end))
        rows.append(
            pd.DataFrame(
                {"person": person[ok], "status": status, "start": first[ok], "end": last[ok]}
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    frame = frame.sort_values(["start", "person"], kind="stable", ignore_index=True)
    when = days(frame["start"])
    end = days(frame["end"])
    columns = {
        "status": frame["status"].to_numpy(dtype=object),
        "start_date": when,
        "end_date": np.where(end > ctx.borough.until, NAT, end),
    }
    return Feed(
        "social_care", columns, frame["person"].to_numpy(np.int64), no_household(len(frame)), when
    )


def health(ctx: Context) -> Feed:
    """One row per need; children mostly mental health; new mothers flagged vulnerable."""
    b = ctx.borough
    rng = ctx.rng("health")
    ep = ctx.episodes("health")
    person = ep["person"].to_numpy()
    n = len(ep)
    start = days(ep["start"])
    child = age_on(b.people.dob[person], np.maximum(start, b.start)) < 18
    need = np.where(
        child,
        np.where(rng.random(n) < 0.8, "mental_health", "disability"),
        weighted(rng, ADULT_NEEDS, n),
    )
    new_mother = _new_mothers(ctx, ep) & (rng.random(n) < 0.5)
    need = np.where(new_mother, "vulnerable_new_mother", need).astype(object)
    second = ~child & (rng.random(n) < 0.2)
    extra = weighted(
        rng, {"mental_health": 0.5, "alcohol": 0.25, "substance_misuse": 0.25}, int(second.sum())
    )
    frame = pd.concat(
        [
            pd.DataFrame({"person": person, "need": need, "start": start, "end": days(ep["end"])}),
            pd.DataFrame(
                {
                    "person": person[second],
                    "need": extra,
                    "start": add_days(start[second], rng.integers(0, 120, int(second.sum()))),
                    "end": days(ep["end"])[second],
                }
            ),
        ],
        ignore_index=True,
    ).drop_duplicates(["person", "need", "start"])
    first, last = days(frame["start"]), days(frame["end"])
    frame = frame[(first <= b.until) & (np.isnat(last) | (last >= first))]
    frame = frame.sort_values(["start", "person"], kind="stable", ignore_index=True)
    m = len(frame)
    when = days(frame["start"])
    columns = {
        "need": frame["need"].to_numpy(dtype=object),
        "start_date": when,
        "end_date": days(frame["end"]),
        "in_treatment": rng.random(m) < 0.6,
    }
    return Feed("health", columns, frame["person"].to_numpy(np.int64), no_household(m), when)


def _new_mothers(ctx: Context, ep: pd.DataFrame) -> np.ndarray:
    """Women in households where a baby was born during the span."""
    b = ctx.borough
    p = b.people
    babies = np.flatnonzero(p.dob[: p.registered] >= b.start)
    has_baby = np.zeros(len(b.households), dtype=bool)
    has_baby[p.hh_end[babies]] = True
    person = ep["person"].to_numpy()
    adult = age_on(p.dob[person], b.until) >= 16
    mothers: np.ndarray = has_baby[ep["hh"].to_numpy()] & (p.sex[person] == "female") & adult
    return mothers


def housing(ctx: Context) -> Feed:
    """Housing problems and rent arrears; some rows name only the household, not a person."""
    rng = ctx.rng("housing")
    ep = ctx.episodes("housing", "financial")
    n = len(ep)
    financial = (ep["problem"] == "financial").to_numpy()
    issue = np.where(financial, "rent_arrears", weighted(rng, HOUSING_ISSUES, n)).astype(object)
    amount = np.where(financial, np.round(rng.uniform(250, 4500, n), 2), np.nan)
    arrears_too = (issue == "eviction_notice") & (rng.random(n) < 0.5)
    amount = np.where(arrears_too, np.round(rng.uniform(800, 6000, n), 2), amount)
    household_only = rng.random(n) < 0.45
    person = np.where(household_only, -1, ep["person"].to_numpy())
    start = days(ep["start"])
    columns = {
        "issue": issue,
        "start_date": start,
        "end_date": days(ep["end"]),
        "amount": amount,
    }
    feed = Feed("housing", columns, person.astype(np.int64), ep["hh"].to_numpy(np.int64), start)
    feed.columns["household_ref"] = keep(
        household_only | (rng.random(n) < 0.5), ctx.borough.households.ref[feed.household]
    )
    return feed.take(np.lexsort((feed.household, feed.when)))
