"""The API's routers, one module per resource family; ``ROUTERS`` is mounted under /api."""

from __future__ import annotations

from fastapi import APIRouter

from tocsin.api.routes import articles, events, ledger, meta, monitor, read, watch

ROUTERS: tuple[APIRouter, ...] = (
    meta.router,
    articles.router,
    events.router,
    monitor.router,
    ledger.router,
    watch.router,
    read.router,
)
