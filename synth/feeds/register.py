"""The council's own lists: the people register, the keyworker roster, and referrals."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.dates import between
from synth.feeds.base import Feed, days, no_household
from synth.feeds.context import Context
from synth.identity import view
from synth.names import BOROUGH, LANGUAGES, ORIGINS
from synth.streams import pick, weighted
from synth.text import keep, numbered

RELATIONSHIP = {"head": "head", "partner": "partner", "child": "child"}
_ORDER = {"head": 0, "partner": 1, "child": 2, "other": 3}
SPECIALISMS = (
    "gangs",
    "domestic_abuse",
    "youth_justice",
    "substance_misuse",
    "mental_health",
    "send",
    "early_years",
)
AGENCY = {
    "crime_asb": ("police", "yos"),
    "education": ("school", "school"),
    "worklessness": ("self", "charity"),
    "domestic_abuse": ("police", "social_care"),
    "children_need_help": ("social_care", "health"),
    "health": ("health", "health"),
    "housing": ("housing", "housing"),
    "financial": ("housing", "charity"),
    "gangs": ("police", "yos"),
    "offender": ("probation", "probation"),
}
REASONS = {
    "crime_asb": "Anti-social behaviour and police call-outs",
    "education": "Poor school attendance",
    "worklessness": "Parents out of work and struggling",
    "domestic_abuse": "Domestic abuse incident at the address",
    "children_need_help": "Concerns about the children's welfare",
    "health": "Parent's mental health and wellbeing",
    "housing": "Risk of losing the tenancy",
    "financial": "Rent arrears and debt",
    "gangs": "Young person at risk of gang involvement",
    "offender": "Parent released from custody",
}


def people(ctx: Context) -> Feed:
    """Everyone in the council's register, in their household at the end of the span."""
    b = ctx.borough
    p = b.people
    reg = p.registered
    relationship = pd.Series(p.role[:reg]).map(RELATIONSHIP).fillna("other").to_numpy(dtype=object)
    rank = pd.Series(relationship).map(_ORDER).to_numpy()
    person = np.lexsort((np.arange(reg), rank, p.hh_end[:reg])).astype(np.int64)
    relationship = relationship[person]
    when = np.full(reg, b.until)
    columns = {
        "household_ref": b.households.ref[p.hh_end[person]],
        "relationship": relationship,
        "expecting_baby": p.expecting[person],
        "date_moved_in": p.moved_in[person],
    }
    return Feed("people", columns, person, p.hh_end[person].astype(np.int64), when)


def keyworkers(ctx: Context) -> Feed:
    """The roster: about one keyworker per 150 households (at least six)."""
    b = ctx.borough
    rng = ctx.rng("keyworkers")
    n = max(6, round(len(b.households) / 150))
    origin = weighted(rng, {k: o.share for k, o in ORIGINS.items()}, n)
    female = rng.random(n) < 0.75
    forename = np.empty(n, dtype=object)
    surname = np.empty(n, dtype=object)
    for key, group in ORIGINS.items():
        for value, names in ((True, group.female), (False, group.male)):
            mask = (origin == key) & (female == value)
            forename[mask] = pick(rng, names, int(mask.sum()))
        mine = origin == key
        surname[mine] = pick(rng, group.surnames, int(mine.sum()))
    localities = np.array(b.places.localities, dtype=object)
    loc = localities[np.arange(n) % len(localities)]
    borough_wide = rng.random(n) < 0.2
    team = np.where(
        borough_wide,
        pick(rng, ("Youth and Gangs Team", "Domestic Abuse Team"), n),
        loc + " Family Help Team",
    )
    email = _emails(forename, surname)
    capacity = np.where(rng.random(n) < 0.8, 12.0, rng.integers(6, 10, n).astype(float))
    specialisms = [
        ";".join(sorted(rng.choice(SPECIALISMS, int(k), replace=False))) or None
        for k in rng.choice([0, 1, 2], n, p=[0.3, 0.45, 0.25])
    ]
    other = pick(rng, LANGUAGES, n)
    languages = np.where(rng.random(n) < 0.35, "English;" + other, "English")
    staff = numbered("S", n, 5)
    columns = {
        "staff_ref": staff,
        "name": forename + " " + surname,
        "email": email,
        "team": team.astype(object),
        "locality": keep(~borough_wide, loc),
        "capacity_units": capacity,
        "specialisms": np.array(specialisms, dtype=object),
        "languages": languages.astype(object),
    }
    feed = Feed("keyworkers", columns, np.full(n, -1), no_household(n), np.full(n, b.until))
    feed.staff = staff
    return feed


