"""JSON for read calls that cross from a CLI process to a running server (``remote.py`` and
the ``/api/read`` route): dates, filters and tables keep their types.

A tagged object stands for each value JSON lacks: ``{"$date": "2025-01-02"}``,
``{"$datetime": ...}``, ``{"$events": {...}}`` (an ``EventFilter``), ``{"$quotes": {...}}``
(a ``QuoteFilter``), ``{"$table": {"columns": [...], "rows": [[...]]}}`` (a ``Table``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from tocsin.filters import EventFilter
from tocsin.query import QuoteFilter, Table

#: The ``TocsinDB`` methods a remote caller may use: every read the CLI makes, nothing that
#: runs SQL of the caller's choosing or writes.
READ_METHODS = frozenset({
    "articles", "article", "events", "count_events", "check", "actor_codes", "ingest_errors",
    "stories", "series", "dyads", "alerts", "check_rule", "check_actor", "stats", "has_table",
    "threats", "quotes", "count_quotes", "redlines", "redline", "country_activity", "markers",
    "corpus", "type_counts", "active_dyads", "story_counts", "schema_version", "dump",
})  # fmt: skip


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data, tagged where JSON has no type for it."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    for kind, tag in _TAGS:
        if isinstance(value, kind):
            return {tag: _ENCODERS[tag](value)}
    return str(value)  # a Dyad, a Path: their text is how they are given


def decode(value: Any) -> Any:
    """The inverse of ``encode``. Raises ``ValueError`` (or ``TypeError``) for bad input."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1 and next(iter(value)) in _DECODERS:
        ((tag, inner),) = value.items()
        return _DECODERS[tag](inner)
    return {k: decode(v) for k, v in value.items()}


def _fields(record: Any) -> dict[str, Any]:
    return {f.name: encode(getattr(record, f.name)) for f in dataclasses.fields(record)}


#: Tagged kinds, most specific first (a datetime is a date).
_TAGS: tuple[tuple[type, str], ...] = (
    (dt.datetime, "$datetime"),
    (dt.date, "$date"),
    (Table, "$table"),
    (EventFilter, "$events"),
    (QuoteFilter, "$quotes"),
)
_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "$datetime": lambda v: v.isoformat(),
    "$date": lambda v: v.isoformat(),
    "$table": lambda v: {"columns": v.columns, "rows": [encode(list(r)) for r in v.rows]},
    "$events": _fields,
    "$quotes": _fields,
}
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "$datetime": dt.datetime.fromisoformat,
    "$date": dt.date.fromisoformat,
    "$table": lambda v: Table(
        columns=list(v["columns"]), rows=[tuple(decode(r)) for r in v["rows"]]
    ),
    "$events": lambda v: EventFilter(**{k: decode(x) for k, x in v.items()}),
    "$quotes": lambda v: QuoteFilter(**{k: decode(x) for k, x in v.items()}),
}
