"""uvicorn as ``tocsin serve`` runs it: connection limits and timeouts.

uvicorn closes idle keep-alive connections but sets no deadline for a request's headers:
a client that opens a connection and then sends nothing, or one byte every few seconds,
holds it for ever, and a few hundred such connections exhaust the server. ``HeadDeadline``
(its HTTP/1.1 protocol with one timer more) closes a connection whose request head is not
complete ``api.header_timeout_s`` after it opened or after its previous response. The body
has its own deadline (``api.body_timeout_s``, in ``middleware.py``), idle connections
close after ``api.keepalive_timeout_s``, and at most ``api.max_connections`` connections
and requests are handled at once (503 beyond).
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from tocsin.config import Settings


class HeadDeadline(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's head (headers)."""

    def __init__(self, *args: Any, header_timeout_s: float = 10.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout_s = header_timeout_s
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start the deadline for the first request's head."""
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def data_received(self, data: bytes) -> None:
        """Feed the parser; stop the deadline once a head is complete, start one for a
        request that has begun to arrive after a previous response."""
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            if self._head_timer is None:
                self._arm()
        else:
            self._disarm()

    def on_response_complete(self) -> None:
        """After a response, the idle keep-alive timer runs; the head deadline starts again
        with the next request's first byte (``data_received``)."""
        self._disarm()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the timer with the connection."""
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_timeout)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timeout(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_config(
    app: Any, settings: Settings, *, host: str = "127.0.0.1", port: int = 0
) -> uvicorn.Config:
    """The uvicorn configuration of the server: the guarded protocol and the limits.

    Every server tocsin starts uses it: ``tocsin serve``, ``tocsin watch`` and the read
    server of ``tocsin analyze`` (``watch/server.py``, which hands uvicorn a socket bound
    beforehand; ``host`` and ``port`` then go unused)."""
    api = settings.api
    protocol = functools.partial(HeadDeadline, header_timeout_s=api.header_timeout_s)
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=protocol,  # type: ignore[arg-type]
        timeout_keep_alive=int(max(1, api.keepalive_timeout_s)),
        limit_concurrency=api.max_connections,
        log_level="warning",
        lifespan="on",
    )
