"""``/api/events``: filtered, paged list, a download of the filtered list (CSV, Parquet,
JSON Lines), and one event with its sentence and spans."""

from __future__ import annotations

import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from tocsin.api.context import Reader
from tocsin.api.detail import event_detail
from tocsin.api.errors import invalid, not_found
from tocsin.api.models import ErrorBody, Event, EventDetail, Page
from tocsin.api.params import ActorCodes, Limit, Offset, Since, Until
from tocsin.filters import unknown
from tocsin.query import EventFilter
from tocsin.records import PLOVER_TYPES

router = APIRouter(tags=["events"])

TypeParam = Annotated[
    str | None,
    Query(alias="type", max_length=200, description="PLOVER type(s), comma-separated."),
]
SearchParam = Annotated[
    str | None,
    Query(
        max_length=200,
        description='Words the sentence must all hold (any case; "quoted phrase" whole).',
    ),
]
ArticleParam = Annotated[
    str | None, Query(max_length=128, description="Only events of this article id.")
]
AssertedParam = Annotated[bool, Query(description="Leave out negated and hypothetical events.")]


class DownloadFormat(StrEnum):
    """File formats of ``/api/events/download``."""

    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


#: Content type of each download format.
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "jsonl": "application/x-ndjson",
}


def _types(value: str | None) -> str | None:
    """Validate a comma-separated list of PLOVER types (A003 names the unknown one and the
    closest known ones)."""
    if not value:
        return None
    types = [t.strip().upper() for t in value.split(",") if t.strip()]
    wrong = [t for t in types if t not in PLOVER_TYPES]
    if wrong:
        closest = unknown("PLOVER type", wrong[0], PLOVER_TYPES).details["closest"]
        raise invalid(
            f"type: unknown PLOVER type {wrong[0]!r}{closest} (known: {', '.join(PLOVER_TYPES)})"
        )
    return ",".join(types)


def event_filter(  # noqa: PLR0917 - FastAPI reads one query parameter per argument
    actor: ActorCodes = None,
    source: ActorCodes = None,
    target: ActorCodes = None,
    type_: TypeParam = None,
    since: Since = None,
    until: Until = None,
    article: ArticleParam = None,
    q: SearchParam = None,
    asserted: AssertedParam = False,
) -> EventFilter:
    """The event filters ``/api/events`` and its download share, validated once."""
    if since and until and since > until:
        raise invalid("since is after until")
    return EventFilter(
        actor=actor, source=source, target=target, type=_types(type_), since=since,
        until=until, article_id=article, text=q, include_negated=not asserted,
    )  # fmt: skip


EventFilterParams = Annotated[EventFilter, Depends(event_filter)]


@router.get(
    "/events",
    response_model=Page[Event],
    responses={422: {"model": ErrorBody}},
    summary="List events (filters, pagination)",
)
def list_events(
    tdb: Reader, where: EventFilterParams, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Events matching every filter given, ordered by day (event date, else publication
    date), then article, sentence and id, so pages are stable. ``total`` counts all
    matches. Actor and type filters take several values, comma-separated; an unknown actor
    code is C015 naming the closest known ones. Each event carries its ``day``, ``outlet``,
    ``url``, ``num_sources`` (independent outlets reporting it) and ``place_code``."""
    return {
        "total": tdb.count_events(where),
        "limit": limit,
        "offset": offset,
        "items": tdb.events(where, limit=limit, offset=offset).records(),
    }


@router.get(
    "/events/download",
    response_class=FileResponse,
    responses={
        200: {"description": "The file.", "content": {t: {} for t in MEDIA_TYPES.values()}},
        422: {"model": ErrorBody},
    },
    summary="Download the filtered events (CSV, Parquet, JSON Lines)",
)
def download_events(
    tdb: Reader,
    where: EventFilterParams,
    format: DownloadFormat = DownloadFormat.csv,  # noqa: A002 - the query parameter's name
) -> FileResponse:
    """Every event matching the filters of ``/api/events`` (all pages), as a file with the
    columns of ``tocsin export`` and the Python API: the dashboard's "download this view"."""
    folder = Path(tempfile.mkdtemp(prefix="tocsin-download-"))
    path = folder / f"tocsin-events.{format.value}"
    tdb.export(path, table="events", fmt=format.value, where=where)
    return FileResponse(
        path, media_type=MEDIA_TYPES[format.value], filename=path.name,
        background=BackgroundTask(_remove, folder),
    )  # fmt: skip


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink(missing_ok=True)
    folder.rmdir()


@router.get(
    "/events/{event_id}",
    response_model=EventDetail,
    responses={404: {"model": ErrorBody}},
    summary="One event with its sentence, spans and article",
)
def get_event(event_id: str, tdb: Reader) -> dict[str, Any]:
    """The event (every column), its sentence, the source/target actor spans and the
    trigger span (offsets into the sentence), the paragraph of its article and its
    corroboration counts (event group)."""
    detail = event_detail(tdb, event_id)
    if detail is None:
        raise not_found(f"event {event_id}")
    return detail
