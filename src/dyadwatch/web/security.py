"""Response headers and request limits for the dashboard (an ASGI middleware).

Every response carries a Content-Security-Policy that allows no remote source at all (scripts,
styles, images, fonts and fetches from the app itself only; the pages have no inline scripts,
and plotly's inline styles are the one allowance), ``frame-ancestors 'none'`` and
``X-Frame-Options: DENY`` against clickjacking, ``X-Content-Type-Options: nosniff`` and
``Referrer-Policy: no-referrer`` [OWASP]. The interactive API docs (``/docs``) get inline
scripts allowed, because Swagger UI starts itself with one; they too load nothing remote.

A request body larger than :data:`MAX_BODY` bytes is refused with ``413 Content Too Large``
before it is read (by its ``Content-Length``, or, for a chunked upload, as soon as the bytes
received pass the limit), so a client cannot make the server parse megabytes.

Written as plain ASGI (not Starlette's ``BaseHTTPMiddleware``) so that it adds no per-request
task and does not buffer streaming responses.

References:
    [OWASP] OWASP Secure Headers Project; OWASP Cheat Sheet "Content Security Policy".
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["SecurityMiddleware", "MAX_BODY", "CSP", "DOCS_CSP", "security_headers", "send_json"]

#: Largest request body accepted, in bytes (a scenario or claim is a few kilobytes).
MAX_BODY = 256 * 1024

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class SecurityMiddleware:
    """Add the security headers to every HTTP response; refuse oversized request bodies.

    Args:
        app: the ASGI application.
        max_body: the largest request body accepted, in bytes.
    """

    def __init__(self, app: Callable[..., Awaitable[None]], *, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        length = _content_length(scope)
        if length is not None and length > self.max_body:
            await _too_large(send_with_headers, length, self.max_body)
            return
        received = 0
        started = refused = False

        async def limited_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body and not started:
                    refused = True  # answer 413 now; the app sees the client go away
                    await _too_large(send_with_headers, received, self.max_body)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the app answers is dropped
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        await self.app(scope, limited_receive, tracking_send)


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers every response to ``path`` carries."""
    csp = DOCS_CSP if path.startswith("/docs") else CSP
    return [*_HEADERS, (b"content-security-policy", csp.encode())]


async def send_json(send: Send, body: bytes, path: str) -> None:
    """Answer 200 with the JSON ``body`` and the security headers (for an answer kept as
    bytes, sent without going through the app; see :mod:`dyadwatch.web.freshness`)."""
    headers = [
        (b"content-length", str(len(body)).encode()),
        (b"content-type", b"application/json"),
        *security_headers(path),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, size: int, limit: int) -> None:
    body = json.dumps(
        {
            "detail": f"request body of {size:,} bytes is over the limit of {limit:,} bytes; "
            "send a smaller scenario or claim"
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
