"""What the database holds, for comparing with the truth: stored decisions and row links.

Read-only, set-wise SQL through the workflow's tables; DataFrames of plain values out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from imports.loading.facts import table_for
from workflow.db.base import Base
from workflow.domain.vocabulary import BatchStatus
from workflow.screening import tables as t

# The partner kinds whose rows can carry screening evidence.
EVIDENCE_KINDS = (
    "school_attendance",
    "exclusions",
    "alternative_provision",
    "police_incidents",
    "youth_justice",
    "domestic_abuse",
    "benefits",
    "social_care",
    "health",
    "housing",
    "neet",
    "gangs_matrix",
    "iom_cohort",
)


def stored_decisions(connection: Connection, ruleset_id: str, as_of: dt.date) -> pd.DataFrame:
    """Each household's stored decision in force under ``ruleset_id`` as at ``as_of`` (the
    latest made on or before that day: screening keeps a decision that did not change):
    household_ref, eligible, criteria_met (a list of criterion ids)."""
    d, v, h = t.screening_decisions(), t.ruleset_versions(), t.households()
    query = (
        select(h.c.household_ref, d.c.eligible, d.c.criteria_met)
        .select_from(
            d.join(v, v.c.id == d.c.ruleset_version_id).join(h, h.c.id == d.c.household_id)
        )
        .where(v.c.ruleset_id == ruleset_id, d.c.as_of <= as_of)
        .order_by(d.c.as_of, d.c.id)
    )
    rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=["household_ref", "eligible", "criteria_met"])
    frame = frame.drop_duplicates("household_ref", keep="last")
    frame["eligible"] = frame["eligible"].astype(bool)
    return frame.reset_index(drop=True)


def stored_rows(connection: Connection, kinds: tuple[str, ...] = EVIDENCE_KINDS) -> pd.DataFrame:
    """Every accepted row of ``kinds``: kind, file, row, valid_from, valid_to, and whom it is
    linked to (``linked_person``, ``linked_household``; missing while unlinked)."""
    batches, people, households = (
        Base.metadata.tables[name] for name in ("import_batches", "people", "households")
    )
    frames = []
    for kind in kinds:
        f = Base.metadata.tables[table_for(kind)]
        household = households.c.household_ref if "household_id" in f.c else None
        joined = f.join(batches, batches.c.id == f.c.batch_id).outerjoin(
            people, people.c.id == f.c.person_id
        )
        if household is not None:
            joined = joined.outerjoin(households, households.c.id == f.c.household_id)
        query = (
            select(
                batches.c.file_name,
                f.c.source_row,
                f.c.valid_from,
                f.c.valid_to,
                people.c.person_ref,
                household if household is not None else people.c.person_ref.label("no_household"),
            )
            .select_from(joined)
            .where(batches.c.status == BatchStatus.ACCEPTED.value)
        )
        rows = connection.execute(query).all()
        frame = pd.DataFrame(
            rows,
            columns=["file", "row", "valid_from", "valid_to", "linked_person", "linked_household"],
        )
        if household is None:
            frame["linked_household"] = None
        frames.append(frame.assign(kind=kind))
    out = pd.concat(frames, ignore_index=True)
    for column in ("valid_from", "valid_to"):
        out[column] = pd.to_datetime(out[column], format="ISO8601")
    out["row"] = out["row"].astype("int64")
    return out