def _emails(forename: np.ndarray, surname: np.ndarray) -> np.ndarray:
    base = pd.Series(forename + "." + surname).str.lower().str.replace(r"[^a-z.]", "", regex=True)
    count = base.groupby(base).cumcount()
    suffix = np.where(count > 0, (count + 1).astype(str), "")
    domain = "@" + BOROUGH.lower() + ".gov.example"
    return (base + suffix + domain).to_numpy(dtype=object)


def referrals(ctx: Context) -> Feed:
    """Families referred by partners: some by household_ref, some by name, dob and postcode."""
    b = ctx.borough
    rng = ctx.rng("referrals")
    ep = ctx.problems.episodes
    first = ep.sort_values(["hh", "start"], kind="stable").drop_duplicates("hh")
    multi = first["multi"].to_numpy()
    chosen = np.where(multi, rng.random(len(first)) < 0.75, rng.random(len(first)) < 0.07)
    first = first[chosen]
    again = first[first["multi"].to_numpy() & (rng.random(len(first)) < 0.1)]
    rows = pd.concat([first, again], ignore_index=True)
    n = len(rows)
    low = np.maximum(days(rows["start"]), b.start)
    end = days(rows["end"])
    high = np.where(np.isnat(end), b.until, np.minimum(np.maximum(end, low), b.until))
    when = between(rng, low, high)
    problem = rows["problem"].to_numpy()
    agency = np.array(
        [AGENCY[p][i] for p, i in zip(problem, rng.integers(0, 2, n), strict=True)], dtype=object
    )
    agency = np.where(rng.random(n) < 0.1, "multi_agency_panel", agency)
    hh = rows["hh"].to_numpy(np.int64)
    heads = _heads(ctx)
    named = np.where(rng.random(n) < 0.6, heads[hh], rows["person"].to_numpy())
    named = np.where(named >= 0, named, heads[hh])
    by_ref = rng.random(n) < 0.5
    with_name = ~by_ref | (rng.random(n) < 0.3)
    seen = view(b, named, when)
    consent = keep(rng.random(n) >= 0.05, rng.random(n) < 0.9)
    columns = {
        "referrer_agency": agency,
        "referral_date": when,
        "reason": _reasons(ep, hh, problem),
        "forename": keep(with_name, seen["forename"]),
        "surname": keep(with_name, seen["surname"]),
        "date_of_birth": np.where(with_name, seen["date_of_birth"], np.datetime64("NaT")),
        "postcode": keep(with_name, seen["postcode"]),
        "household_ref": keep(by_ref, b.households.ref[hh]),
        "consent": consent,
    }
    subject = np.where(with_name, named, -1).astype(np.int64)
    feed = Feed("referrals", columns, subject, hh, when).take(np.lexsort((hh, when)))
    feed.columns["referral_ref"] = numbered("R", n, 6)
    return feed


def _reasons(episodes: pd.DataFrame, hh: np.ndarray, problem: np.ndarray) -> np.ndarray:
    """The referrer's reason: the problem that prompted it, and a second one if there is one."""
    listed = episodes.drop_duplicates(["hh", "problem"]).groupby("hh")["problem"].agg(list)
    out = []
    for household, main in zip(hh.tolist(), problem.tolist(), strict=True):
        others = [p for p in listed.get(household, []) if p != main]
        text = REASONS[main]
        out.append(f"{text}; {REASONS[others[0]].lower()}" if others else text)
    return np.array(out, dtype=object)


def _heads(ctx: Context) -> np.ndarray:
    p = ctx.borough.people
    heads = np.full(len(ctx.borough.households), -1, dtype=np.int64)
    is_head = np.flatnonzero(p.role[: p.registered] == "head")
    heads[p.hh_start[is_head]] = is_head
    return heads
