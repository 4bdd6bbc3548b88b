"""Each household's screening facts as at an as-of date, derived from the imported data.

``derive_facts`` reads the register and every partner table once, set-wise, and returns
one row per household with one column per fact in ``eligibility.facts.FACTS``. With
``with_evidence`` it also returns the rows behind each fact, so a decision can be explained.

Whose facts count for a household: the people living there on the as-of date (a
membership that began on or before it and had not ended by it), wherever they lived when
the fact was recorded, plus rows that name only the household (housing records). Rows not
yet linked to a person or household, and rows of batches that are not accepted, never count.

Windows (``eligibility.facts.Window``):

- on the date: who lives there, and benefit claims that cover the as-of date;
- current: gangs-matrix and IOM entries dated on or before it and not ended;
- look-back: events dated from ``lookback_start(as_of, lookback_months)`` to the as-of
  date, both included; spells (start to end, no end = still open) that overlap that window;
- terms: the last ``terms`` complete school terms: exclusions dated within them,
  alternative provision overlapping them, attendance rows for those terms; each only
  while its child was of compulsory school age (``workflow.screening.pupils``).

Counts are of distinct people, except ``rent_arrears`` and ``housing_at_risk`` (records)
and ``most_suspensions_of_a_child`` (the most suspensions of any one child). Household
records of anti-social behaviour tenancy action count as one more member with an ASB
intervention. Absence percentages are each child's sessions missed over sessions possible
across the terms, the highest child's; missing when no child has a row with sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from eligibility.terms import last_complete_terms, lookback_start
from workflow.screening import tally
from workflow.screening.evidence import detail
from workflow.screening.pupils import of_school_age
from workflow.screening.queries import (
    ACCEPTED_BATCHES_SQL,
    Scope,
    Windows,
    as_dates,
    fetch,
    households_sql,
    members_sql,
)
from workflow.screening.sources import CLASSIFY, SOURCES, SQL_PARAMETERS


@dataclass(frozen=True)
class DerivedFacts:
    """Facts per household as at ``as_of``, and (optionally) the rows behind them.

    ``facts``: indexed by ``household_id``, one column per fact in ``FACTS`` order; counts
    are int64 (0 when none), percentages float64 (NaN when there is no data).

    ``household_refs``: household_id -> household_ref, in the same order.

    ``evidence`` (with ``with_evidence`` only): one row per (fact, supporting row), sorted
    by household, fact (in ``FACTS`` order), person and date, with the columns of
    ``evidence.EVIDENCE_COLUMNS``: ``household_id``, ``fact``, ``person_id`` and
    ``person_ref`` (missing for a record that names only the household), ``kind`` (the
    partner template; ``people`` for who lives there), ``row_id`` (the row's id in its
    table; for ``people``, the membership's), ``batch_id``, ``file_name``, ``sheet``,
    ``source_row`` (missing for a membership no import recorded), ``date`` (datetime64:
    the event date, spell start or term start; for ``people``, the date they moved in,
    if known) and ``detail`` (plain English, no names or dates of birth). The absence
    percentages show the attendance rows of the child with the highest; the most
    suspensions, that child's suspensions.
    """

    as_of: dt.date
    facts: pd.DataFrame
    household_refs: pd.Series
    evidence: pd.DataFrame | None = None


def derive_facts(
    connection: Connection,
    as_of: dt.date,
    *,
    lookback_months: int = 12,
    terms: int = 3,
    household_ids: Sequence[int] | None = None,
    with_evidence: bool = False,
) -> DerivedFacts:
    """Derive every fact for every household (or those in ``household_ids``) at ``as_of``."""
    windows = Windows(
        as_of, lookback_start(as_of, lookback_months), last_complete_terms(as_of, terms)
    )
    scope = Scope.of(household_ids)
    params = {**windows.params(), **SQL_PARAMETERS}

    households = scope.keep(fetch(connection, households_sql(scope), params, scope))
    households = households.astype({"household_id": "int64"}).sort_values("household_id")
    refs = pd.Series(
        households["household_ref"].to_numpy(),
        index=pd.Index(households["household_id"].to_numpy(), name="household_id"),
        name="household_ref",
    )
    members = fetch(connection, members_sql(scope, evidence=with_evidence), params, scope)
    members = _members(scope.keep(members), as_of)
    if scope.in_sql:
        scope = scope.with_people(members.index.tolist())
    batches = fetch(connection, ACCEPTED_BATCHES_SQL, {}, scope)
    accepted = batches["batch_id"].astype("int64")

    hits: list[pd.DataFrame] = []
    attendance = pd.DataFrame()
    for source in SOURCES:
        sql = source.sql(terms, restricted=scope.people_in_sql, evidence=with_evidence)
        rows = fetch(connection, sql, params, scope)
        rows = rows[rows["batch_id"].isin(accepted).to_numpy(dtype=bool)]
        rows = _attach(rows, members, refs.index)
        rows = rows[of_school_age(source.kind, rows, windows).to_numpy(dtype=bool)]
        if with_evidence:
            rows["detail"] = detail(source.kind, rows)
        rows["kind"] = source.kind
        if source.kind == "school_attendance":
            attendance = rows
            continue
        for fact, mask in CLASSIFY[source.kind](rows).items():
            hits.append(rows[mask.to_numpy(dtype=bool)].assign(fact=fact))

    facts = tally.facts(refs.index, members, hits, attendance)
    evidence = None
    if with_evidence:
        evidence = tally.evidence(members, hits, attendance, batches, as_of)
    return DerivedFacts(as_of=as_of, facts=facts, household_refs=refs, evidence=evidence)


def age_on(born: pd.Series, day: pd.Series | pd.Timestamp) -> pd.Series:
    """Age in whole years on ``day`` (a date, or one per row); NaN where either is missing."""
    if isinstance(day, pd.Series):
        year, month_day = day.dt.year, day.dt.month * 100 + day.dt.day
    else:
        year, month_day = day.year, day.month * 100 + day.day
    before_birthday = month_day < born.dt.month * 100 + born.dt.day
    age: pd.Series = (year - born.dt.year - before_birthday.astype("int64")).astype("float64")
    return age


def _members(frame: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """People in households on the as-of date, one membership each, with their age.

    Should a person's memberships overlap (they never do when the register records
    moves), the one recorded last wins.
    """
    frame = frame.astype({"household_id": "int64", "person_id": "int64"})
    for column in ("date_of_birth", "valid_from"):
        if column in frame:
            frame[column] = as_dates(frame[column])
    if frame["person_id"].duplicated().any():
        frame = frame.sort_values("membership_id").drop_duplicates("person_id", keep="last")
    frame["expecting_baby"] = frame["expecting_baby"].astype("boolean").fillna(False).astype(bool)
    frame["age_now"] = age_on(frame["date_of_birth"], pd.Timestamp(as_of))
    return frame.set_index(pd.Index(frame["person_id"].to_numpy(), name=None))


def _attach(rows: pd.DataFrame, members: pd.DataFrame, households: pd.Index) -> pd.DataFrame:
    """Give each fact row the household its person lives in on the as-of date.

    ``members`` is indexed by person id. Rows about people who live in no household in
    scope are dropped; rows that name only a household keep it (if it is in scope). Adds
    the person's ``date_of_birth``, ``age_now`` (on the as-of date), ``age_then`` (on the
    row's date) and, for evidence, ``person_ref``.
    """
    for column in ("valid_from", "valid_to"):
        if column in rows:
            rows[column] = as_dates(rows[column])
    person_id = pd.to_numeric(rows["person_id"]).astype("Int64")
    at = members.index.get_indexer(pd.Index(person_id.fillna(-1).to_numpy(dtype="int64")))
    found = at >= 0
    people = rows[found].drop(columns="household_id", errors="ignore")
    people["person_id"] = person_id[found].to_numpy(dtype="int64")
    for column in ("household_id", "person_ref", "date_of_birth", "age_now"):
        if column in members:
            people[column] = members[column].to_numpy()[at[found]]
    if "household_id" in rows:
        household_id = pd.to_numeric(rows["household_id"]).astype("Int64")
        only_household = (person_id.isna() & household_id.isin(households)).to_numpy(dtype=bool)
        whole = rows[only_household].assign(
            household_id=household_id[only_household].astype("int64"),
            person_id=pd.Series(pd.NA, index=rows.index[only_household], dtype="Int64"),
        )
        if not whole.empty:
            people = pd.concat([people, whole], ignore_index=True)
    people["person_id"] = people["person_id"].astype("Int64")
    if "valid_from" in people:
        people["age_then"] = age_on(people["date_of_birth"], people["valid_from"])
    return people
