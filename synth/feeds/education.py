"""Education feeds: school attendance per pupil per term, exclusions, alternative provision."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.dates import (
    NAT,
    Term,
    academic_label,
    add_days,
    age_on,
    compulsory_school_age,
    term_start,
)
from synth.feeds.base import Feed, clip_windows, days, no_household, poisson_events
from synth.feeds.context import Context
from synth.streams import pick

EXCLUSION_REASONS = (
    "Persistent disruptive behaviour",
    "Physical assault against a pupil",
    "Physical assault against an adult",
    "Verbal abuse or threatening behaviour against an adult",
    "Verbal abuse or threatening behaviour against a pupil",
    "Drug and alcohol related",
    "Damage to property",
    "Bullying",
    "Use or threat of use of an offensive weapon",
)
PROVIDERS = (
    "Quayford Pupil Referral Unit",
    "Bridge Academy (AP)",
    "Horizons Learning Centre",
    "Pathways Tuition Service",
    "Hospital and Home Education Service",
    "Second Chance Skills Hub",
)


def school_attendance(ctx: Context) -> Feed:
    """One row per pupil per term for every term of every school year in the span.

    A term that an education problem touches (any day of it, holidays counted with the
    term before: autumn 1 September to 31 December, spring to 31 March, summer to 31 July)
    is a bad one: 55-75% of sessions missed without authorisation, so that even one such
    term among any three is over 15% unauthorised absence. Every other term stays under
    10% absence (under 4% unauthorised). A pupil with a problem is on a school roll, also
    in terms they are not of compulsory school age (Reception, the sixth form), which
    screening does not count; so are the young people at college or nursery with a poor
    year (``synth.outside_school_age``).
    """
    b = ctx.borough
    rng = ctx.rng("school attendance")
    pupils = np.flatnonzero(b.people.upn[: b.people.registered] != None)  # noqa: E711
    sixth_form = rng.random(len(pupils)) < 0.55
    base_rate = np.minimum(rng.gamma(2.0, 0.022, len(pupils)), 0.085)
    school_key = rng.random(len(pupils))
    n_terms = len(b.terms)
    pupil_i = np.repeat(np.arange(len(pupils)), n_terms)
    term_i = np.tile(np.arange(n_terms), len(pupils))
    year = np.array([t.school_year for t in b.terms])[term_i]
    aug31 = (np.array([f"{t.school_year}-08-31" for t in b.terms], dtype="datetime64[D]"))[term_i]
    age = age_on(b.people.dob[pupils[pupil_i]], aug31)
    whole_first, whole_last = _whole_terms(b.terms)
    problem = _in_problem(ctx, pupils[pupil_i], whole_first[term_i], whole_last[term_i])
    enrolled = ((age >= 4) & (age <= 15)) | ((age >= 16) & (age <= 17) & sixth_form[pupil_i])
    enrolled |= problem
    pupil_i, term_i, year, age = pupil_i[enrolled], term_i[enrolled], year[enrolled], age[enrolled]
    problem = problem[enrolled]
    person = pupils[pupil_i]
    first = np.array([t.first for t in b.terms])[term_i]
    last = np.array([t.last for t in b.terms])[term_i]
    when = first + (last - first) // 2
    possible = np.array([t.sessions for t in b.terms])[term_i]
    late = (rng.random(len(person)) < 0.03) & ~problem
    possible = possible - np.where(late, rng.integers(4, 60, len(person)), 0)
    rate = np.minimum(base_rate[pupil_i] * rng.lognormal(0.0, 0.25, len(person)), 0.093)
    unauth_share = rng.uniform(0.15, 0.4, len(person))
    absent = np.round(possible * rate)
    unauth = np.round(absent * unauth_share)
    bad_unauth = np.ceil(possible * rng.uniform(0.55, 0.75, len(person)))
    bad_auth = np.round(possible * rng.uniform(0.0, 0.08, len(person)))
    unauth = np.where(problem, bad_unauth, unauth)
    absent = np.where(problem, bad_unauth + bad_auth, absent)
    school = _school(ctx, person, when, age, school_key[pupil_i])
    terms = np.array([t.name for t in b.terms], dtype=object)[term_i]
    columns = {
        "academic_year": academic_label(year),
        "term": terms,
        "sessions_possible": possible.astype(float),
        "sessions_authorised_absence": (absent - unauth).astype(float),
        "sessions_unauthorised_absence": unauth.astype(float),
        "school_urn": b.places.schools.urn[school],
        "school_name": b.places.schools.name[school],
    }
    feed = Feed("school_attendance", columns, person, no_household(len(person)), when, terms)
    return feed.take(np.lexsort((term_i, person, school)))


def _whole_terms(terms: list[Term]) -> tuple[np.ndarray, np.ndarray]:
    """Each term with the holiday after it: 1 September-31 December, 1 January-31 March,
    1 April-31 July (as screening counts terms)."""
    bounds = {
        "autumn": ("09-01", "12-31"),
        "spring": ("01-01", "03-31"),
        "summer": ("04-01", "07-31"),
    }
    first, last = [], []
    for t in terms:
        year = str(t.first.astype("datetime64[Y]"))
        first.append(np.datetime64(f"{year}-{bounds[t.name][0]}"))
        last.append(np.datetime64(f"{year}-{bounds[t.name][1]}"))
    return np.array(first, dtype="datetime64[D]"), np.array(last, dtype="datetime64[D]")


def _in_problem(
    ctx: Context, person: np.ndarray, first: np.ndarray, last: np.ndarray
) -> np.ndarray:
    """Whether each pupil-term overlaps one of the pupil's education problem periods."""
    ep = ctx.episodes("education")
    if ep.empty:
        return np.zeros(len(person), dtype=bool)
    rows = pd.DataFrame({"person": person, "row": np.arange(len(person))})
    hits = rows.merge(ep[["person", "start", "end"]], on="person")
    start, end = days(hits["start"]), days(hits["end"])
    row = hits["row"].to_numpy()
    overlap = (start <= last[row]) & (np.isnat(end) | (end >= first[row]))
    out = np.zeros(len(person), dtype=bool)
    out[row[overlap]] = True
    return out


