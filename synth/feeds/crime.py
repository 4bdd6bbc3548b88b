"""Crime and anti-social behaviour: police incidents (one row per person per incident) and
the youth justice service's proven offences for under-18s.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.borough import Borough
from synth.dates import age_on, school_year_of
from synth.feeds.abuse import abuse_events
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
from synth.streams import pick, weighted
from synth.text import keep, padded

OFFENCES = (
    "Violence with injury",
    "Violence without injury",
    "Criminal damage",
    "Shoplifting",
    "Theft from the person",
    "Burglary",
    "Robbery",
    "Drugs possession",
    "Drugs supply",
    "Public order",
    "Possession of weapons",
    "Vehicle crime",
)
ASB = (
    "Rowdy or inconsiderate behaviour",
    "Neighbour dispute",
    "Nuisance noise",
    "Street drinking",
    "Nuisance vehicles",
    "Vandalism",
    "Intimidation",
)
INTERVENTIONS = ("ABC", "injunction", "CBO", "dispersal", "CPW", "CPN")
OUTCOMES = {
    "NFA": 0.35,
    "charged": 0.2,
    "proven": 0.15,
    "caution": 0.1,
    "community resolution": 0.1,
    "under investigation": 0.1,
}
# Events a year while a problem lasts, besides the recurring ones, and the share that
# are offences (the rest ASB incidents and interventions).
RATES = {"crime_asb": 3.0, "gangs": 2.0, "offender": 1.5}
OFFENCE_SHARE = {"crime_asb": 0.45, "gangs": 0.85, "offender": 1.0}
BACKGROUND_RATE, BACKGROUND_OFFENCE_SHARE = 1.0, 0.35  # a one-off ASB problem
# Every crime problem stays visible to screening all through its period: an anti-social
# behaviour intervention (gang members: an injunction) at most this many days apart; an
# IOM offender, a proven offence. Offenders' other events are offences only.
RECURRING_GAP = 240
# Domestic abuse the police recorded did not end in a charge (a charge would be a crime
# problem of its own): these are the outcomes of the police feed's domestic incidents.
DOMESTIC_OUTCOMES = {"NFA": 0.6, "under investigation": 0.25, "community resolution": 0.15}


def _perpetrated(ctx: Context) -> pd.DataFrame:
    """Incidents with a known perpetrator: person, day, type and any set outcome or order."""
    rng = ctx.rng("police incidents")
    parts = []
    for problem, rate in RATES.items():
        ep = ctx.episodes(problem)
        if problem == "gangs":
            ep = ep[ep["role"] != "victim"]
        background = ~ep["multi"].to_numpy() & (problem == "crime_asb")
        first, last = clip_windows(ctx.borough, days(ep["start"]), days(ep["end"]))
        per_year = np.where(background, BACKGROUND_RATE, rate)
        person = ep["person"].to_numpy()
        which, when = recurring_events(
            rng, ctx.borough, days(ep["start"]), days(ep["end"]), RECURRING_GAP
        )
        steady: dict[str, object]
        if problem == "offender":
            steady = {
                "type": "offence",
                "set_outcome": pick(rng, ("charged", "proven"), len(which)),
            }
        else:
            order = "injunction" if problem == "gangs" else None
            steady = {"type": "asb_intervention", "set_order": order}
        parts.append(pd.DataFrame({"person": person[which], "when": when, **steady}))
        which, when = poisson_events(rng, first, last, per_year)
        share = np.where(background[which], BACKGROUND_OFFENCE_SHARE, OFFENCE_SHARE[problem])
        asb = np.where(rng.random(len(which)) < 0.75, "asb_incident", "asb_intervention")
        kind = np.where(rng.random(len(which)) < share, "offence", asb)
        parts.append(pd.DataFrame({"person": person[which], "when": when, "type": kind}))
    frame = pd.concat(parts, ignore_index=True)
    for column in ("set_outcome", "set_order"):
        if column not in frame:
            frame[column] = None
    # One event of a kind per person per day (a second would be the same row twice).
    frame = frame.drop_duplicates(["person", "when", "type"], keep="first")
    return frame.sort_values(["when", "person"], kind="stable", ignore_index=True)


def _gang_victims(ctx: Context) -> pd.DataFrame:
    rng = ctx.rng("gang victims")
    ep = ctx.episodes("gangs")
    ep = ep[ep["role"] != "perpetrator"]
    first, last = clip_windows(ctx.borough, days(ep["start"]), days(ep["end"]))
    which, when = poisson_events(rng, first, last, 1.0)
    return pd.DataFrame({"person": ep["person"].to_numpy()[which], "when": when})


def _incidents(ctx: Context) -> pd.DataFrame:
    """Every person in every incident: incident id, person, role, date, type, details."""
    b = ctx.borough
    rng = ctx.rng("incident details")
    perp = _perpetrated(ctx)
    n = len(perp)
    category = np.where(perp["type"] == "offence", pick(rng, OFFENCES, n), pick(rng, ASB, n))
    category = np.where(perp["type"] == "asb_intervention", "ASB intervention", category)
    outcome = keep((perp["type"] == "offence").to_numpy(), weighted(rng, OUTCOMES, n))
    outcome = np.where(perp["set_outcome"].notna(), perp["set_outcome"], outcome)
    intervention = keep(
        (perp["type"] == "asb_intervention").to_numpy(), pick(rng, INTERVENTIONS, n)
    )
    intervention = np.where(perp["set_order"].notna(), perp["set_order"], intervention)
    incidents = perp.drop(columns=["set_outcome", "set_order"]).assign(
        category=category, outcome=outcome, intervention=intervention
    )
    victim_p = np.select(
        [perp["type"] == "offence", perp["type"] == "asb_incident"], [0.55, 0.35], 0
    )
    has_victim = rng.random(n) < victim_p
    has_witness = (perp["type"] != "asb_intervention").to_numpy() & (rng.random(n) < 0.12)
    gang = _gang_victims(ctx)
    unknown = pd.DataFrame(
        {
            "person": -1,
            "when": days(gang["when"]),
            "type": "offence",
            "category": pick(
                rng, ("Violence with injury", "Robbery", "Possession of weapons"), len(gang)
            ),
            "outcome": weighted(rng, OUTCOMES, len(gang)),
            "intervention": None,
        }
    )
    dv = ctx.shared("abuse events", abuse_events)
    dv = dv[dv["police"]]
    domestic = pd.DataFrame(
        {
            "person": dv["abuser"].to_numpy(),
            "when": days(dv["when"]),
            "type": "offence",
            "category": "Domestic abuse",
            "outcome": weighted(rng, DOMESTIC_OUTCOMES, len(dv)),
            "intervention": None,
        }
    )
    every = pd.concat([incidents, unknown, domestic], ignore_index=True)
    perpetrators = perp["person"].to_numpy()
    victims = _others(ctx, rng, perpetrators)
    witnesses = _others(ctx, rng, perpetrators, victims)
    every["victim"] = np.concatenate(
        [np.where(has_victim, victims, -2), gang["person"].to_numpy(), dv["victim"].to_numpy()]
    )
    every["witness"] = np.concatenate(
        [np.where(has_witness, witnesses, -2), np.full(len(gang) + len(dv), -2)]
    )
    every = every.sort_values(["when", "person"], kind="stable", ignore_index=True)
    every["incident"] = np.arange(len(every))
    return _involvements(every, b)


def _others(ctx: Context, rng: np.random.Generator, *taken: np.ndarray) -> np.ndarray:
    """Victims or witnesses: anyone aged 12 or over, ~3% from outside the borough, never a
    person already in the same incident."""
    p = ctx.borough.people
    pool = np.flatnonzero(age_on(p.dob, ctx.borough.until) >= 12)
    inside = pool[pool < p.registered]
    outside = pool[pool >= p.registered]
    n = len(taken[0])
    chosen = np.where(rng.random(n) < 0.03, rng.choice(outside, n), rng.choice(inside, n))
    clash = np.zeros(n, dtype=bool)
    for other in taken:
        clash |= chosen == other
    return np.where(clash, inside[(np.searchsorted(inside, chosen) + 1) % len(inside)], chosen)


def _involvements(every: pd.DataFrame, borough: Borough) -> pd.DataFrame:
    """One row per person per incident, in incident order (perpetrator, victim, witness)."""
    base = every.drop(columns=["person", "victim", "witness"])
    rows = pd.concat(
        [
            base.assign(person=every["person"], role="perpetrator", order=0),
            base.assign(person=every["victim"], role="victim", order=1),
            base.assign(person=every["witness"], role="witness", order=2),
        ],
        ignore_index=True,
    )
    rows = rows[rows["person"] >= 0].sort_values(
        ["incident", "order"], kind="stable", ignore_index=True
    )
    born = days(rows["when"]) >= borough.people.dob[rows["person"].to_numpy()]
    rows = rows[born].reset_index(drop=True)
    year = school_year_of(days(rows["when"])) % 100
    ref = "QX/" + padded(year, 2) + "/" + padded(rows["incident"].to_numpy() + 1, 6)
    rows["crime_ref"] = keep((rows["type"] == "offence").to_numpy(), ref)
    out: pd.DataFrame = rows
    return out


def police_incidents(ctx: Context) -> Feed:
    """One row per person per incident, with their role (perpetrator, victim or witness)."""
    rows = ctx.shared("incidents", _incidents)
    when = days(rows["when"])
    columns = {
        "incident_date": when,
        "incident_type": rows["type"].to_numpy(dtype=object),
        "role": rows["role"].to_numpy(dtype=object),
        "category": rows["category"].to_numpy(dtype=object),
        "outcome": rows["outcome"].to_numpy(dtype=object),
        "intervention": rows["intervention"].to_numpy(dtype=object),
        "crime_ref": rows["crime_ref"].to_numpy(dtype=object),
    }
    person = rows["person"].to_numpy(np.int64)
    feed = Feed("police_incidents", columns, person, no_household(len(rows)), when)
    feed.event = event_refs("INC", rows["incident"].to_numpy())
    return feed


def youth_justice(ctx: Context) -> Feed:
    """Proven offences and orders of under-18 perpetrators."""
    b = ctx.borough
    rng = ctx.rng("youth justice")
    rows = ctx.shared("incidents", _incidents)
    when = days(rows["when"])
    person = rows["person"].to_numpy()
    young = age_on(b.people.dob[person], when) < 18
    dealt = (
        rows["outcome"].isin(["charged", "proven", "caution", "community resolution"]).to_numpy()
    )
    keep = (
        young & dealt & (rows["role"] == "perpetrator").to_numpy() & (rng.random(len(rows)) < 0.8)
    )
    rows, when, person = rows[keep], when[keep], person[keep]
    n = len(rows)
    outcome_date = when + rng.integers(14, 151, n).astype("timedelta64[D]")
    police = rows["outcome"].to_numpy()
    outcome = weighted(
        rng,
        {
            "referral_order": 0.45,
            "yro": 0.25,
            "custody": 0.07,
            "other": 0.08,
            "conditional_caution": 0.15,
        },
        n,
    )
    outcome = np.where(
        police == "caution",
        np.where(rng.random(n) < 0.6, "caution", "conditional_caution"),
        outcome,
    )
    outcome = np.where(police == "community resolution", "other", outcome).astype(object)
    inside = outcome_date <= b.until
    columns = {
        "offence_date": when[inside],
        "outcome_date": outcome_date[inside],
        "outcome": outcome[inside],
        "offence_category": rows["category"].to_numpy(dtype=object)[inside],
    }
    m = int(inside.sum())
    return Feed("youth_justice", columns, person[inside], no_household(m), when[inside])
