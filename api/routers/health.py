"""Liveness and readiness: is the app up, and can it reach its database?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from workflow.bootstrap import Container
from workflow.db.migrate import current_revision, head_revision
from workflow.errors import DatabaseUnavailable

router = APIRouter(tags=["health"])


@router.get("/health", summary="Is the engine up and its database reachable and up to date?")
def health(request: Request) -> JSONResponse:
    container: Container = request.app.state.container
    body: dict[str, Any] = {"status": "ok", "schema_revision": None, "schema_head": head_revision()}
    try:
        from workflow.db.engine import check_connection

        check_connection(container.engine)
        body["schema_revision"] = current_revision(container.engine)
    except DatabaseUnavailable:
        body["status"] = "database_unavailable"
        body["detail"] = "The engine cannot reach its database."
        return JSONResponse(body, status_code=503)
    if body["schema_revision"] != body["schema_head"]:
        body["status"] = "schema_out_of_date"
        body["detail"] = "The database needs migrating: run 'tfe db upgrade'."
        return JSONResponse(body, status_code=503)
    return JSONResponse(body)
