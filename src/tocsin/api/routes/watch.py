"""``/api/watch``: what ``tocsin watch`` is doing (the dashboard's status line)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from tocsin.api.models import WatchStatus

router = APIRouter(tags=["meta"])


@router.get("/watch", response_model=WatchStatus, summary="The watcher's progress and schedule")
def watch_status(request: Request) -> dict[str, Any]:
    """Sources, interval, the poll under way (articles read and added so far), the last
    poll's summary and when the next one starts; ``{"watching": false}`` when the server
    does not watch."""
    watcher = getattr(request.app.state, "watcher", None)
    return watcher.status() if watcher is not None else {"watching": False}
