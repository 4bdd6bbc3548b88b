"""The finance and audit landing pages (claims arrive with issue #15), and the admin's
pages: the accounts, and who saw a family's record."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.access import area
from api.auth import PageActor
from api.deps import ContainerDep
from api.pages.render import render
from workflow.access.scope import Area
from workflow.errors import HouseholdNotFound

router = APIRouter(include_in_schema=False)


@router.get("/finance", dependencies=[area(Area.CLAIMS)])
async def finance_page(request: Request) -> Response:
    return render(request, "finance.html", "Claims")


@router.get("/audit", dependencies=[area(Area.AUDIT_SAMPLE)])
async def audit_page(request: Request) -> Response:
    return render(request, "audit.html", "Audit")


@router.get("/admin", dependencies=[area(Area.ACCOUNTS)])
async def admin_page(request: Request, container: ContainerDep) -> Response:
    from workflow.accounts.service import list_users

    accounts = await run_in_threadpool(lambda: list_users(uow=container.uow()))
    return render(request, "admin.html", "Accounts", accounts=accounts)


@router.get("/admin/readers", dependencies=[area(Area.READERS)])
async def readers_page(request: Request, container: ContainerDep, actor: PageActor) -> Response:
    from workflow.access.families import readers

    ref = (request.query_params.get("household") or "").strip()[:40]
    found, errors = None, {}
    if "household" in request.query_params:
        if not ref:
            errors["household"] = "Enter the family's household reference"
        else:
            try:
                found = await run_in_threadpool(
                    lambda: readers(ref, uow=container.uow(), actor=actor)
                )
            except HouseholdNotFound as missing:
                errors["household"] = missing.detail
    return render(
        request,
        "readers.html",
        "Who saw a family",
        status=422 if errors else 200,
        errors=errors,
        household=ref,
        readings=found,
    )
