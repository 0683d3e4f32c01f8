"""One DuckDB file: open it, migrate it, and give one writer and many readers.

DuckDB allows one read-write process per file. Inside that process, ``Database`` keeps a
single connection; writes go through ``transaction()`` (serialised by a lock, explicit
BEGIN/COMMIT), reads use ``cursor()`` (each a DuckDB cursor on the same database), so the API
server can answer readers while it writes submitted articles.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from tocsin.errors import StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """Return the packaged migrations as ``(version, name, sql)``, in version order."""
    folder = resources.files("tocsin.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    return sorted(found)


def latest_version() -> int:
    """The schema version this tocsin writes."""
    return migrations()[-1][0]


class Database:
    """A tocsin DuckDB file, migrated to the current schema on open (unless read-only).

    Raises ``StoreError``: S003 when a read-only database does not exist, S001 when another
    process holds the write lock, S002 when the file is newer than this tocsin.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if self.path != ":memory:" and read_only and not Path(self.path).exists():
            raise StoreError("S003", path=self.path)
        self._lock = threading.RLock()
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError("S001", path=self.path, reason=str(exc).splitlines()[0]) from exc
        self._check_and_migrate()

    # -- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        self.con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        """The version recorded in ``schema_version`` (0 for an empty file).

        Read on its own cursor: the API asks from several threads at once, and the shared
        connection refuses a second call while one runs.
        """
        exists = self.query(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )
        if not exists or not exists[0][0]:
            return 0
        row = self.query("SELECT max(version) FROM schema_version")
        return int(row[0][0]) if row and row[0][0] is not None else 0

    def _check_and_migrate(self) -> None:
        found, supported = self.schema_version, latest_version()
        if found > supported:
            raise StoreError("S002", path=self.path, found=found, supported=supported)
        if found == supported or self.read_only:
            return
        with self.transaction() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            for version, name, sql in migrations():
                if version > found:
                    con.execute(sql)
                    con.execute(
                        "INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name]
                    )

    # -- access ----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one explicit transaction; roll back on any exception."""
        with self._lock:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for reading; safe to use from another thread than the writer."""
        return self.con.cursor()

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query and return all rows."""
        cur = self.cursor()
        try:
            return cur.execute(sql, params or []).fetchall()
        finally:
            cur.close()

    def count(self, table: str) -> int:
        """Number of rows in ``table``."""
        row = self.query(f"SELECT count(*) FROM {_ident(table)}")[0]
        return int(row[0])


def _ident(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not an identifier: {name!r}")
    return name
