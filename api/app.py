"""The web app's factory. Routers for each capability are added as they are built.

    uvicorn --factory api.app:create_app

Nothing is built at import: the lifespan builds the container from settings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors
from api.limits import BodyLimit
from api.routers import allocation, casework, claims, health, imports, matching, screening
from eligibility.loading import MAX_FILE_BYTES
from workflow.bootstrap import build
from workflow.settings import Settings, get_settings

RULE_FILE_TOO_LARGE = "A rule file must be 256 KB or smaller."


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = build(settings or get_settings(), check=False)
        app.state.container = container
        try:
            yield
        finally:
            container.close()

    app = FastAPI(
        title="Troubled Families workflow engine",
        summary="Screening, matching, pathways, champions and claims for early-help programmes.",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.register(app)
    app.add_middleware(
        BodyLimit,
        limits={
            "/imports": (imports.MAX_UPLOAD_BYTES, imports.TOO_LARGE),
            "/rulesets/check": (
                MAX_FILE_BYTES + 64 * 1024,
                "A rule file must be 256 KB or smaller.",
            ),
        },
    )
    app.include_router(health.router)
    app.include_router(imports.router)
    app.include_router(screening.router)
    app.include_router(matching.router)
    app.include_router(casework.router)
    app.include_router(allocation.router)
    app.include_router(claims.router)
    return app
