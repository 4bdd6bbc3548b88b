"""The fictional borough's geography: localities, streets, postcodes, addresses, schools.

Postcodes use the outward prefix ``QX`` (no real UK postcode starts with Q), e.g.
``QX3 7LB``; out-of-borough people get ``QY`` postcodes. UPRNs start with ``99``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth.names import LOCALITIES, SAINTS, STREET_PREFIXES, STREET_TYPES, STREET_WORDS
from synth.streams import group_rank, pick
from synth.text import numbered

INWARD_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))  # letters real inward codes use
UNITS_PER_DISTRICT = 10 * len(INWARD_LETTERS) ** 2  # sectors 0-9 x two letters
MAX_DISTRICTS = 99


@dataclass(frozen=True)
class Addresses:
    """Every address in the borough (index = address id)."""

    line1: np.ndarray
    postcode: np.ndarray
    uprn: np.ndarray
    locality: np.ndarray  # int index into Places.localities


@dataclass(frozen=True)
class Schools:
    """The borough's schools (index = school id)."""

    urn: np.ndarray
    name: np.ndarray
    locality: np.ndarray
    secondary: np.ndarray  # bool


@dataclass(frozen=True)
class Places:
    """Localities, addresses and schools."""

    localities: tuple[str, ...]
    addresses: Addresses
    schools: Schools


def build_places(rng: np.random.Generator, n_addresses: int, households: int) -> Places:
    """A borough of 4-6 localities with ``n_addresses`` addresses and enough schools."""
    n_loc = int(rng.integers(4, 7))
    localities = tuple(str(x) for x in rng.permutation(np.array(LOCALITIES))[:n_loc])
    addresses = _addresses(rng, n_addresses, n_loc)
    schools = _schools(rng, localities, households)
    return Places(localities, addresses, schools)


def _addresses(rng: np.random.Generator, n: int, n_loc: int) -> Addresses:
    districts = min(MAX_DISTRICTS, max(n_loc, -(-n // 60_000)))
    per_unit = max(15, -(-n // (districts * UNITS_PER_DISTRICT)))
    district = np.sort(np.arange(n) % districts)
    in_district = group_rank(district)
    street, number = _streets(rng, district, in_district)
    unit = (in_district // per_unit * 2731 + district * 977) % UNITS_PER_DISTRICT
    letters = len(INWARD_LETTERS)
    inward = (
        (unit // letters**2).astype(str).astype(object)
        + INWARD_LETTERS[(unit // letters) % letters].astype(object)
        + INWARD_LETTERS[unit % letters].astype(object)
    )
    postcode = "QX" + (district + 1).astype(str).astype(object) + " " + inward
    order = rng.permutation(n)  # households are not handed out street by street
    uprn = numbered("99", n, 10)
    return Addresses(
        line1=_line1(rng, street, number)[order],
        postcode=postcode[order],
        uprn=uprn,
        locality=(district % n_loc)[order],
    )


def _streets(
    rng: np.random.Generator, district: np.ndarray, in_district: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A street id and house number for each address (streets of 20-80 homes)."""
    n = len(district)
    lengths = rng.integers(20, 81, size=n // 20 + 2)
    bounds = np.cumsum(lengths)
    key = district.astype(np.int64) * (n + 1) + in_district
    street_of = np.searchsorted(bounds, key % (n + 1), side="right")
    street = district.astype(np.int64) * (len(bounds) + 1) + street_of
    _, street_id = np.unique(street, return_inverse=True)
    number = group_rank(street_id) + 1
    return street_id, number


def _line1(rng: np.random.Generator, street: np.ndarray, number: np.ndarray) -> np.ndarray:
    n_streets = int(street.max()) + 1 if len(street) else 0
    word = pick(rng, STREET_WORDS, n_streets)
    names = pick(rng, STREET_PREFIXES, n_streets) + word + " " + pick(rng, STREET_TYPES, n_streets)
    blocks = rng.random(n_streets) < 0.25
    block_name = word + " House"
    num = number.astype(str).astype(object)
    house = num + " " + names[street]
    flat = "Flat " + num + ", " + block_name[street]
    return np.asarray(np.where(blocks[street], flat, house), dtype=object)


def _schools(rng: np.random.Generator, localities: tuple[str, ...], households: int) -> Schools:
    per_loc = households / len(localities)
    n_primary = max(2, round(per_loc / 700))
    n_secondary = max(1, round(per_loc / 2500))
    rows: list[tuple[str, int, bool]] = []
    for loc_index, locality in enumerate(localities):
        words = rng.permutation(np.array(STREET_WORDS))
        for i in range(n_primary):
            if i % 4 == 3:
                saint = SAINTS[int(rng.integers(0, len(SAINTS)))]
                name = f"St {saint} C of E Primary School"
            elif i == 0:
                name = f"{locality} Primary School"
            else:
                name = f"{words[i % len(words)]} Primary School"
            rows.append((name, loc_index, False))
        for i in range(n_secondary):
            suffix = ("Academy", "High School", "School", "Community College")[i % 4]
            name = f"{locality} {suffix}" if i < 4 else f"{words[-1 - i % len(words)]} {suffix}"
            rows.append((name, loc_index, True))
    frame = pd.DataFrame(rows, columns=["name", "locality", "secondary"])
    urn = (990001 + np.arange(len(frame))).astype(str).astype(object)
    return Schools(
        urn=urn,
        name=frame["name"].to_numpy(dtype=object),
        locality=frame["locality"].to_numpy(),
        secondary=frame["secondary"].to_numpy(),
    )


def outside_postcodes(rng: np.random.Generator, size: int) -> np.ndarray:
    """Postcodes for people who live outside the borough (``QY`` prefix)."""
    district = rng.integers(1, 10, size).astype(str).astype(object)
    sector = rng.integers(0, 10, size).astype(str).astype(object)
    letters = INWARD_LETTERS[rng.integers(0, len(INWARD_LETTERS), (size, 2))].astype(object)
    codes: np.ndarray = "QY" + district + " " + sector + letters[:, 0] + letters[:, 1]
    return codes
