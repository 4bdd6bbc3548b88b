"""Households and the people in them, built column-wise with numpy.

Ages are drawn for the end of the span (the register's snapshot). People born during the
span join their household on their birthday. Out-of-borough people (for the gangs
matrix, IOM cohort and police victims) are appended after the registered people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from synth.dates import DAY, NAT, add_days, age_on, years
from synth.names import ORIGINS
from synth.streams import group_rank, weighted
from synth.text import numbered, padded

TYPES = {
    "single": 0.33,
    "couple": 0.17,
    "lone_parent": 0.14,
    "couple_children": 0.22,
    "multi_generation": 0.05,
    "sharers": 0.09,
}
_WITH_CHILDREN = ("lone_parent", "couple_children", "multi_generation")
ROLES = ("head", "partner", "grandparent", "child", "sharer")  # in the order members are listed
NINO_PREFIXES = "QABCEGHJKLMNPRSTWXYZ"  # QQ first: HMRC's example prefix; Q never starts a real one


@dataclass
class People:
    """Everyone the generator knows of; the first ``registered`` are in the council register."""

    registered: int
    ref: np.ndarray  # person_ref ("P0000123"); None for out-of-borough people
    forename: np.ndarray
    surname: np.ndarray
    sex: np.ndarray  # "female" / "male"
    dob: np.ndarray  # datetime64[D]
    origin: np.ndarray
    role: np.ndarray  # head, partner, grandparent, child, sharer
    hh_start: np.ndarray  # household at the start of the span (or at birth); -1 outside
    hh_end: np.ndarray  # household at the end of the span; -1 outside
    move_day: np.ndarray  # day they moved from hh_start to hh_end; NaT when they did not
    moved_in: np.ndarray  # date_moved_in of their current membership (the register's column)
    joined: np.ndarray  # the day they joined ``hh_start`` (birth, or when it formed)
    expecting: np.ndarray  # bool
    nino: np.ndarray  # None when not issued
    upn: np.ndarray  # None for people never at school in the span
    postcode: np.ndarray  # own postcode for out-of-borough people, else None
    line1: np.ndarray  # own address for out-of-borough people, else None

    def __len__(self) -> int:
        return len(self.ref)


@dataclass
class Households:
    """The borough's households (index = household id)."""

    ref: np.ndarray
    type: np.ndarray
    origin: np.ndarray
    address: np.ndarray  # current address id
    old_address: np.ndarray  # address before a move in the span, or -1
    address_move: np.ndarray  # day of that move, or NaT

    def __len__(self) -> int:
        return len(self.ref)


@dataclass(frozen=True)
class Composition:
    """How many of each member each household has."""

    type: np.ndarray
    partner: np.ndarray
    grandparents: np.ndarray
    children: np.ndarray
    sharers: np.ndarray


def compose(rng: np.random.Generator, n: int) -> Composition:
    """Household types and member counts (about 2.4 people per household on average)."""
    kind = weighted(rng, TYPES, n)
    with_children = np.isin(kind, _WITH_CHILDREN)
    partner = (kind == "couple") | (kind == "couple_children")
    partner |= (kind == "multi_generation") & (rng.random(n) < 0.75)
    children = np.where(
        with_children, rng.choice([1, 2, 3, 4, 5], n, p=[0.36, 0.38, 0.16, 0.07, 0.03]), 0
    )
    grand = np.where(kind == "multi_generation", 1 + (rng.random(n) < 0.4), 0)
    sharers = np.where(kind == "sharers", rng.choice([1, 2, 3], n, p=[0.6, 0.3, 0.1]), 0)
    return Composition(kind, partner.astype(np.int64), grand, children, sharers)


def _adult_age(rng: np.random.Generator, n: int, adult: int) -> np.ndarray:
    band = rng.choice(4, n, p=[0.22, 0.33, 0.24, 0.21])
    low = np.array([min(adult, 29), 30, 50, 65])[band]
    high = np.array([29, 49, 64, 90])[band]
    return rng.integers(low, high + 1)


