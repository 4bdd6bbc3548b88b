"""Storing fact rows (every kind but ``people`` and ``keyworkers``) with provenance and links."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from imports.loading.bulk import bulk_insert
from imports.loading.linking import Register, link_households, link_people
from imports.reading import Rejection
from workflow.db.base import Base
from workflow.db.models import FACT_MODELS, GangNominal, IomNominal
from workflow.templates import template

MODELS: dict[str, type[Base]] = {
    **FACT_MODELS,
    "gangs_matrix": GangNominal,
    "iom_cohort": IomNominal,
}
PROVENANCE = (
    "batch_id",
    "source_row",
    "valid_from",
    "valid_to",
    "person_id",
    "household_id",
    "link_method",
)

# Term dates of the English school year, as (month, day) from the year the term falls in.
# Schools' exact dates vary by a few days; these bound every school's term.
TERMS = {
    "autumn": ((9, 1), (12, 31), 0),
    "spring": ((1, 1), (3, 31), 1),
    "summer": ((4, 1), (7, 31), 1),
}
ACADEMIC_YEAR = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


def table_for(kind: str) -> str:
    return str(MODELS[kind].__tablename__)


def prepare(
    kind: str, frame: pd.DataFrame, *, list_date: dt.date
) -> tuple[pd.DataFrame, list[Rejection]]:
    """Rename template columns to their stored names and derive each row's validity period.

    ``list_date`` dates a list that says who is on it on one day (the IOM cohort): the list's
    own date when the sender gave one, else the import date.
    """
    spec = template(kind)
    frame = frame.rename(columns={c.name: c.stored_as for c in spec.columns})
    rejections: list[Rejection] = []
    if kind == "school_attendance":
        frame, rejections = _term_dates(frame)
    elif kind == "iom_cohort":
        # The cohort list is a snapshot: a nominal is on it from the list's date.
        frame["valid_from"] = pd.Timestamp(list_date)
    if "valid_to" not in frame:
        frame["valid_to"] = pd.NaT
    for column in spec.columns:
        if column.type == "list" and column.stored_as in frame:
            frame[column.stored_as] = [
                v if isinstance(v, list) else [] for v in frame[column.stored_as]
            ]
    return frame, rejections


def _term_dates(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Rejection]]:
    """Check each academic year and date each term; a file holds a handful of distinct ones."""
    codes, years = pd.factorize(frame["academic_year"])
    first_of = np.array([*(_first_year(y) for y in years), -1], dtype=np.int64)
    first = first_of[codes]  # codes are -1 where the cell is empty: the -1 appended above
    valid = first >= 0
    rejections = [
        Rejection(
            row=int(row),
            column="academic_year",
            field="academic_year",
            value=str(value)[:100],
            reason=f"Academic year ‘{value}’ is not a school year like 2025/26",
        )
        for row, value in zip(
            frame.loc[~valid, "source_row"], frame.loc[~valid, "academic_year"], strict=True
        )
    ]
    frame = frame[valid] if not valid.all() else frame.copy(deep=False)
    term_codes, terms = pd.factorize(frame["term"])  # -1 for an empty term
    labels = [None, *terms]  # so an empty term is looked up as None, which TERMS refuses
    width = len(labels)
    # Each distinct (year, term) pair, of which a file has a handful, is dated once.
    inverse, pairs = pd.factorize(first[valid] * width + term_codes + 1)
    names, starts, ends = [], [], []
    for year, term in (divmod(pair, width) for pair in pairs.tolist()):
        (sm, sd), (em, ed), offset = TERMS[str(labels[term])]
        names.append(f"{year}/{(year + 1) % 100:02d}")
        starts.append(dt.date(year + offset, sm, sd))
        ends.append(dt.date(year + offset, em, ed))
    frame["academic_year"] = np.array(names, dtype=object)[inverse]
    frame["valid_from"] = np.array(starts, dtype="datetime64[D]")[inverse].astype("datetime64[ns]")
    frame["valid_to"] = np.array(ends, dtype="datetime64[D]")[inverse].astype("datetime64[ns]")
    return frame, rejections


def _first_year(value: object) -> int:
    """2025 for ‘2025/26’ or ‘2025-2026’; -1 when it is not one school year."""
    found = ACADEMIC_YEAR.search(str(value))
    if found is None:
        return -1
    first = int(found.group(1))
    return first if (first + 1) % 100 == int(found.group(2)[-2:]) else -1


def load(
    connection: Connection, kind: str, frame: pd.DataFrame, *, batch_id: int, register: Register
) -> tuple[int, int]:
    """Link and store ``frame``'s rows; returns (rows loaded, rows left unlinked)."""
    if frame.empty:
        return 0, 0
    spec = template(kind)
    linkable = spec.person_level or spec.police_intelligence or kind == "referrals"
    if linkable:
        frame = link_people(frame, register)
    else:
        frame = frame.assign(
            person_id=pd.Series(pd.NA, index=frame.index, dtype="Int64"),
            link_method=pd.Series(pd.NA, index=frame.index, dtype="string"),
        )
    frame["household_id"] = link_households(frame, connection)
    frame["batch_id"] = batch_id
    model_columns = {c.key for c in MODELS[kind].__table__.columns} - {"id"}
    columns = [c for c in (*PROVENANCE, *frame.columns) if c in model_columns]
    columns = list(dict.fromkeys(columns))
    loaded = bulk_insert(connection, table_for(kind), frame, columns)
    unlinked_mask = frame["person_id"].isna()
    if spec.household_level_allowed or kind == "referrals":
        unlinked_mask &= frame["household_id"].isna()
    return loaded, int(unlinked_mask.sum()) if linkable else 0
