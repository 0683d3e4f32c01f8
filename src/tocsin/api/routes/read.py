"""``/api/read/{method}``: the read methods of ``TocsinDB`` for CLI commands in other processes.

While this server holds the database for writing (``tocsin watch``, or a token), no other
process can open the file; ``tocsin events --db ...`` and the other read-only commands then
call the method they would have called locally here (``tocsin.watch.remote``). Only the
methods in ``wire.READ_METHODS`` answer: reads the other endpoints serve too, no SQL of the
caller's choosing and no writes.
"""

from __future__ import annotations

import inspect
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query

from tocsin.api.context import Ctx
from tocsin.api.errors import invalid, not_found
from tocsin.api.models import ErrorBody
from tocsin.watch.wire import READ_METHODS, decode, encode

router = APIRouter(tags=["meta"])


@router.get(
    "/read/{method}",
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    summary="Call a read method of the Python API (for the CLI)",
)
def read(
    method: str,
    ctx: Ctx,
    call: Annotated[
        str,
        Query(
            max_length=20_000,
            description='JSON {"args": [...], "kwargs": {...}} in the wire encoding.',
        ),
    ] = "{}",
) -> dict[str, Any]:
    """``{"value": ...}``: what ``TocsinDB.<method>(*args, **kwargs)`` returns, encoded so
    that dates, filters and tables keep their types (``tocsin.watch.wire``)."""
    if method not in READ_METHODS:
        raise not_found(f"read method {method!r}")
    tdb = ctx.reader
    try:
        request = decode(json.loads(call))
        args, kwargs = list(request.get("args", [])), dict(request.get("kwargs", {}))
        bound = inspect.signature(getattr(tdb, method)).bind(*args, **kwargs)
    except (ValueError, TypeError, AttributeError) as exc:
        raise invalid(f"call: {exc}") from exc
    if "rules_file" in bound.signature.parameters:
        # The server's own rules, never a file the caller names: no path crosses the wire.
        bound.arguments["rules_file"] = ctx.settings.monitor.rules_file or None
    return {"value": encode(getattr(tdb, method)(*bound.args, **bound.kwargs))}
