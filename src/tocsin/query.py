"""``tocsin.open(db)``: read a tocsin database; every table converts to a DataFrame.

Each query method returns a ``Table`` (rows as dicts, ``.df()``, ``.arrow()``); the CLI,
exporters and the REST API all read through these methods, so filters behave the same
everywhere.
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.filters import (
    EventFilter,
    as_date,
    check_choice,
    check_codes,
    check_types,
    like_escape,
    unknown,
)
from tocsin.store import Database

if TYPE_CHECKING:
    from tocsin.monitor.series import Dyad

__all__ = ["EVENT_COLUMNS", "EventFilter", "QuoteFilter", "Table", "TocsinDB", "open"]

#: The columns ``TocsinDB.events`` returns, exports write and the API serves, in order: the
#: stored ``events`` columns (docs/data.md) with ``day`` (the event date, else the
#: publication date: what rows are sorted and filtered by) after the id, then what the
#: event's article and group add: ``outlet``, ``url``, ``article_title``, ``num_articles``
#: and ``num_sources`` (independent outlets reporting it), and ``place_code``/``place_text``
#: (where it happened, when a place is named in its sentence).
EVENT_COLUMNS = (
    "id", "day", "article_id", "sentence_idx", "date", "event_date", "source_code",
    "source_sector", "source_text", "source_name", "target_code", "target_sector",
    "target_text", "target_name", "type", "mode", "context", "quad_class", "negated",
    "hypothetical", "nuclear", "text", "event_text", "trigger_start", "trigger_end",
    "confidence", "cameo", "intensity", "goldstein", "place", "weapons", "rule", "date_source",
    "outlet", "url", "article_title", "num_articles", "num_sources", "place_code", "place_text",
)  # fmt: skip

#: Event order everywhere (CLI, API, exports): by day, then where in the corpus.
EVENT_ORDER = "coalesce(event_date, date) NULLS LAST, article_id, sentence_idx, id"

#: The place of an event: the first place named in its sentence (a place of the actor
#: data: "Essequibo", "Kharkiv"), or a capital that is not one of its actors ("talks in
#: Brasilia", but not "Caracas rejected"). Mentions found by coreference ("it") are not
#: places. Over the events ``{events}`` (aliased ``e``).
_PLACES_OF = """
SELECT e.id AS event_id, arg_min(m.actor_code, m.start_char) AS place_code,
       arg_min(m.text, m.start_char) AS place_text
FROM {events}
JOIN mentions m ON m.article_id = e.article_id AND m.sentence_idx = e.sentence_idx
WHERE m.actor_code IS NOT NULL AND m.label <> 'ACTOR' AND (m.actor_kind = 'place'
  OR (m.actor_kind = 'capital' AND NOT contains(coalesce(e.source_text, ''), m.text)
      AND NOT contains(coalesce(e.target_text, ''), m.text)))
