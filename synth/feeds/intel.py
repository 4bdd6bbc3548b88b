"""Police intelligence lists: the gangs matrix and the IOM cohort.

The matrix keeps victim and perpetrator scores apart (docs/product-model.md §8): a nominal can be a
perpetrator (harm band red/amber/green), a victim (victim band red/amber/green), or both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.dates import between
from synth.feeds.base import Feed
from synth.feeds.context import Context
from synth.identity import view
from synth.identity_errors import add_identity_errors, address_columns, stream
from synth.names import GANG_WORDS, NICKNAMES, STREET_ALIASES
from synth.nominals import listed
from synth.streams import pick, weighted
from synth.text import keep, numbered

BANDS = {"red": 0.25, "amber": 0.4, "green": 0.35}
_SCORES = {"red": (50, 100), "amber": (20, 49), "green": (1, 19), "zero": (0, 0)}
_FIRST_BANDS = ("red", "amber", "green")
IOM_NEEDS = (
    "accommodation",
    "ete",
    "health",
    "drugs_alcohol",
    "finance_benefit_debt",
    "children_families",
    "attitudes_thinking_behaviour",
)
OFFENCE_TYPES = (
    "Burglary",
    "Robbery",
    "Theft",
    "Violence against the person",
    "Drugs",
    "Vehicle crime",
    "Domestic abuse",
)
PROBATION = (
    "Licence",
    "Post-sentence supervision",
    "Community order",
    "Suspended sentence order",
    "Pre-release (custody)",
)


def _bands(rng: np.random.Generator, active: np.ndarray) -> np.ndarray:
    """A band for each nominal; the first three active ones get red, amber, green."""
    band = np.where(active, weighted(rng, BANDS, len(active)), "zero").astype(object)
    first = np.flatnonzero(active)[: len(_FIRST_BANDS)]
    band[first] = np.array(_FIRST_BANDS, dtype=object)[: len(first)]
    return band


def _scores(rng: np.random.Generator, band: np.ndarray) -> np.ndarray:
    low = np.array([_SCORES[b][0] for b in band])
    high = np.array([_SCORES[b][1] for b in band])
    return rng.integers(low, high + 1).astype(float)


def _aliases(rng: np.random.Generator, forename: np.ndarray) -> np.ndarray:
    n = len(forename)
    street = pick(rng, STREET_ALIASES, n)
    nick = np.array([NICKNAMES.get(f, (f[:3],))[0] for f in forename], dtype=object)
    both = street + ";" + nick
    return keep(rng.random(n) >= 0.4, np.where(rng.random(n) < 0.5, street, both))


def _gang_names(
    ctx: Context, rng: np.random.Generator, when: np.ndarray, person: np.ndarray
) -> np.ndarray:
    b = ctx.borough
    address = b.address_at(person, when)
    locality = np.where(address >= 0, b.places.addresses.locality[np.maximum(address, 0)], -1)
    names = [
        f"{loc} {w}"
        for loc in b.places.localities
        for w in rng.permutation(np.array(GANG_WORDS))[:2]
    ]
    table = np.array(names, dtype=object).reshape(len(b.places.localities), 2)
    which = rng.integers(0, 2, len(person))
    local = table[np.maximum(locality, 0), which]
    return np.where(locality >= 0, local, pick(rng, names, len(person)))


def gangs_matrix(ctx: Context) -> Feed:
    """One row per nominal still listed at the end, with harm and victim scores and bands."""
    b = ctx.borough
    rng = ctx.rng("gangs matrix")
    g = ctx.problems.gangs
    on_list, since = listed(g, ctx.episodes("gangs"), g["added"])
    g = g[on_list].reset_index(drop=True)
    person = g["person"].to_numpy(np.int64)
    added = since[on_list]
    reviewed = between(rng, np.minimum(added + 30, b.until), np.full(len(g), b.until))
    role = g["gang_role"].to_numpy()
    harm = _bands(rng, role != "victim")
    victim = _bands(rng, role != "perpetrator")
    seen = view(b, person, reviewed)
    gang = _gang_names(ctx, rng, reviewed, person)
    gang = keep(~((role == "victim") & (rng.random(len(g)) < 0.7)), gang)
    columns = {
        "forename": seen["forename"],
        "surname": seen["surname"],
        "date_of_birth": seen["date_of_birth"],
        "aliases": _aliases(rng, seen["forename"]),
        "postcode": seen["postcode"],
        "gang_name": gang,
        "harm_score": _scores(rng, harm),
        "harm_band": harm,
        "victim_score": _scores(rng, victim),
        "victim_band": victim,
        "date_added": added,
        "last_reviewed": reviewed,
    }
    feed = Feed("gangs_matrix", columns, person, np.full(len(g), -1), added)
    feed = feed.take(rng.permutation(len(g)))
    feed.columns["nominal_ref"] = numbered("GM", len(g), 5)
    return with_list_errors(ctx, feed)


def with_list_errors(ctx: Context, feed: Feed) -> Feed:
    """The identity errors and the addresses police exports carry (``synth.identity_errors``):
    the address is each nominal's on the day they were listed."""
    b = ctx.borough
    rng = stream(feed.kind, feed.subject)
    address = b.address_at(feed.subject, np.asarray(feed.when, dtype="datetime64[D]"))
    a = b.places.addresses
    safe = np.maximum(address, 0)
    names = np.array(b.places.localities, dtype=object)
    line1 = np.asarray(np.where(address >= 0, a.line1[safe], None), dtype=object)
    locality = np.asarray(np.where(address >= 0, names[a.locality[safe]], None), dtype=object)
    identity = {k: feed.columns[k] for k in ("forename", "surname", "date_of_birth", "postcode")}
    errors = add_identity_errors(rng, identity, np.unique(a.postcode))
    for name, values in errors.columns.items():
        feed.columns[name] = values
    feed.columns["date_of_birth"] = np.asarray(
        pd.to_datetime(pd.Series(errors.columns["date_of_birth"]), errors="coerce"),
        dtype="datetime64[D]",
    )
    feed.columns["date_of_birth_written"] = errors.written_dates
    feed.columns["identity_errors"] = errors.tags
    feed.columns.update(address_columns(rng, line1, locality))
    return feed


