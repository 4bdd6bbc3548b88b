"""Links from a list row to a person: set, recorded with evidence, undone; remembered pairs.

Everything here runs in the caller's transaction and uses only the workflow tables (no
Splink), so a reviewer's decision takes effect at once, from the CLI or the API. Each
function that changes links returns the households whose links changed, for flags and
re-screening.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from workflow.db.base import utcnow
from workflow.db.models import MatchLink
from workflow.domain.vocabulary import LinkMethod
from workflow.matching.subjects import source_table
from workflow.matching.tables import table
from workflow.principal import Principal

PROBABILISTIC, REVIEWED = LinkMethod.PROBABILISTIC.value, LinkMethod.REVIEWED.value


def probability(weight: float) -> float:
    """A match weight (log2 odds) as a probability."""
    return 1.0 / (1.0 + math.pow(2.0, -weight))


def set_link(
    connection: Connection,
    kind: str,
    row_ids: Sequence[int],
    person_id: int | None,
    household_id: int | None,
    method: str | None,
) -> None:
    """Point rows (a nominal's, or all of a partner subject's) at a person and household,
    or at nobody."""
    source = source_table(kind)
    connection.execute(
        update(source)
        .where(source.c.id.in_([int(i) for i in row_ids]))
        .values(person_id=person_id, household_id=household_id, link_method=method)
    )


def undo_links(
    connection: Connection, kind: str, nominal_ref: str, *, actor: Principal, reason: str
) -> list[int]:
    """Mark the live links of a nominal (or partner subject) undone; returns their households."""
    links = table("match_links")
    live = and_(
        links.c.source_kind == kind,
        links.c.nominal_ref == nominal_ref,
        links.c.undone_at.is_(None),
    )
    households = [
        int(h)
        for (h,) in connection.execute(select(links.c.household_id).where(live))
        if h is not None
    ]
    connection.execute(
        update(links)
        .where(live)
        .values(undone_at=utcnow(), undone_by=actor.ref, undo_reason=reason)
    )
    return households


def pair_columns(row: dict[str, Any]) -> dict[str, Any]:
    """The columns naming a pair on a link or a review: the row and the person."""
    return {
        "source_kind": row["kind"],
        "intel_row_id": row["row_id"],
        "nominal_ref": row["nominal_ref"],
        "person_id": row["person_id"],
        "person_ref": row["person_ref"],
        "household_id": row["household_id"],
    }


def add_link(
    connection: Connection,
    row: dict[str, Any],
    *,
    run_id: int | None,
    method: str,
    reviewed_by: str | None,
    model_version: int | None,
    evidence_doc: dict[str, Any],
) -> None:
    """Link the rows and record the link with its evidence.

    ``row``: kind, row_id (the first row, kept on the link), row_ids (every row linked),
    nominal_ref, person_id, person_ref, household_id."""
    row_ids = row.get("row_ids") or [row["row_id"]]
    set_link(connection, row["kind"], row_ids, row["person_id"], row["household_id"], method)
    weight = evidence_doc.get("match_weight")
    connection.execute(
        insert(MatchLink).values(
            run_id=run_id,
            **pair_columns(row),
            method=method,
            model_version=model_version,
            match_weight=weight,
            match_probability=None if weight is None else probability(float(weight)),
            evidence=evidence_doc | ({"rows": len(row_ids)} if len(row_ids) > 1 else {}),
            reviewed_by=reviewed_by,
            created_at=utcnow(),
        )
    )


def remembered_pairs(connection: Connection) -> dict[tuple[str, str, str], str]:
    """Every remembered decision: (kind, nominal_ref, person_ref) -> 'accept' | 'reject'."""
    t = table("match_decisions")
    rows = connection.execute(
        select(t.c.source_kind, t.c.nominal_ref, t.c.person_ref, t.c.decision)
    ).fetchall()
    return {(k, n, p): d for k, n, p, d in rows}
