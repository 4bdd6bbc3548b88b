"""The one place errors become HTTP responses: a stable ``code``, a plain ``detail`` and,
when one field is at fault, its name in ``field``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from eligibility import AsOfOutOfRange, EligibilityError, RulesInvalid, UnknownRuleset
from workflow.access.policy import NotAllowed
from workflow.accounts.service import AccountNotFound, AccountRefused, SignInRefused
from workflow.allocation.assignments import AssignmentRefused
from workflow.allocation.proposals import ProposalNotFound, ProposalRefused
from workflow.batches import BatchChanged, BatchNotFound
from workflow.casework.approvals import ApprovalRefused
from workflow.casework.records import RecordRefused
from workflow.claims.money import AmountsInvalid
from workflow.claims.service import ClaimRefused, WindowNotFound
from workflow.errors import DatabaseUnavailable, HouseholdNotFound, WorkflowError
from workflow.households.lookup import EffectiveDateRefused, NoOpenEpisode
from workflow.localities import LocalitiesInvalid
from workflow.matching.errors import LinkNotFound, PairAlreadyDecided, PairNotFound
from workflow.pathway.errors import EnforcementRefused, UnknownPathway
from workflow.screening.runs import ScreeningRunNotFound
from workflow.staff import StaffNotFound, StaffRefused
from workflow.statemachine.errors import SubjectsChanged, TransitionRefused
from workflow.tasks.service import TaskRefused
from workflow.tiers.service import TierRefused

# Paths the JSON API answers (any other unknown path is a page: its 404 is a page).
API_PREFIXES = (
    "/households",
    "/tasks",
    "/approvals",
    "/imports",
    "/matching",
    "/rulesets",
    "/screenings",
    "/allocation",
    "/staff",
    "/health",
    "/docs",
    "/openapi",
    "/redoc",
)

# Each error the engine raises on purpose, and the status it answers with (else 400).
STATUS: dict[type[Exception], int] = {
    NotAllowed: 403,
    SignInRefused: 401,
    AccountNotFound: 404,
    AccountRefused: 409,
    StaffNotFound: 404,
    ProposalNotFound: 404,
    UnknownPathway: 404,
    BatchNotFound: 404,
    DatabaseUnavailable: 503,
    HouseholdNotFound: 404,
    LinkNotFound: 404,
    PairNotFound: 404,
    ScreeningRunNotFound: 404,
    UnknownRuleset: 404,
    BatchChanged: 409,
    PairAlreadyDecided: 409,
    SubjectsChanged: 409,
    TransitionRefused: 409,
    AssignmentRefused: 409,
    ApprovalRefused: 409,
    TaskRefused: 409,
    TierRefused: 409,
    EnforcementRefused: 409,
    NoOpenEpisode: 409,
    ProposalRefused: 409,
    StaffRefused: 409,
    WindowNotFound: 404,
    ClaimRefused: 409,
    AmountsInvalid: 422,
    EffectiveDateRefused: 422,
    RecordRefused: 422,
    AsOfOutOfRange: 422,
    RulesInvalid: 422,
    LocalitiesInvalid: 500,
}
# The same errors when they are about a field of the request (``InField``).
IN_FIELD_STATUS: dict[type[Exception], int] = {UnknownRuleset: 422}
FIELD: dict[type[Exception], str] = {AsOfOutOfRange: "as_of"}

# What FastAPI's own checks (pydantic error types) mean, in plain words; {name} is the field.
INVALID: dict[str, str] = {
    "missing": "{name} is missing.",
    "int_parsing": "{name} must be a whole number.",
    "int_type": "{name} must be a whole number.",
    "int_from_float": "{name} must be a whole number.",
    "float_parsing": "{name} must be a number.",
    "float_type": "{name} must be a number.",
    "bool_parsing": "{name} must be true or false.",
    "bool_type": "{name} must be true or false.",
    "string_type": "{name} must be text.",
    "string_too_short": "{name} must be at least {min_length} characters.",
    "string_too_long": "{name} must be {max_length} characters or fewer.",
    "greater_than_equal": "{name} must be {ge} or more.",
    "greater_than": "{name} must be more than {gt}.",
    "less_than_equal": "{name} must be {le} or less.",
    "less_than": "{name} must be less than {lt}.",
    "literal_error": "{name} must be {expected}.",
    "enum": "{name} must be {expected}.",
}
NOT_JSON = "The request body is not valid JSON: send a JSON object with the fields this call takes."


class InField(Exception):
    """An engine error about one field of the request (a rule set named in the body): the
    router says which field; the status is decided here, with the others."""

    def __init__(self, error: WorkflowError | EligibilityError, field: str) -> None:
        super().__init__(error.detail)
        self.error, self.field = error, field


class RequestProblem(Exception):
    """A request the API refuses, naming the field at fault."""

    def __init__(self, status: int, code: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.field = status, code, detail, field


def problem(status: int, code: str, detail: str, field: str | None = None) -> JSONResponse:
    body = {"code": code, "detail": detail}
    if field is not None:
        body["field"] = field
    return JSONResponse(body, status_code=status)


def clip(text: str, limit: int = 60) -> str:
    """``text`` as a caller sent it, cut short so a huge value is never echoed back whole."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def invalid(error: dict[str, Any]) -> tuple[str, str]:
    """The field and a plain sentence for one of FastAPI's validation errors. The submitted
    value is never repeated: it may be huge, or personal data."""
    loc: Sequence[int | str] = error["loc"]
    names = [part for part in loc[1:] if isinstance(part, str)]
    if not names and loc[:1] == ("body",):  # no body, not JSON, or not a JSON object
        return "body", NOT_JSON
    field = names[-1] if names else str(loc[-1])
    template = INVALID.get(error["type"], "{name} is not valid.")
    if error["type"] == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1:
        template = "{name} can't be empty."
    return field, template.format(name=f"‘{field}’", **(error.get("ctx") or {}))


