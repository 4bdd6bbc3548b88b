"""Request bodies too large for their route are refused before they fill the disk.

Starlette reads a multipart upload to temporary files before the route sees it, so a
route's own size check comes too late: a 1.2 GB body was written to disk before its 413.
``BodyLimit`` sits in front of the app:

- a ``Content-Length`` over the route's limit is refused at once, before a byte is read;
- otherwise the bytes are counted as they arrive, and at the limit the body stops
  (``BodyTooLarge``); whatever the app then answers (FastAPI calls it an unreadable body),
  the caller gets the 413, and nothing past the limit was read or stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024


class BodyTooLarge(Exception):
    """The request body passed its route's limit while it was being read."""


class BodyLimit:
    def __init__(self, app: ASGIApp, limits: Mapping[str, tuple[int, str]]) -> None:
        """``limits``: path → (bytes, the sentence a caller is told)."""
        self.app = app
        self.limits = dict(limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limits.get(scope.get("path", "")) if scope["type"] == "http" else None
        if limit is None or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        most, detail = limit
        declared = _content_length(scope)
        if declared is not None and declared > most:
            await _refuse(send, detail)
            return
        seen = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > most:
                    over = True
                    raise BodyTooLarge(detail)
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if over:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await _refuse(send, detail)
                return  # the app's own answer to a cut-off body is not sent
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except BodyTooLarge:
            if not started:
                await _refuse(send, detail)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, detail: str) -> None:
    body: dict[str, Any] = {"code": "too_large", "detail": detail, "field": "file"}
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
