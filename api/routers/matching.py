"""Matching through the API: the review queue, a reviewer's decision, undoing a link, and a
household's links.

A decision takes effect at once, as from the command line: the pair is remembered, the
link is made or withdrawn, the household's flags follow and it is screened again. The
matching itself (Splink) runs in the imports package's flow after each police import.
Reads of police-list data are written to the audit trail.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.access import area, family_or_area
from api.deps import (
    ActorDep,
    ContainerDep,
    HouseholdRef,
    Limit,
    RecordId,
    UowDep,
    checked_text,
)
from workflow.access.scope import Area, Sight, intelligence_roles, review_pairs_for
from workflow.bootstrap import Container
from workflow.matching.decisions import decide_pair, undo_link
from workflow.matching.review import household_links as links_of
from workflow.matching.review import review_queue as review_queue_of
from workflow.principal import Principal
from workflow.screening.service import load_rules
from workflow.settings import Settings
from workflow.uow import UnitOfWork

router = APIRouter(tags=["matching"])


def _queue(uow: UnitOfWork, actor: Principal, limit: int, settings: Settings) -> dict[str, Any]:
    pairs = review_queue_of(uow=uow, actor=actor, limit=limit)
    allowed = intelligence_roles(settings.intelligence_roles)
    return {"pairs": review_pairs_for(pairs, actor, allowed)}


@router.get(
    "/matching/reviews",
    dependencies=[area(Area.REVIEW_QUEUE)],
    summary="Pairs waiting for a data officer, side by side",
)
async def review_queue(
    uow: UowDep, actor: ActorDep, container: ContainerDep, limit: Limit = 100
) -> dict[str, Any]:
    """The pairs; the police's reference for each nominal only for the roles configured to
    see police intelligence (``TFE_INTELLIGENCE_ROLES``)."""
    return await run_in_threadpool(_queue, uow, actor, limit, container.settings)


def _plain_reason(reason: str) -> str:
    return checked_text(reason, "reason", 300)  # its 422 goes straight to the caller


# Trimmed first, so a reason of only spaces is too short; no control characters.
Reason = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_plain_reason)]


class Decision(BaseModel):
    decision: Literal["accept", "reject"] = Field(description="accept or reject the pair")
    reason: Reason | None = Field(None, max_length=300, description="Why (kept with the decision)")


def _decide(
    container: Container, review_id: int, decision: Decision, actor: Principal
) -> dict[str, Any]:
    outcome = decide_pair(
        review_id,
        decision.decision,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=load_rules(container.settings),
        reason=decision.reason,
    )
    return outcome | {"status": "applied"}


@router.post(
    "/matching/reviews/{review_id}/decision",
    dependencies=[area(Area.REVIEW_QUEUE)],
    summary="Accept or reject a pair: remembered, and its link, flags and screening follow",
)
async def decide(
    review_id: RecordId, decision: Decision, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(_decide, container, review_id, decision, actor)


class Undo(BaseModel):
    reason: Reason = Field(min_length=3, max_length=300, description="Why the link is wrong")


def _undo(container: Container, link_id: int, undo: Undo, actor: Principal) -> dict[str, Any]:
    return undo_link(
        link_id,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=load_rules(container.settings),
        reason=undo.reason,
    )


@router.post(
    "/matching/links/{link_id}/undo",
    dependencies=[area(Area.REVIEW_QUEUE)],
    summary="Undo a link: its flags go, the household is screened again, it never comes back",
)
async def undo(
    link_id: RecordId, undo: Undo, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(_undo, container, link_id, undo, actor)


@router.get(
    "/households/{household_ref}/links",
    dependencies=[family_or_area(Sight.READ, Area.REVIEW_QUEUE)],
    summary="A household's police-list flags (with each member's role) and links",
)
async def household_links(
    household_ref: HouseholdRef, uow: UowDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(links_of, household_ref, uow=uow, actor=actor)
