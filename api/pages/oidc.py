"""Signing in with the council's own OpenID Connect identity provider (Authlib): the
authorisation code flow with PKCE, a state and a nonce kept in the visitor's server-side
session, and the ID token's signature, issuer, audience, expiry and nonce checked against
the provider's published keys. Configured by ``TFE_OIDC_ISSUER``, ``TFE_OIDC_CLIENT_ID``
and ``TFE_OIDC_CLIENT_SECRET``; the account must exist already (an admin adds it with the
person's email as username, or links it by subject on first sign-in)."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from api.auth import COOKIE, current_session
from api.pages.render import problem_page
from api.pages.signin import _is_a_page, landing, safe_next, set_cookie
from workflow.accounts.service import (
    LIFETIME,
    SignInRefused,
    end_session,
    open_visitor_session,
    save_session_data,
    sign_in_oidc,
)
from workflow.bootstrap import Container
from workflow.settings import Settings

router = APIRouter(include_in_schema=False, dependencies=[Depends(_is_a_page)])
TIMEOUT = 10.0
NOT_SET_UP = "Signing in with your council account is not set up for this service."
FAILED = "Your council account could not sign you in. Try again, or sign in with a password."


def _container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def _metadata(settings: Settings) -> dict[str, Any]:
    issuer = str(settings.oidc_issuer).rstrip("/")
    found = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=TIMEOUT)
    found.raise_for_status()
    meta: dict[str, Any] = found.json()
    return meta


def _client(settings: Settings, redirect_uri: str) -> OAuth2Client:
    return OAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        scope="openid email profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=TIMEOUT,
    )


def _callback_url(request: Request) -> str:
    return str(request.url_for("oidc_callback"))


@router.get("/sign-in/oidc")
async def oidc_start(request: Request) -> Response:
    c = _container(request)
    if not c.settings.oidc_enabled:
        return problem_page(request, 404, "Page not found", NOT_SET_UP)
    try:
        meta = await run_in_threadpool(_metadata, c.settings)
    except (httpx.HTTPError, ValueError):
        return problem_page(request, 502, "Your council account is not answering", FAILED)
    verifier, nonce = generate_token(48), secrets.token_urlsafe(24)
    client = _client(c.settings, _callback_url(request))
    url, state = client.create_authorization_url(
        meta["authorization_endpoint"], nonce=nonce, code_verifier=verifier
    )
    data = {
        "oidc": {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": safe_next(request.query_params.get("next")),
        }
    }
    cookie, _state = await run_in_threadpool(
        open_visitor_session, uow=c.uow(), clock=c.clock, data=data
    )
    response = RedirectResponse(url, status_code=303)
    set_cookie(response, request, cookie, None)
    return response


def _verified_claims(
    settings: Settings, meta: dict[str, Any], token: dict[str, Any], nonce: str, now: int
) -> dict[str, Any]:
    keys = KeySet.import_key_set(httpx.get(meta["jwks_uri"], timeout=TIMEOUT).json())
    decoded = jwt.decode(token["id_token"], keys, algorithms=["RS256", "ES256"])
    jwt.JWTClaimsRegistry(
        now=now,
        iss={"essential": True, "value": meta["issuer"]},
        aud={"essential": True, "value": str(settings.oidc_client_id)},
        sub={"essential": True},
        exp={"essential": True},
        nonce={"essential": True, "value": nonce},
    ).validate(decoded.claims)
    return dict(decoded.claims)


@router.get("/sign-in/oidc/callback", name="oidc_callback")
async def oidc_callback(request: Request) -> Response:
    c = _container(request)
    state = await current_session(request)
    pending = (state.data.get("oidc") if state is not None else None) or {}
    sent_state = request.query_params.get("state", "")
    code = request.query_params.get("code", "")
    if (
        not c.settings.oidc_enabled
        or not pending
        or not code
        or not secrets.compare_digest(sent_state.encode(), str(pending.get("state", "")).encode())
    ):
        return problem_page(request, 400, "You could not be signed in", FAILED)
    assert state is not None
    await run_in_threadpool(save_session_data, state.session_id, {}, uow=c.uow())  # used once

    def exchange() -> dict[str, Any]:
        meta = _metadata(c.settings)
        client = _client(c.settings, _callback_url(request))
        token = client.fetch_token(
            meta["token_endpoint"], code=code, code_verifier=pending["verifier"]
        )
        return _verified_claims(
            c.settings, meta, dict(token), str(pending["nonce"]), int(c.clock.now().timestamp())
        )

    try:
        claims = await run_in_threadpool(exchange)
    except (httpx.HTTPError, JoseError, KeyError, ValueError):
        return problem_page(request, 400, "You could not be signed in", FAILED)
    try:
        signed = await run_in_threadpool(
            sign_in_oidc, str(claims["sub"]), claims.get("email"), uow=c.uow(), clock=c.clock
        )
    except SignInRefused as refused:
        return problem_page(request, 403, "You could not be signed in", refused.detail)
    old = request.cookies.get(COOKIE)
    if old:
        await run_in_threadpool(end_session, old, uow=c.uow(), clock=c.clock)
    where = str(pending.get("next") or "/")
    response = RedirectResponse(
        where if where != "/" else landing(signed.principal), status_code=303
    )
    set_cookie(response, request, signed.cookie, int(LIFETIME.total_seconds()))
    return response