def _school(
    ctx: Context, person: np.ndarray, when: np.ndarray, age: np.ndarray, key: np.ndarray
) -> np.ndarray:
    """The pupil's school: one of their locality's primaries (under 11) or secondaries."""
    b = ctx.borough
    schools = b.places.schools
    address = b.address_at(person, when)
    locality = b.places.addresses.locality[address]
    secondary = age >= 11
    n_loc = len(b.places.localities)
    table = {}
    for loc in range(n_loc):
        for sec in (False, True):
            table[(loc, sec)] = np.flatnonzero(
                (schools.locality == loc) & (schools.secondary == sec)
            )
    out = np.empty(len(person), dtype=np.int64)
    for (loc, sec), ids in table.items():
        mask = (locality == loc) & (secondary == sec)
        out[mask] = ids[np.floor(key[mask] * len(ids)).astype(np.int64)]
    return out


def _exclusion_events(ctx: Context) -> pd.DataFrame:
    """Suspensions and permanent exclusions of pupils with education problems, and of some
    sixth-formers with a poor year at college.

    A pupil's exclusions fall on days they are of compulsory school age, in terms they
    began of compulsory school age (``school_age_days``), so that screening counts each of
    them in a term whose attendance it counts too; a sixth-former's never count.
    """
    b = ctx.borough
    rng = ctx.rng("exclusions")
    ep = ctx.episodes("education")
    ep = ep[ep["detail"] != "nursery"].reset_index(drop=True)
    first, last = clip_windows(b, days(ep["start"]), days(ep["end"]))
    rate = np.where(ep["multi"].to_numpy(), 2.0, np.where(ep["detail"] == "college", 1.5, 0.5))
    which, when = poisson_events(rng, first, last, rate)
    person = ep["person"].to_numpy()[which]
    when = _weekday(when)
    age = age_on(b.people.dob[person], when)
    college = (ep["detail"] == "college").to_numpy()[which]
    keep = (school_age_days(b.people.dob[person], when) | college) & (
        (age >= 11) | (rng.random(len(person)) < 0.3)
    )
    keep &= (when >= first[which]) & (when <= last[which])  # a weekend moved out of it
    frame = pd.DataFrame(
        {"person": person[keep], "when": when[keep], "end": days(ep["end"])[which][keep]}
    )
    frame = frame.sort_values(["person", "when"], kind="stable").reset_index(drop=True)
    last_one = ~frame["person"].duplicated(keep="last").to_numpy()
    permanent = last_one & (rng.random(len(frame)) < 0.08)
    frame["permanent"] = permanent
    return frame


