"""Payment-by-results claims through the API: windows (open, build, approve, submit,
export, sample), claims (list, payments, clawbacks, overrides), a family's explanation and
the forecast. Every route acts as the signed-in caller, whom the history and audit trail
record: finance and senior managers reach the claims area; internal audit reaches approving
and drawing a sample too, and the service lets only finance and internal audit approve
(never the preparer)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from api.access import any_area, area, family_or_area
from api.deps import ActorDep, ContainerDep, HouseholdRef, RecordId, checked_text
from api.errors import RequestProblem
from api.routers.screening import parse_date
from workflow.access.scope import Area, Sight
from workflow.bootstrap import Container

router = APIRouter(tags=["claims"])


def _reason(value: str) -> str:
    return checked_text(value, "reason", 500)


Reason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_reason)
]


def _catalogue(container: Container) -> Any:
    from workflow.screening.service import load_rules

    return load_rules(container.settings)


def _required(text: str, field: str) -> Any:
    day = parse_date(text, field)
    if day is None:
        raise RequestProblem(422, "missing", f"‘{field}’ is needed, as dd/mm/yyyy.", field)
    return day


class WindowRequest(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    phase: Annotated[str, StringConstraints(max_length=40)]
    opens_on: str = Field(description="dd/mm/yyyy")
    closes_on: str = Field(description="dd/mm/yyyy")


class PaymentRequest(BaseModel):
    amount: Decimal = Field(description="Pounds and pence, like 800.00", max_digits=12)
    paid_on: str | None = Field(None, description="dd/mm/yyyy")


class ReasonRequest(BaseModel):
    reason: Reason


class OverrideRequest(BaseModel):
    household_ref: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
    outcome: Annotated[str, StringConstraints(max_length=40)]
    reason: Reason


@router.get(
    "/claims/windows", summary="Claim windows and their totals", dependencies=[area(Area.CLAIMS)]
)
def windows(container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.access.policy import Action, require
    from workflow.claims.service import list_windows

    require(actor, Action.READ_CLAIMS)
    return {"windows": [w.as_dict() for w in list_windows(container.uow())]}


@router.post(
    "/claims/windows",
    status_code=201,
    summary="Open a claim window",
    dependencies=[area(Area.CLAIMS)],
)
async def open_window(
    body: WindowRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.claims.service import open_window as opening

    view = await run_in_threadpool(
        opening,
        body.name,
        body.phase,
        _required(body.opens_on, "opens_on"),
        _required(body.closes_on, "closes_on"),
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        rules_dir=container.settings.effective_rules_dir,
    )
    return view.as_dict()


@router.post(
    "/claims/windows/{window_id}/build",
    summary="Prepare a window's candidate claims",
    dependencies=[area(Area.CLAIMS)],
)
async def build(window_id: RecordId, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.claims.service import build_window, snapshot_baselines

    def run() -> dict[str, Any]:
        catalogue = _catalogue(container)
        rules_dir = container.settings.effective_rules_dir
        snapshot_baselines(
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=catalogue,
            rules_dir=rules_dir,
        )
        return build_window(
            window_id,
            uow=container.uow(),
            clock=container.clock,
            actor=actor,
            catalogue=catalogue,
            rules_dir=rules_dir,
        ).as_dict()

    return await run_in_threadpool(run)


@router.post(
    "/claims/windows/{window_id}/approve",
    summary="Check and approve a window's claims",
    dependencies=[any_area(Area.CLAIMS, Area.AUDIT_SAMPLE)],
)
async def approve(window_id: RecordId, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.claims.service import approve_window
    from workflow.pathway.catalogue import council_pathways

    report = await run_in_threadpool(
        approve_window,
        window_id,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        pathways=council_pathways(container.settings),
    )
    return report.as_dict()


@router.post(
    "/claims/windows/{window_id}/submit",
    summary="Submit an approved window",
    dependencies=[area(Area.CLAIMS)],
)
async def submit(window_id: RecordId, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.claims.service import submit_window

    report = await run_in_threadpool(
        submit_window, window_id, uow=container.uow(), clock=container.clock, actor=actor
    )
    return report.as_dict()


@router.post(
    "/claims/windows/{window_id}/export",
    summary="Write the finance workbook and CSV",
    dependencies=[area(Area.CLAIMS)],
)
async def export(window_id: RecordId, container: ContainerDep, actor: ActorDep) -> dict[str, Any]:
    from workflow.claims.export import export_window

    report = await run_in_threadpool(
        export_window,
        window_id,
        container.settings.reports_dir / "claims",
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
    )
    return report.as_dict()


@router.post(
    "/claims/windows/{window_id}/sample",
    summary="A seeded audit sample",
    dependencies=[any_area(Area.CLAIMS, Area.AUDIT_SAMPLE)],
)
async def sample(
    window_id: RecordId,
    container: ContainerDep,
    actor: ActorDep,
    size: Annotated[int, Query(ge=1, le=10_000)] = 10,
    seed: Annotated[int, Query(ge=0)] = 1,
) -> dict[str, Any]:
    from workflow.claims.export import audit_sample

    chosen, path = await run_in_threadpool(
        audit_sample,
        window_id,
        size,
        seed,
        container.settings.reports_dir / "claims",
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
    )
    return {"claims": chosen, "workbook": str(path)}


@router.get(
    "/claims", summary="Claims, or one window's; overrides marked", dependencies=[area(Area.CLAIMS)]
)
def claims(
    container: ContainerDep,
    actor: ActorDep,
    window: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,
) -> dict[str, Any]:
    from workflow.access.policy import Action, require
    from workflow.claims.service import list_claims

    require(actor, Action.READ_CLAIMS)
    found = list_claims(container.uow(), window_id=window)
    return {
        "claims": [
            c
            | {
                "amount": str(c["amount"]),
                "paid_amount": None if c["paid_amount"] is None else str(c["paid_amount"]),
                "attached_on": c["attached_on"].strftime("%d/%m/%Y"),
            }
            for c in found
        ]
    }


@router.post(
    "/claims/{claim_id}/payments",
    summary="Record a payment (never more than the claim)",
    dependencies=[area(Area.CLAIMS)],
)
async def payment(
    claim_id: RecordId, body: PaymentRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.claims.service import record_payment

    report = await run_in_threadpool(
        record_payment,
        claim_id,
        body.amount,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        paid_on=parse_date(body.paid_on, "paid_on"),
    )
    return report.as_dict()


@router.post(
    "/claims/{claim_id}/clawback",
    summary="Claw back a claim after a spot check",
    dependencies=[area(Area.CLAIMS)],
)
async def clawback(
    claim_id: RecordId, body: ReasonRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.claims.service import claw_back

    report = await run_in_threadpool(
        claw_back, claim_id, body.reason, uow=container.uow(), clock=container.clock, actor=actor
    )
    return report.as_dict()


@router.post(
    "/claims/windows/{window_id}/overrides",
    dependencies=[area(Area.CLAIMS)],
    status_code=201,
    summary="A senior manager's equivalent-progress claim, with its reason",
)
async def override(
    window_id: RecordId, body: OverrideRequest, container: ContainerDep, actor: ActorDep
) -> dict[str, Any]:
    from workflow.claims.service import prepare_claim

    claim_id = await run_in_threadpool(
        prepare_claim,
        body.household_ref,
        window_id,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=_catalogue(container),
        rules_dir=container.settings.effective_rules_dir,
        override_reason=body.reason,
        outcome=body.outcome,
    )
    return {"claim_id": claim_id}


@router.get(
    "/claims/households/{household_ref}",
    summary="Why a family is or is not claimable",
    dependencies=[family_or_area(Sight.READ, Area.CLAIMS)],
)
def explain(
    household_ref: HouseholdRef,
    container: ContainerDep,
    actor: ActorDep,
    as_of: Annotated[str | None, Query(max_length=10)] = None,
) -> dict[str, Any]:
    from workflow.access.policy import Action, require
    from workflow.claims.service import explain as explaining

    require(actor, Action.READ_CLAIMS)
    return explaining(
        household_ref,
        uow=container.uow(),
        clock=container.clock,
        actor=actor,
        catalogue=_catalogue(container),
        as_of=parse_date(as_of, "as_of"),
        rules_dir=container.settings.effective_rules_dir,
    ).as_dict()


@router.get(
    "/claims/forecast",
    summary="Families likely to be claimable, and what is missing",
    dependencies=[area(Area.CLAIMS)],
)
def forecast(
    container: ContainerDep,
    actor: ActorDep,
    phase: Annotated[str, Query(max_length=40)],
    as_of: Annotated[str, Query(max_length=10)],
) -> dict[str, Any]:
    from workflow.claims.export import forecast as forecasting

    found = forecasting(
        phase,
        _required(as_of, "as_of"),
        uow=container.uow(),
        actor=actor,
        catalogue=_catalogue(container),
        rules_dir=container.settings.effective_rules_dir,
    )
    return {"families": [f | {"attached_on": f["attached_on"].strftime("%d/%m/%Y")} for f in found]}
