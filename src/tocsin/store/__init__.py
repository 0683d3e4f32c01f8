"""The DuckDB store: schema and migrations, the single writer, queries and exports."""

from tocsin.store.database import Database, latest_version
from tocsin.store.writer import (
    WriteStats,
    delete_derived,
    existing_article_ids,
    record_errors,
    write_documents,
)

__all__ = [
    "Database",
    "WriteStats",
    "delete_derived",
    "existing_article_ids",
    "latest_version",
    "record_errors",
    "write_documents",
]
