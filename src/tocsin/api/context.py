"""What every request needs: the open database, its reader, the settings and the write rules.

The server process owns the database connection. Without a token it opens the file
read-only (other processes may read it too); with ``api.token`` set it opens it read-write
and is then the file's single writer: submissions write through ``Database.transaction``
while reads run on their own cursors (``TocsinDB.sql``).
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request

from tocsin.config import Settings
from tocsin.errors import TocsinError
from tocsin.query import TocsinDB
from tocsin.store import Database


@dataclass(slots=True)
class ApiContext:
    """The open database and settings of one running app."""

    settings: Settings
    database: Database
    reader: TocsinDB
    #: Serialises submissions: one analysis (model + stages) runs at a time.
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, db: str | Path, settings: Settings) -> ApiContext:
        """Open ``db`` read-write when a token is configured, else read-only.

        Raises ``StoreError`` (S001 locked, S002 too new, S003 missing when read-only).
        """
        database = Database(
            db, read_only=not settings.api.token, memory_limit=settings.store.memory_limit
        )
        return cls(settings=settings, database=database, reader=TocsinDB.of(database))

    @classmethod
    def of(cls, database: Database, settings: Settings, watcher: Any = None) -> ApiContext:
        """Serve a database this process already holds (``tocsin watch``); submissions and
        the watcher's polls then share one write lock."""
        ctx = cls(settings=settings, database=database, reader=TocsinDB.of(database))
        if watcher is not None:
            ctx.write_lock = watcher.lock
        return ctx

    @property
    def writable(self) -> bool:
        """True when writes are enabled (a token is configured)."""
        return bool(self.settings.api.token) and not self.database.read_only

    def check_token(self, authorization: str | None) -> None:
        """Allow a write request or raise: A001 (writes disabled), A004 (bad token)."""
        if not self.writable:
            raise TocsinError("A001")
        scheme, _, given = (authorization or "").partition(" ")
        expected = self.settings.api.token
        if scheme.lower() != "bearer" or not secrets.compare_digest(
            given.strip().encode(), expected.encode()
        ):
            raise TocsinError("A004")

    def authorized(self, authorization: str | None) -> bool:
        """True when ``authorization`` carries the configured token."""
        try:
            self.check_token(authorization)
        except TocsinError:
            return False
        return True

    def close(self) -> None:
        """Close the database."""
        self.database.close()


def get_context(request: Request) -> ApiContext:
    """FastAPI dependency: the app's ``ApiContext``."""
    ctx: ApiContext = request.app.state.tocsin
    return ctx


def get_reader(request: Request) -> TocsinDB:
    """FastAPI dependency: the app's reader."""
    return get_context(request).reader


Ctx = Annotated[ApiContext, Depends(get_context)]
Reader = Annotated[TocsinDB, Depends(get_reader)]
