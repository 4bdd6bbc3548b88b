"""What a reviewer reads: the queue with both records side by side, a household's links.

Reading these shows police-intelligence data, so every read is written to the audit
trail (who, what, for what purpose) — references and counts, never the data itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, and_, select

from workflow import audit
from workflow.domain.vocabulary import ReviewStatus
from workflow.errors import HouseholdNotFound
from workflow.matching.subjects import KIND_TITLES, is_list, source_table
from workflow.matching.tables import table
from workflow.principal import Principal
from workflow.uow import UnitOfWork


def _date(value: Any) -> str | None:
    """Dates shown to people are dd/mm/yyyy."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value:%d/%m/%Y}"


def _nominal(
    connection: Connection, kind: str, row_id: int, nominal_ref: str
) -> dict[str, Any] | None:
    """The list row (or a partner subject's first row) as the partner gave it."""
    source, batches = source_table(kind), table("import_batches")
    columns = [
        source.c.forename,
        source.c.surname,
        source.c.date_of_birth,
        source.c.postcode,
        source.c.source_row,
        batches.c.file_name,
    ]
    if kind == "gangs_matrix":
        columns.append(source.c.aliases)
    row = (
        connection.execute(
            select(*columns)
            .join(batches, batches.c.id == source.c.batch_id)
            .where(source.c.id == row_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return {
        "list": KIND_TITLES.get(kind, kind),
        "nominal_ref": nominal_ref,
        "partner_rows": not is_list(kind),
        "forename": row["forename"],
        "surname": row["surname"],
        "date_of_birth": _date(row["date_of_birth"]),
        "postcode": row["postcode"],
        "aliases": list(row.get("aliases") or []),
        "file": row["file_name"],
        "row": row["source_row"],
    }


def _person(connection: Connection, person_id: int) -> dict[str, Any] | None:
    people, m, h = table("people"), table("household_memberships"), table("households")
    row = (
        connection.execute(
            select(
                people.c.person_ref,
                people.c.forename,
                people.c.surname,
                people.c.date_of_birth,
                people.c.sex,
                h.c.postcode,
                h.c.household_ref,
            )
            .outerjoin(m, and_(m.c.person_id == people.c.id, m.c.valid_to.is_(None)))
            .outerjoin(h, h.c.id == m.c.household_id)
            .where(people.c.id == person_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    return {
        "person_ref": row["person_ref"],
        "forename": row["forename"],
        "surname": row["surname"],
        "date_of_birth": _date(row["date_of_birth"]),
        "sex": row["sex"],
        "postcode": row["postcode"],
        "household_ref": row["household_ref"],
    }


def review_queue(
    *, uow: UnitOfWork, actor: Principal, limit: int | None = None
) -> list[dict[str, Any]]:
    """The open pairs, strongest first, each with both records and the evidence."""
    reviews = table("match_reviews")
    query = (
        select(reviews)
        .where(reviews.c.status == ReviewStatus.OPEN.value)
        .order_by(reviews.c.match_weight.desc(), reviews.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    with uow:
        connection = uow.connection
        pairs = []
        for review in connection.execute(query).mappings():
            pairs.append(
                {
                    "review_id": review["id"],
                    "match_weight": review["match_weight"],
                    "match_probability": review["match_probability"],
                    "model_version": review["model_version"],
                    "nominal": _nominal(
                        connection,
                        review["source_kind"],
                        review["intel_row_id"],
                        review["nominal_ref"],
                    ),
                    "person": _person(connection, review["person_id"]),
                    "evidence": review["evidence"],
                }
            )
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="match_review_queue",
            purpose="reviewing matches",
            detail={"pairs": len(pairs)},
        )
        uow.commit()
    return pairs


def household_links(household_ref: str, *, uow: UnitOfWork, actor: Principal) -> dict[str, Any]:
    """A household's flags and its members' links (live and undone), with evidence and
    who reviewed them."""
    households = table("households")
    with uow:
        connection = uow.connection
        household_id = connection.execute(
            select(households.c.id).where(households.c.household_ref == household_ref)
        ).scalar()
        if household_id is None:
            raise HouseholdNotFound(f"There is no household {household_ref} in the register.")
        flags = table("intel_household_flags")
        people = table("people")
        flag_rows = connection.execute(
            select(flags, people.c.person_ref)
            .join(people, people.c.id == flags.c.person_id)
            .where(flags.c.household_id == household_id)
            .order_by(flags.c.flag, people.c.person_ref)
        ).mappings()
        found_flags = [
            {
                "flag": f["flag"],
                "role": f["role"],
                "person_ref": f["person_ref"],
                "harm_band": f["harm_band"],
                "victim_band": f["victim_band"],
                "cohort": f["cohort"],
                "list": KIND_TITLES.get(f["source_kind"], f["source_kind"]),
                "nominal_ref": f["nominal_ref"],
                "since": _date(f["since"]),
                "link_method": f["link_method"],
            }
            for f in flag_rows
        ]
        links = table("match_links")
        link_rows = connection.execute(
            select(links).where(links.c.household_id == household_id).order_by(links.c.id)
        ).mappings()
        found_links = [
            {
                "link_id": r["id"],
                "list": KIND_TITLES.get(r["source_kind"], r["source_kind"]),
                "nominal_ref": r["nominal_ref"],
                "person_ref": r["person_ref"],
                "method": r["method"],
                "model_version": r["model_version"],
                "match_weight": r["match_weight"],
                "evidence": r["evidence"],
                "reviewed_by": r["reviewed_by"],
                "linked_on": _date(r["created_at"]),
                "undone_on": _date(r["undone_at"]),
                "undone_by": r["undone_by"],
                "undo_reason": r["undo_reason"],
            }
            for r in link_rows
        ]
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="household",
            entity_id=household_ref,
            purpose="reviewing matches",
            detail={"flags": len(found_flags), "links": len(found_links)},
        )
        uow.commit()
    return {"household_ref": household_ref, "flags": found_flags, "links": found_links}


def household_reviews(
    household_ref: str, *, uow: UnitOfWork, actor: Principal
) -> list[dict[str, Any]]:
    """The pairs waiting in the review queue that involve a member of the household now,
    strongest first (references and weights: the records themselves are for the review)."""
    households, memberships = table("households"), table("household_memberships")
    reviews = table("match_reviews")
    members = (
        select(memberships.c.person_id)
        .join(households, households.c.id == memberships.c.household_id)
        .where(households.c.household_ref == household_ref, memberships.c.valid_to.is_(None))
    )
    with uow:
        connection = uow.connection
        rows = connection.execute(
            select(reviews)
            .where(reviews.c.status == ReviewStatus.OPEN.value, reviews.c.person_id.in_(members))
            .order_by(reviews.c.match_weight.desc(), reviews.c.id)
        ).mappings()
        pairs = [
            {
                "review_id": r["id"],
                "list": KIND_TITLES.get(r["source_kind"], r["source_kind"]),
                "nominal_ref": r["nominal_ref"],
                "person_ref": r["person_ref"],
                "match_weight": r["match_weight"],
                "match_probability": r["match_probability"],
                "waiting_since": _date(r["created_at"]),
            }
            for r in rows
        ]
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="household_review_queue",
            entity_id=household_ref,
            purpose="reviewing matches",
            detail={"pairs": len(pairs)},
        )
        uow.commit()
    return pairs
