"""Exports: any table to JSON Lines, CSV or Parquet; events also as PLOVER JSON records.

Events are written with the columns ``TocsinDB.events`` returns (``query.EVENT_COLUMNS``:
outlet, URL, corroboration and place included), filtered by the same ``EventFilter``, so an
export holds what ``tocsin events`` lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tocsin.errors import StoreError
from tocsin.store.database import Database

if TYPE_CHECKING:
    from tocsin.filters import EventFilter

FORMATS = {"jsonl": "JSON", "json": "JSON", "ndjson": "JSON", "csv": "CSV", "parquet": "PARQUET"}

TABLES = (
    "articles", "sentences", "mentions", "events", "quotes", "threats", "weapon_mentions",
    "ingest_errors", "runs", "alerts", "redlines", "event_groups",
)  # fmt: skip

#: The ``tocsin extract`` contract as SQL over the ``events`` table.
PLOVER_SELECT = """
SELECT id, article_id AS doc_id, date, event_date,
       CASE WHEN source_code IS NULL THEN [] ELSE
         [{'code': source_code, 'sector': source_sector, 'entity_text': source_text}] END AS actor,
       type AS event, mode, context,
       CASE WHEN target_code IS NULL THEN [] ELSE
         [{'code': target_code, 'sector': target_sector, 'entity_text': target_text}] END
         AS recipient,
       negated, hypothetical, nuclear, text, event_text, round(confidence, 3) AS confidence,
       cameo
FROM events WHERE $where ORDER BY date NULLS LAST, article_id, sentence_idx, id
"""


def export_format(path: Path, fmt: str | None) -> str:
    """The DuckDB format for ``path`` (``fmt``, else its suffix). Raises S004."""
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind not in FORMATS:
        raise StoreError("S004", path=str(path), format=kind or "(no suffix)")
    return FORMATS[kind]


def export_select(
    table: str, *, where: EventFilter | None = None, plover: bool = False
) -> tuple[str, list[object]]:
    """The query (and its parameters) whose rows the export of ``table`` writes.

    Raises ``StoreError`` S021 for a table that cannot be exported.
    """
    from tocsin.filters import EventFilter
    from tocsin.query import events_sql

    if table not in TABLES:
        raise StoreError("S021", table=table, known=", ".join(TABLES))
    if table != "events":
        return f"SELECT * FROM {table}", []
    clause, params = (where or EventFilter()).where()
    if plover:
        return PLOVER_SELECT.replace("$where", clause), params
    return events_sql(f"SELECT id FROM events WHERE {clause}"), params


def export_table(
    db: Database,
    table: str,
    out: str | Path,
    *,
    fmt: str | None = None,
    plover: bool = False,
    where: EventFilter | None = None,
) -> int:
    """Write ``table`` to ``out``; ``fmt`` defaults to the file suffix. Returns rows written.

    ``where`` filters events (``EventFilter``). Raises ``StoreError`` S004 for an unknown
    format, S021 for an unknown table; both before anything is written.
    """
    path = Path(out)
    kind = export_format(path, fmt)
    select, params = export_select(table, where=where, plover=plover)
    path.parent.mkdir(parents=True, exist_ok=True)
    cur = db.cursor()
    try:
        cur.execute(f"COPY ({select}) TO '{_quote(str(path))}' ({copy_options(kind)})", params)
        row = cur.execute(f"SELECT count(*) FROM ({select})", params).fetchone()
    finally:
        cur.close()
    return int(row[0]) if row else 0


def copy_options(kind: str) -> str:
    """The ``COPY ... TO`` options for a DuckDB format name."""
    return (
        "FORMAT JSON"
        if kind == "JSON"
        else f"FORMAT {kind}" + (", HEADER" if kind == "CSV" else "")
    )


def _quote(value: str) -> str:
    return value.replace("'", "''")
