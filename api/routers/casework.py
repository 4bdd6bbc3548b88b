"""The heart through the API: households, their moves, casework, champions, tiers, tasks
and approvals. Every route acts as the caller (``X-Staff-Ref`` until sign-in), and the
services decide what that person may do (``workflow.access.policy``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.access import area, family
from api.deps import ActorDep, ContainerDep, HouseholdRef, RecordId, checked_text
from api.errors import RequestProblem
from api.routers.screening import parse_date
from workflow.access.scope import Area, Sight
from workflow.bootstrap import Container
from workflow.pathway.catalogue import PathwayCatalogue, council_pathways
from workflow.principal import Principal

router = APIRouter(tags=["households"])


def _one_line(value: str) -> str:
    return checked_text(value, "reason", 500)


def _note(value: str) -> str:
    text = value.strip()
    if len(text) > 20_000:
        raise RequestProblem(422, "too_long", "‘note’ must be 20,000 characters or fewer.", "note")
    return text


Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line)
]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


def _pathways(container: Container) -> PathwayCatalogue:
    return council_pathways(container.settings)


class MoveRequest(BaseModel):
    trigger: Annotated[str, StringConstraints(max_length=40)] = Field(
        description="start_assessment, agree_plan, evidence_progress, claim, close …"
    )
    reason: Reason = Field(description="Why; to close, one of the closure reasons")
    effective_on: str | None = Field(None, description="dd/mm/yyyy, if earlier than today")


class RecordRequest(BaseModel):
    kind: Literal["contact", "assessment", "plan", "review", "outcome_evidence"]
    note: Annotated[str, AfterValidator(_note)] | None = None
    effective_on: str | None = Field(None, description="dd/mm/yyyy, if earlier than today")


class ChampionRequest(BaseModel):
    staff_ref: Ref
    reason: Reason
    override_reason: Reason | None = Field(None, description="To assign past capacity")
    effective_on: str | None = None


class TierRequest(BaseModel):
    trigger: Literal["step_up", "step_down"]
    reason: Reason
    to: Ref | None = Field(None, description="A tier other than the next one")
    effective_on: str | None = None


class StrandRequest(BaseModel):
    strand: Literal["periphery", "at_risk", "gang_member"]
    reason: Reason


class EnforcementRequest(BaseModel):
    agency: Literal["police", "asb", "housing", "other"]
    reason: Reason


class MigrateRequest(BaseModel):
    version: Ref
    reason: Reason
    to: Ref | None = Field(None, description="Its tier on the new version, if not the same")


class ApprovalRequest(BaseModel):
    action: Annotated[str, StringConstraints(max_length=60)]
    reason: Reason


class Decision(BaseModel):
    approve: bool
    reason: Reason | None = None


class NewTask(BaseModel):
    title: Reason
    due_on: str = Field(description="dd/mm/yyyy")
    staff_ref: Ref | None = None


class Reassign(BaseModel):
    staff_ref: Ref


@router.get(
    "/households",
    dependencies=[area(Area.CASEWORK)],
    summary="Households in the programme: the list a manager works from",
)
def list_households(
    container: ContainerDep,
    actor: ActorDep,
    state: Annotated[str | None, Query(max_length=32)] = None,
    tier: Annotated[str | None, Query(max_length=32)] = None,
    unallocated: bool = False,
) -> dict[str, Any]:
    from workflow.households.show import listing

    found = listing(
        uow=container.uow(), actor=actor, state=state, tier=tier, unallocated=unallocated
    )
    return {"households": [h.as_dict() for h in found]}


@router.get(
    "/households/{household_ref}",
    dependencies=[area(Area.CASEWORK)],
    summary="One household: state, tier, champion, tasks",
)
def household(
    household_ref: HouseholdRef,
    container: ContainerDep,
    actor: ActorDep,
    covering: Annotated[
        bool, Query(description="A keyworker covering for their team: read-only")
    ] = False,
    purpose: Annotated[
        str | None, Query(max_length=100, description="Why you are reading it")
    ] = None,
) -> dict[str, Any]:
    from workflow.access.scope import intelligence_roles
    from workflow.households.show import show

    return show(
        household_ref,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        purpose=checked_text(purpose or "household page", "purpose", 100),
        covering=covering,
        intelligence_roles=intelligence_roles(container.settings.intelligence_roles),
    ).as_dict()


def _move(c: Container, ref: str, body: MoveRequest, actor: Principal) -> dict[str, Any]:
    from workflow.lifecycle.service import move_household

    return move_household(
        ref,
        body.trigger,
        uow=c.uow(),
        clock=c.clock,
        actor=actor,
        reason=body.reason,
        pathways=_pathways(c),
        effective_on=parse_date(body.effective_on, "effective_on"),
    ).as_dict()


@router.post(
    "/households/{household_ref}/moves",
    dependencies=[family(Sight.WRITE)],
    summary="Move a household along its lifecycle",
)
async def move(
    household_ref: HouseholdRef, body: MoveRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    return await run_in_threadpool(_move, container, household_ref, body, actor)


@router.post(
    "/households/{household_ref}/records",
    dependencies=[family(Sight.WRITE)],
    status_code=201,
    summary="Record a contact, assessment, plan, review or evidence of progress",
)
def record(
    household_ref: HouseholdRef, body: RecordRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.casework.records import record_case

    return record_case(
        household_ref,
        body.kind,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        summary=body.note,
        effective_on=parse_date(body.effective_on, "effective_on"),
    ).as_dict()


@router.post(
    "/households/{household_ref}/champion",
    dependencies=[family(Sight.WRITE)],
    summary="Make a keyworker the champion",
)
def champion(
    household_ref: HouseholdRef, body: ChampionRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.allocation.assignments import assign_champion

    return assign_champion(
        household_ref,
        body.staff_ref,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        reason=body.reason,
        pathways=_pathways(container),
        effective_on=parse_date(body.effective_on, "effective_on"),
        over_capacity_reason=body.override_reason,
    ).as_dict()


@router.post(
    "/households/{household_ref}/tier",
    dependencies=[family(Sight.WRITE)],
    summary="Step a household up or down a tier",
)
def change_tier(
    household_ref: HouseholdRef, body: TierRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.tiers.service import step_tier

    return step_tier(
        household_ref,
        body.trigger,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        reason=body.reason,
        to=body.to,
        effective_on=parse_date(body.effective_on, "effective_on"),
    ).as_dict()


@router.post(
    "/households/{household_ref}/strand",
    dependencies=[family(Sight.WRITE)],
    summary="Override a household's strand",
)
def strand(
    household_ref: HouseholdRef, body: StrandRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.tiers.service import override_strand

    chosen = override_strand(
        household_ref, body.strand, uow=container.uow(), actor=actor, reason=body.reason
    )
    return {"household_ref": household_ref, "strand": chosen}


@router.post(
    "/households/{household_ref}/enforcement",
    status_code=201,
    summary="Record enforcement alongside a household's support",
    dependencies=[family(Sight.WRITE)],
)
def enforcement(
    household_ref: HouseholdRef,
    body: EnforcementRequest,
    container: ContainerDep,
    actor: ActorDep,
) -> dict[str, Any]:
    from workflow.tiers.service import add_enforcement

    number = add_enforcement(
        household_ref,
        body.agency,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        reason=body.reason,
    )
    return {"household_ref": household_ref, "enforcement_id": number, "agency": body.agency}


@router.post(
    "/households/{household_ref}/pathway",
    summary="Move a household to another version of the pathway",
    dependencies=[family(Sight.WRITE)],
)
def migrate(
    household_ref: HouseholdRef, body: MigrateRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.tiers.service import migrate_pathway

    return migrate_pathway(
        household_ref,
        body.version,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=_pathways(container),
        reason=body.reason,
        to=body.to,
    ).as_dict()


@router.post(
    "/households/{household_ref}/approvals",
    dependencies=[family(Sight.WRITE)],
    status_code=201,
    summary="Ask a manager to approve a step",
)
def ask_approval(
    household_ref: HouseholdRef, body: ApprovalRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.casework.approvals import request_approval

    return request_approval(
        household_ref,
        body.action,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        reason=body.reason,
    ).as_dict()


@router.post(
    "/approvals/{approval_id}/decision",
    dependencies=[area(Area.CASEWORK)],
    summary="Approve or refuse (never your own)",
)
def decide(
    approval_id: RecordId, body: Decision, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.casework.approvals import decide_approval

    return decide_approval(
        approval_id,
        body.approve,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        reason=body.reason or "",
    ).as_dict()


@router.get("/tasks", dependencies=[area(Area.CASEWORK)], summary="Open tasks, overdue first")
def tasks(
    container: ContainerDep,
    actor: ActorDep,
    worker: Annotated[str | None, Query(max_length=40)] = None,
    team: Annotated[str | None, Query(max_length=100)] = None,
    overdue: bool = False,
) -> dict[str, Any]:
    """A keyworker sees their own tasks; a manager their teams'; a senior manager all."""
    from workflow.access.scope import task_scope
    from workflow.tasks.service import list_tasks

    scope = task_scope(actor)
    found = list_tasks(
        uow=container.uow(),
        clock=container.clock,
        staff_ref=scope.worker or worker,
        team=team,
        teams=scope.teams,
        overdue_only=overdue,
    )
    return {"tasks": [t.as_dict() for t in found]}


@router.post(
    "/tasks/{task_id}/done", dependencies=[area(Area.CASEWORK)], summary="Mark a task done"
)
def task_done(task_id: RecordId, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.tasks.service import complete_task

    return complete_task(task_id, uow=container.uow(), clock=container.clock, actor=actor).as_dict()


@router.post(
    "/tasks/{task_id}/reassign",
    dependencies=[area(Area.CASEWORK)],
    summary="Give a task to someone else (a manager)",
)
def task_reassign(
    task_id: RecordId, body: Reassign, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.tasks.service import reassign_task

    return reassign_task(task_id, body.staff_ref, uow=container.uow(), actor=actor).as_dict()


@router.post(
    "/households/{household_ref}/tasks",
    dependencies=[family(Sight.WRITE)],
    status_code=201,
    summary="Add a task",
)
def task_add(
    household_ref: HouseholdRef, body: NewTask, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.tasks.service import add_task

    due = parse_date(body.due_on, "due_on")
    if due is None:
        raise RequestProblem(
            422, "missing", "‘due_on’ is missing: give a date, dd/mm/yyyy.", "due_on"
        )
    return add_task(
        household_ref,
        body.title,
        due,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        staff_ref=body.staff_ref,
    ).as_dict()
