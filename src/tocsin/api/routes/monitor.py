"""Monitoring endpoints: dyads, a dyad's series, stories, alerts, the world map's data."""

from __future__ import annotations

import datetime as dt
import functools
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query

from tocsin.api.context import Ctx, Reader
from tocsin.api.errors import invalid
from tocsin.api.models import (
    AlertOut,
    DyadRow,
    ErrorBody,
    MapData,
    Marker,
    Page,
    Series,
    Story,
)
from tocsin.api.params import Limit, Offset, Since, Until
from tocsin.errors import TocsinError
from tocsin.monitor.series import Dyad

router = APIRouter(tags=["monitoring"])

Days = Annotated[int, Query(ge=1, le=3660, description="Length of the window, in days.")]


class Freq(StrEnum):
    """Series period."""

    day = "day"
    week = "week"


class DeliveryStatus(StrEnum):
    """Webhook delivery state of an alert."""

    pending = "pending"
    delivered = "delivered"
    failed = "failed"


@router.get(
    "/dyads",
    response_model=list[DyadRow],
    summary="Most escalating dyads over a window",
)
def list_dyads(
    tdb: Reader,
    days: Days = 30,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Dyads to return.")] = 20,
    min_events: Annotated[int, Query(ge=1, description="Fewest events in the window.")] = 1,
    rising: Annotated[
        bool, Query(description="Only dyads rising against the window before; largest rise first.")
    ] = False,
) -> list[dict[str, Any]]:
    """Ordered actor pairs ranked by escalation index over the ``days`` up to ``until``
    (default: the latest day with events), with the previous window's value and the
    change (docs/monitoring.md); ``rising`` keeps the dyads whose index grew, by growth."""
    return tdb.dyads(
        until=until, days=days, limit=limit, min_events=min_events, rising=rising
    ).records()


@router.get(
    "/series",
    response_model=Series,
    responses={422: {"model": ErrorBody}},
    summary="Time series of one dyad",
)
def dyad_series(
    ctx: Ctx,
    dyad: Annotated[
        str,
        Query(
            max_length=40,
            description="SOURCE:TARGET actor codes, e.g. RUS:UKR; * for any other actor.",
        ),
    ],
    freq: Freq = Freq.day,
    since: Since = None,
    until: Until = None,
    both: Annotated[bool, Query(description="Count both directions together.")] = False,
    sparse: Annotated[bool, Query(description="Only periods with events.")] = False,
) -> dict[str, Any]:
    """Per day or ISO week: events by quad class, articles, intensity (sum, mean) and the
    escalation index. Periods without events appear with zeros unless ``sparse``. At most
    ``api.max_series_periods`` periods (A012 beyond: narrow since/until)."""
    parsed = Dyad.parse(dyad, undirected=both)  # M002 → 422
    if since and until and since > until:
        raise invalid("since is after until")
    limit = ctx.settings.api.max_series_periods
    periods = series_periods(freq, since, until)
    if not sparse and periods is not None and periods > limit:
        raise TocsinError("A012", periods=f"{periods:,}", limit=f"{limit:,}")
    table = ctx.reader.series(
        parsed, freq=freq.value, since=since, until=until, fill=not sparse, max_rows=limit + 1
    )
    if len(table) > limit:
        raise TocsinError("A012", periods=f"more than {limit:,}", limit=f"{limit:,}")
    return {
        "dyad": str(parsed),
        "source": parsed.source,
        "target": parsed.target,
        "undirected": parsed.undirected,
        "freq": freq.value,
        "items": table.records(),
    }


def series_periods(freq: Freq, since: dt.date | None, until: dt.date | None) -> int | None:
    """How many periods a filled series from ``since`` to ``until`` has (None when a bound
    is open: the data sets it)."""
    if since is None or until is None:
        return None
    days = (until - since).days + 1
    if freq is Freq.day:
        return max(days, 0)
    first = since - dt.timedelta(days=since.weekday())
    return (until - first).days // 7 + 1


@router.get(
    "/markers",
    response_model=list[Marker],
    responses={422: {"model": ErrorBody}},
    summary="Threats, red lines and alerts of one dyad (timeline markers)",
)
def dyad_markers(
    tdb: Reader,
    dyad: Annotated[
        str, Query(max_length=40, description="SOURCE:TARGET actor codes, e.g. VEN:GUY.")
    ],
    since: Since = None,
    until: Until = None,
    both: Annotated[bool, Query(description="Both directions.")] = False,
) -> list[dict[str, Any]]:
    """The dyad's threats (issuer → addressee), red lines stated and crossed, and alerts,
    oldest first, each with the event or red line it opens."""
    parsed = Dyad.parse(dyad, undirected=both)  # M002 → 422
    return tdb.markers(parsed, since=since, until=until).records()


@router.get("/stories", response_model=Page[Story], summary="Clusters of duplicate articles")
def list_stories(
    tdb: Reader,
    min_articles: Annotated[int, Query(ge=1, description="Smallest cluster shown.")] = 2,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Story clusters (exact and near-duplicate articles), largest first."""
    total = tdb.sql(
        "SELECT count(*) FROM (SELECT story_id FROM articles WHERE story_id IS NOT NULL "
        "GROUP BY story_id HAVING count(*) >= ?)",
        [min_articles],
    ).rows[0][0]
    items = tdb.stories(min_articles=min_articles, limit=limit, offset=offset).records()
    return {"total": int(total), "limit": limit, "offset": offset, "items": items}


@router.get("/alerts", response_model=Page[AlertOut], summary="Stored alerts")
def list_alerts(
    tdb: Reader,
    since: Since = None,
    until: Until = None,
    rule: Annotated[str | None, Query(max_length=100, description="Rule id.")] = None,
    status: DeliveryStatus | None = None,
    dated: Annotated[bool, Query(description="Leave out alerts without a date.")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Alerts raised by the rules (docs/monitoring.md), newest first, with evidence. An
    unknown ``rule`` is C015 naming the closest rule ids."""
    query = functools.partial(
        tdb.alerts, since=since, until=until, rule=rule, status=status and status.value,
        dated=dated,
    )  # fmt: skip
    return {
        "total": len(query()),
        "limit": limit,
        "offset": offset,
        "items": query(limit=limit, offset=offset).records(),
    }


class MapBy(StrEnum):
    """What the world map counts per country."""

    actor = "actor"
    place = "place"


@router.get("/map", response_model=MapData, summary="Activity per country (world map)")
def country_map(
    tdb: Reader, days: Days = 90, until: Until = None, by: MapBy = MapBy.actor
) -> dict[str, Any]:
    """Per country over the ``days`` up to ``until`` (default: latest event day): events,
    conflict events, escalation index and mean intensity. ``by=actor`` counts each event
    for both its actors; ``by=place`` counts it where it happened, for the events whose
    sentence names a place."""
    rows = tdb.country_activity(until=until, days=days, by=by.value).records()
    last = rows[0]["until"] if rows else until
    return {"until": last, "days": days, "by": by.value, "items": rows}
