"""Who moved during the span: whole households to a new address, and young adults who
left home to join a partner's household; plus the out-of-borough people partners know of.
"""

from __future__ import annotations

import numpy as np

from synth.dates import NAT, age_on, between
from synth.names import ORIGINS, STREET_TYPES, STREET_WORDS
from synth.places import outside_postcodes
from synth.population import Households, People
from synth.streams import pick, weighted

ADDRESS_MOVE_SHARE = 0.08
PERSON_MOVE_SHARE = 0.012


def move_households(
    rng: np.random.Generator,
    households: Households,
    n_addresses: int,
    start: np.datetime64,
    until: np.datetime64,
) -> None:
    """About 8% of households move address in the span; partners may still hold the old one.

    Households live at addresses ``0..n-1``; the addresses after them are the old homes.
    """
    n = len(households)
    spare = n_addresses - n
    moving = np.flatnonzero(rng.random(n) < ADDRESS_MOVE_SHARE)[:spare]
    households.old_address[moving] = n + np.arange(len(moving))
    households.address_move[moving] = between(
        rng, np.full(len(moving), start + 30), np.full(len(moving), until - 30)
    )


def move_people(
    rng: np.random.Generator,
    people: People,
    households: Households,
    start: np.datetime64,
    until: np.datetime64,
) -> None:
    """Some young adults leave their family's household to join a single adult's household."""
    reg = people.registered
    age = age_on(people.dob[:reg], start)
    size = np.bincount(people.hh_start[:reg], minlength=len(households))
    leavers = np.flatnonzero(
        np.isin(people.role[:reg], ("child", "sharer"))
        & (age >= 18)
        & (age <= 30)
        & (size[people.hh_start[:reg]] >= 3)
    )
    heads = np.flatnonzero((people.role[:reg] == "head") & (age >= 20) & (age <= 45))
    singles = heads[households.type[people.hh_start[heads]] == "single"]
    n = min(len(leavers), len(singles), int(round(PERSON_MOVE_SHARE * reg)))
    if n == 0:
        return
    who = rng.choice(leavers, n, replace=False)
    to = rng.choice(singles, n, replace=False)
    people.hh_end[who] = people.hh_start[to]
    people.move_day[who] = between(rng, np.full(n, start + 60), np.full(n, until - 60))
    people.moved_in[who] = people.move_day[who]
    people.role[who] = "partner"


def add_outsiders(rng: np.random.Generator, people: People, until: np.datetime64) -> None:
    """Append out-of-borough people (not in the register) for police and intelligence feeds."""
    n = 20 + people.registered // 100
    origin = weighted(rng, {k: o.share for k, o in ORIGINS.items()}, n)
    sex = np.where(rng.random(n) < 0.8, "male", "female").astype(object)
    forename = np.empty(n, dtype=object)
    surname = np.empty(n, dtype=object)
    for key, group in ORIGINS.items():
        mine = origin == key
        for value, names in (("female", group.female), ("male", group.male)):
            mask = mine & (sex == value)
            forename[mask] = pick(rng, names, int(mask.sum()))
        surname[mine] = pick(rng, group.surnames, int(mine.sum()))
    age = rng.integers(15, 50, n)
    dob = until - (age * 365.25 + rng.integers(1, 365, n)).astype("timedelta64[D]")
    line1 = (
        rng.integers(1, 200, n).astype(str).astype(object)
        + " "
        + pick(rng, STREET_WORDS, n)
        + " "
        + pick(rng, STREET_TYPES, n)
    )
    none = np.full(n, None, dtype=object)
    extend = {
        "ref": none,
        "forename": forename,
        "surname": surname,
        "sex": sex,
        "dob": dob,
        "origin": origin,
        "role": np.full(n, "outside", dtype=object),
        "hh_start": np.full(n, -1),
        "hh_end": np.full(n, -1),
        "move_day": np.full(n, NAT),
        "moved_in": np.full(n, NAT),
        "joined": np.full(n, NAT),
        "expecting": np.zeros(n, dtype=bool),
        "nino": none,
        "upn": none,
        "postcode": outside_postcodes(rng, n),
        "line1": line1,
    }
    for name, values in extend.items():
        setattr(people, name, np.concatenate([getattr(people, name), values]))
