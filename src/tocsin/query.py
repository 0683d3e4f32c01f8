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
from typing import TYPE_CHECKING, Any

from tocsin.store import Database

if TYPE_CHECKING:
    from tocsin.monitor.series import Dyad

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


@dataclass(slots=True, kw_only=True)
class QuoteFilter:
    """Filters shared by ``tocsin quotes`` and the API's quotes endpoint.

    ``speaker`` matches the speaker's name (or the resolved actor's canonical name) without
    regard to case, as a whole or as a run of its words: "putin" and "vladimir putin" both
    find "Vladimir Putin". ``actor`` is the speaker's actor code, ``kind`` one of direct,
    partial, indirect (comma-separated for several).
    """

    speaker: str | None = None
    actor: str | None = None
    article_id: str | None = None
    kind: str | None = None
    min_confidence: float = 0.0

    def where(self) -> tuple[str, list[Any]]:
        """SQL ``WHERE`` clause over ``quotes q`` (without the keyword) and its parameters."""
        clauses: list[str] = ["q.confidence >= ?"]
        params: list[Any] = [self.min_confidence]
        if self.speaker and self.speaker.strip():
            words = " ".join(self.speaker.lower().split())
            pattern = "% " + _like_escape(words) + " %"
            clauses.append(
                "(lower(' ' || regexp_replace(coalesce(q.speaker, ''), '\\s+', ' ', 'g') || ' ') "
                "LIKE ? ESCAPE '\\' OR lower(' ' || coalesce(q.speaker_name, '') || ' ') "
                "LIKE ? ESCAPE '\\')"
            )
            params += [pattern, pattern]
        if self.actor:
            clauses.append("q.speaker_code = ?")
            params.append(self.actor.upper())
        if self.article_id:
            clauses.append("q.article_id = ?")
            params.append(self.article_id)
        if self.kind:
            clauses.append("list_contains(?, q.kind)")
            params.append([k.strip().lower() for k in self.kind.split(",") if k.strip()])
        return " AND ".join(clauses), params


