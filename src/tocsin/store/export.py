"""Exports: any table to JSON Lines, CSV or Parquet; events also as PLOVER JSON records."""

from __future__ import annotations

from pathlib import Path

from tocsin.errors import StoreError
from tocsin.store.database import Database

FORMATS = {"jsonl": "JSON", "json": "JSON", "ndjson": "JSON", "csv": "CSV", "parquet": "PARQUET"}

TABLES = (
    "articles", "sentences", "mentions", "events", "quotes", "threats", "weapon_mentions",
    "ingest_errors", "runs",
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
FROM events ORDER BY date NULLS LAST, article_id, sentence_idx, id
"""


def export_table(
    db: Database, table: str, out: str | Path, *, fmt: str | None = None, plover: bool = False
) -> int:
    """Write ``table`` to ``out``; ``fmt`` defaults to the file suffix. Returns rows written.

    Raises ``StoreError`` S004 for an unknown format or table.
    """
    path = Path(out)
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind not in FORMATS or table not in TABLES:
        raise StoreError("S004", path=str(path), format=kind if kind in FORMATS else table)
    select = PLOVER_SELECT if plover and table == "events" else f"SELECT * FROM {table}"
    options = "FORMAT JSON" if FORMATS[kind] == "JSON" else f"FORMAT {FORMATS[kind]}"
    if FORMATS[kind] == "CSV":
        options += ", HEADER"
    path.parent.mkdir(parents=True, exist_ok=True)
    cur = db.cursor()
    try:
        cur.execute(f"COPY ({select}) TO '{_quote(str(path))}' ({options})")
        row = cur.execute(f"SELECT count(*) FROM ({select})").fetchone()
    finally:
        cur.close()
    return int(row[0]) if row else 0


def _quote(value: str) -> str:
    return value.replace("'", "''")
