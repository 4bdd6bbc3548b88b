"""An upload too large for its route is refused before it fills the disk.

Driven at the ASGI level, so the test controls how the body arrives: with a
``Content-Length`` that is too large (refused before a byte is read), or streamed with no
length (refused at the limit, with nothing past it read or kept).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from api.app import create_app
from api.routers.imports import MAX_UPLOAD_BYTES
from tests.support import signed_in
from workflow.bootstrap import build
from workflow.db.migrate import upgrade
from workflow.settings import Settings

MB = 1024 * 1024
BOUNDARY = "tfe-test-boundary"


def multipart_head() -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="kind"\r\n\r\npolice_incidents\r\n'
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="huge.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()


def call(app: Any, headers: list[tuple[bytes, bytes]], chunks: Any) -> tuple[int, dict, int]:
    """Send one POST /imports; returns (status, JSON body, bytes the app pulled)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/imports",
        "raw_path": b"/imports",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]
        + app.state.auth
        + headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    pulled = 0
    sent: list[dict] = []

    async def receive() -> dict:
        nonlocal pulled
        chunk, more = next(chunks)
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": more}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(body), pulled


def endless() -> Any:
    yield multipart_head(), True
    while True:
        yield b"x" * MB, True


def app_for(tmp_path: Path) -> Any:
    settings = Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path}/t.db")
    app = create_app(settings)
    app.state.container = container = build(settings, check=False)
    upgrade(container.engine)
    app.state.auth = [
        (k.lower().encode(), v.encode())
        for k, v in signed_in(container, "DO1", "data_officer").items()
    ]
    return app


def test_a_declared_length_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    length = str(1200 * MB).encode()
    status, body, pulled = call(app_for(tmp_path), [(b"content-length", length)], endless())
    assert (status, body["code"], pulled) == (413, "too_large", 0)
    assert "larger than 200 MB" in body["detail"]


def test_a_body_with_no_length_stops_at_the_limit(tmp_path: Path) -> None:
    status, body, pulled = call(app_for(tmp_path), [], endless())
    assert (status, body["code"]) == (413, "too_large")
    assert MAX_UPLOAD_BYTES < pulled <= MAX_UPLOAD_BYTES + MB  # not a byte of the next MB
    uploads = tmp_path / "data" / "uploads"
    assert not uploads.exists() or not any(uploads.rglob("*"))