GROUP BY e.id
"""
#: Places of the events in ``chosen(id)``.
_PLACES = _PLACES_OF.format(events="events e JOIN chosen USING (id)")

_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")

#: Webhook delivery states of an alert.
DELIVERY_STATUSES = ("pending", "delivered", "failed")


def events_sql(chosen: str) -> str:
    """SQL of the ``EVENT_COLUMNS`` of the events whose ids ``chosen`` (a query) selects."""
    return _event_rows_sql(f"WITH chosen AS ({chosen}), places AS ({_PLACES}) ", "events e "
                           "JOIN chosen USING (id)")  # fmt: skip


def events_by_id_sql() -> str:
    """SQL of the ``EVENT_COLUMNS`` of the events whose ids are its one parameter (a list).

    The events are read by id (index lookups), not by joining the whole table: a page of
    50 events out of a million costs what 50 rows cost."""
    picked = "picked AS (SELECT * FROM events WHERE id = ANY(?::VARCHAR[]))"
    places = _PLACES_OF.format(events="picked e")
    return _event_rows_sql(f"WITH {picked}, places AS ({places}) ", "picked e")


def _event_rows_sql(ctes: str, events: str) -> str:
    return (
        f"{ctes}SELECT e.id, coalesce(e.event_date, e.date) AS day, e.* EXCLUDE (id), "
        "a.outlet, a.url, a.title AS article_title, g.num_articles, g.num_sources, "
        f"p.place_code, p.place_text FROM {events} "
        "LEFT JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN event_group_members gm ON gm.event_id = e.id "
        "LEFT JOIN event_groups g ON g.id = gm.group_id "
        "LEFT JOIN places p ON p.event_id = e.id "
        f"ORDER BY {EVENT_ORDER.replace('coalesce(event_date, date)', 'day')}"
    )


def _columns_of(sql: str, columns: str | None) -> str:
    """``sql`` (the ``EVENT_COLUMNS``) narrowed to ``columns`` (checked names), if given."""
    return sql if columns is None else f"SELECT {columns} FROM ({sql})"


@dataclass(slots=True)
class Table:
    """The result of a query: column names and rows, convertible to common formats."""

    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (dict(zip(self.columns, r, strict=True)) for r in self.rows)

    def __repr__(self) -> str:
        shown = ", ".join(self.columns[:8]) + (", …" if len(self.columns) > 8 else "")
        return f"<Table: {len(self.rows)} rows × {len(self.columns)} columns ({shown})>"

    def records(self) -> list[dict[str, Any]]:
        """Rows as a list of dicts."""
        return list(self)

    def column(self, name: str) -> list[Any]:
        """The values of one column."""
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def df(self) -> Any:
        """Rows as a pandas DataFrame; date and timestamp columns as ``datetime64``."""
        import pandas as pd

        frame = pd.DataFrame.from_records(self.rows, columns=self.columns)
        for i, name in enumerate(self.columns):
            sample = next((r[i] for r in self.rows if r[i] is not None), None)
            if isinstance(sample, dt.date):
                frame[name] = pd.to_datetime(frame[name])
        return frame

    def arrow(self) -> Any:
        """Rows as a pyarrow Table."""
        import pyarrow as pa

        if not self.rows:  # no rows to infer types from: keep the columns
            return pa.table({c: pa.array([], type=pa.null()) for c in self.columns})
        return pa.Table.from_pylist(self.records())


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
            pattern = "% " + like_escape(words) + " %"
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


#: Event pages are sorted by day first (``EVENT_ORDER``). Counting the matching events per
#: day (one cheap aggregate, kept for the next page of the same filter) tells which days a
#: page falls on; the sort then runs over those days' events only, not over all matches: a
#: page deep into a million events costs what the first page costs (benchmarks/api_load.py).
EVENT_DAY = "coalesce(event_date, date)"
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
        columns: tuple[str, ...] | None = None,
        limit: int | None = None,
        offset: int = 0,
        **filters: Any,
    ) -> Table:
        """Events matching the filter, by day (event date, else publication date), then
        article, sentence and id.

        Filters as keywords (``db.events(actor="RUS", type="THREATEN",
        since="2025-01-01")``; every ``EventFilter`` field) or as an ``EventFilter``.
        Columns: ``EVENT_COLUMNS`` (the export's), or those named in ``columns``. Raises
        ``ConfigError`` C015 for an unknown type or actor code (naming the closest) or
        column, C016 for a malformed date, ``TypeError`` for an unknown keyword.

        With a ``limit``, only the days the page falls on are sorted (``event_days``), and
        recently served pages are kept until the database changes.
        """
        chosen = self.check(where, **filters)
        clause, params = chosen.where()
        cols = self._event_columns(columns) if columns is not None else None
        if limit is None:
            page = f"SELECT id FROM events WHERE {clause} ORDER BY {EVENT_ORDER} OFFSET ?"
            return self.sql(_columns_of(events_sql(page), cols), [*params, offset])
        key = (self.db.generation, clause, repr(params), cols, limit, offset)
        with self._cache_lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        table = self._event_page(clause, params, cols, limit, offset)
        with self._cache_lock:
            self._pages[key] = table
            self._page_rows += len(table)
            while self._page_rows > PAGE_CACHE_ROWS and self._pages:
                self._page_rows -= len(self._pages.popitem(last=False)[1])
        return table

    def _event_page(
        self, clause: str, params: builtins.list[Any], cols: str | None, limit: int, offset: int
    ) -> Table:
        """One page: its ids from the days it falls on, then its rows by id (an index
        lookup: reading the full rows of every event on those days costs ten times more)."""
        window = page_window(self._event_days(clause, params), offset, limit)
        if window is None:
            return self.sql(_columns_of(events_sql("SELECT id FROM events WHERE FALSE"), cols))
        branches, branch_params = [], []
        for days, day_params in _day_branches(window):
            branches.append(
                f"SELECT id, event_date, date, article_id, sentence_idx FROM events "
                f"WHERE {clause} AND {days}"
            )
            branch_params += [*params, *day_params]
        ids = self.sql(
            f"SELECT id FROM ({' UNION ALL '.join(branches)}) ORDER BY {EVENT_ORDER} "
            "LIMIT ? OFFSET ?",
            [*branch_params, limit, window.skip],
        ).rows
        return self.sql(_columns_of(events_by_id_sql(), cols), [[r[0] for r in ids]])

    def check(self, where: EventFilter | None = None, **filters: Any) -> EventFilter:
        """``where`` with ``filters`` applied, its types and actor codes checked (C015)."""
        chosen = where or EventFilter()
        if filters:
            given = {f.name: getattr(chosen, f.name) for f in fields(EventFilter)}
            chosen = EventFilter.from_kwargs({**given, **filters})
        check_types(chosen.type)
        codes = chosen.codes()
        if codes and not all(self._has_code(c) for c in codes):
            check_codes(codes, self.actor_codes())
        return chosen

    def _has_code(self, code: str) -> bool:
        return bool(
            self.sql(
                "SELECT count(*) FROM (SELECT 1 FROM events WHERE source_code = ? "
                "OR target_code = ? LIMIT 1)",
                [code, code],
            ).rows[0][0]
        )

    def actor_codes(self) -> builtins.list[str]:
        """Every actor code that events use, either side, sorted."""
        rows = self.sql(
            "SELECT DISTINCT code FROM (SELECT source_code AS code FROM events UNION ALL "
            "SELECT target_code FROM events) WHERE code IS NOT NULL ORDER BY code"
        ).rows
        return [r[0] for r in rows]

    @staticmethod
    def _event_columns(columns: tuple[str, ...]) -> str:
        for name in columns:
            if not _IDENT.match(name) or name not in EVENT_COLUMNS:
                raise unknown("event column", name, EVENT_COLUMNS)
        return ", ".join(columns)

    def count_events(self, where: EventFilter | None = None, **filters: Any) -> int:
        """Number of events matching the filter (as ``events`` takes it)."""
        return sum(count for _, count in self.event_days(where, **filters))

    def event_days(
        self, where: EventFilter | None = None, **filters: Any
    ) -> builtins.list[tuple[dt.date | None, int]]:
        """How many events match the filter (as ``events`` takes it) on each day (event
        date, else publication date), in day order with the undated last. Kept per filter
        until the database changes."""
        clause, params = self.check(where, **filters).where()
        return self._event_days(clause, params)

    def _event_days(
        self, clause: str, params: builtins.list[Any]
    ) -> builtins.list[tuple[dt.date | None, int]]:
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

    def export(
        self,
        out: str | Path,
        *,
        table: str = "events",
        fmt: str | None = None,
        where: EventFilter | None = None,
        plover: bool = False,
    ) -> int:
        """Write ``table`` (events: those matching ``where``, with ``EVENT_COLUMNS``) to
        ``out`` as JSON Lines, CSV or Parquet (``fmt``, else the suffix); return the rows.

        Raises ``StoreError`` S004 for an unknown format, S021 for an unknown table.
        """
        from tocsin.store.export import export_table

        if where is not None:
            where = self.check(where)
        return export_table(self.db, table, out, fmt=fmt, plover=plover, where=where)

    def dump(
        self, table: str = "events", *, where: EventFilter | None = None, plover: bool = False
    ) -> Table:
        """The rows ``export`` would write, as a ``Table`` (for an export made through a
        running server). Raises S021 for an unknown table."""
        from tocsin.store.export import export_select

        sql, params = export_select(
            table, where=self.check(where) if where is not None else None, plover=plover
        )
        return self.sql(sql, params)

    def ingest_errors(self, *, limit: int | None = None, offset: int = 0) -> Table:
        """Sources and records that could not be read, most recent first."""
        return self.sql(
            "SELECT * FROM ingest_errors ORDER BY last_seen DESC, source, record LIMIT ? OFFSET ?",
            [limit if limit is not None else 2**62, offset],
        )

    def check_actor(self, code: str | None) -> str | None:
        """``code`` upper-cased, or C015 (naming the closest) when no event uses it and the
        actor data does not know it."""
        if code is None or not code.strip():
            return None
        upper = code.strip().upper()
        if not self._has_code(upper):
            check_codes([upper], self.actor_codes())
        return upper

    # -- the overview printed by `tocsin summary` -------------------------------------
    def corpus(self) -> dict[str, Any]:
        """Articles, outlets (named ones) and the publication date range."""
        row = self.sql(
            "SELECT count(*), count(DISTINCT outlet), min(published), max(published), "
            "count(*) FILTER (WHERE published IS NULL) FROM articles"
        ).rows[0]
        keys = ("articles", "outlets", "first_published", "last_published", "undated")
        return dict(zip(keys, row, strict=True))

    def type_counts(self) -> Table:
        """Asserted events (not negated or hypothetical) per quad class and PLOVER type."""
        return self.sql(
            "SELECT quad_class, type, count(*) AS events FROM events "
            "WHERE NOT negated AND NOT hypothetical GROUP BY ALL ORDER BY quad_class, events DESC"
        )

    def active_dyads(self, *, limit: int = 8) -> Table:
        """Ordered actor pairs with the most asserted conflict events (then events), each
        distinct event counted once (event groups, as the series count them: a sentence a
        page repeats thirteen times or twenty copies of one story are one event)."""
        from tocsin.monitor.series import units_sql

        return self.sql(
            "SELECT source_code AS source, target_code AS target, count(*) AS events, "
            "count(*) FILTER (WHERE quad_class >= 3) AS conflict "
            f"FROM ({units_sql()}) WHERE source_code IS NOT NULL AND target_code IS NOT NULL "
            "AND source_code <> target_code "
            "GROUP BY ALL ORDER BY conflict DESC, events DESC, source, target LIMIT ?",
            [limit],
        )

    def story_counts(self) -> dict[str, int]:
        """Articles with a story, stories, and stories carried by more than one article."""
        row = self.sql(
            "SELECT count(*), count(DISTINCT story_id), (SELECT count(*) FROM (SELECT story_id "
            "FROM articles WHERE story_id IS NOT NULL GROUP BY story_id HAVING count(*) > 1)) "
            "FROM articles WHERE story_id IS NOT NULL"
        ).rows[0]
        return {"articles": int(row[0]), "stories": int(row[1]), "repeated": int(row[2])}

    def schema_version(self) -> int:
        """The schema version of the database file."""
        return self.db.schema_version

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
        until: dt.date | str | None = None,
        days: int = 30,
        limit: int = 20,
        min_events: int = 1,
        rising: bool = False,
    ) -> Table:
        """The most escalating ordered dyads over the ``days`` up to ``until``.

        ``until`` defaults to the latest day with events. Rows carry the series columns
        summed over the window, plus previous_escalation (the window before) and change.
        Ranked by escalation; with ``rising`` only dyads whose escalation grew over the
        window before, largest rise first (what the dashboard's overview leads with).
        """
        from tocsin.monitor.series import dyads_sql

        sql, params = dyads_sql(
            until=as_date(until, what="until date"), days=days,
            limit=2**62 if rising else limit, min_events=min_events,
            ungrouped=not self._all_grouped(),
        )  # fmt: skip
        if rising:
            sql = (
                f"SELECT * FROM ({sql}) WHERE change > 0 "
                "ORDER BY change DESC, escalation DESC, source, target LIMIT ?"
            )
            params = [*params, limit]
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
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        rule: str | None = None,
        status: str | None = None,
        dated: bool = False,
        limit: int | None = None,
        offset: int = 0,
        rules_file: str | None = None,
    ) -> Table:
        """Stored alerts, newest first; ``rule`` filters by rule id, ``status`` by delivery,
        ``dated`` leaves out alerts without a date. Raises C015 for a rule no alert and no
        rule of ``rules_file`` (default: the packaged rules) has, or an unknown status.

        ``reason``, ``confidence``, ``sources`` and ``quoted`` are NULL in a database of a
        schema before they existed (read without migrating)."""
        self.check_rule(rule, rules_file=rules_file)
        check_choice("delivery status", status, DELIVERY_STATUSES)
        since, until = as_date(since, what="since date"), as_date(until, what="until date")
        evidence = ", ".join(
            c if self.has_column("alerts", c) else f"NULL AS {c}"
            for c in ("reason", "confidence", "sources", "quoted")
        )
        return self.sql(
            "SELECT id, rule, kind, severity, date, source_code, target_code, value, message, "
            f"{evidence}, evidence, created_at, delivery_status, "
            "delivery_attempts, delivered_at, delivery_error FROM alerts "
            "WHERE (?::DATE IS NULL OR date >= ?::DATE) AND (?::DATE IS NULL OR date <= ?::DATE) "
            "AND (?::VARCHAR IS NULL OR rule = ?) AND (?::VARCHAR IS NULL OR delivery_status = ?) "
            "AND (NOT ? OR date IS NOT NULL) "
            "ORDER BY date DESC NULLS LAST, created_at DESC, id LIMIT ? OFFSET ?",
            [
                since, since, until, until, rule, rule, status, status, dated,
                limit if limit is not None else 2**62, offset,
            ],
        )  # fmt: skip

    def check_rule(self, rule: str | None, *, rules_file: str | None = None) -> None:
        """C015 (with the closest ids) when ``rule`` is neither the rule of a stored alert
        nor a rule of the rules file (``rules_file``, else the packaged one)."""
        if rule is None:
            return
        stored = [r[0] for r in self.sql("SELECT DISTINCT rule FROM alerts").rows]
        if rule in stored:
            return
        from tocsin.monitor.rules import load_rules

        check_choice("alert rule", rule, [*stored, *(r.id for r in load_rules(rules_file))])

    def stats(self) -> dict[str, int]:
        """Row counts of the main tables (those this database has)."""
        tables = (
            "articles", "sentences", "mentions", "events", "quotes", "threats",
            "weapon_mentions", "ingest_errors", "runs", "event_groups", "alerts", "redlines",
        )  # fmt: skip
        return {t: self.db.count(t) for t in tables if self.has_table(t)}

    # -- single records and ledgers, for the REST API and dashboard (docs/api.md) --------
    def has_table(self, name: str) -> bool:
        """True when the database has table ``name`` (older schemas lack later tables)."""
        return bool(
            self.sql(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
            ).rows[0][0]
        )

    def has_column(self, table: str, column: str) -> bool:
        """True when ``table`` has ``column`` (older schemas lack later columns)."""
        return bool(
            self.sql(
                "SELECT count(*) FROM information_schema.columns "
                "WHERE table_name = ? AND column_name = ?",
                [table, column],
            ).rows[0][0]
        )

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event with every column of ``EVENT_COLUMNS`` (outlet, place ...), or None."""
        rows = self.sql(events_sql("SELECT id FROM events WHERE id = ?"), [event_id]).records()
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
        issuer, addressee = self.check_actor(issuer), self.check_actor(addressee)
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
        if where is not None and where.actor:
            self.check_actor(where.actor)
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
        issuer, addressee = self.check_actor(issuer), self.check_actor(addressee)
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
        """One red line with its statements, crossings (each with why it matched),
        consequences and, for an "unless" line, compliance (with their text)."""
        rows = self.redlines_by_id(redline_id)
        if not rows:
            return None
        line = rows[0]
        parts = [
            ("statements", "redline_statements"),
            ("crossings", "redline_crossings"),
            ("consequences", "redline_consequences"),
        ]
        if self.has_table("redline_compliance"):
            parts.append(("compliance", "redline_compliance"))
        for part, table in parts:
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

    def country_activity(
        self, *, until: dt.date | str | None = None, days: int = 90, by: str = "actor"
    ) -> Table:
        """Per country (or other actor code) over the ``days`` up to ``until`` (default: the
        latest event day): asserted events, conflict events, escalation and mean intensity.

        ``by="actor"`` counts an event for its source and its target; ``by="place"`` counts
        it where it happened, for events whose sentence names a place (``place_code``), and
        gives the places named (``places``). Counts the same units as the dyad series
        (event groups), so the world map agrees with the series. Raises ``ValueError`` when
        ``days`` < 1, C015 for another ``by``.
        """
        from tocsin.monitor.series import ESCALATION_TERM, units_sql

        if days < 1:
            raise ValueError("days must be at least 1")
        check_choice("map grouping", by, ("actor", "place"))
        units = (
            f"WITH u AS (SELECT * FROM ({units_sql(ungrouped=not self._all_grouped())}) "
            "  WHERE day IS NOT NULL), "
            "w AS (SELECT coalesce(?::DATE, (SELECT max(day) FROM u)) AS hi), "
            f"cur AS (SELECT u.* FROM u, w WHERE day > hi - INTERVAL {int(days)} DAY "
            "  AND day <= hi), "
        )
        if by == "actor":
            sides = (
                "sides AS (SELECT source_code AS code, NULL AS place_text, * FROM cur "
                "  WHERE source_code IS NOT NULL UNION ALL SELECT target_code, NULL, * FROM cur "
                "  WHERE target_code IS NOT NULL AND target_code IS DISTINCT FROM source_code) "
            )
        else:
            sides = (
                f"chosen AS (SELECT event_id AS id FROM cur), places AS ({_PLACES}), "
                "sides AS (SELECT p.place_code AS code, p.place_text, cur.* FROM cur "
                "  JOIN places p ON p.event_id = cur.event_id) "
            )
        return self.sql(
            units + sides + "SELECT code, count(*) AS events, "
            "count(*) FILTER (WHERE quad_class >= 3) AS conflict_events, "
            f"coalesce(sum({ESCALATION_TERM}), 0) AS escalation, "
            "avg(intensity) AS intensity_mean, (SELECT hi FROM w) AS until, "
            "list(DISTINCT place_text ORDER BY place_text) FILTER (WHERE place_text IS NOT NULL) "
            "AS places FROM sides GROUP BY code ORDER BY escalation DESC, code",
            [as_date(until, what="until date")],
        )

    def markers(
        self,
        dyad: str | Dyad,
        *,
        undirected: bool = False,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> Table:
        """What to mark on a dyad's timeline: its threats (issuer → addressee), red lines
        stated and crossed, and alerts; one row each with ``kind`` (threat, redline_stated,
        redline_crossed, alert), ``date``, ``id``, ``label`` and the ``event_id`` or
        ``redline_id`` to open. Oldest first. Raises M002 for a malformed dyad."""
        from tocsin.monitor.series import Dyad

        parsed = dyad if isinstance(dyad, Dyad) else Dyad.parse(dyad, undirected=undirected)
        parts = [_THREAT_MARKERS]
        if self.has_table("redlines"):
            # a threat that states a red line is marked once, as the red line's statement
            # "if" or "unless" (a database of a schema before polarity has only "if" lines)
            polarity = (
                "coalesce(r.polarity, 'if')" if self.has_column("redlines", "polarity") else "'if'"
            )
            parts = [_THREAT_MARKERS + _NOT_STATEMENTS, _REDLINE_MARKERS.format(polarity=polarity)]
        if self.has_table("alerts"):
            parts += [_ALERT_MARKERS]
        where, params = parsed.where()
        lo, hi = as_date(since, what="since date"), as_date(until, what="until date")
        union = " UNION ALL ".join(parts)
        return self.sql(
            f"SELECT * FROM ({union}) WHERE date IS NOT NULL AND {where} "
            "AND (?::DATE IS NULL OR date >= ?::DATE) AND (?::DATE IS NULL OR date <= ?::DATE) "
            "ORDER BY date, kind, id",
            [*params, lo, lo, hi, hi],
        )


#: Timeline markers (``TocsinDB.markers``): columns kind, date, id, label, event_id,
#: redline_id, source_code, target_code.
_THREAT_MARKERS = """
SELECT 'threat' AS kind, date, id, coalesce(consequence_text, text) AS label, event_id,
       NULL AS redline_id, issuer_code AS source_code, addressee_code AS target_code
FROM threats
"""
_REDLINE_MARKERS = """
SELECT 'redline_stated', s.date, s.threat_id, {polarity} || ' ' || r.condition_text,
       t.event_id, r.id, r.issuer_code, r.addressee_code
FROM redline_statements s JOIN redlines r ON r.id = s.redline_id
LEFT JOIN threats t ON t.id = s.threat_id
UNION ALL
SELECT 'redline_crossed', c.date, c.event_id, 'crossed: ' || r.condition_text, c.event_id,
       r.id, r.issuer_code, r.addressee_code
FROM redline_crossings c JOIN redlines r ON r.id = c.redline_id
"""
_NOT_STATEMENTS = "WHERE id NOT IN (SELECT threat_id FROM redline_statements)"
_ALERT_MARKERS = """
SELECT 'alert', date, id, severity || ': ' || message,
       (SELECT x FROM unnest(evidence) AS t(x) WHERE NOT contains(x, ':') LIMIT 1),
       (SELECT replace(x, 'redline:', '') FROM unnest(evidence) AS t(x)
        WHERE starts_with(x, 'redline:') LIMIT 1),
       source_code, target_code
FROM alerts
"""


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
