"""``RemoteDB``: the read methods of ``TocsinDB``, answered by a running server.

While ``tocsin watch`` (or a ``tocsin serve`` with a token) holds a database, no other
process can open it. Read-only commands then call the server's ``/api/read/{method}`` with
the same arguments they would pass to ``TocsinDB`` and get the same values back (``wire.py``
keeps dates, filters and tables typed), so every command reads one way, local or remote.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tocsin.errors import StoreError, TocsinError
from tocsin.query import Table, TocsinDB
from tocsin.watch.lockfile import ServerLock, live_lock, lock_path
from tocsin.watch.wire import READ_METHODS, decode, encode

#: Seconds to wait for one answer: a full export through the server can take a while.
TIMEOUT_S = 300.0


class RemoteDB:
    """A database read through the server named by its lock file."""

    def __init__(self, lock: ServerLock) -> None:
        self.lock = lock
        self.url = lock.url
        self._client = httpx.Client(base_url=lock.url, timeout=TIMEOUT_S)

    def close(self) -> None:
        """Close the connection to the server."""
        self._client.close()

    def __enter__(self) -> RemoteDB:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call ``TocsinDB.<method>(*args, **kwargs)`` in the server; return its value.

        Raises the server's ``TocsinError`` (C015 for an unknown code, ...), or S022 when
        the server does not answer.
        """
        payload = json.dumps({"args": encode(list(args)), "kwargs": encode(kwargs)})
        try:
            response = self._client.get(f"/api/read/{method}", params={"call": payload})
        except httpx.HTTPError as exc:
            raise StoreError(
                "S022", url=self.url, reason=str(exc) or type(exc).__name__,
                lockfile=str(lock_path(self.lock.db)),
            ) from exc  # fmt: skip
        body = response.json()
        if response.status_code != 200:
            raise _remote_error(body)
        return decode(body["value"])

    def __getattr__(self, name: str) -> Any:
        if name not in READ_METHODS:
            raise AttributeError(f"{name!r} is not a read method a server answers")
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)

    def export(
        self,
        out: str | Path,
        *,
        table: str = "events",
        fmt: str | None = None,
        where: Any = None,
        plover: bool = False,
    ) -> int:
        """``TocsinDB.export`` through the server: its rows come back and are written here."""
        import duckdb

        from tocsin.store.export import _quote, copy_options, export_format

        path = Path(out)
        kind = export_format(path, fmt)  # S004 before asking the server for anything
        rows: Table = self.call("dump", table, where=where, plover=plover)
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        try:
            con.register("rows", rows.arrow())
            con.execute(
                f"COPY (SELECT * FROM rows) TO '{_quote(str(path))}' ({copy_options(kind)})"
            )
        finally:
            con.close()
        return len(rows)


def open_reader(path: str | Path) -> TocsinDB | RemoteDB:
    """The database at ``path`` for reading: opened here, or, while a ``tocsin watch`` or a
    ``tocsin serve`` holds it for writing, that server's read API.

    Raises ``StoreError`` S003 (missing), S001 (locked by a process that serves nothing).
    """
    try:
        return TocsinDB(path)
    except StoreError as exc:
        lock = live_lock(path) if exc.code == "S001" else None
        if lock is None:
            raise
        return RemoteDB(lock)


def _remote_error(body: dict[str, Any]) -> TocsinError:
    """The server's JSON error body as a ``TocsinError`` the CLI prints like its own."""
    from tocsin.api.errors import RecordedError

    err = RecordedError(str(body.get("code", "S022")), str(body.get("message", "")))
    err.fix = str(body.get("fix", err.fix))
    return err