def build_people(
    rng: np.random.Generator, comp: Composition, until: np.datetime64, start: np.datetime64
) -> tuple[People, np.ndarray]:
    """Registered people, ordered by household, and each household's origin group."""
    n_h = len(comp.type)
    origin = weighted(rng, {k: o.share for k, o in ORIGINS.items()}, n_h)
    counts = (
        np.ones(n_h, dtype=np.int64),
        comp.partner,
        comp.grandparents,
        comp.children,
        comp.sharers,
    )
    hh = np.concatenate([np.repeat(np.arange(n_h), c) for c in counts])
    code = np.concatenate([np.full(int(c.sum()), i) for i, c in enumerate(counts)])
    order = np.lexsort((code, hh))  # by household, then head, partner, grandparents ...
    hh, role = hh[order], np.array(ROLES, dtype=object)[code[order]]
    adult = 18 + int(np.ceil((until - start).astype(np.int64) / 365.25))  # adult all span
    age, sex = _ages_and_sexes(rng, comp, hh, role, adult)
    dob = add_days(np.full(len(hh), until), -(age * 365.25 + rng.integers(1, 365, len(hh))))
    person_origin = origin[hh].copy()
    mixed = (role == "partner") & (rng.random(len(hh)) < 0.12) | (role == "sharer")
    person_origin[mixed] = weighted(rng, {k: o.share for k, o in ORIGINS.items()}, int(mixed.sum()))
    forename, surname = _names(rng, hh, role, sex, person_origin, comp.type)
    n = len(hh)
    none = np.full(n, None, dtype=object)
    people = People(
        registered=n,
        ref=_refs("P", n, 7),
        forename=forename,
        surname=surname,
        sex=sex,
        dob=dob,
        origin=person_origin,
        role=role,
        hh_start=hh,
        hh_end=hh.copy(),
        move_day=np.full(n, NAT),
        moved_in=np.full(n, NAT),
        joined=np.full(n, NAT),
        expecting=_expecting(rng, sex, dob, until),
        nino=none.copy(),
        upn=_upns(rng, dob, start, until),
        postcode=none.copy(),
        line1=none,
    )
    return people, origin


def _refs(prefix: str, n: int, width: int) -> np.ndarray:
    width = max(width, len(str(n)))
    return numbered(prefix, n, width)


def household_refs(n: int) -> np.ndarray:
    """``H000045``-style household references."""
    return _refs("H", n, 6)


def _ages_and_sexes(
    rng: np.random.Generator, comp: Composition, hh: np.ndarray, role: np.ndarray, adult: int
) -> tuple[np.ndarray, np.ndarray]:
    """Ages at the end of the span; heads, partners and sharers were adults all span."""
    n_h, n = len(comp.type), len(hh)
    kind = comp.type
    band = rng.choice(3, n_h, p=[0.06, 0.84, 0.1])  # eldest a baby, at school, a young adult
    eldest = np.array([0, 5, 19])[band] + (rng.random(n_h) * np.array([5, 14, 6])[band]).astype(
        np.int64
    )
    at_birth = np.clip(np.round(rng.normal(28, 6, n_h)), 16, 44).astype(np.int64)
    head_age = np.select(
        [np.isin(kind, _WITH_CHILDREN), kind == "sharers"],
        [eldest + at_birth, rng.integers(adult, 46, n_h)],
        _adult_age(rng, n_h, adult),
    )
    head_age = np.clip(head_age, adult, 90)
    gap = rng.integers(1, 4, n_h)
    first_child = np.zeros(n, dtype=np.int64)
    is_child = role == "child"
    first_child[is_child] = group_rank(hh[is_child])
    child_age = np.maximum(eldest[hh] - first_child * gap[hh] - rng.integers(0, 2, n), 0)
    partner_age = np.clip(
        head_age[hh] + np.round(rng.normal(0, 3.5, n)).astype(np.int64), adult, 90
    )
    age = np.select(
        [role == "head", role == "partner", role == "grandparent", is_child],
        [
            head_age[hh],
            partner_age,
            np.minimum(head_age[hh] + rng.integers(22, 36, n), 90),
            child_age,
        ],
        rng.integers(adult, 46, n),
    )
    female_head = np.select([kind == "lone_parent", kind == "single"], [0.9, 0.52], 0.45)
    head_female = rng.random(n_h) < female_head
    same_sex = rng.random(n) < 0.05
    female = np.select(
        [role == "head", role == "partner", role == "grandparent"],
        [head_female[hh], head_female[hh] == same_sex, rng.random(n) < 0.6],
        rng.random(n) < 0.49,
    )
    return age.astype(np.int64), np.where(female, "female", "male").astype(object)


