"""A keyworker's pages: my work (tasks, overdue first, and caseload), a family's page, and
the forms that record casework, move the family on, step its tier and complete a task.

Every form posts to this site with the session's CSRF token, changes what it says through
the same services as the API, and then sends the browser back to the page it came from
(post/redirect/get). A refusal is shown at the form, in plain words, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.access import area, family
from api.auth import PageActor
from api.deps import ContainerDep, HouseholdRef, RecordId
from api.pages.render import render
from api.routers.screening import parse_date
from workflow.access.scope import Area, Sight, intelligence_roles, task_scope
from workflow.bootstrap import Container
from workflow.errors import WorkflowError
from workflow.lifecycle.rules import Trigger
from workflow.pathway.catalogue import council_pathways
from workflow.principal import Principal

router = APIRouter(include_in_schema=False)

RECORD_KINDS = [
    ("contact", "Contact with the family"),
    ("assessment", "Whole-family assessment"),
    ("plan", "Family plan"),
    ("review", "Review of the plan"),
    ("outcome_evidence", "Evidence of an outcome"),
]
MOVES = [
    (Trigger.START_ASSESSMENT, "Start the assessment"),
    (Trigger.AGREE_PLAN, "Agree the family plan"),
    (Trigger.EVIDENCE_PROGRESS, "Record that progress is evidenced"),
    (Trigger.CLOSE, "Close the family's episode"),
]
NOTICES = {
    "recorded": "Your record was saved.",
    "moved": "The family has moved on.",
    "tier": "The family's tier has changed.",
    "done": "The task is marked done.",
}


def _my_work(c: Container, actor: Principal) -> dict[str, Any]:
    from workflow.households.show import listing
    from workflow.tasks.service import list_tasks

    scope = task_scope(actor)
    tasks = list_tasks(
        uow=c.uow(), clock=c.clock, staff_ref=scope.worker, teams=scope.teams, limit=200
    )
    families = listing(uow=c.uow(), actor=actor, limit=500)
    return {"tasks": tasks, "families": families, "today": c.clock.today()}


@router.get("/my-work", dependencies=[area(Area.CASEWORK)])
async def my_work(request: Request, container: ContainerDep, actor: PageActor) -> Response:
    found = await run_in_threadpool(_my_work, container, actor)
    notice = NOTICES.get(request.query_params.get("done", ""))
    return render(request, "my_work.html", "My work", notice=notice, **found)


def _family(c: Container, ref: str, actor: Principal, covering: bool) -> Any:
    from workflow.households.show import show

    return show(
        ref,
        uow=c.uow(),
        clock=c.clock,
        actor=actor,
        purpose="family page" + (" (covering)" if covering else ""),
        covering=covering,
        intelligence_roles=intelligence_roles(c.settings.intelligence_roles),
    )


async def family_page(
    request: Request,
    container: Container,
    actor: Principal,
    ref: str,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    covering = request.query_params.get("covering") == "true"
    page = await run_in_threadpool(_family, container, ref, actor, covering)
    notice = NOTICES.get(request.query_params.get("done", ""))
    return render(
        request,
        "family.html",
        f"Family {page.household_ref}",
        status=status,
        errors=errors,
        notice=notice,
        page=page,
        values=values or {},
        record_kinds=RECORD_KINDS,
        moves=MOVES,
    )


@router.get("/families/{household_ref}", dependencies=[area(Area.CASEWORK)])
async def family_view(
    request: Request, household_ref: HouseholdRef, container: ContainerDep, actor: PageActor
) -> Response:
    return await family_page(request, container, actor, household_ref)


async def _act(
    request: Request,
    container: Container,
    actor: Principal,
    ref: str,
    field: str,
    done: str,
    work: Callable[[], Any],
    values: dict[str, str],
) -> Response:
    try:
        await run_in_threadpool(work)
    except WorkflowError as refused:
        return await family_page(
            request,
            container,
            actor,
            ref,
            status=422,
            errors={field: refused.detail},
            values=values,
        )
    return RedirectResponse(f"/families/{ref}?done={done}", status_code=303)


def _text(form: Any, name: str, limit: int) -> str:
    return str(form.get(name) or "").strip()[:limit]


@router.post("/families/{household_ref}/records", dependencies=[family(Sight.WRITE)])
async def record_form(
    request: Request, household_ref: HouseholdRef, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.casework.records import record_case

    form = await request.form()
    kind, note = _text(form, "kind", 40), _text(form, "note", 20_000)
    values = {"kind": kind, "note": note}
    if kind not in dict(RECORD_KINDS):
        errors = {"kind": "Choose what you are recording"}
        return await family_page(
            request, container, actor, household_ref, status=422, errors=errors, values=values
        )

    def work() -> Any:
        return record_case(
            household_ref,
            kind,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            pathways=council_pathways(container.settings),
            summary=note or None,
        )

    return await _act(request, container, actor, household_ref, "kind", "recorded", work, values)


@router.post("/families/{household_ref}/moves", dependencies=[family(Sight.WRITE)])
async def move_form(
    request: Request, household_ref: HouseholdRef, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.lifecycle.service import move_household

    form = await request.form()
    trigger, reason = _text(form, "trigger", 40), _text(form, "move_reason", 500)
    when = _text(form, "effective_on", 10)
    values = {"trigger": trigger, "move_reason": reason, "effective_on": when}
    errors = {}
    if trigger not in {t.value for t, _ in MOVES}:
        errors["trigger"] = "Choose the step the family has reached"
    if not reason:
        errors["move_reason"] = "Say why (for a closure, the closure reason)"
    if errors:
        return await family_page(
            request, container, actor, household_ref, status=422, errors=errors, values=values
        )

    def work() -> Any:
        return move_household(
            household_ref,
            trigger,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            reason=reason,
            pathways=council_pathways(container.settings),
            effective_on=parse_date(when or None, "effective_on"),
        )

    return await _act(request, container, actor, household_ref, "trigger", "moved", work, values)


@router.post("/families/{household_ref}/tier", dependencies=[family(Sight.WRITE)])
async def tier_form(
    request: Request, household_ref: HouseholdRef, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.tiers.service import step_tier

    form = await request.form()
    trigger, reason = _text(form, "tier_trigger", 20), _text(form, "tier_reason", 500)
    values = {"tier_trigger": trigger, "tier_reason": reason}
    errors = {}
    if trigger not in ("step_up", "step_down"):
        errors["tier_trigger"] = "Choose step up or step down"
    if not reason:
        errors["tier_reason"] = "Say why the family needs a different tier"
    if errors:
        return await family_page(
            request, container, actor, household_ref, status=422, errors=errors, values=values
        )

    def work() -> Any:
        return step_tier(
            household_ref,
            trigger,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            pathways=council_pathways(container.settings),
            reason=reason,
        )

    return await _act(
        request, container, actor, household_ref, "tier_trigger", "tier", work, values
    )


@router.post("/my-work/tasks/{task_id}/done", dependencies=[area(Area.CASEWORK)])
async def task_done_form(
    request: Request, task_id: RecordId, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.tasks.service import complete_task

    form = await request.form()
    back = _text(form, "back", 60)
    try:
        await run_in_threadpool(
            lambda: complete_task(task_id, uow=container.uow(), clock=container.clock, actor=actor)
        )
    except WorkflowError as refused:
        found = await run_in_threadpool(_my_work, container, actor)
        return render(
            request,
            "my_work.html",
            "My work",
            status=409,
            errors={"tasks": refused.detail},
            **found,
        )
    where = back if back.startswith("/families/") else "/my-work"
    return RedirectResponse(f"{where}?done=done", status_code=303)
