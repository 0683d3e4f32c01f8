"""Query parameters shared by several endpoints (one definition, one description)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

#: Largest page; a client wanting everything pages through, or uses ``tocsin export``.
MAX_LIMIT = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Since = Annotated[dt.date | None, Query(description="From this day (YYYY-MM-DD), inclusive.")]
Until = Annotated[dt.date | None, Query(description="Up to this day (YYYY-MM-DD), inclusive.")]
ActorCode = Annotated[
    str | None,
    Query(
        min_length=2,
        max_length=16,
        pattern=r"^[A-Za-z][A-Za-z0-9_]+$",
        description="Actor code, e.g. RUS or NATO (any case).",
    ),
]
ActorCodes = Annotated[
    str | None,
    Query(
        min_length=2,
        max_length=200,
        pattern=r"^[A-Za-z][A-Za-z0-9_]+(,[A-Za-z][A-Za-z0-9_]+)*$",
        description="Actor code, e.g. RUS, or several, comma-separated (RUS,BLR); any case.",
    ),
]