def _names(
    rng: np.random.Generator,
    hh: np.ndarray,
    role: np.ndarray,
    sex: np.ndarray,
    origin: np.ndarray,
    kind: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    n = len(hh)
    forename = np.empty(n, dtype=object)
    own_surname = np.empty(n, dtype=object)
    for key, group in ORIGINS.items():
        mine = origin == key
        for value, names in (("female", group.female), ("male", group.male)):
            mask = mine & (sex == value)
            forename[mask] = np.array(names, dtype=object)[rng.integers(0, len(names), mask.sum())]
        surnames = np.array(group.surnames, dtype=object)
        own_surname[mine] = surnames[rng.integers(0, len(surnames), mine.sum())]
    head_index = np.flatnonzero(role == "head")
    head_surname = own_surname[head_index][np.searchsorted(hh[head_index], hh)]
    partner_index = np.flatnonzero(role == "partner")
    partner_surname = np.full(len(kind), None, dtype=object)
    partner_surname[hh[partner_index]] = own_surname[partner_index]
    u = rng.random(n)
    surname = own_surname.copy()
    surname[(role == "partner") & (u < 0.65)] = head_surname[(role == "partner") & (u < 0.65)]
    child = role == "child"
    other_parent = partner_surname[hh]
    has_other = child & (other_parent != None) & (other_parent != head_surname)  # noqa: E711
    surname[child] = head_surname[child]
    lone = child & (kind[hh] == "lone_parent") & (u < 0.4)
    surname[lone] = own_surname[lone]
    use_other = has_other & (u < 0.12)
    surname[use_other] = other_parent[use_other]
    hyphen = has_other & (u >= 0.12) & (u < 0.22)
    surname[hyphen] = head_surname[hyphen] + "-" + other_parent[hyphen]
    grand = (role == "grandparent") & (u < 0.5)
    surname[grand] = head_surname[grand]
    return forename, surname


def _expecting(
    rng: np.random.Generator, sex: np.ndarray, dob: np.ndarray, until: np.datetime64
) -> np.ndarray:
    age = age_on(dob, until)
    can = (sex == "female") & (age >= 16) & (age <= 44)
    expecting: np.ndarray = can & (rng.random(len(sex)) < 0.025)
    return expecting


def _upns(
    rng: np.random.Generator, dob: np.ndarray, start: np.datetime64, until: np.datetime64
) -> np.ndarray:
    schooled = (age_on(dob, start) <= 18) & (age_on(dob, until) >= 4)
    n = int(schooled.sum())
    letters = np.array(list("ABCDEFGHJKLMNPRTUVWXYZ"), dtype=object)
    serial = rng.choice(10**9, size=n, replace=False)
    upn = np.full(len(dob), None, dtype=object)
    upn[schooled] = letters[rng.integers(0, len(letters), n)] + "999" + padded(serial, 9)
    return upn


def assign_ninos(rng: np.random.Generator, people: People, until: np.datetime64) -> None:
    """Give everyone aged 16 or over by the end of the span a unique ``Q``-prefixed NINO."""
    has = age_on(people.dob, until) >= 16
    n = int(has.sum())
    blocks = max(1, -(-n // 1_000_000))
    number = rng.choice(blocks * 1_000_000, size=n, replace=False)
    second = np.array(list(NINO_PREFIXES), dtype=object)[number // 1_000_000]
    digits = padded(number % 1_000_000, 6)
    suffix = np.array(list("ABCD"), dtype=object)[rng.integers(0, 4, n)]
    people.nino[has] = "Q" + second + digits + suffix


def moved_in_dates(
    rng: np.random.Generator,
    people: People,
    households: Households,
    start: np.datetime64,
    until: np.datetime64,
) -> None:
    """When each person joined their first household, and the register's ``date_moved_in``.

    Households formed when the head moved in (after they turned 18, before the span). A
    household that moved address during the span shows that move as ``date_moved_in``;
    people who moved household during the span already carry their move date.
    """
    reg = people.registered
    head = np.flatnonzero(people.role[:reg] == "head")
    eighteenth = add_days(people.dob[head], np.full(len(head), 18 * 365.25 + 1))
    floor = np.maximum(eighteenth, start - years(25))
    spread = np.maximum((start - DAY - floor).astype(np.int64), 0) * rng.random(len(head))
    formed = np.full(len(households), NAT)
    formed[people.hh_start[head]] = floor + spread.astype("timedelta64[D]")
    formed = np.minimum(formed, until)
    joined = np.maximum(formed[people.hh_start[:reg]], people.dob[:reg])
    people.joined[:reg] = joined
    moved = households.address_move[people.hh_end[:reg]]
    address_date = np.where(np.isnat(moved), joined, np.maximum(moved, people.dob[:reg]))
    stay = np.isnat(people.move_day[:reg])
    people.moved_in[:reg] = np.where(stay, address_date, people.moved_in[:reg])