def school_age_days(dob: np.ndarray, when: np.ndarray) -> np.ndarray:
    """Whether each day is one its child is of compulsory school age, in a term they began
    of compulsory school age (as screening counts terms)."""
    first, last = compulsory_school_age(dob)
    counted: np.ndarray = (first <= term_start(when)) & (when <= last)
    return counted


def _weekday(when: np.ndarray) -> np.ndarray:
    """Move weekend days to the following Monday."""
    weekday = (when.astype(np.int64) + 3) % 7  # 0 = Monday
    return add_days(when, np.where(weekday >= 5, 7 - weekday, 0))


def exclusions(ctx: Context) -> Feed:
    """One row per suspension or permanent exclusion."""
    events = ctx.shared("exclusion events", _exclusion_events)
    rng = ctx.rng("exclusion details")
    n = len(events)
    permanent = events["permanent"].to_numpy()
    kind = np.where(rng.random(n) < 0.6, "suspension", "fixed_term").astype(object)
    kind[permanent] = "permanent"
    length = np.where(permanent, np.nan, rng.integers(1, 11, n) / 2.0)
    columns = {
        "exclusion_type": kind,
        "start_date": days(events["when"]),
        "days": length,
        "reason": pick(rng, EXCLUSION_REASONS, n),
    }
    return Feed(
        "exclusions", columns, events["person"].to_numpy(), no_household(n), days(events["when"])
    )


def alternative_provision(ctx: Context) -> Feed:
    """Placements after permanent exclusion, and some for behaviour or medical reasons."""
    b = ctx.borough
    rng = ctx.rng("alternative provision")
    events = ctx.shared("exclusion events", _exclusion_events)
    excluded = events[events["permanent"]]
    ep = ctx.episodes("education")
    ep = ep[ep["multi"] & (rng.random(len(ep)) < 0.2)]
    first, last = clip_windows(b, days(ep["start"]), days(ep["end"]))
    start_other = first + ((last - first).astype(np.int64) * rng.random(len(ep))).astype(
        "timedelta64[D]"
    )
    person = np.concatenate([excluded["person"].to_numpy(), ep["person"].to_numpy()])
    start = np.concatenate(
        [add_days(days(excluded["when"]), rng.integers(1, 16, len(excluded))), start_other]
    )
    problem_end = np.concatenate([days(excluded["end"]), days(ep["end"])])
    reason = np.concatenate(
        [
            np.full(len(excluded), "exclusion", dtype=object),
            pick(rng, ("behaviour", "behaviour", "behaviour", "medical", "other"), len(ep)),
        ]
    )
    n = len(person)
    end = add_days(start, rng.integers(60, 330, n))
    end = np.where((end > b.until) | (rng.random(n) < 0.25), NAT, end)
    end = np.where(
        np.isnat(problem_end),
        end,
        np.where(np.isnat(end), problem_end, np.minimum(end, problem_end)),
    )
    # Placements are for children of compulsory school age and end when they leave it.
    _, leaves = compulsory_school_age(b.people.dob[person])
    end = np.where(leaves > b.until, end, np.where(np.isnat(end), leaves, np.minimum(end, leaves)))
    keep = (start <= b.until) & school_age_days(b.people.dob[person], start)
    keep &= np.isnat(problem_end) | (start <= problem_end)
    columns = {
        "start_date": start[keep],
        "end_date": end[keep],
        "reason": reason[keep],
        "provider": pick(rng, PROVIDERS, int(keep.sum())),
    }
    feed = Feed(
        "alternative_provision", columns, person[keep], no_household(int(keep.sum())), start[keep]
    )
    return feed.take(np.lexsort((feed.when,)))
