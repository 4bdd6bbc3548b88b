"""The SQL that reads what screening needs: households, who lives where, and fact rows.

One query per table, filtered in SQL by window (bound dates, so the same text runs on
SQLite, where dates are ISO text, and on PostgreSQL, where they are DATEs). Each row
brings its ``batch_id``; rows of batches that are not accepted are dropped afterwards,
against the short list of accepted batches, which keeps the query plans simple whatever
the planner's statistics say. Rows come back as DataFrames of plain values, never ORM
objects; dates are parsed once, vectorised.

A short list of households is filtered in SQL: households and memberships by household,
facts by the people living there on the as-of date (the index on ``person_id``) or, for
household records, by household. A long list reads the whole borough and keeps the
listed households afterwards: one scan beats many long ``IN`` lists, and SQLite allows at
most 32,766 bound values in a statement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any

import pandas as pd
from sqlalchemy import Boolean, Connection, Date, String, bindparam, text
from sqlalchemy.sql.elements import TextClause

from eligibility.terms import Term
from workflow.domain.vocabulary import BatchStatus

# Above this many households (or their members), read everything and filter in pandas.
MAX_IDS_IN_SQL = 2000
MAX_PEOPLE_IN_SQL = 20_000

# A membership that holds on the as-of date: moved in on or before it, not yet moved out.
CURRENT_MEMBER = (
    "(m.valid_from IS NULL OR m.valid_from <= :as_of) "
    "AND (m.valid_to IS NULL OR m.valid_to > :as_of)"
)


@dataclass(frozen=True)
class Windows:
    """The dates one derivation looks at."""

    as_of: dt.date
    lookback_start: dt.date
    terms: tuple[Term, ...]

    @property
    def terms_start(self) -> dt.date:
        return self.terms[0].start

    @property
    def terms_end(self) -> dt.date:
        return self.terms[-1].end

    def params(self) -> dict[str, Any]:
        params: dict[str, Any] = {
            "as_of": self.as_of,
            "lookback_start": self.lookback_start,
            "terms_start": self.terms_start,
            "terms_end": self.terms_end,
        }
        for number, term in enumerate(self.terms):
            params[f"term_year_{number}"] = term.academic_year
            params[f"term_name_{number}"] = term.name
        return params


class Span(Enum):
    """Which rows of a fact table fall in the window."""

    EVENTS_IN_LOOKBACK = "events dated in the look-back window"
    SPELLS_IN_LOOKBACK = "spells overlapping the look-back window"
    EVENTS_IN_TERMS = "events dated in the last complete terms"
    SPELLS_IN_TERMS = "spells overlapping the last complete terms"
    TERM_ROWS = "rows for one of the last complete terms"
    CURRENT = "spells or list entries that hold on the as-of date"


def span_sql(span: Span, terms: int) -> str:
    if span is Span.EVENTS_IN_LOOKBACK:
        return "f.valid_from BETWEEN :lookback_start AND :as_of"
    if span is Span.SPELLS_IN_LOOKBACK:
        return "f.valid_from <= :as_of AND (f.valid_to IS NULL OR f.valid_to >= :lookback_start)"
    if span is Span.EVENTS_IN_TERMS:
        return "f.valid_from BETWEEN :terms_start AND :terms_end"
    if span is Span.SPELLS_IN_TERMS:
        return "f.valid_from <= :terms_end AND (f.valid_to IS NULL OR f.valid_to >= :terms_start)"
    if span is Span.TERM_ROWS:
        pairs = " OR ".join(
            f"(f.academic_year = :term_year_{n} AND f.term = :term_name_{n})" for n in range(terms)
        )
        return f"({pairs})"
    return "f.valid_from <= :as_of AND (f.valid_to IS NULL OR f.valid_to >= :as_of)"


@dataclass(frozen=True)
class Source:
    """One table of facts: which rows and columns screening reads from it."""

    kind: str  # the partner template
    table: str
    columns: tuple[str, ...]  # what sorting rows into facts needs
    span: Span
    where: str = ""  # extra SQL condition on ``f``
    household_level: bool = False  # rows may name only a household
    dated: bool = False  # sorting needs the row's date (a person's age then)
    ended: bool = False  # sorting needs the spell's end too
    detail_columns: tuple[str, ...] = ()  # what evidence details need besides
    summed: bool = False  # without evidence, read ``columns`` summed per person
    summed_by: tuple[str, ...] = ()  # ... and per value of these columns

    def sql(self, terms: int, *, restricted: bool, evidence: bool) -> str:
        """The query for this table's rows in the window, of people (or households) in scope.

        Only the columns needed are read: provenance, dates and detail columns only for
        evidence. ``restricted``: only rows of the people (``:person_ids``) and households
        (``:household_ids``) in scope.
        """
        conditions = " AND ".join(self._conditions(terms, restricted=restricted))
        if self.summed and not evidence:
            keys = ", ".join(["f.person_id", "f.batch_id", *(f"f.{c}" for c in self.summed_by)])
            sums = ", ".join(f"SUM(f.{c}) AS {c}" for c in self.columns)
            return f"SELECT {keys}, {sums} FROM {self.table} f WHERE {conditions} GROUP BY {keys}"
        columns = ["f.person_id", "f.batch_id"]
        if self.household_level:
            columns.append("f.household_id")
        if self.dated or evidence:
            columns.append("f.valid_from")
        if self.ended and not evidence:
            columns.append("f.valid_to")
        if evidence:
            columns += ["f.id AS row_id", "f.source_row", "f.valid_to"]
        columns += [f"f.{c}" for c in self.columns]
        if evidence:
            columns += [f"f.{c}" for c in self.detail_columns]
        return f"SELECT {', '.join(columns)} FROM {self.table} f WHERE {conditions}"

    def _conditions(self, terms: int, *, restricted: bool) -> list[str]:
        people = "f.person_id IN :person_ids" if restricted else "f.person_id IS NOT NULL"
        if self.household_level:
            households = "f.household_id IN :household_ids" if restricted else "TRUE"
            people = (
                f"({people} OR (f.person_id IS NULL AND f.household_id IS NOT NULL "
                f"AND {households}))"
            )
        conditions = [people, span_sql(self.span, terms)]
        if self.where:
            conditions.append(self.where)
        return conditions


@dataclass(frozen=True)
class Scope:
    """Which households to derive facts for: all, or a list (filtered in SQL when short).

    ``person_ids``: the people living in the listed households, once they are known.
    """

    household_ids: tuple[int, ...] | None
    person_ids: tuple[int, ...] = ()

    @classmethod
    def of(cls, household_ids: Sequence[int] | None) -> Scope:
        if household_ids is None:
            return cls(None)
        return cls(tuple(sorted({int(i) for i in household_ids})))

    def with_people(self, person_ids: Sequence[int]) -> Scope:
        return replace(self, person_ids=tuple(int(i) for i in person_ids))

    @property
    def in_sql(self) -> bool:
        """Whether queries of households and memberships filter by household in SQL."""
        return self.household_ids is not None and len(self.household_ids) <= MAX_IDS_IN_SQL

    @property
    def people_in_sql(self) -> bool:
        """Whether queries of facts filter by person (and household) in SQL."""
        return self.in_sql and len(self.person_ids) <= MAX_PEOPLE_IN_SQL

    def keep(self, frame: pd.DataFrame, column: str = "household_id") -> pd.DataFrame:
        """The rows of ``frame`` about households in scope."""
        if self.household_ids is None or self.in_sql:
            return frame
        return frame[frame[column].isin(self.household_ids)]


def households_sql(scope: Scope) -> str:
    where = " WHERE h.id IN :household_ids" if scope.in_sql else ""
    return f"SELECT h.id AS household_id, h.household_ref FROM households h{where}"


def members_sql(scope: Scope, *, evidence: bool) -> str:
    """Who lives where on the as-of date, with their date of birth."""
    provenance = "m.batch_id, m.source_row, m.valid_from, p.person_ref, " if evidence else ""
    where = " AND m.household_id IN :household_ids" if scope.in_sql else ""
    return (
        f"SELECT m.id AS membership_id, {provenance}m.household_id, m.person_id, "
        "m.expecting_baby, p.date_of_birth "
        "FROM household_memberships m JOIN people p ON p.id = m.person_id "
        f"WHERE {CURRENT_MEMBER}{where}"
    )


ACCEPTED_BATCHES_SQL = (
    "SELECT b.id AS batch_id, b.file_name, b.sheet FROM import_batches b WHERE b.status = :accepted"
)

_PARAMETER = re.compile(r"(?<![:\w]):(\w+)")
_TYPES: dict[str, Any] = {
    "as_of": Date(),
    "lookback_start": Date(),
    "terms_start": Date(),
    "terms_end": Date(),
    "accepted": String(),
    "yes": Boolean(),
}


def bind(sql: str, params: dict[str, Any], scope: Scope) -> tuple[TextClause, dict[str, Any]]:
    """``sql`` with the parameters it names, typed so dates and flags bind alike everywhere."""
    values = {**params, "accepted": BatchStatus.ACCEPTED.value, "yes": True}
    if scope.in_sql:
        values["household_ids"] = list(scope.household_ids or ())
        values["person_ids"] = list(scope.person_ids)
    names = set(_PARAMETER.findall(sql))
    clause = text(sql).bindparams(
        *(
            bindparam(name, expanding=True)
            if name in ("household_ids", "person_ids")
            else bindparam(name, type_=_TYPES.get(name))
            for name in names
        )
    )
    return clause, {name: values[name] for name in names}


def fetch(connection: Connection, sql: str, params: dict[str, Any], scope: Scope) -> pd.DataFrame:
    """Run ``sql``; its rows as a DataFrame of plain values, columns named as selected."""
    result = connection.execute(*bind(sql, params, scope))
    # The driver's plain tuples: building a frame from SQLAlchemy rows is several times slower.
    try:
        rows = result.cursor.fetchall() if result.cursor is not None else []
        return pd.DataFrame(rows, columns=list(result.keys()))
    finally:
        result.close()


def as_dates(values: pd.Series) -> pd.Series:
    """ISO text (SQLite) or dates (PostgreSQL) as ``datetime64``; missing stays NaT."""
    return pd.to_datetime(values, format="ISO8601")
