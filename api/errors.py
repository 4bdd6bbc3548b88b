"""The one place errors become HTTP responses: a stable ``code`` and a plain ``detail``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from eligibility import AsOfOutOfRange, EligibilityError, RulesInvalid, UnknownRuleset
from workflow.batches import BatchNotFound
from workflow.errors import DatabaseUnavailable, WorkflowError
from workflow.screening.explaining import HouseholdNotFound
from workflow.screening.runs import ScreeningRunNotFound

STATUS: dict[type[Exception], int] = {
    BatchNotFound: 404,
    DatabaseUnavailable: 503,
    HouseholdNotFound: 404,
    ScreeningRunNotFound: 404,
    UnknownRuleset: 404,
    AsOfOutOfRange: 422,
    RulesInvalid: 422,
}


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


def register(app: FastAPI) -> None:
    @app.exception_handler(WorkflowError)
    async def workflow_error(_request: Request, exc: WorkflowError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        return problem(status, exc.code, exc.detail)

    @app.exception_handler(EligibilityError)
    async def eligibility_error(_request: Request, exc: EligibilityError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        response = problem(status, exc.code, exc.detail)
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
    async def request_problem(_request: Request, exc: RequestProblem) -> JSONResponse:
        return problem(exc.status, exc.code, exc.detail, exc.field)
