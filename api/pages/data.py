"""A data officer's pages: upload a delivery, the import history (with error reports to
download), and the matching review queue with accept and reject."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from api.access import area
from api.auth import PageActor
from api.deps import ContainerDep, RecordId
from api.errors import RequestProblem
from api.pages.render import render
from api.routers.imports import accept_upload
from workflow.access.scope import Area, intelligence_roles, review_pairs_for
from workflow.bootstrap import Container
from workflow.errors import WorkflowError
from workflow.principal import Principal
from workflow.templates import KINDS

router = APIRouter(include_in_schema=False)


async def _imports(
    request: Request,
    container: Container,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    from workflow.batches import list_batches

    batches = await run_in_threadpool(lambda: list_batches(uow=container.uow(), limit=50))
    done = request.query_params.get("uploaded")
    notice = f"Your file was received as import {done}: it is being imported." if done else None
    return render(
        request,
        "imports.html",
        "Imports",
        status=status,
        errors=errors,
        values=values or {},
        batches=batches,
        kinds=list(KINDS),
        notice=notice if done and done.isdigit() else None,
    )


@router.get("/data/imports", dependencies=[area(Area.IMPORTS)])
async def imports_page(request: Request, container: ContainerDep) -> Response:
    return await _imports(request, container)


@router.post("/data/imports", dependencies=[area(Area.IMPORTS)])
async def upload_form(request: Request, container: ContainerDep, actor: PageActor) -> Response:
    form = await request.form()
    kind = str(form.get("kind") or "")
    source = str(form.get("source") or "").strip() or None
    file = form.get("file")
    values = {"kind": kind[:40], "source": (source or "")[:100]}
    if not kind:
        return await _imports(
            request,
            container,
            status=422,
            errors={"kind": "Choose the kind of file"},
            values=values,
        )
    if not isinstance(file, UploadFile) or not file.filename:
        return await _imports(
            request,
            container,
            status=422,
            errors={"file": "Choose a file to upload"},
            values=values,
        )
    try:
        batch_id = await accept_upload(
            container, actor, kind, file, source, len(form.getlist("file"))
        )
    except RequestProblem as refused:
        field = refused.field if refused.field in ("kind", "source", "file") else "file"
        return await _imports(
            request, container, status=refused.status, errors={field: refused.detail}, values=values
        )
    return RedirectResponse(f"/data/imports?uploaded={batch_id}", status_code=303)


def _queue(c: Container, actor: Principal) -> list[dict[str, Any]]:
    from workflow.matching.review import review_queue

    pairs = review_queue(uow=c.uow(), actor=actor, limit=50)
    return review_pairs_for(pairs, actor, intelligence_roles(c.settings.intelligence_roles))


async def _reviews(
    request: Request,
    container: Container,
    actor: Principal,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
) -> Response:
    pairs = await run_in_threadpool(_queue, container, actor)
    done = request.query_params.get("done")
    notice = {"accept": "The pair was accepted.", "reject": "The pair was rejected."}.get(
        done or ""
    )
    return render(
        request,
        "reviews.html",
        "Matching reviews",
        status=status,
        errors=errors,
        pairs=pairs,
        notice=notice,
    )


@router.get("/data/reviews", dependencies=[area(Area.REVIEW_QUEUE)])
async def reviews_page(request: Request, container: ContainerDep, actor: PageActor) -> Response:
    return await _reviews(request, container, actor)


@router.post("/data/reviews/{review_id}", dependencies=[area(Area.REVIEW_QUEUE)])
async def decide_form(
    request: Request, review_id: RecordId, container: ContainerDep, actor: PageActor
) -> Response:
    from workflow.matching.decisions import decide_pair
    from workflow.screening.service import load_rules

    form = await request.form()
    decision = str(form.get("decision") or "")
    reason = str(form.get("reason") or "").strip()[:300] or None
    field = f"decision-{review_id}"
    if decision not in ("accept", "reject"):
        errors = {field: "Choose accept or reject"}
        return await _reviews(request, container, actor, status=422, errors=errors)
    try:
        await run_in_threadpool(
            lambda: decide_pair(
                review_id,
                decision,
                uow=container.uow(),
                clock=container.clock,
                actor=actor,
                catalogue=load_rules(container.settings),
                reason=reason,
            )
        )
    except WorkflowError as refused:
        return await _reviews(request, container, actor, status=409, errors={field: refused.detail})
    return RedirectResponse(f"/data/reviews?done={decision}", status_code=303)