def _like_escape(text: str) -> str:
    """``text`` with the LIKE wildcards (and the escape character) escaped by a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: Event pages are sorted by day first (``EVENT_ORDER``). Counting the matching events per
#: day (one cheap aggregate, kept for the next page of the same filter) tells which days a
#: page falls on; the sort then runs over those days' events only, not over all matches: a
#: page deep into a million events costs what the first page costs (benchmarks/api_load.py).
EVENT_DAY = "coalesce(event_date, date)"
EVENT_ORDER = f"ORDER BY {EVENT_DAY} NULLS LAST, article_id, sentence_idx, id"
#: Filters whose per-day counts are kept (least recently used dropped first), and event
#: rows kept in recently served pages (the dashboard's users ask for the same first pages;
#: kept until the database changes).
DAY_COUNT_CACHE = 512
PAGE_CACHE_ROWS = 50_000


@dataclass(frozen=True, slots=True)
class DayWindow:
    """The days a page of events falls on and how many of their events come before it."""

    first: dt.date | None
    last: dt.date | None
    skip: int
    #: True when the page reaches the events without a day (sorted last).
    undated: bool


def page_window(
    days: builtins.list[tuple[dt.date | None, int]], offset: int, limit: int
) -> DayWindow | None:
    """The ``DayWindow`` of rows ``offset`` to ``offset + limit`` of events counted per day
    in ``days`` (day order, the undated last); None when the page is past the end."""
    before = 0
    first_index = None
    for index, (_, count) in enumerate(days):
        if before + count > offset:
            first_index = index
            break
        before += count
    if first_index is None:
        return None
    end = offset + limit
    covered = before
    last_index = first_index
    for index in range(first_index, len(days)):
        covered += days[index][1]
        last_index = index
        if covered >= end:
            break
    window = days[first_index : last_index + 1]
    dated = [d for d, _ in window if d is not None]
    return DayWindow(
        first=dated[0] if dated else None,
        last=dated[-1] if dated else None,
        skip=offset - before,
        undated=window[-1][0] is None,
    )


class TocsinDB:
    """A tocsin database opened for reading (``tocsin.open``)."""

    def __init__(self, path: str | Path, *, read_only: bool = True) -> None:
        self.db = Database(path, read_only=read_only)
        self._init_cache()

    @classmethod
    def of(cls, db: Database) -> TocsinDB:
        """Read through an already open ``Database`` (e.g. the writer's, in the same process)."""
        reader = cls.__new__(cls)
        reader.db = db
        reader._init_cache()
        return reader

    def _init_cache(self) -> None:
        import threading
        from collections import OrderedDict

        self._day_counts: OrderedDict[Any, builtins.list[tuple[dt.date | None, int]]] = (
            OrderedDict()
        )
        self._pages: OrderedDict[Any, Table] = OrderedDict()
        self._page_rows = 0
        self._cache_lock = threading.Lock()

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
        """Events matching ``where``, in date then article order.

        With a ``limit``, only the days the page falls on are sorted (``EVENT_ORDER``).
        """
        clause, params = (where or EventFilter()).where()
        cols = ", ".join(columns)
        if limit is None:
            return self.sql(
                f"SELECT {cols} FROM events WHERE {clause} {EVENT_ORDER} OFFSET ?",
                [*params, offset],
            )
        key = (self.db.generation, clause, repr(params), cols, limit, offset)
        with self._cache_lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        table = self._event_page(clause, params, cols, limit, offset, where)
        with self._cache_lock:
            self._pages[key] = table
            self._page_rows += len(table)
            while self._page_rows > PAGE_CACHE_ROWS and self._pages:
                self._page_rows -= len(self._pages.popitem(last=False)[1])
        return table

    def _event_page(
        self,
        clause: str,
        params: builtins.list[Any],
        cols: str,
        limit: int,
        offset: int,
        where: EventFilter | None,
    ) -> Table:
        """One page: its ids from the days it falls on, then its rows by id (an index
        lookup: reading the full rows of every event on those days costs ten times more)."""
        window = page_window(self.event_days(where), offset, limit)
        if window is None:
            return self.sql(f"SELECT {cols} FROM events WHERE FALSE", [])
        keys = "id, event_date, date, article_id, sentence_idx"
        branches, branch_params = [], []
        for days, day_params in _day_branches(window):
            branches.append(f"SELECT {keys} FROM events WHERE {clause} AND {days}")
            branch_params += [*params, *day_params]
        ids = self.sql(
            f"SELECT id FROM ({' UNION ALL '.join(branches)}) {EVENT_ORDER} LIMIT ? OFFSET ?",
            [*branch_params, limit, window.skip],
        ).rows
        return self.sql(
            f"SELECT {cols} FROM events WHERE id = ANY(?::VARCHAR[]) {EVENT_ORDER}",
            [[r[0] for r in ids]],
        )

    def count_events(self, where: EventFilter | None = None) -> int:
        """Number of events matching ``where``."""
        return sum(count for _, count in self.event_days(where))

    def event_days(
        self, where: EventFilter | None = None
    ) -> builtins.list[tuple[dt.date | None, int]]:
        """How many events match ``where`` on each day (event date, else publication date),
        in day order with the undated last. Kept per filter until the database changes."""
        clause, params = (where or EventFilter()).where()
        key = (self.db.generation, clause, repr(params))
        with self._cache_lock:
            if key in self._day_counts:
                self._day_counts.move_to_end(key)
                return self._day_counts[key]
        rows = self.sql(
            f"SELECT {EVENT_DAY} AS day, count(*) FROM events WHERE {clause} "
            "GROUP BY day ORDER BY day NULLS LAST",
            params,
        ).rows
        days = [(r[0], int(r[1])) for r in rows]
        with self._cache_lock:
            self._day_counts[key] = days
            while len(self._day_counts) > DAY_COUNT_CACHE:
                self._day_counts.popitem(last=False)
        return days

    def ingest_errors(self) -> Table:
        """Sources and records that could not be read, most recent first."""
        return self.sql("SELECT * FROM ingest_errors ORDER BY last_seen DESC, source, record")

    # -- monitoring: stories, dyad series, alerts (docs/monitoring.md) ----------
    def stories(self, *, min_articles: int = 2, limit: int | None = None, offset: int = 0) -> Table:
        """Story clusters with at least ``min_articles`` articles, largest first."""
        from tocsin.dedup import OUTLET_SQL

        return self.sql(
            "SELECT story_id, count(*) AS articles, "
            f"count(DISTINCT {OUTLET_SQL}) AS outlets, min(published) AS first_published, "
            "max(published) AS last_published, "
            "arg_min(a.id, (published, ingested_at, a.id)) AS first_article_id, "
            "arg_min(title, (published, ingested_at, a.id)) AS title "
            "FROM articles a WHERE story_id IS NOT NULL GROUP BY story_id "
            "HAVING count(*) >= ? "
            "ORDER BY articles DESC, first_published DESC NULLS LAST, story_id LIMIT ? OFFSET ?",
            [min_articles, limit if limit is not None else 2**62, offset],
        )

    def series(
        self,
        dyad: str | Dyad,
        *,
        freq: str = "day",
        since: dt.date | None = None,
        until: dt.date | None = None,
        undirected: bool = False,
        fill: bool = True,
        max_rows: int | None = None,
    ) -> Table:
        """The time series of a dyad (``"RUS:UKR"``, ``"RUS:*"``): one row per day or week.

        Columns: period, source, target, undirected, events (event groups), the four quad
        class counts, articles, intensity_sum, intensity_mean, escalation. At most
        ``max_rows`` rows (the first ones) when given. Raises ``TocsinError`` M002 for a
        malformed dyad, ``ValueError`` for an unknown ``freq``.
        """
        from tocsin.monitor.series import Dyad, series_sql

        parsed = dyad if isinstance(dyad, Dyad) else Dyad.parse(dyad, undirected=undirected)
        sql, params = series_sql(
            parsed, freq=freq, since=since, until=until, fill=fill,
            ungrouped=not self._all_grouped(),
        )  # fmt: skip
        if max_rows is not None:
            sql, params = f"{sql} LIMIT ?", [*params, max_rows]
        return self.sql(sql, params)

    def dyads(
        self,
        *,
        until: dt.date | None = None,
        days: int = 30,
        limit: int = 20,
        min_events: int = 1,
    ) -> Table:
        """The most escalating ordered dyads over the ``days`` up to ``until``.

        ``until`` defaults to the latest day with events. Rows carry the series columns
        summed over the window, plus previous_escalation (the window before) and change.
        """
        from tocsin.monitor.series import dyads_sql

        sql, params = dyads_sql(
            until=until, days=days, limit=limit, min_events=min_events,
            ungrouped=not self._all_grouped(),
        )  # fmt: skip
        return self.sql(sql, params)

    def _all_grouped(self) -> bool:
        from tocsin.monitor.series import all_grouped

        cur = self.db.cursor()
        try:
            return all_grouped(cur)
        finally:
            cur.close()

    def alerts(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        rule: str | None = None,
        status: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Table:
        """Stored alerts, newest first; ``rule`` filters by rule id, ``status`` by delivery."""
        return self.sql(
            "SELECT id, rule, kind, severity, date, source_code, target_code, value, message, "
            "evidence, created_at, delivery_status, delivery_attempts, delivered_at, "
            "delivery_error FROM alerts "
            "WHERE (?::DATE IS NULL OR date >= ?::DATE) AND (?::DATE IS NULL OR date <= ?::DATE) "
            "AND (?::VARCHAR IS NULL OR rule = ?) AND (?::VARCHAR IS NULL OR delivery_status = ?) "
            "ORDER BY date DESC NULLS LAST, created_at DESC, id LIMIT ? OFFSET ?",
            [
                since, since, until, until, rule, rule, status, status,
                limit if limit is not None else 2**62, offset,
            ],
        )  # fmt: skip

    def stats(self) -> dict[str, int]:
        """Row counts of the main tables."""
        tables = (
            "articles", "sentences", "mentions", "events", "quotes", "threats",
            "weapon_mentions", "ingest_errors", "runs", "event_groups", "alerts",
        )  # fmt: skip
        return {t: self.db.count(t) for t in tables}

    # -- single records and ledgers, for the REST API and dashboard (docs/api.md) --------
    def has_table(self, name: str) -> bool:
        """True when the database has table ``name`` (older schemas lack later tables)."""
        return bool(
            self.sql(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
            ).rows[0][0]
        )

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with every column, or None."""
        rows = self.sql("SELECT * FROM events WHERE id = ?", [event_id]).records()
        return rows[0] if rows else None

    def sentence(self, article_id: str, sentence_idx: int) -> dict[str, Any] | None:
        """One stored sentence (offsets in the article text), or None."""
        rows = self.sql(
            "SELECT * FROM sentences WHERE article_id = ? AND sentence_idx = ?",
            [article_id, sentence_idx],
        ).records()
        return rows[0] if rows else None

    def paragraph_span(self, article_id: str, paragraph: int) -> tuple[int, int] | None:
        """Article offsets ``(start, end)`` of one paragraph, from its sentences."""
        row = self.sql(
            "SELECT min(start_char), max(end_char) FROM sentences "
            "WHERE article_id = ? AND paragraph = ?",
            [article_id, paragraph],
        ).rows[0]
        return None if row[0] is None else (int(row[0]), int(row[1]))

    def mentions(self, article_id: str, *, sentence_idx: int | None = None) -> Table:
        """Actor mentions of an article (or of one of its sentences), in text order."""
        return self.sql(
            "SELECT * FROM mentions WHERE article_id = ? "
            "AND (?::INTEGER IS NULL OR sentence_idx = ?) ORDER BY start_char, end_char",
            [article_id, sentence_idx, sentence_idx],
        )

    def event_group(self, event_id: str) -> dict[str, Any] | None:
        """The event group (corroboration counts) holding ``event_id``, or None."""
        rows = self.sql(
            "SELECT g.* FROM event_group_members m JOIN event_groups g ON g.id = m.group_id "
            "WHERE m.event_id = ?",
            [event_id],
        ).records()
        return rows[0] if rows else None

    def threats(
        self,
        *,
        issuer: str | None = None,
        addressee: str | None = None,
        nuclear: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Table:
        """Stored threats, newest first (empty when the table does not exist)."""
        if not self.has_table("threats"):
            return Table(columns=[])
        return self.sql(
            "SELECT * FROM threats WHERE (?::VARCHAR IS NULL OR issuer_code = ?) "
            "AND (?::VARCHAR IS NULL OR addressee_code = ?) "
            "AND (?::BOOLEAN IS NULL OR nuclear = ?) "
            "ORDER BY date DESC NULLS LAST, article_id, sentence_idx, id LIMIT ? OFFSET ?",
            [
                *_twice(issuer and issuer.upper()), *_twice(addressee and addressee.upper()),
                *_twice(nuclear), limit if limit is not None else 2**62, offset,
            ],
        )  # fmt: skip

    def quotes(
        self, where: QuoteFilter | None = None, *, limit: int | None = None, offset: int = 0
    ) -> Table:
        """Quotations and attributed statements matching ``where``, newest articles first,
        then in text order; with the article's ``published`` date and ``article_title``.
        Empty when the table does not exist."""
        if not self.has_table("quotes"):
            return Table(columns=[])
        clause, params = (where or QuoteFilter()).where()
        return self.sql(
            "SELECT q.*, a.published, a.title AS article_title FROM quotes q "
            f"LEFT JOIN articles a ON a.id = q.article_id WHERE {clause} "
            "ORDER BY a.published DESC NULLS LAST, q.article_id, q.start_char, q.id "
            "LIMIT ? OFFSET ?",
            [*params, limit if limit is not None else 2**62, offset],
        )

    def count_quotes(self, where: QuoteFilter | None = None) -> int:
        """Number of quotes matching ``where`` (0 when the table does not exist)."""
        if not self.has_table("quotes"):
            return 0
        clause, params = (where or QuoteFilter()).where()
        return int(self.sql(f"SELECT count(*) FROM quotes q WHERE {clause}", params).rows[0][0])

    def redlines(
        self,
        *,
        issuer: str | None = None,
        addressee: str | None = None,
        crossed: bool | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Table:
        """Red lines, most recently stated first (empty before the ledger exists)."""
        if not self.has_table("redlines"):
            return Table(columns=[])
        return self.sql(
            "SELECT * FROM redlines WHERE (?::VARCHAR IS NULL OR issuer_code = ?) "
            "AND (?::VARCHAR IS NULL OR addressee_code = ?) "
            "AND (?::BOOLEAN IS NULL OR (crossings > 0) = ?) "
            "ORDER BY last_stated DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [
                *_twice(issuer and issuer.upper()), *_twice(addressee and addressee.upper()),
                *_twice(crossed), limit if limit is not None else 2**62, offset,
            ],
        )  # fmt: skip

    def redline(self, redline_id: str) -> dict[str, Any] | None:
        """One red line with its statements, crossings and consequences (with their text)."""
        rows = self.redlines_by_id(redline_id)
        if not rows:
            return None
        line = rows[0]
        for part, table in (
            ("statements", "redline_statements"),
            ("crossings", "redline_crossings"),
            ("consequences", "redline_consequences"),
        ):
            join = (
                "JOIN threats x ON x.id = p.threat_id" if part == "statements"
                else "JOIN events x ON x.id = p.event_id"
            )  # fmt: skip
            line[part] = self.sql(
                f"SELECT p.*, x.text, a.title, a.outlet, a.url FROM {table} p {join} "
                "JOIN articles a ON a.id = p.article_id WHERE p.redline_id = ? "
                "ORDER BY p.date NULLS LAST, p.article_id",
                [redline_id],
            ).records()
        return line

    def redlines_by_id(self, redline_id: str) -> builtins.list[dict[str, Any]]:
        """The ``redlines`` row with ``redline_id`` (a list of zero or one)."""
        if not self.has_table("redlines"):
            return []
        return self.sql("SELECT * FROM redlines WHERE id = ?", [redline_id]).records()

    def country_activity(self, *, until: dt.date | None = None, days: int = 90) -> Table:
        """Per actor code over the ``days`` up to ``until`` (default: the latest event day):
        asserted events as source or target, conflict events, escalation and mean intensity.

        Counts the same units as the dyad series (event groups), so the world map agrees
        with the series. Raises ``ValueError`` when ``days`` < 1.
        """
        from tocsin.monitor.series import ESCALATION_TERM, units_sql

        if days < 1:
            raise ValueError("days must be at least 1")
        return self.sql(
            f"WITH u AS (SELECT * FROM ({units_sql(ungrouped=not self._all_grouped())}) "
            "  WHERE day IS NOT NULL), "
            "w AS (SELECT coalesce(?::DATE, (SELECT max(day) FROM u)) AS hi), "
            f"cur AS (SELECT u.* FROM u, w WHERE day > hi - INTERVAL {int(days)} DAY "
            "  AND day <= hi), "
            "sides AS (SELECT source_code AS code, * FROM cur WHERE source_code IS NOT NULL "
            "  UNION ALL SELECT target_code, * FROM cur WHERE target_code IS NOT NULL "
            "  AND target_code IS DISTINCT FROM source_code) "
            "SELECT code, count(*) AS events, "
            "count(*) FILTER (WHERE quad_class >= 3) AS conflict_events, "
            f"coalesce(sum({ESCALATION_TERM}), 0) AS escalation, "
            "avg(intensity) AS intensity_mean, (SELECT hi FROM w) AS until "
            "FROM sides GROUP BY code ORDER BY escalation DESC, code",
            [until],
        )


def _day_branches(window: DayWindow) -> builtins.list[tuple[str, builtins.list[Any]]]:
    """SQL conditions (and parameters) that together select the events on the days of
    ``window``, one per source of the day: the event date, else the publication date, else
    none. Each names a plain column, so DuckDB skips the row groups whose minimum and
    maximum rule them out (``coalesce(event_date, date)`` would make it read every row)."""
    branches: builtins.list[tuple[str, builtins.list[Any]]] = []
    if window.first is not None:
        bounds: builtins.list[Any] = [window.first]
        span = ">= ?"
        if not window.undated:
            span, bounds = "BETWEEN ? AND ?", [window.first, window.last]
        branches.append((f"event_date {span}", bounds))
        branches.append((f"event_date IS NULL AND date {span}", bounds))
    if window.undated:
        branches.append(("event_date IS NULL AND date IS NULL", []))
    return branches


def _twice(value: Any) -> list[Any]:
    """``[value, value]``: for the ``(? IS NULL OR column = ?)`` optional filters."""
    return [value, value]


def open(path: str | Path, *, read_only: bool = True) -> TocsinDB:  # noqa: A001 - tocsin.open
    """Open the tocsin database at ``path`` for querying.

    Raises ``StoreError`` S003 when it does not exist (read-only) or S001 when locked.
    """
    return TocsinDB(path, read_only=read_only)
