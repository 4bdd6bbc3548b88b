"""How a person looks in a partner's file: their name, date of birth and address on the day,
and only the identifiers that partner usually holds (police rarely know the council's
person_ref; schools know the UPN; DWP knows the NINO).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.borough import Borough
from synth.feeds.base import Feed
from synth.text import keep


@dataclass(frozen=True)
class Known:
    """The share of a partner's rows that carry each identifier (when the person has one)."""

    person_ref: float
    nino: float
    upn: float
    uprn: float = 0.1
    address: float = 0.85
    sex: float = 0.95


KNOWN: dict[str, Known] = {
    "people": Known(1.0, 0.88, 0.92, uprn=0.97, address=1.0, sex=1.0),
    "school_attendance": Known(0.15, 0.0, 0.97, address=0.8),
    "exclusions": Known(0.1, 0.0, 0.95, address=0.7),
    "alternative_provision": Known(0.1, 0.0, 0.85, address=0.7),
    "police_incidents": Known(0.01, 0.05, 0.0, uprn=0.02, address=0.9),
    "youth_justice": Known(0.3, 0.1, 0.4),
    "domestic_abuse": Known(0.2, 0.1, 0.05),
    "benefits": Known(0.05, 0.97, 0.0, uprn=0.2),
    "employment": Known(0.02, 0.95, 0.0, uprn=0.0, address=0.6),
    "social_care": Known(0.85, 0.3, 0.5, uprn=0.3),
    "health": Known(0.4, 0.1, 0.05, uprn=0.1),
    "housing": Known(0.5, 0.2, 0.0, uprn=0.9, address=1.0),
    "neet": Known(0.3, 0.2, 0.7),
}


def view(borough: Borough, person: np.ndarray, when: np.ndarray) -> dict[str, np.ndarray]:
    """Everyone's true identity as it stood on the day: names, dob, sex, ids and address."""
    p = borough.people
    a = borough.places.addresses
    address = borough.address_at(person, when)
    inside = address >= 0
    safe = np.maximum(address, 0)
    return {
        "person_ref": p.ref[person],
        "forename": p.forename[person],
        "surname": p.surname[person],
        "date_of_birth": p.dob[person],
        "sex": p.sex[person],
        "postcode": np.where(inside, a.postcode[safe], p.postcode[person]),
        "address_line1": np.where(inside, a.line1[safe], p.line1[person]),
        "uprn": np.where(inside, a.uprn[safe], None),
        "nino": p.nino[person],
        "upn": p.upn[person],
    }


def add_person_columns(borough: Borough, feed: Feed, rng: np.random.Generator) -> None:
    """Fill a person-level feed's person columns (what that partner knows) and households."""
    known = KNOWN[feed.kind]
    person = np.maximum(feed.subject, 0)
    about_person = feed.subject >= 0
    hh_now = borough.household_at(person, feed.when)
    feed.household = np.where(
        feed.household >= 0, feed.household, np.where(about_person, hh_now, -1)
    )
    seen = view(borough, person, feed.when)
    n = len(feed)
    share = {
        "person_ref": known.person_ref,
        "nino": known.nino,
        "upn": known.upn,
        "uprn": known.uprn,
        "address_line1": known.address,
        "sex": known.sex,
    }
    for name, values in seen.items():
        if name in share and share[name] < 1.0:
            values = keep(rng.random(n) < share[name], values)
        if name in ("postcode", "address_line1", "uprn"):
            values = _household_address(borough, feed, values, name)
        feed.columns[name] = _blank_unless(values, about_person, name)


def _household_address(borough: Borough, feed: Feed, values: np.ndarray, name: str) -> np.ndarray:
    """Rows about a whole household carry that household's address on the day."""
    whole = (feed.subject < 0) & (feed.household >= 0)
    if not whole.any():
        return values
    h = borough.households
    hh = feed.household[whole]
    when = feed.when[whole]
    old = ~np.isnat(h.address_move[hh]) & (when < h.address_move[hh])
    address = np.where(old, h.old_address[hh], h.address[hh])
    a = borough.places.addresses
    source = {"postcode": a.postcode, "address_line1": a.line1, "uprn": a.uprn}[name]
    out = values.copy()
    out[whole] = source[address]
    return out


def _blank_unless(values: np.ndarray, about_person: np.ndarray, name: str) -> np.ndarray:
    if name in ("postcode", "address_line1", "uprn"):
        return values
    if values.dtype.kind == "M":
        return np.where(about_person, values, np.datetime64("NaT"))
    return keep(about_person, values)