def status_of(
    exc: Exception, table: dict[type[Exception], int] = STATUS, default: int = 400
) -> int:
    return next((s for cls, s in table.items() if isinstance(exc, cls)), default)


PAGE_TITLES = {
    401: "Sign in to carry on",
    403: "You can't do that",
    404: "Page not found",
    409: "That could not be done",
    422: "Check what you entered",
}


def _page(request: Request, status: int, detail: str) -> Response | None:
    """A page's error as a page, not JSON (pages set ``request.state.page``)."""
    if not getattr(request.state, "page", False):
        return None
    from api.pages.render import problem_page

    if status == 404:
        detail = f"{detail} If you typed the address, check it is right."
    return problem_page(request, status, PAGE_TITLES.get(status, "Something went wrong"), detail)


def register(app: FastAPI) -> None:
    @app.exception_handler(WorkflowError)
    async def workflow_error(request: Request, exc: WorkflowError) -> Response:
        status = status_of(exc)
        page = _page(request, status, exc.detail)
        if page is not None:
            return page
        if isinstance(exc, TransitionRefused):
            body = {"code": exc.code, "detail": exc.detail, "reasons": list(exc.reasons)}
            return JSONResponse(body, status_code=status)
        return problem(status, exc.code, exc.detail)

    @app.exception_handler(InField)
    async def in_field(_request: Request, exc: InField) -> JSONResponse:
        status = status_of(exc.error, IN_FIELD_STATUS, 422)
        return problem(status, exc.error.code, exc.error.detail, exc.field)

    @app.exception_handler(EligibilityError)
    async def eligibility_error(_request: Request, exc: EligibilityError) -> JSONResponse:
        status = status_of(exc)
        response = problem(status, exc.code, exc.detail, FIELD.get(type(exc)))
        if isinstance(exc, RulesInvalid):
            body = {
                "code": exc.code,
                "detail": exc.detail,
                "problems": [
                    {"file": p.file, "line": p.line, "message": p.message} for p in exc.problems
                ],
            }
            response = JSONResponse(body, status_code=status)
        return response

    @app.exception_handler(RequestProblem)
    async def request_problem(request: Request, exc: RequestProblem) -> Response:
        page = _page(request, exc.status, exc.detail)
        if page is not None:
            return page
        response = problem(exc.status, exc.code, exc.detail, exc.field)
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="tfe"'
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        field, detail = invalid(exc.errors()[0])
        page = _page(request, 422, detail)
        if page is not None:
            return page
        return problem(422, "invalid_request", detail, field)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith(API_PREFIXES):
            from api.pages.render import problem_page

            detail = "If you typed the address, check it is right."
            return problem_page(request, 404, "Page not found", detail)
        if exc.status_code == 400:  # FastAPI could not read the body (e.g. broken multipart)
            detail = f"The request body could not be read. {exc.detail}"
            return problem(400, "invalid_request", detail, "body")
        return await http_exception_handler(request, exc)
