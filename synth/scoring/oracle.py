"""The oracle: which households' generated problems meet a rule set, as at a date.

Pure pandas over the ground truth (no database, no partner files): each generated problem
row is tested against ``mapping.MAPPING`` in the rule set's own windows, using the true
members of each household and their true ages on the as-of date (and, for a pupil's
terms, whether they were of compulsory school age: the oracle's own reading of the law,
not the engine's), and the criteria met are combined by the rule set's own
``eligible_when`` (all three national criteria, two
plus a local one; two headlines; three needs across three headlines with a child ...).

Problem periods are cut to the span the partner files cover, so the oracle is exact for
as-of dates at least a year into the span (the demo screens on its last day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eligibility import RuleSet
from eligibility.terms import Term, last_complete_terms, lookback_start
from eligibility.vectorised import eligible_from_criteria
from synth.errors import TruthUnreadable
from synth.scoring.mapping import Meets, When, criteria_of
from synth.scoring.truth import Truth


@dataclass(frozen=True)
class Expected:
    """What the generated problems meet: per household (``household_ref``), each criterion
    and eligibility; ``hits`` says which member's problem met which criterion."""

    ruleset_id: str
    as_of: dt.date
    criteria: pd.DataFrame  # bool, one column per criterion id
    eligible: pd.Series  # bool
    hits: pd.DataFrame  # household_ref, criterion, person_ref, problem, role, when


def expected(ruleset: RuleSet, as_of: dt.date, truth: Truth) -> Expected:
    """The households whose generated problems meet ``ruleset`` as at ``as_of``."""
    rows = criteria_of(ruleset.id)
    if not rows:
        raise TruthUnreadable(
            f"The evaluation does not know rule set {ruleset.id!r}: it knows the shipped ones.",
            code="ruleset_not_mapped",
        )
    living = truth.living(as_of)
    home = living.set_index("person_ref")["household_ref"]
    problems = truth.problems.merge(truth.people[["person_ref", "born"]], on="person_ref")
    hits = pd.concat(
        [_hits(row, ruleset, problems, as_of, truth.span) for row in rows], ignore_index=True
    )
    hits["household_ref"] = hits["person_ref"].map(home)
    hits = hits.dropna(subset=["household_ref"])

    households = pd.Index(truth.households, name="household_ref")
    columns = [criterion.id for criterion in ruleset.criteria]
    met = hits.drop_duplicates(["household_ref", "criterion"])
    criteria = pd.DataFrame(False, index=households, columns=columns)
    for criterion, refs in met.groupby("criterion")["household_ref"]:
        criteria.loc[refs.to_numpy(), criterion] = True
    eligible = _eligible(ruleset, criteria, _member_facts(living, as_of, households))
    return Expected(ruleset.id, as_of, criteria, eligible, hits.reset_index(drop=True))


def _hits(
    row: Meets,
    ruleset: RuleSet,
    problems: pd.DataFrame,
    as_of: dt.date,
    span: tuple[dt.date, dt.date],
) -> pd.DataFrame:
    """The problem rows that meet ``row``'s criterion of ``ruleset`` as at ``as_of``."""
    mine = problems[(problems["problem"] == row.problem) & problems["role"].isin(row.roles)]
    if row.detail:  # (truth from before ``detail`` was recorded: any form)
        codes = mine["detail"].str.split(";")
        wanted = codes.map(lambda found: bool(set(found) & set(row.detail))).astype(bool)
        mine = mine[wanted | (mine["detail"] == "")]
    first, last = np.datetime64(span[0], "D"), np.datetime64(span[1], "D")
    start = mine["start"].to_numpy(dtype="datetime64[D]")
    stop = mine["end"].to_numpy(dtype="datetime64[D]")
    low = np.maximum(np.where(np.isnat(start), first, start), first)
    low = np.maximum(low, birthday(mine["born"], row.ages[0]))
    high = np.minimum(np.where(np.isnat(stop), last, stop), last)
    if row.ages[1] is not None:
        high = np.minimum(high, birthday(mine["born"], row.ages[1] + 1) - np.timedelta64(1, "D"))
    day = np.datetime64(as_of, "D")
    terms = last_complete_terms(as_of, ruleset.terms)
    if row.when is When.LOOKBACK:
        begin, end = np.datetime64(lookback_start(as_of, ruleset.lookback_months), "D"), day
    elif row.when is When.TERMS:
        begin, end = np.datetime64(terms[0].start, "D"), np.datetime64(terms[-1].end, "D")
    else:
        begin = end = day
    held = (low <= high) & (low <= end) & (high >= begin)
    if row.school_age:
        held &= _in_a_school_age_term(mine["born"], low, high, terms)
    if row.when is When.LISTED:
        held &= np.isnat(stop)
    out: pd.DataFrame = mine.loc[held, ["person_ref", "problem", "role"]]
    return out.assign(criterion=row.criteria[ruleset.id], when=row.when.value)


def _in_a_school_age_term(
    born: pd.Series, low: np.ndarray, high: np.ndarray, terms: tuple[Term, ...]
) -> np.ndarray:
    """Whether each problem (from ``low`` to ``high``) touches one of ``terms`` that its
    member began of compulsory school age.

    The oracle's own reading of the Education Act 1996 s.8, by terms: a child is of
    compulsory school age on a term's first day (1 September, 1 January or 1 April) when
    they turned 5 before it (so on or before the 31 August, 31 December or 31 March before
    it, the prescribed days) and turn 16 no earlier than the 1 September that began its
    school year (so they leave on the last Friday in June of that year or later).
    """
    fifth, sixteenth = birthday(born, 5), birthday(born, 16)
    touched = np.zeros(len(born), dtype=bool)
    for term in terms:
        first, last = np.datetime64(term.start, "D"), np.datetime64(term.end, "D")
        september = np.datetime64(f"{term.academic_year[:4]}-09-01", "D")
        of_age = (fifth < first) & (sixteenth >= september)
        touched |= of_age & (low <= last) & (high >= first)
    return touched


def birthday(born: pd.Series, years: int) -> np.ndarray:
    """The day each person turns ``years`` (29 February birthdays on 1 March, as the
    generator has it)."""
    values = born.to_numpy(dtype="datetime64[D]")
    month = values.astype("datetime64[M]")
    day_of_month = values - month.astype("datetime64[D]")
    turned: np.ndarray = (month + np.timedelta64(12 * years, "M")).astype("datetime64[D]")
    turned += day_of_month
    return turned


def age_on(born: pd.Series, day: dt.date) -> pd.Series:
    """Whole years on ``day``."""
    before = (day.month * 100 + day.day) < (born.dt.month * 100 + born.dt.day)
    age: pd.Series = day.year - born.dt.year - before.astype("int64")
    return age


def _member_facts(living: pd.DataFrame, as_of: dt.date, households: pd.Index) -> pd.DataFrame:
    """The on-the-date facts rules may require (dependent children, expectant parents)."""
    age = age_on(living["born"], as_of)
    flags = pd.DataFrame(
        {
            "members": True,
            "dependent_children": age < 18,
            "school_age_children": age.between(5, 15),
            "children_under_5": age < 5,
            "expectant_parents": living["expecting_baby"] == "Y",
        }
    )
    counts: pd.DataFrame = flags.groupby(living["household_ref"].to_numpy()).sum()
    return counts.reindex(households, fill_value=0)


def _eligible(ruleset: RuleSet, criteria: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """The rule set's ``eligible_when``, over criteria met rather than facts."""
    return eligible_from_criteria(ruleset, criteria, members)