def iom_cohort(ctx: Context) -> Feed:
    """One row per offender still managed by the Integrated Offender Management team."""
    b = ctx.borough
    rng = ctx.rng("iom cohort")
    iom = ctx.problems.iom
    on_list, since = listed(iom, ctx.episodes("offender"), iom["entry"])
    iom = iom[on_list].reset_index(drop=True)
    n = len(iom)
    person = iom["person"].to_numpy(np.int64)
    entry = since[on_list]
    seen = view(b, person, entry)
    released = rng.random(n) < 0.55
    release = between(rng, entry - 200, np.minimum(entry + 30, b.until))
    status = np.where(released, "Licence", pick(rng, PROBATION[1:], n)).astype(object)
    needs = [
        ";".join(sorted(rng.choice(IOM_NEEDS, int(k), replace=False)))
        for k in rng.integers(1, 5, n)
    ]
    female = seen["sex"] == "female"
    extra = np.where(female & (rng.random(n) < 0.5), ";women_abuse_dv", "")
    columns = {
        "forename": seen["forename"],
        "surname": seen["surname"],
        "date_of_birth": seen["date_of_birth"],
        "postcode": seen["postcode"],
        "cohort": weighted(rng, {"fixed": 0.45, "flex": 0.35, "free": 0.2}, n),
        "offence_type": pick(rng, OFFENCE_TYPES, n),
        "probation_status": status,
        "release_date": np.where(released, release, np.datetime64("NaT")),
        "needs": (np.array(needs, dtype=object) + extra).astype(object),
    }
    feed = Feed("iom_cohort", columns, person, np.full(n, -1), entry)
    feed = feed.take(rng.permutation(n))
    numbers = rng.choice(900_000, n, replace=False) + 100_000
    feed.columns["nominal_ref"] = np.char.add("Q", numbers.astype(str)).astype(object)
    return with_list_errors(ctx, feed)
