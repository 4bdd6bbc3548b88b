"""Champions through the API: suggestions for one family, proposals over the backlog or a
leaver's caseload (made, shown, applied with edits, rejected), and staff. Every route acts
as the caller, and the services decide what that person may do."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, StringConstraints

from api.deps import ActorDep, ContainerDep, HouseholdRef
from api.routers.casework import Reason, Ref, _pathways
from api.routers.screening import parse_date
from workflow.bootstrap import Container
from workflow.localities import LocalityMap, load_localities

router = APIRouter(tags=["champions"])


def _localities(container: Container) -> LocalityMap:
    return load_localities(container.settings.effective_localities_file)


ProposalId = Annotated[int, Field(ge=1, le=2**62)]


class ProposeRequest(BaseModel):
    team: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = Field(
        None, description="Only this team's keyworkers and locality"
    )


class ApplyRequest(BaseModel):
    reason: Reason = "allocation proposal accepted"
    changes: dict[Ref, Ref | None] = Field(
        default_factory=dict,
        max_length=20_000,
        description="Edits: household reference → another keyworker, or null to leave it waiting",
    )
    effective_on: str | None = Field(None, description="dd/mm/yyyy, if earlier than today")


class RejectRequest(BaseModel):
    reason: Reason


class LeaveRequest(BaseModel):
    reason: Reason
    left_on: str | None = Field(None, description="dd/mm/yyyy (default today)")


@router.get(
    "/households/{household_ref}/suggestions",
    summary="The best keyworkers for one family, with the reasons",
)
def suggestions(
    household_ref: HouseholdRef,
    container: ContainerDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> dict[str, Any]:
    from workflow.allocation.proposals import suggestions_for

    return suggestions_for(
        household_ref,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        localities=_localities(container),
        limit=limit,
    ).as_dict()


@router.post(
    "/allocation/proposals",
    status_code=201,
    summary="One optimised proposal for every family waiting (stored, not applied)",
)
def propose(body: ProposeRequest, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.allocation.proposals import make_proposal

    return make_proposal(
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        localities=_localities(container),
        team=body.team,
    ).as_dict()


@router.post(
    "/staff/{staff_ref}/rebalance",
    status_code=201,
    summary="A proposal moving every family a leaver or absent keyworker champions",
)
def rebalance(
    staff_ref: Annotated[str, StringConstraints(max_length=40)],
    container: ContainerDep,
    actor: ActorDep,
) -> dict[str, Any]:
    from workflow.allocation.proposals import rebalance_proposal

    return rebalance_proposal(
        staff_ref,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        localities=_localities(container),
    ).as_dict()


@router.get("/allocation/proposals", summary="The latest proposals and what became of them")
def proposals(container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.allocation.proposals import list_proposals

    return {"proposals": [p.as_dict() for p in list_proposals(uow=container.uow(), actor=actor)]}


@router.get("/allocation/proposals/{proposal_id}", summary="One proposal, family by family")
def proposal(proposal_id: ProposalId, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.allocation.proposals import show_proposal

    return show_proposal(proposal_id, uow=container.uow(), actor=actor).as_dict()


@router.post(
    "/allocation/proposals/{proposal_id}/apply",
    summary="Apply a proposal, with any edits: every family gets its champion at once",
)
def apply(
    proposal_id: ProposalId, body: ApplyRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.allocation.proposals import apply_proposal

    return apply_proposal(
        proposal_id,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        localities=_localities(container),
        reason=body.reason,
        changes=body.changes,
        effective_on=parse_date(body.effective_on, "effective_on"),
    ).as_dict()


@router.post("/allocation/proposals/{proposal_id}/reject", summary="Turn a proposal down")
def reject(
    proposal_id: ProposalId, body: RejectRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.allocation.proposals import reject_proposal

    return reject_proposal(
        proposal_id, reason=body.reason, uow=container.uow(), clock=container.clock, actor=actor
    ).as_dict()


@router.get("/staff", summary="Staff in post, by team, with their roles and capacity")
def staff(
    container: ContainerDep,
    _caller: ActorDep,
    team: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    from workflow.staff import list_staff

    return {"staff": [m.as_dict() for m in list_staff(uow=container.uow(), team=team)]}


@router.post("/staff/{staff_ref}/leave", summary="Record that a member of staff has left")
def leave(
    staff_ref: Annotated[str, StringConstraints(max_length=40)],
    body: LeaveRequest,
    container: ContainerDep,
    actor: ActorDep,
) -> dict[str, Any]:
    from workflow.staff import leave as record_leaver

    member, families = record_leaver(
        staff_ref,
        reason=body.reason,
        on=parse_date(body.left_on, "left_on"),
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
    )
    return member.as_dict() | {"families_to_move": families}
