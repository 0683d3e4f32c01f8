"""The server's outer guard: what every request passes before (and after) the routes.

One pure ASGI middleware, in this order:

1. **Host allow-list** (A011, 400): a page on another site that points its own name at
   127.0.0.1 (DNS rebinding) sends its own name in ``Host``; only the names in
   ``api.allowed_hosts`` (default: this machine's) are answered.
2. **Token before body** (A001 403 / A004 401): a request that writes is refused before
   a byte of its body is read, so an anonymous 400 MB POST costs nothing.
3. **Body limits**: ``Content-Length`` over ``api.max_request_bytes`` is refused before
   reading (A010, 413); a chunked body is counted as it arrives and refused at the limit;
   a body that has not arrived within ``api.body_timeout_s`` is A015 (408).
4. **Response limit** (A014): an answer over ``api.max_response_bytes`` is replaced by an
   error (the routes cap their own sizes; this is the backstop).
5. **Security headers** on every answer: a Content-Security-Policy that allows this
   server's own scripts, styles and requests only, ``nosniff``, no framing, no referrer.
6. **Any other exception** becomes a JSON 500 with code A013 (and a log line with the
   traceback); the connection is answered, not reset.

Slow or half-open connections (headers that never finish) are closed by the protocol
(``api/server.py``), before a request reaches this middleware.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from tocsin.api.errors import status_of
from tocsin.config import Settings
from tocsin.errors import TocsinError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("tocsin.api")

#: Everything the dashboard and /docs load comes from this server; inline scripts, other
#: origins, plugins and framing are refused. Map and chart data are fetched from 'self'.
#: Inline style attributes are allowed: the charts (uPlot) and views set them, and a style
#: cannot run code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
#: Methods that write; they need the token before their body is read.
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Names of this machine, always answered unless ``api.allowed_hosts`` says otherwise.
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class _ResponseTooLarge(Exception):  # noqa: N818 - internal signal, never leaves the middleware
    pass


@dataclass(frozen=True, slots=True)
class Limits:
    """The guard's settings, read once from ``[api]``."""

    hosts: frozenset[str]
    any_host: bool
    max_request_bytes: int
    max_response_bytes: int
    body_timeout_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """``api.allowed_hosts`` (default: this machine and ``api.host``) and the limits."""
        api = settings.api
        names = api.allowed_hosts or (*LOCAL_NAMES, api.host)
        hosts = frozenset(n.strip().lower().strip("[]") for n in names if n.strip())
        return cls(
            hosts=hosts - {"*"},
            any_host="*" in hosts,
            max_request_bytes=api.max_request_bytes,
            max_response_bytes=api.max_response_bytes,
            body_timeout_s=api.body_timeout_s,
        )


def host_name(scope: Scope) -> str:
    """The host name of the request's ``Host`` header, without port, lower-case."""
    raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
    host = raw.decode("latin-1").strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _header(scope: Scope, name: bytes) -> str | None:
    value = next((v for k, v in scope.get("headers", ()) if k == name), None)
    return value.decode("latin-1") if value is not None else None


class GuardMiddleware:
    """See the module docstring. Built by Starlette's ``add_middleware`` with ``settings``."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limits = Limits.from_settings(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, run the app with guarded receive/send, answer any failure."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guarded = _GuardedExchange(self.limits, receive, send)
        refusal = self._refusal(scope)
        if refusal is not None:
            await guarded.send_error(refusal)
            return
        try:
            await self.app(scope, guarded.receive, guarded.send)
        except _ResponseTooLarge:
            return  # the response had started: the connection is cut, nothing more to send
        except Exception as exc:
            log.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            await guarded.send_error(TocsinError("A013", reason=type(exc).__name__))

    def _refusal(self, scope: Scope) -> TocsinError | None:
        """The error a request gets before the app sees it, or None."""
        host = host_name(scope)
        if not self.limits.any_host and host not in self.limits.hosts:
            return TocsinError("A011", host=host)
        ctx = getattr(scope["app"].state, "tocsin", None)
        if (
            ctx is not None
            and scope["method"] in WRITE_METHODS
            and scope["path"].startswith("/api/")
        ):
            try:
                ctx.check_token(_header(scope, b"authorization"))
            except TocsinError as exc:
                return exc
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.strip().isdigit() or
                                     int(declared) > self.limits.max_request_bytes):  # fmt: skip
            return TocsinError("A010", limit=self.limits.max_request_bytes)
        return None


class _GuardedExchange:
    """``receive`` and ``send`` of one request with the limits applied and the security
    headers added; ``send_error`` answers with a catalogue error if nothing was sent yet.

    A body over the limit, or late, is answered here (A010, A015) and the app is told the
    client went away (``http.disconnect``): frameworks catch exceptions raised while they
    read a body, but stop at a disconnect; whatever the app sends after that is dropped.
    """

    def __init__(self, limits: Limits, receive: Receive, send: Send) -> None:
        self.limits = limits
        self._receive = receive
        self._send = send
        self.started = False
        self._received = 0
        self._body_done = False
        self._deadline: float | None = None
        self._sent = 0
        self._answered = False  # an error was sent from here; the app's answer is dropped

    async def receive(self) -> Message:
        if self._body_done or self._answered:
            return await self._receive() if not self._answered else {"type": "http.disconnect"}
        loop = asyncio.get_running_loop()
        if self._deadline is None:
            self._deadline = loop.time() + self.limits.body_timeout_s
        try:
            message = await asyncio.wait_for(self._receive(), self._deadline - loop.time())
        except TimeoutError:
            return await self._answer(TocsinError("A015", seconds=self.limits.body_timeout_s))
        if message["type"] == "http.request":
            self._received += len(message.get("body", b""))
            if self._received > self.limits.max_request_bytes:
                limit = self.limits.max_request_bytes
                return await self._answer(TocsinError("A010", limit=limit))
            self._body_done = not message.get("more_body", False)
        return message

    async def _answer(self, exc: TocsinError) -> Message:
        await self.send_error(exc)
        self._answered = True
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self._answered:
            return
        if message["type"] == "http.response.start":
            declared = next(
                (v for k, v in message.get("headers", ()) if k.lower() == b"content-length"),
                None,
            )
            if declared is not None and int(declared) > self.limits.max_response_bytes:
                await self.send_error(TocsinError("A014", limit=self.limits.max_response_bytes))
                self._sent = -1  # swallow the body that follows
                return
            message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            self.started = True
        elif message["type"] == "http.response.body":
            if self._sent < 0:
                return
            self._sent += len(message.get("body", b""))
            if self._sent > self.limits.max_response_bytes:
                # Already started without a length: the answer cannot turn into an error
                # any more, so the connection is cut instead of sending on.
                raise _ResponseTooLarge
        await self._send(message)

    async def send_error(self, exc: TocsinError) -> None:
        """Answer with ``exc`` as JSON, unless a response has already started."""
        if self.started:
            return
        self.started = True
        body = json.dumps(exc.to_dict()).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *SECURITY_HEADERS,
        ]
        if exc.code == "A004":
            headers.append((b"www-authenticate", b"Bearer"))
        if exc.code in ("A001", "A004", "A010", "A015"):
            # Refused before (or while) its body was read: the rest of the body is not
            # read either, the connection closes instead.
            headers.append((b"connection", b"close"))
        status = status_of(exc.code)
        await self._send({"type": "http.response.start", "status": status, "headers": headers})
        await self._send({"type": "http.response.body", "body": body})
