"""Signing in and out, and where each person lands.

The sign-in form carries the CSRF token of a visitor's session (so a sign-in can't be
forged from another site either); a good password replaces that session with a new one
(the id changes at sign-in). A wrong password gets one plain message, after the delay the
account service asks for once failures repeat.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from api.auth import COOKIE, check_csrf, current_session
from api.pages.render import render
from workflow.access.scope import Area, may_see
from workflow.accounts.service import (
    LIFETIME,
    SignedIn,
    SignInRefused,
    end_session,
    open_visitor_session,
    sign_in,
)
from workflow.bootstrap import Container
from workflow.domain.vocabulary import StaffRole as R
from workflow.principal import Principal


async def _is_a_page(request: Request) -> None:
    request.state.page = True  # its errors are pages, not JSON


router = APIRouter(include_in_schema=False, dependencies=[Depends(_is_a_page)])


def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def set_cookie(response: Response, request: Request, value: str, max_age: int | None) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=max_age,
        httponly=True,
        secure=_container(request).settings.cookie_secure,
        samesite="lax",
        path="/",
    )


def safe_next(path: str | None) -> str:
    """Only a path on this site (never ``//elsewhere`` or ``https://...``)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    parts = urlsplit(path)
    return "/" if parts.scheme or parts.netloc else path


def landing(actor: Principal) -> str:
    """Where a person's day starts, by their first role."""
    if actor.has(R.KEYWORKER) and not actor.has(R.MANAGER, R.SENIOR_MANAGER):
        return "/my-work"
    for area, url in (
        (Area.ALLOCATION, "/team"),
        (Area.IMPORTS, "/data/imports"),
        (Area.CLAIMS, "/finance"),
        (Area.AUDIT_SAMPLE, "/audit"),
        (Area.ACCOUNTS, "/admin"),
    ):
        if may_see(actor, area):
            return url
    return "/my-work"


async def _visitor_page(
    request: Request,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    username: str = "",
    next_path: str = "/",
) -> Response:
    state = await current_session(request)
    cookie = None
    if state is None or state.principal is not None:
        c = _container(request)
        cookie, state = await run_in_threadpool(open_visitor_session, uow=c.uow(), clock=c.clock)
        request.state.session = state
    settings = _container(request).settings
    response = render(
        request,
        "sign_in.html",
        "Sign in",
        status=status,
        errors=errors,
        username=username,
        next_path=next_path,
        expired=request.query_params.get("expired") == "1",
        oidc_label=settings.oidc_label if settings.oidc_enabled else None,
    )
    if cookie is not None:
        set_cookie(response, request, cookie, None)
    return response


@router.get("/sign-in")
async def sign_in_page(request: Request) -> Response:
    state = await current_session(request)
    if state is not None and state.principal is not None:
        return RedirectResponse(landing(state.principal), status_code=303)
    return await _visitor_page(request, next_path=safe_next(request.query_params.get("next")))


@router.post("/sign-in")
async def sign_in_form(request: Request) -> Response:
    state = await current_session(request)
    if state is None:  # no visitor session: the form is stale
        return await _visitor_page(
            request,
            status=400,
            errors={"username": "The sign-in form had expired. Sign in again."},
        )
    await check_csrf(request, state)
    if state.principal is not None:  # already signed in
        return RedirectResponse(landing(state.principal), status_code=303)
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    next_path = safe_next(str(form.get("next") or "/"))
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Enter your username"
    if not password:
        errors["password"] = "Enter your password"
    if errors:
        return await _visitor_page(
            request, status=400, errors=errors, username=username[:80], next_path=next_path
        )
    c = _container(request)
    try:
        signed: SignedIn = await run_in_threadpool(
            sign_in, username, password, uow=c.uow(), clock=c.clock
        )
    except SignInRefused as refused:
        if refused.delay and c.settings.sign_in_delay:
            await asyncio.sleep(refused.delay)
        return await _visitor_page(
            request,
            status=401,
            errors={"username": refused.detail},
            username=username[:80],
            next_path=next_path,
        )
    old = request.cookies.get(COOKIE)
    if old:
        await run_in_threadpool(end_session, old, uow=c.uow(), clock=c.clock)
    where = next_path if next_path != "/" else landing(signed.principal)
    response = RedirectResponse(where, status_code=303)
    set_cookie(response, request, signed.cookie, int(LIFETIME.total_seconds()))
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    state = await current_session(request)
    if state is not None:
        await check_csrf(request, state)
        c = _container(request)
        cookie = request.cookies.get(COOKIE, "")
        await run_in_threadpool(end_session, cookie, uow=c.uow(), clock=c.clock)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/")
async def home(request: Request) -> Response:
    state = await current_session(request)
    if state is None or state.principal is None:
        return RedirectResponse("/sign-in", status_code=303)
    return RedirectResponse(landing(state.principal), status_code=303)
