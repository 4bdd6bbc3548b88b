"""Corrected re-sends: a new file for the same source and period replaces that period's facts.

The period of a delivery is the span of its rows' ``valid_from`` dates. Facts of the same
kind and source, from earlier batches, whose ``valid_from`` falls in that span are
deleted; an earlier batch left with no facts is marked ``superseded``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, text

from workflow.batches.machine import BatchTrigger
from workflow.batches.status import move_batch
from workflow.domain.vocabulary import BatchStatus
from workflow.principal import Principal


def period_of(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    dates = pd.to_datetime(frame["valid_from"]).dropna()
    if dates.empty:
        return None
    return dates.min().date(), dates.max().date()


def replace_period(
    connection: Connection,
    *,
    table: str,
    kind: str,
    source: str,
    period: tuple[dt.date, dt.date],
    batch_id: int,
    actor: Principal,
) -> tuple[int, int | None]:
    """Delete earlier facts this batch replaces; returns (facts replaced, a superseded batch id)."""
    earlier = [
        row[0]
        for row in connection.execute(
            text(
                "SELECT id FROM import_batches WHERE kind = :kind AND source = :source "
                "AND status = :accepted AND id <> :batch ORDER BY id"
            ),
            {
                "kind": kind,
                "source": source,
                "accepted": BatchStatus.ACCEPTED.value,
                "batch": batch_id,
            },
        )
    ]
    if not earlier:
        return 0, None
    replaced = 0
    superseded: int | None = None
    for old in earlier:
        deleted = connection.execute(
            text(
                f"DELETE FROM {table} WHERE batch_id = :old AND valid_from BETWEEN :start AND :end"
            ),
            {"old": old, "start": period[0], "end": period[1]},
        )
        replaced += deleted.rowcount or 0
        left = connection.execute(
            text(f"SELECT COUNT(*) FROM {table} WHERE batch_id = :old"), {"old": old}
        ).scalar_one()
        if left == 0 and (deleted.rowcount or 0) > 0:
            move_batch(
                connection,
                int(old),
                BatchTrigger.SUPERSEDE,
                actor=actor,
                reason=f"batch {batch_id}, a corrected re-send for the same period, replaced it",
            )
            superseded = old
    return replaced, superseded
