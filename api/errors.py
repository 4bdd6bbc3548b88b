"""The one place errors become HTTP responses: a stable ``code`` and a plain ``detail``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from workflow.batches import BatchNotFound
from workflow.errors import DatabaseUnavailable, WorkflowError

STATUS = {BatchNotFound: 404, DatabaseUnavailable: 503}


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
