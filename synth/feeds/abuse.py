"""Domestic abuse: incidents in each affected household, with victim, perpetrator and children.

Incidents recur all through a case (``RECURRING_GAP``), so any year of it shows.

The same incidents reach the police feed (category "Domestic abuse") when reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.dates import age_on
from synth.feeds.base import (
    Feed,
    clip_windows,
    days,
    event_refs,
    no_household,
    poisson_events,
    recurring_events,
)
from synth.feeds.context import Context
from synth.streams import weighted

RISK = {"standard": 0.5, "medium": 0.3, "high": 0.2}
# Abuse recurs: incidents at most this many days apart while a case lasts, besides others.
RECURRING_GAP = 240


def _cases(ctx: Context) -> pd.DataFrame:
    """One row per abuse case period: household, episode, victim, perpetrator, dates."""
    ep = ctx.episodes("domestic_abuse")
    key = ["hh", "episode"]
    victims = ep[ep["role"] == "victim"][[*key, "person", "start", "end", "multi"]]
    abusers = ep[ep["role"] == "perpetrator"][[*key, "person"]].drop_duplicates(key)
    cases = victims.merge(abusers, on=key, suffixes=("", "_abuser"))
    return cases.rename(columns={"person": "victim", "person_abuser": "abuser"}).reset_index(
        drop=True
    )


def abuse_events(ctx: Context) -> pd.DataFrame:
    """Every incident: case row, date, risk level, MARAC flag, and whether police recorded it."""
    b = ctx.borough
    rng = ctx.rng("domestic abuse incidents")
    cases = _cases(ctx)
    first, last = clip_windows(b, days(cases["start"]), days(cases["end"]))
    rate = np.where(cases["multi"].to_numpy(), 2.5, 0.8)
    extra, extra_when = poisson_events(rng, first, last, rate)
    steady, steady_when = recurring_events(
        rng, b, days(cases["start"]), days(cases["end"]), RECURRING_GAP
    )
    both = pd.DataFrame(
        {"case": np.concatenate([steady, extra]), "when": np.concatenate([steady_when, extra_when])}
    ).drop_duplicates()  # one incident per case per day
    which, when = both["case"].to_numpy(), both["when"].to_numpy(dtype="datetime64[D]")
    n = len(which)
    risk = weighted(rng, RISK, n)
    marac = ((risk == "high") & (rng.random(n) < 0.85)) | (
        (risk == "medium") & (rng.random(n) < 0.1)
    )
    return pd.DataFrame(
        {
            "case": which,
            "hh": cases["hh"].to_numpy()[which],
            "victim": cases["victim"].to_numpy()[which],
            "abuser": cases["abuser"].to_numpy()[which],
            "when": when,
            "risk": risk,
            "marac": marac,
            "police": rng.random(n) < 0.75,
        }
    ).sort_values(["when", "hh"], kind="stable", ignore_index=True)


def domestic_abuse(ctx: Context) -> Feed:
    """One row per person per incident: the victim, the perpetrator, each child at home."""
    b = ctx.borough
    events = ctx.shared("abuse events", abuse_events)
    events = events.assign(incident=np.arange(len(events)))
    kids = ctx.episodes("domestic_abuse")
    kids = kids[kids["role"] == "child_in_household"][["hh", "person"]].drop_duplicates()
    child_rows = events.merge(kids, on="hh")
    born = child_rows["when"].to_numpy() >= b.people.dob[child_rows["person"].to_numpy()]
    under18 = (
        age_on(b.people.dob[child_rows["person"].to_numpy()], child_rows["when"].to_numpy()) < 18
    )
    child_rows = child_rows[born & under18]
    rows = pd.concat(
        [
            events.assign(person=events["victim"], role="victim", order=0),
            events.assign(person=events["abuser"], role="perpetrator", order=1),
            child_rows.assign(role="child_in_household", order=2),
        ],
        ignore_index=True,
    ).sort_values(["incident", "order", "person"], kind="stable")
    when = days(rows["when"])
    columns = {
        "incident_date": when,
        "role": rows["role"].to_numpy(dtype=object),
        "marac": rows["marac"].to_numpy(),
        "risk_level": rows["risk"].to_numpy(dtype=object),
    }
    n = len(rows)
    feed = Feed("domestic_abuse", columns, rows["person"].to_numpy(np.int64), no_household(n), when)
    feed.event = event_refs("DA", rows["incident"].to_numpy())
    return feed
