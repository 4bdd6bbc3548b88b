"""The web app's factory. Routers for each capability are added as they are built.

    uvicorn --factory api.app:create_app

Nothing is built at import: the lifespan builds the container from settings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api import errors
from api.access import area
from api.auth import CsrfRefused, SignInNeeded, get_actor, get_page_actor
from api.limits import BodyLimit
from api.routers import allocation, casework, claims, health, imports, matching, screening
from eligibility.loading import MAX_FILE_BYTES
from workflow.access.scope import Area
from workflow.bootstrap import build
from workflow.clock import Clock
from workflow.settings import Settings, get_settings

RULE_FILE_TOO_LARGE = "A rule file must be 256 KB or smaller."


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment); ``clock`` for tests
    and back-dated work (default: the system's)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = build(settings or get_settings(), check=False, clock=clock)
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
            "/data/imports": (imports.MAX_UPLOAD_BYTES, imports.TOO_LARGE),
            "/rulesets/check": (
                MAX_FILE_BYTES + 64 * 1024,
                "A rule file must be 256 KB or smaller.",
            ),
        },
    )
    app.include_router(health.router)
    signed_in = [Depends(get_actor)]  # every API route: a session or a token, else 401
    for module in (screening, matching, casework, claims):  # claims: a rule on each route
        app.include_router(module.router, dependencies=signed_in)
    app.include_router(imports.router, dependencies=[*signed_in, area(Area.IMPORTS)])
    app.include_router(allocation.router, dependencies=[*signed_in, area(Area.ALLOCATION)])
    _pages(app)
    _sign_in_handlers(app)
    return app


def _pages(app: FastAPI) -> None:
    """The GOV.UK pages, and the assets they use, served by the app itself (never a CDN):
    govuk-frontend's from node_modules, the app's compiled stylesheet from api/static."""
    from fastapi.staticfiles import StaticFiles

    from api.pages import data, keywork, oidc, other, signin, team
    from api.pages.render import ROOT

    app.include_router(signin.router)
    app.include_router(oidc.router)
    page = [Depends(get_page_actor)]  # signed in, or off to the sign-in page
    for module in (keywork, team, data, other):
        app.include_router(module.router, dependencies=page)
    govuk = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
    app.mount("/govuk", StaticFiles(directory=govuk, check_dir=False), name="govuk")
    static = ROOT / "api" / "static"
    app.mount("/static", StaticFiles(directory=static, check_dir=False), name="static")


def _sign_in_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(_request: Request, exc: SignInNeeded) -> Response:
        from urllib.parse import quote

        where = "/sign-in?next=" + quote(exc.next_path, safe="/")
        if exc.expired:
            where += "&expired=1"
        return RedirectResponse(where, status_code=303)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, _exc: CsrfRefused) -> Response:
        detail = (
            "This form has expired or did not come from this service. "
            "Go back, reload the page and try again."
        )
        if getattr(request.state, "page", False):
            from api.pages.render import problem_page

            page: Response = problem_page(request, 403, "Your form could not be sent", detail)
            return page
        return JSONResponse({"code": "csrf_refused", "detail": detail}, status_code=403)
