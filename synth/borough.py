"""The synthetic borough: its places, households and people, and where each person lived when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from synth.dates import NAT, Term, day, terms
from synth.moves import add_outsiders, move_households, move_people
from synth.places import Places, build_places
from synth.population import (
    Households,
    People,
    assign_ninos,
    build_people,
    compose,
    household_refs,
    moved_in_dates,
)
from synth.streams import stream


@dataclass
class Borough:
    """Everything the feeds are drawn from."""

    seed: int
    start: np.datetime64
    until: np.datetime64
    start_date: dt.date
    until_date: dt.date
    places: Places
    households: Households
    people: People
    terms: list[Term]

    def household_at(self, person: np.ndarray, when: np.ndarray) -> np.ndarray:
        """Each person's household on the given day (-1 for out-of-borough people)."""
        p = self.people
        before = ~np.isnat(p.move_day[person]) & (when < p.move_day[person])
        return np.asarray(np.where(before, p.hh_start[person], p.hh_end[person]))

    def address_at(self, person: np.ndarray, when: np.ndarray) -> np.ndarray:
        """Each person's address id on the given day (-1 for out-of-borough people)."""
        hh = self.household_at(person, when)
        safe = np.maximum(hh, 0)
        h = self.households
        old = ~np.isnat(h.address_move[safe]) & (when < h.address_move[safe])
        address = np.where(old, h.old_address[safe], h.address[safe])
        return np.where(hh >= 0, address, -1)


def build_borough(seed: int, households: int, start: dt.date, until: dt.date) -> Borough:
    """Build the borough's geography and population for one seed."""
    first, last = day(start), day(until)
    comp = compose(stream(seed, "composition"), households)
    people, origin = build_people(stream(seed, "people"), comp, last, first)
    n_addresses = households + households // 10 + 10
    places = build_places(stream(seed, "places"), n_addresses, households)
    house = Households(
        ref=household_refs(households),
        type=comp.type,
        origin=origin,
        address=np.arange(households),
        old_address=np.full(households, -1),
        address_move=np.full(households, NAT),
    )
    move_households(stream(seed, "address moves"), house, n_addresses, first, last)
    move_people(stream(seed, "person moves"), people, house, first, last)
    moved_in_dates(stream(seed, "moved in"), people, house, first, last)
    add_outsiders(stream(seed, "outsiders"), people, last)
    assign_ninos(stream(seed, "ninos"), people, last)
    calendar = terms(start, until, stream(seed, "terms"))
    return Borough(seed, first, last, start, until, places, house, people, calendar)
