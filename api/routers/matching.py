"""Matching through the API: the review queue, a reviewer's decision, a household's links.

Everything here reads or records; the matching itself (Splink) runs in the imports
package's flow. A decision is recorded at once and remembered by pair; its link, flags
and re-screening follow at the next matching run, which the match flow runs after each
police import and on demand (answer 202). The command line (``tfe match review``)
applies decisions immediately. Reads of police-list data are written to the audit trail.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import and_, insert, select, update

from api.deps import ActorDep, ContainerDep
from api.errors import RequestProblem
from workflow import audit
from workflow.bootstrap import Container
from workflow.db.base import utcnow
from workflow.matching.review import HouseholdNotFound
from workflow.matching.review import household_links as links_of
from workflow.matching.review import review_queue as review_queue_of
from workflow.matching.tables import table

router = APIRouter(tags=["matching"])


def _queue(container: Container, actor: str) -> dict[str, Any]:
    return {"pairs": review_queue_of(container, actor=actor)}


@router.get("/matching/reviews", summary="Pairs waiting for a data officer, side by side")
async def review_queue(container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    return await run_in_threadpool(_queue, container, actor)


class Decision(BaseModel):
    decision: Literal["accept", "reject"] = Field(description="accept or reject the pair")
    reason: str | None = Field(None, max_length=300, description="Why (kept with the decision)")


def _decide(container: Container, review_id: int, decision: Decision, actor: str) -> dict[str, Any]:
    reviews, decisions = table("match_reviews"), table("match_decisions")
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
    try:
        return links_of(container, household_ref, actor=actor)
    except HouseholdNotFound:
        raise RequestProblem(
            404, "household_not_found", f"There is no household {household_ref}."
        ) from None


@router.get(
    "/households/{household_ref}/links",
    summary="A household's police-list flags (with each member's role) and links",
)
async def household_links(
    household_ref: str, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(_links, container, household_ref, actor)
