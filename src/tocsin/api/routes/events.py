"""``/api/events``: filtered, paged list and one event with its sentence and spans."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from tocsin.api.context import Reader
from tocsin.api.detail import event_detail
from tocsin.api.errors import invalid, not_found
from tocsin.api.models import ErrorBody, Event, EventDetail, Page
from tocsin.api.params import ActorCode, Limit, Offset, Since, Until
from tocsin.query import EventFilter
from tocsin.records import PLOVER_TYPES

router = APIRouter(tags=["events"])


def _types(value: str | None) -> str | None:
    """Validate a comma-separated list of PLOVER types (A003 names the unknown one)."""
    if not value:
        return None
    types = [t.strip().upper() for t in value.split(",") if t.strip()]
    unknown = [t for t in types if t not in PLOVER_TYPES]
    if unknown:
        raise invalid(
            f"type: unknown PLOVER type {unknown[0]!r} (known: {', '.join(PLOVER_TYPES)})"
        )
    return ",".join(types)


@router.get(
    "/events",
    response_model=Page[Event],
    responses={422: {"model": ErrorBody}},
    summary="List events (filters, pagination)",
)
def list_events(  # noqa: PLR0917 - FastAPI reads one query parameter per argument
    tdb: Reader,
    actor: ActorCode = None,
    source: ActorCode = None,
    target: ActorCode = None,
    type_: Annotated[
        str | None,
        Query(alias="type", max_length=200, description="PLOVER type(s), comma-separated."),
    ] = None,
    since: Since = None,
    until: Until = None,
    article: Annotated[
        str | None, Query(max_length=128, description="Only events of this article id.")
    ] = None,
    asserted: Annotated[
        bool, Query(description="Leave out negated and hypothetical events.")
    ] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events matching every filter given, ordered by day (event date, else publication
    date), then article, sentence and id, so pages are stable. ``total`` counts all
    matches."""
    if since and until and since > until:
        raise invalid("since is after until")
    where = EventFilter(
        actor=actor, source=source, target=target, type=_types(type_), since=since,
        until=until, article_id=article, include_negated=not asserted,
    )  # fmt: skip
    return {
        "total": tdb.count_events(where),
        "limit": limit,
        "offset": offset,
        "items": tdb.events(where, limit=limit, offset=offset).records(),
    }


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
