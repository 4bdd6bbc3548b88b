"""Who is asking: every request's ``Principal`` comes from its session cookie (people, on the
pages) or its bearer token (systems, on the API), never from anything the caller says
about itself.

- ``Authorization: Bearer tfe_...``: an API token; a ``read`` token may only read.
- the ``tfe_session`` cookie (Secure, HttpOnly, SameSite=Lax): a server-side session.
  Every unsafe request made with it must carry the session's CSRF token, in the form
  field ``csrf_token`` or the ``X-CSRF-Token`` header, compared in constant time.
- neither: the JSON API answers 401 (``not_signed_in``); a page sends the browser to the
  sign-in page.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from api.errors import RequestProblem
from workflow.accounts.service import SessionState, session_for, token_principal
from workflow.bootstrap import Container
from workflow.principal import Principal

COOKIE = "tfe_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
NOT_SIGNED_IN = "Sign in first: send a session cookie or an ‘Authorization: Bearer’ API token."


class SignInNeeded(Exception):
    """A page asked for without a live session: the browser goes to the sign-in page."""

    def __init__(self, next_path: str, expired: bool) -> None:
        super().__init__(next_path)
        self.next_path, self.expired = next_path, expired


class CsrfRefused(Exception):
    """An unsafe request made with the session cookie but without its CSRF token."""


def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def current_session(request: Request) -> SessionState | None:
    """The request's live session (looked up once per request), or ``None``."""
    if hasattr(request.state, "session"):
        found: SessionState | None = request.state.session
        return found
    cookie = request.cookies.get(COOKIE)
    state = None
    if cookie and len(cookie) <= 100:
        c = _container(request)
        state = await run_in_threadpool(session_for, cookie, uow=c.uow(), clock=c.clock)
    request.state.session = state
    return state


async def check_csrf(request: Request, state: SessionState) -> None:
    """Refuse an unsafe request whose CSRF token is missing or not the session's."""
    if request.method in SAFE:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        kind = request.headers.get("content-type", "")
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), state.csrf_token.encode()):
        raise CsrfRefused()


async def _bearer(request: Request) -> Principal | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    token = header[7:].strip()
    c = _container(request)
    use = None
    if 0 < len(token) <= 100:
        use = await run_in_threadpool(token_principal, token, uow=c.uow(), clock=c.clock)
    if use is None:
        raise RequestProblem(401, "token_refused", "This API token is unknown, revoked or expired.")
    if request.method not in SAFE and "write" not in use.scope.split():
        raise RequestProblem(403, "insufficient_scope", "This API token may only read.")
    return use.principal


async def get_actor(request: Request) -> Principal:
    """The principal of a JSON API request, or 401."""
    if hasattr(request.state, "actor"):
        known: Principal = request.state.actor
        return known
    principal = await _bearer(request)
    if principal is None:
        state = await current_session(request)
        if state is None or state.principal is None:
            raise RequestProblem(401, "not_signed_in", NOT_SIGNED_IN)
        await check_csrf(request, state)
        principal = state.principal
    request.state.actor = principal
    return principal


async def get_page_actor(request: Request) -> Principal:
    """The signed-in person a page is for, or off to the sign-in page. Errors on a page
    are shown as pages (``request.state.page``)."""
    request.state.page = True
    state = await current_session(request)
    if state is None or state.principal is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(path, expired=COOKIE in request.cookies)
    await check_csrf(request, state)
    request.state.actor = state.principal
    return state.principal


ActorDep = Annotated[Principal, Depends(get_actor)]
PageActor = Annotated[Principal, Depends(get_page_actor)]
