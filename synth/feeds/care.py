"""Children's social care episodes, health needs and housing problems."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.dates import NAT, add_days
from synth.feeds.base import Feed, days, no_household
from synth.feeds.context import Context
from synth.text import keep

# Share of crime problems that also bring anti-social behaviour action against the tenancy.
TENANCY_ACTION_SHARE = 0.25


def _cut(end: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """``end`` no later than ``limit`` (an open limit leaves ``end`` as it is)."""
    return np.where(np.isnat(limit), end, np.where(np.isnat(end), limit, np.minimum(end, limit)))


def social_care(ctx: Context) -> Feed:
    """Each child's episodes, as their problem's form says (``forms.py``).

    Early help, or child in need, for the whole period (from birth for a child born during
    it); a child protection plan follows a section 47 enquiry; a looked-after child goes
    home by the period's end. Nothing outlasts the period.
    """
    rng = ctx.rng("social care")
    ep = ctx.episodes("children_need_help")
    n = len(ep)
    person = ep["person"].to_numpy()
    start = np.maximum(days(ep["start"]), ctx.borough.people.dob[person])
    end = days(ep["end"])
    detail = ep["detail"].to_numpy(dtype=object).astype(str)
    cin = np.char.find(detail, "child_in_need") >= 0
    cpp = np.char.find(detail, "child_protection_plan") >= 0
    cla = np.char.find(detail, "looked_after") >= 0
    s47_start = add_days(start, rng.integers(30, 91, n))
    s47_end = add_days(s47_start, rng.integers(10, 21, n))
    cla_start = add_days(s47_end, rng.integers(90, 300, n))
    parts = [
        (~cin, "early_help", start, end),
        (cin, "child_in_need", start, end),
        (cpp, "s47_enquiry", s47_start, _cut(s47_end, end)),
        (cpp, "child_protection_plan", s47_end, end),
        (cla, "looked_after", cla_start, end),
    ]
    rows = []
    for mask, status, first, last in parts:
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
    """One row per need the problem's form names (``forms.py``), for the whole period."""
    b = ctx.borough
    rng = ctx.rng("health")
    ep = ctx.episodes("health")
    needs = ep["detail"].str.split(";")
    frame = ep.assign(need=needs).explode("need")
    frame = pd.DataFrame(
        {
            "person": frame["person"].to_numpy(),
            "need": frame["need"].to_numpy(dtype=object),
            "start": days(frame["start"]),
            "end": days(frame["end"]),
        }
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


def housing(ctx: Context) -> Feed:
    """Housing problems, rent arrears, and anti-social behaviour action against some crime
    problems' tenancies; some rows name only the household, not a person."""
    rng = ctx.rng("housing")
    ep = ctx.episodes("housing", "financial")
    crime = ctx.episodes("crime_asb").drop_duplicates(["hh", "start"])  # one per tenancy
    crime = crime[rng.random(len(crime)) < TENANCY_ACTION_SHARE]
    ep = pd.concat([ep, crime.assign(detail="asb_tenancy_action")], ignore_index=True)
    n = len(ep)
    financial = (ep["problem"] == "financial").to_numpy()
    issue = ep["detail"].to_numpy(dtype=object)
    amount = np.where(financial, np.round(rng.uniform(250, 4500, n), 2), np.nan)
    arrears_too = (issue == "eviction_notice") & (rng.random(n) < 0.5)
    amount = np.where(arrears_too, np.round(rng.uniform(800, 6000, n), 2), amount)
    tenancy = (ep["problem"] == "crime_asb").to_numpy()  # the tenancy's, not the offender's
    household_only = (rng.random(n) < 0.45) | tenancy
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
