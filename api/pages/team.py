"""A manager's pages: my team (families waiting for a champion, caseloads against capacity
as a chart, overdue tasks) and the allocation proposals (make one, review it family by
family, apply it with edits or reject it)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.access import area
from api.auth import PageActor
from api.deps import ContainerDep, RecordId
from api.pages.render import render
from workflow.access.scope import Area, task_scope
from workflow.bootstrap import Container
from workflow.errors import WorkflowError
from workflow.localities import load_localities
from workflow.pathway.catalogue import council_pathways
from workflow.principal import Principal

router = APIRouter(include_in_schema=False, dependencies=[area(Area.ALLOCATION)])

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 90, 420


def caseload_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars of each worker's load against their capacity, laid out for an SVG: the words
    beside each bar say the numbers, so nothing is read from colour alone."""
    most = max([1.0, *(max(r["load"], r["capacity"]) for r in rows)])
    bars = []
    for n, r in enumerate(rows):
        y = n * (BAR_HEIGHT + BAR_GAP)
        bars.append(
            {
                **r,
                "y": y,
                "width": round(CHART_WIDTH * r["load"] / most, 1),
                "cap_x": round(LABEL_WIDTH + CHART_WIDTH * r["capacity"] / most, 1),
                "over": r["load"] > r["capacity"],
            }
        )
    height = max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP)
    return {"bars": bars, "height": height, "label_width": LABEL_WIDTH, "bar_height": BAR_HEIGHT}


def _team(c: Container, actor: Principal) -> dict[str, Any]:
    from workflow.allocation.caseloads import caseloads
    from workflow.households.show import listing
    from workflow.tasks.service import list_tasks

    waiting = listing(uow=c.uow(), actor=actor, unallocated=True, limit=200)
    scope = task_scope(actor)
    overdue = list_tasks(
        uow=c.uow(), clock=c.clock, teams=scope.teams, overdue_only=True, limit=200
    )
    uow = c.uow()
    with uow:
        loads = caseloads(uow.connection, council_pathways(c.settings))
    rows = sorted(
        (
            {
                "staff_ref": w.staff_ref,
                "name": w.name,
                "load": round(w.load, 2),
                "capacity": w.capacity,
                "families": w.families,
            }
            for w in loads.values()
            if w.active and w.capacity > 0 and (scope.teams is None or w.team in scope.teams)
        ),
        key=lambda r: str(r["staff_ref"]),
    )
    return {"waiting": waiting, "overdue": overdue, "chart": caseload_chart(rows[:60])}


@router.get("/team")
async def team_page(request: Request, container: ContainerDep, actor: PageActor) -> Response:
    found = await run_in_threadpool(_team, container, actor)
    return render(request, "team.html", "My team", **found)


@router.get("/team/proposals")
async def proposals_page(request: Request, container: ContainerDep, actor: PageActor) -> Response:
    from workflow.allocation.proposals import list_proposals

    found = await run_in_threadpool(lambda: list_proposals(uow=container.uow(), actor=actor))
    notice = {"rejected": "The proposal was rejected.", "applied": "The proposal was applied."}
    return render(
        request,
        "proposals.html",
        "Allocation proposals",
        proposals=found,
        notice=notice.get(request.query_params.get("done", "")),
    )


@router.post("/team/proposals")
async def make_proposal_form(
    request: Request, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.allocation.proposals import list_proposals, make_proposal

    def work() -> Any:
        return make_proposal(
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            pathways=council_pathways(container.settings),
            localities=load_localities(container.settings.effective_localities_file),
        )

    try:
        made = await run_in_threadpool(work)
    except WorkflowError as refused:
        found = await run_in_threadpool(lambda: list_proposals(uow=container.uow(), actor=actor))
        return render(
            request,
            "proposals.html",
            "Allocation proposals",
            status=409,
            errors={"make": refused.detail},
            proposals=found,
        )
    return RedirectResponse(f"/team/proposals/{made.id}", status_code=303)


async def _proposal(
    request: Request,
    container: Container,
    actor: Principal,
    proposal_id: int,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    from workflow.allocation.proposals import show_proposal

    found = await run_in_threadpool(
        lambda: show_proposal(proposal_id, uow=container.uow(), actor=actor)
    )
    return render(
        request,
        "proposal.html",
        f"Allocation proposal {proposal_id}",
        status=status,
        errors=errors,
        proposal=found,
    )


@router.get("/team/proposals/{proposal_id}")
async def proposal_page(
    request: Request, proposal_id: RecordId, container: ContainerDep, actor: PageActor
) -> Response:
    return await _proposal(request, container, actor, proposal_id)


@router.post("/team/proposals/{proposal_id}/apply")
async def apply_form(
    request: Request, proposal_id: RecordId, container: ContainerDep, actor: PageActor
) -> Response:
    """Apply, with the manager's edits: each family's chosen keyworker (or none: wait)."""
    from workflow.allocation.proposals import apply_proposal, show_proposal

    form = await request.form()
    shown = await run_in_threadpool(
        lambda: show_proposal(proposal_id, uow=container.uow(), actor=actor)
    )
    changes: dict[str, str | None] = {}
    for item in shown.items:
        chosen = str(form.get(f"staff-{item.household_ref}", item.staff_ref or "")).strip()
        if chosen != (item.staff_ref or ""):
            changes[item.household_ref] = chosen[:40] or None

    def work() -> Any:
        return apply_proposal(
            proposal_id,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            pathways=council_pathways(container.settings),
            localities=load_localities(container.settings.effective_localities_file),
            changes=changes,
        )

    try:
        await run_in_threadpool(work)
    except WorkflowError as refused:
        errors = {"apply": refused.detail}
        return await _proposal(request, container, actor, proposal_id, status=409, errors=errors)
    return RedirectResponse("/team/proposals?done=applied", status_code=303)


@router.post("/team/proposals/{proposal_id}/reject")
async def reject_form(
    request: Request, proposal_id: RecordId, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.allocation.proposals import reject_proposal

    form = await request.form()
    reason = str(form.get("reject_reason") or "").strip()[:500]
    if not reason:
        errors = {"reject_reason": "Say why you are rejecting the proposal"}
        return await _proposal(request, container, actor, proposal_id, status=422, errors=errors)
    try:
        await run_in_threadpool(
            lambda: reject_proposal(
                proposal_id,
                reason=reason,
                uow=container.uow(),
                clock=container.clock,
                actor=actor,
            )
        )
    except WorkflowError as refused:
        errors = {"reject_reason": refused.detail}
        return await _proposal(request, container, actor, proposal_id, status=409, errors=errors)
    return RedirectResponse("/team/proposals?done=rejected", status_code=303)
