"""``tocsin.open(db)``: read a tocsin database; every table converts to a DataFrame.

Each query method returns a ``Table`` (rows as dicts, ``.df()``, ``.arrow()``); the CLI,
exporters and the REST API all read through these methods, so filters behave the same
everywhere.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.store import Database

#: Columns of ``events`` shown by default (the full row is in ``SELECT *``).
EVENT_COLUMNS = (
    "id", "article_id", "sentence_idx", "date", "event_date", "source_code", "source_sector",
    "source_text", "type", "mode", "target_code", "target_sector", "target_text", "negated",
    "hypothetical", "nuclear", "confidence", "intensity", "event_text", "text",
)  # fmt: skip


@dataclass(slots=True)
class Table:
    """The result of a query: column names and rows, convertible to common formats."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (dict(zip(self.columns, r, strict=True)) for r in self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as a list of dicts."""
        return list(self)

    def df(self) -> Any:
        """Rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame.from_records(self.rows, columns=self.columns)

    def arrow(self) -> Any:
        """Rows as a pyarrow Table."""
        import pyarrow as pa

        return pa.Table.from_pylist(self.records())


@dataclass(slots=True, kw_only=True)
class EventFilter:
    """Filters shared by ``tocsin events``, exports and the API."""

    actor: str | None = None  # source or target code
    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    article_id: str | None = None
    include_negated: bool = True

    def where(self) -> tuple[str, list[Any]]:
        """SQL ``WHERE`` clause (without the keyword) and its parameters."""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if self.actor:
            clauses.append("(source_code = ? OR target_code = ?)")
            params += [self.actor.upper(), self.actor.upper()]
        for column, value in (("source_code", self.source), ("target_code", self.target)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value.upper())
        if self.type:
            types = [t.strip().upper() for t in self.type.split(",") if t.strip()]
            clauses.append("list_contains(?, type)")
            params.append(types)
        if self.since:
            clauses.append("coalesce(event_date, date) >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("coalesce(event_date, date) <= ?")
            params.append(self.until)
        if self.article_id:
            clauses.append("article_id = ?")
            params.append(self.article_id)
        if not self.include_negated:
            clauses.append("NOT negated AND NOT hypothetical")
        return " AND ".join(clauses), params


class TocsinDB:
    """A tocsin database opened for reading (``tocsin.open``)."""

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.db = Database(path, read_only=read_only)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> TocsinDB:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def sql(self, query: str, params: builtins.list[Any] | None = None) -> Table:
        """Run any read-only SQL and return a ``Table``."""
        cur = self.db.cursor()
        try:
            result = cur.execute(query, params or [])
            columns = [d[0] for d in result.description or []]
            return Table(columns=columns, rows=result.fetchall())
        finally:
            cur.close()

    def articles(self, *, limit: int | None = None, offset: int = 0) -> Table:
        """Stored articles, newest first (without the full text)."""
        return self.sql(
            "SELECT id, published, outlet, title, url, source, story_id, length(text) AS chars "
            "FROM articles ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [limit if limit is not None else 2**62, offset],
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its full text, or None."""
        rows = self.sql("SELECT * FROM articles WHERE id = ?", [article_id]).records()
        return rows[0] if rows else None

    def events(
        self,
        where: EventFilter | None = None,
        *,
        columns: tuple[str, ...] = EVENT_COLUMNS,
        limit: int | None = None,
        offset: int = 0,
    ) -> Table:
        """Events matching ``where``, in date then article order."""
        clause, params = (where or EventFilter()).where()
        cols = ", ".join(columns)
        return self.sql(
            f"SELECT {cols} FROM events WHERE {clause} "
            "ORDER BY coalesce(event_date, date) NULLS LAST, article_id, sentence_idx, id "
            "LIMIT ? OFFSET ?",
            [*params, limit if limit is not None else 2**62, offset],
        )

    def count_events(self, where: EventFilter | None = None) -> int:
        """Number of events matching ``where``."""
        clause, params = (where or EventFilter()).where()
        return int(self.sql(f"SELECT count(*) FROM events WHERE {clause}", params).rows[0][0])

    def ingest_errors(self) -> Table:
        """Sources and records that could not be read, most recent first."""
        return self.sql("SELECT * FROM ingest_errors ORDER BY last_seen DESC, source, record")

    def stats(self) -> dict[str, int]:
        """Row counts of the main tables."""
        tables = (
            "articles", "sentences", "mentions", "events", "quotes", "threats",
            "weapon_mentions", "ingest_errors", "runs",
        )  # fmt: skip
        return {t: self.db.count(t) for t in tables}


def open(path: str | Path, *, read_only: bool = True) -> TocsinDB:  # noqa: A001 - tocsin.open
    """Open the tocsin database at ``path`` for querying.

    Raises ``StoreError`` S003 when it does not exist (read-only) or S001 when locked.
    """
    return TocsinDB(path, read_only=read_only)
