"""Matching through the API: the review queue, a reviewer's decision, a household's links.

Everything here reads or records; the matching itself (Splink) runs in the imports
package's flow. A decision is recorded at once and remembered by pair; its link, flags
and re-screening follow at the next matching run, which the match flow runs after each
police import and on demand (answer 202). The command line (``tfe match review``)
applies decisions immediately. Reads of police-list data are written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import Connection, Table, and_, insert, select, update

from api.deps import ActorDep, ContainerDep
from api.errors import RequestProblem
from workflow import audit
from workflow.bootstrap import Container
from workflow.db.base import Base, utcnow

router = APIRouter(tags=["matching"])
LISTS = {"gangs_matrix": "intel_gangs_matrix", "iom_cohort": "intel_iom_cohort"}


def _t(name: str) -> Table:
    return Base.metadata.tables[name]


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value:%d/%m/%Y}"


def _pair(connection: Connection, review: Any) -> dict[str, Any]:
    intel, batches = _t(LISTS[review["source_kind"]]), _t("import_batches")
    nominal = (
        connection.execute(
            select(
                intel.c.nominal_ref,
                intel.c.forename,
                intel.c.surname,
                intel.c.date_of_birth,
                intel.c.postcode,
                intel.c.source_row,
                batches.c.file_name,
            )
            .join(batches, batches.c.id == intel.c.batch_id)
            .where(intel.c.id == review["intel_row_id"])
        )
        .mappings()
        .first()
    )
    people, m, h = _t("people"), _t("household_memberships"), _t("households")
    person = (
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
            .where(people.c.id == review["person_id"])
        )
        .mappings()
        .first()
    )
    return {
        "review_id": review["id"],
        "list": review["source_kind"],
        "match_weight": review["match_weight"],
        "match_probability": review["match_probability"],
        "model_version": review["model_version"],
        "nominal": None
        if nominal is None
        else dict(nominal) | {"date_of_birth": _date(nominal["date_of_birth"])},
        "person": None
        if person is None
        else dict(person) | {"date_of_birth": _date(person["date_of_birth"])},
        "evidence": review["evidence"],
    }


def _queue(container: Container, actor: str) -> dict[str, Any]:
    reviews = _t("match_reviews")
    with container.engine.begin() as connection:
        open_reviews = connection.execute(
            select(reviews)
            .where(reviews.c.status == "open")
            .order_by(reviews.c.match_weight.desc(), reviews.c.id)
        ).mappings()
        pairs = [_pair(connection, r) for r in open_reviews]
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="match_review_queue",
            purpose="reviewing matches",
            detail={"pairs": len(pairs)},
        )
    return {"pairs": pairs}


@router.get("/matching/reviews", summary="Pairs waiting for a data officer, side by side")
async def review_queue(container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    return await run_in_threadpool(_queue, container, actor)


class Decision(BaseModel):
    decision: Literal["accept", "reject"] = Field(description="accept or reject the pair")
    reason: str | None = Field(None, max_length=300, description="Why (kept with the decision)")


def _decide(container: Container, review_id: int, decision: Decision, actor: str) -> dict[str, Any]:
    reviews, decisions = _t("match_reviews"), _t("match_decisions")
    with container.engine.begin() as connection:
        review = (
            connection.execute(select(reviews).where(reviews.c.id == review_id)).mappings().first()
        )
        if review is None or review["status"] == "withdrawn":
            raise RequestProblem(
                404,
                "pair_not_found",
                f"Pair {review_id} is not in the review queue (a later matching run or a "
                "re-import replaced it): list the queue again.",
            )
        if review["status"] != "open":
            raise RequestProblem(
                409, "pair_already_decided", f"Pair {review_id} has already been decided."
            )
        connection.execute(
            update(reviews)
            .where(reviews.c.id == review_id)
            .values(status="decided", closed_at=utcnow())
        )
        key = and_(
            decisions.c.source_kind == review["source_kind"],
            decisions.c.nominal_ref == review["nominal_ref"],
            decisions.c.person_ref == review["person_ref"],
        )
        values = {
            "decision": decision.decision,
            "decided_by": actor,
            "decided_at": utcnow(),
            "review_id": review_id,
            "reason": decision.reason,
            "applied_at": None,
        }
        if connection.execute(select(decisions.c.id).where(key)).first() is None:
            connection.execute(
                insert(decisions).values(
                    source_kind=review["source_kind"],
                    nominal_ref=review["nominal_ref"],
                    person_ref=review["person_ref"],
                    **values,
                )
            )
        else:
            connection.execute(update(decisions).where(key).values(**values))
        audit.record(
            connection,
            actor=actor,
            action=f"review_{decision.decision}",
            entity_type="match_review",
            entity_id=review_id,
            purpose="matching",
            detail={
                "kind": review["source_kind"],
                "nominal_ref": review["nominal_ref"],
                "person_ref": review["person_ref"],
            },
        )
    return {
        "review_id": review_id,
        "decision": decision.decision,
        "status": "recorded",
        "detail": "Recorded and remembered for this pair; the link and the household's flags "
        "follow at the next matching run.",
    }


@router.post(
    "/matching/reviews/{review_id}/decision",
    status_code=202,
    summary="Accept or reject a pair (remembered; applied by the next matching run)",
)
async def decide(
    review_id: int, decision: Decision, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(_decide, container, review_id, decision, actor)


def _links(container: Container, household_ref: str, actor: str) -> dict[str, Any]:
    households, flags, links, people = (
        _t("households"),
        _t("intel_household_flags"),
        _t("match_links"),
        _t("people"),
    )
    with container.engine.begin() as connection:
        household_id = connection.execute(
            select(households.c.id).where(households.c.household_ref == household_ref)
        ).scalar()
        if household_id is None:
            raise RequestProblem(
                404, "household_not_found", f"There is no household {household_ref}."
            )
        found_flags = [
            dict(f)
            for f in connection.execute(
                select(
                    flags.c.flag,
                    flags.c.role,
                    flags.c.harm_band,
                    flags.c.victim_band,
                    flags.c.cohort,
                    flags.c.source_kind,
                    flags.c.nominal_ref,
                    flags.c.link_method,
                    people.c.person_ref,
                )
                .join(people, people.c.id == flags.c.person_id)
                .where(flags.c.household_id == household_id)
                .order_by(flags.c.flag, people.c.person_ref)
            ).mappings()
        ]
        found_links = [
            {
                "link_id": r["id"],
                "list": r["source_kind"],
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
            for r in connection.execute(
                select(links).where(links.c.household_id == household_id).order_by(links.c.id)
            ).mappings()
        ]
        audit.record(
            connection,
            actor=actor,
            action="read",
            entity_type="household_links",
            entity_id=household_ref,
            purpose="reviewing matches",
            detail={"flags": len(found_flags), "links": len(found_links)},
        )
    return {"household_ref": household_ref, "flags": found_flags, "links": found_links}


@router.get(
    "/households/{household_ref}/links",
    summary="A household's police-list flags (with each member's role) and links",
)
async def household_links(
    household_ref: str, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(_links, container, household_ref, actor)
