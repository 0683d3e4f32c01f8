"""``/api/stats`` and ``/api/health``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from tocsin.api.context import Ctx
from tocsin.api.models import Stats

router = APIRouter(tags=["meta"])

#: Tables counted by /api/stats when the database has them.
COUNTED = (
    "articles", "sentences", "mentions", "events", "quotes", "threats", "weapon_mentions",
    "event_groups", "alerts", "redlines", "redline_crossings", "ingest_errors", "runs",
)  # fmt: skip


@router.get("/stats", response_model=Stats, summary="Row counts, date range, server mode")
def stats(ctx: Ctx) -> dict[str, Any]:
    """Row counts of the main tables, the publication and event date ranges, and whether
    this server accepts writes."""
    tdb = ctx.reader
    tables = {t: tdb.db.count(t) for t in COUNTED if tdb.has_table(t)}
    pub = tdb.sql("SELECT min(published), max(published) FROM articles").rows[0]
    ev = tdb.sql(
        "SELECT min(coalesce(event_date, date)), max(coalesce(event_date, date)) FROM events"
    ).rows[0]
    return {
        "tables": tables,
        "first_published": pub[0],
        "last_published": pub[1],
        "first_event": ev[0],
        "last_event": ev[1],
        "schema_version": tdb.db.schema_version,
        "writable": ctx.writable,
    }


@router.get("/health", summary="Liveness check")
def health() -> dict[str, str]:
    """``{"status": "ok"}`` while the server runs."""
    return {"status": "ok"}
