"""One DuckDB file: open it, migrate it, and give one writer and many readers.

DuckDB allows one read-write process per file. Inside that process, ``Database`` keeps a
single connection; writes go through ``transaction()`` (serialised by a lock, explicit
BEGIN/COMMIT), reads use ``cursor()`` (each a DuckDB cursor on the same database), so the API
server can answer readers while it writes submitted articles.

Storage failures become catalogue errors at this boundary: a full disk S010, other I/O
errors S011, a failed final checkpoint S012 (``close`` checkpoints explicitly, because
DuckDB's own checkpoint on close fails silently). A transaction that fails is rolled back,
so the file keeps what was committed before it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from tocsin.config import MEMORY_SIZE
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
    ``memory_limit`` (``store.memory_limit``, e.g. ``"512MB"``) caps DuckDB's memory, its
    cache of the file's blocks included; empty leaves DuckDB's own default (80 % of RAM).
    """

    def __init__(
        self, path: str | Path, *, read_only: bool = False, memory_limit: str = ""
    ) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.memory_limit = _memory_size(memory_limit) if memory_limit else ""
        if self.path != ":memory:" and read_only and not Path(self.path).exists():
            raise StoreError("S003", path=self.path)
        self._lock = threading.RLock()
        self._closed = False
        self._release_after_writes = False  # ``releasing``
        #: Counts committed write transactions: readers keep what they computed from the
        #: data (``query.TocsinDB``) until it changes.
        self.generation = 0
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreError("S001", path=self.path, reason=_first_line(exc)) from exc
            raise storage_error(self.path, exc) from exc
        except duckdb.Error as exc:
            raise storage_error(self.path, exc) from exc
        try:
            if self.memory_limit:
                self._set_memory_limit()
            self._check_and_migrate()
        except BaseException:
            self.con.close()
            raise

    # -- lifecycle -------------------------------------------------------------
    def close(self, *, checkpoint: bool = True) -> None:
        """Checkpoint (read-write files) and close the connection (idempotent).

        Raises ``StoreError`` S012 when the checkpoint fails (the changes stay in the
        write-ahead log and are applied the next time the file is opened).
        """
        if self._closed:
            return
        self._closed = True
        try:
            if checkpoint and not self.read_only and self.path != ":memory:":
                with self._lock:
                    self.con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise StoreError("S012", path=self.path, reason=_first_line(exc)) from exc
        finally:
            self.con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        # After a failure the checkpoint is skipped: its own error would hide the first.
        self.close(checkpoint=exc_type is None)

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
        pending = self.pending_migrations()
        if not pending or self.read_only:
            return
        with self.transaction() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
            )
            for version, name, sql in pending:
                con.execute(sql)
                con.execute(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name]
                )

    def pending_migrations(self) -> list[tuple[int, str, str]]:
        """The packaged migrations not yet applied to this file, in version order.

        Every migration not recorded in ``schema_version`` is pending, not only those above
        its highest version: migration numbers are taken in ranges by branches developed
        side by side, so a file written before a merge may lack a lower-numbered one (a
        file at version 40 without 10).
        """
        if self.schema_version == 0:
            return migrations()
        applied = {int(r[0]) for r in self.query("SELECT version FROM schema_version")}
        return [m for m in migrations() if m[0] not in applied]

    def _set_memory_limit(self) -> None:
        """Apply ``store.memory_limit``, or DuckDB's own default when none is set."""
        if self.memory_limit:
            self.con.execute(f"SET memory_limit = '{self.memory_limit}'")
        else:
            self.con.execute("RESET memory_limit")

    @contextmanager
    def releasing(self, release: bool = True) -> Iterator[None]:
        """Within the block, ``written()`` hands DuckDB's memory back (``release_cache``)
        after each bulk write: ``analyze`` runs in such a block, ``tocsin watch`` (whose
        server reads the connection all the time) does not."""
        before, self._release_after_writes = self._release_after_writes, release
        try:
            yield
        finally:
            self._release_after_writes = before

    def written(self) -> None:
        """A bulk write transaction was committed (a run's batch of articles, a chunk of
        the ``stories`` finalizer): release the cache within a ``releasing`` block."""
        if self._release_after_writes:
            self.release_cache()

    def release_cache(self) -> None:
        """Drop the file blocks DuckDB keeps in memory after reading or writing them.

        DuckDB keeps every block it has touched until its memory limit is reached (80 % of
        RAM by default), so a process that writes a growing database grows with it; the
        primary-key indexes it changes stay in memory until the next checkpoint. After each
        write transaction of a run ``analyze`` hands that memory back: a checkpoint writes the
        changes to the file (0.05-0.4 s a time for 500 articles), then the limit is lowered
        to ``RELEASE_FLOOR``, which makes DuckDB evict blocks until it holds no more (or
        refuse the limit, having evicted what it could, when more is in use by a query on
        another cursor), and is then set back. A read that starts in that instant and
        needs more than the floor fails: ``tocsin watch``, whose server reads the
        connection all the time, does not call it.
        """
        with self._lock:
            with contextlib.suppress(duckdb.Error):  # another transaction is open: next time
                self.con.execute("CHECKPOINT")
            try:
                self.con.execute(f"SET memory_limit = '{RELEASE_FLOOR}'")
            except duckdb.Error:
                pass  # more than the floor is in use: what could be evicted was
            finally:
                self._set_memory_limit()

    # -- access ----------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one explicit transaction; roll back on any exception.

        Raises ``StoreError`` S010 (disk full) or S011 when the database cannot be written.
        """
        with self._lock:
            try:
                self.con.execute("BEGIN TRANSACTION")
                try:
                    yield self.con
                except BaseException:
                    self._rollback()
                    raise
                self.con.execute("COMMIT")
                self.generation += 1
            except duckdb.Error as exc:
                if not is_storage_failure(exc):
                    raise
                raise storage_error(self.path, exc) from exc

    def _rollback(self) -> None:
        # The transaction may be gone already (a failed commit, an invalidated file).
        with contextlib.suppress(duckdb.Error):
            self.con.execute("ROLLBACK")

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


#: What DuckDB keeps while ``release_cache`` hands its memory back: with no room at all
#: (a limit of 0) the statement that sets the limit back cannot allocate and fails, and
#: the connection is left without memory.
RELEASE_FLOOR = "8MB"


#: Words of DuckDB messages that mean the file could not be written (a commit that fails
#: to write the WAL is a TransactionException, not an IOException).
_STORAGE_WORDS = ("could not write", "no space left", "io error", "invalidated", "disk is full")


def is_storage_failure(exc: BaseException) -> bool:
    """True when the DuckDB error ``exc`` means the file or the disk failed."""
    if isinstance(exc, duckdb.IOException | duckdb.FatalException | duckdb.OutOfMemoryException):
        return True
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(word in text for word in _STORAGE_WORDS)


def storage_error(path: str, exc: BaseException) -> StoreError:
    """The catalogue error for a failure to write ``path``: S010 when the disk is full."""
    text = str(exc)
    full = os.strerror(errno.ENOSPC)  # "No space left on device"
    if full.lower() in text.lower() or "disk is full" in text.lower():
        return StoreError("S010", path=path, reason=_first_line(exc))
    return StoreError("S011", path=path, reason=_first_line(exc))


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _memory_size(value: str) -> str:
    if not re.fullmatch(MEMORY_SIZE, value.strip()):
        raise ValueError(f"not a memory size: {value!r}")
    return value.strip()


def _ident(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not an identifier: {name!r}")
    return name
