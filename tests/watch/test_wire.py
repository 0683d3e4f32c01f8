"""Values crossing from a CLI process to the server keep their types."""

from __future__ import annotations

import datetime as dt
import json

from tocsin.query import EventFilter, QuoteFilter, Table
from tocsin.watch.wire import decode, encode


def roundtrip(value: object) -> object:
    return decode(json.loads(json.dumps(encode(value))))


def test_dates_filters_and_tables_keep_their_types() -> None:
    table = Table(columns=["day", "at", "n", "codes"], rows=[
        (dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC), 5, ["RUS", "UKR"]),
        (None, None, None, None),
    ])  # fmt: skip
    back = roundtrip(table)
    assert isinstance(back, Table)
    assert back.columns == table.columns
    assert back.rows == [tuple(r) for r in table.rows]
    where = EventFilter(actor="rus", type="ASSAULT", since="2025-01-01", text="border")
    assert roundtrip(where) == where
    assert roundtrip(QuoteFilter(speaker="putin", min_confidence=0.5)) == QuoteFilter(
        speaker="putin", min_confidence=0.5
    )
    assert roundtrip({"a": [dt.date(2025, 1, 1), {"b": 1.5}]}) == {
        "a": [dt.date(2025, 1, 1), {"b": 1.5}]
    }
