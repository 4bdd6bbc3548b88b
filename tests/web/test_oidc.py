"""Signing in with an OpenID Connect provider: a stub provider the test starts (discovery,
an authorisation endpoint that consents at once, a token endpoint issuing RS256 ID tokens,
and its keys), and the app's code flow against it, over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select

from api.app import create_app
from tests.web.conftest import Web, page
from workflow.db.models import UserAccount

CLIENT_ID, SECRET = "tfe-test", "stub-secret"


class Stub:
    """What the stub provider puts in its next ID token."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048)  # published
        self.signing_key = self.key  # what the token endpoint signs with
        self.claims: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.issuer = ""


def stub_app(stub: Stub) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        return {
            "issuer": stub.issuer,
            "authorization_endpoint": f"{stub.issuer}/authorize",
            "token_endpoint": f"{stub.issuer}/token",
            "jwks_uri": f"{stub.issuer}/jwks",
        }

    @app.get("/authorize")
    def authorize(request: Request) -> RedirectResponse:
        asked = dict(request.query_params)
        assert asked["client_id"] == CLIENT_ID and asked["code_challenge_method"] == "S256"
        code = f"code-{len(stub.codes)}"
        stub.codes[code] = asked
        query = urlencode({"code": code, "state": asked["state"]})
        return RedirectResponse(f"{asked['redirect_uri']}?{query}", status_code=302)

    @app.post("/token")
    def token(code: str = Form(), code_verifier: str = Form()) -> JSONResponse:
        asked = stub.codes.pop(code)
        now = int(time.time())
        claims = {"iss": stub.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300}
        claims |= {"nonce": asked["nonce"], **stub.claims}
        assert code_verifier  # PKCE: the verifier comes with the code
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, stub.signing_key)
        return JSONResponse(
            {"access_token": "at", "token_type": "Bearer", "id_token": id_token, "expires_in": 300}
        )

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        public = stub.key.as_dict(private=False)
        return {"keys": [{**public, "kid": "k1", "use": "sig", "alg": "RS256"}]}

    return app


@pytest.fixture
def stub() -> Iterator[Stub]:
    found = Stub()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    found.issuer = f"http://127.0.0.1:{port}"
    server = uvicorn.Server(
        uvicorn.Config(stub_app(found), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield found
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def oidc_client(web: Web, stub: Stub) -> Iterator[TestClient]:
    settings = web.container.settings.model_copy(
        update={
            "oidc_issuer": stub.issuer,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SECRET,
        }
    )
    with TestClient(
        create_app(settings), base_url="https://testserver", follow_redirects=False
    ) as client:
        yield client


def _through_the_provider(client: TestClient) -> Any:
    start = client.get("/sign-in/oidc")
    assert start.status_code == 303
    assert start.headers["location"].startswith("http://127.0.0.1:")
    consented = httpx.get(start.headers["location"], follow_redirects=False)
    back = urlsplit(consented.headers["location"])
    assert back.path == "/sign-in/oidc/callback"
    return client.get(f"{back.path}?{back.query}")


def test_a_council_account_signs_in_and_is_linked_by_subject(
    oidc_client: TestClient, stub: Stub, web: Web
) -> None:
    assert "Sign in with your council account" in oidc_client.get("/sign-in").text
    stub.claims = {"sub": "council-7781", "email": "kw1"}
    answer = _through_the_provider(oidc_client)
    assert (answer.status_code, answer.headers["location"]) == (303, "/my-work")
    assert page(oidc_client.get("/my-work").text).h1.get_text() == "My work"
    with web.container.engine.connect() as connection:
        subject = connection.execute(
            select(UserAccount.oidc_subject).where(UserAccount.username == "kw1")
        ).scalar()
    assert subject == "council-7781"
    oidc_client.cookies.clear()
    stub.claims = {"sub": "council-7781", "email": "someone-else"}  # the subject decides now
    assert _through_the_provider(oidc_client).headers["location"] == "/my-work"


def test_an_unknown_person_or_a_forged_state_is_refused(
    oidc_client: TestClient, stub: Stub
) -> None:
    stub.claims = {"sub": "council-0001", "email": "nobody@council.example"}
    refused = _through_the_provider(oidc_client)
    assert refused.status_code == 403
    assert "not set up for this service" in refused.text
    oidc_client.get("/sign-in/oidc")
    forged = oidc_client.get("/sign-in/oidc/callback?code=code-0&state=forged")
    assert forged.status_code == 400 and "could not sign you in" in forged.text


def test_a_token_signed_with_another_key_is_refused(oidc_client: TestClient, stub: Stub) -> None:
    stub.claims = {"sub": "council-7781", "email": "kw1"}
    stub.signing_key = RSAKey.generate_key(2048)  # not published
    answer = _through_the_provider(oidc_client)
    assert answer.status_code == 400 and "could not sign you in" in answer.text
    assert oidc_client.get("/my-work").status_code == 303  # not signed in
