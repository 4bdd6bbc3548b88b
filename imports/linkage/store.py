"""Writing one matching run's outcome: links on the open rows, and the review queue.

Runs in the caller's transaction. Setting, recording and undoing a single link is
``workflow.matching.links`` (shared with a reviewer's decisions).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from imports.linkage.decide import LINK, REVIEW, evidence
from workflow.db.base import utcnow
from workflow.db.models import MatchReview
from workflow.domain.vocabulary import ReviewStatus
from workflow.matching.links import (
    PROBABILISTIC,
    REVIEWED,
    add_link,
    pair_columns,
    probability,
    set_link,
    undo_links,
)
from workflow.matching.tables import table
from workflow.principal import Principal


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in ("row_id", "person_id"):
        out[key] = int(out[key])
    household = out.get("household_id")
    out["household_id"] = None if household is None or pd.isna(household) else int(household)
    return out


def row_ids_of(nominal: Any) -> list[int]:
    """The rows a nominal stands for: its own, or every row of a partner subject."""
    ids = nominal.get("row_ids")
    if isinstance(ids, list | tuple) and ids:
        return [int(i) for i in ids]
    return [int(str(nominal["row_id"]))]


def write_run(
    connection: Connection,
    *,
    run_id: int,
    nominals: pd.DataFrame,
    decisions: pd.DataFrame,
    open_uids: set[str],
    model_version: int,
    actor: Principal,
) -> tuple[set[int], dict[str, int]]:
    """Apply one run's decisions to the open nominals; returns (households changed, counts)."""
    changed: set[int] = set()
    counts = {"linked": 0, "kept": 0, "unlinked": 0, "to_review": 0}
    by_uid = nominals.set_index("uid")
    links = decisions[decisions["outcome"] == LINK] if not decisions.empty else decisions
    link_of = {str(r["nominal_uid"]): _clean(r) for r in _records(links)}
    for uid in sorted(open_uids):
        current = by_uid.loc[uid]
        kind, ref = str(current["kind"]), str(current["nominal_ref"])
        row_ids = row_ids_of(current)
        linked = current["person_id"]
        now_person: int | None = None if pd.isna(linked) else int(str(linked))
        new = link_of.get(uid)
        if new is not None and now_person == new["person_id"]:
            counts["kept"] += 1
            if len(row_ids) > 1:  # a subject's rows sent since the last run join its link
                set_link(connection, kind, row_ids, now_person, new["household_id"], PROBABILISTIC)
            continue
        if now_person is not None:  # linked by an earlier run, and not to this person now
            changed.update(
                undo_links(
                    connection,
                    kind,
                    ref,
                    actor=actor,
                    reason="a later matching run no longer links this row",
                )
            )
            set_link(connection, kind, row_ids, None, None, None)
            counts["unlinked"] += new is None
        if new is None:
            continue
        method = REVIEWED if new.get("accepted") else PROBABILISTIC
        add_link(
            connection,
            new | {"row_ids": row_ids},
            run_id=run_id,
            method=method,
            reviewed_by=None,
            model_version=model_version,
            evidence_doc=evidence(new, model_version),
        )
        counts["linked"] += 1
        if new["household_id"] is not None:
            changed.add(new["household_id"])
    counts["to_review"] = _write_reviews(connection, run_id, decisions, model_version)
    return changed, counts


def _write_reviews(
    connection: Connection, run_id: int, decisions: pd.DataFrame, model_version: int
) -> int:
    """Open a review for each new in-between pair; withdraw open ones no longer proposed."""
    reviews = table("match_reviews")
    proposed = decisions[decisions["outcome"] == REVIEW] if not decisions.empty else decisions
    wanted = {
        (r["kind"], str(r["nominal_ref"]), int(r["person_id"])): _clean(r)
        for r in _records(proposed)
    }
    open_rows = connection.execute(
        select(
            reviews.c.id, reviews.c.source_kind, reviews.c.nominal_ref, reviews.c.person_id
        ).where(reviews.c.status == ReviewStatus.OPEN.value)
    ).fetchall()
    existing = {(k, str(r), int(p)): int(i) for i, k, r, p in open_rows}
    stale = [i for key, i in existing.items() if key not in wanted]
    if stale:
        connection.execute(
            update(reviews)
            .where(reviews.c.id.in_(stale))
            .values(status=ReviewStatus.WITHDRAWN.value, closed_at=utcnow())
        )
    for key, row in wanted.items():
        if key in existing:
            continue
        doc = evidence(row, model_version)
        connection.execute(
            insert(MatchReview).values(
                run_id=run_id,
                **pair_columns(row),
                model_version=model_version,
                match_weight=doc["match_weight"],
                match_probability=probability(doc["match_weight"]),
                evidence=doc,
                status=ReviewStatus.OPEN.value,
                created_at=utcnow(),
            )
        )
    return len(wanted)
