"""The lock file of a running ``tocsin serve`` or ``tocsin watch``: who holds a database.

DuckDB lets one process write a file and no other open it meanwhile. The server that holds
a database writes ``<db>.server.json`` next to it, naming its address, process id and mode,
and removes it when it stops. A command that finds the database locked reads the lock file:
read-only commands query the server instead (``remote.py``), commands that write stop with
S020 naming it. A lock file left by a killed server is recognised (its process is gone, or
its address does not answer) and ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

#: Appended to the database path.
SUFFIX = ".server.json"


@dataclass(frozen=True, slots=True)
class ServerLock:
    """What the lock file says: the server's base URL, process, mode and database."""

    url: str
    pid: int
    mode: str  # "serve" (read-only), "serve --token" (read-write) or "watch"
    db: str
    started_at: str

    @property
    def writes(self) -> bool:
        """True when the server holds the database read-write (no other process can open it)."""
        return self.mode != "serve"


def lock_path(db: str | Path) -> Path:
    """The lock file of database ``db``."""
    return Path(f"{Path(db).resolve()}{SUFFIX}")


def write_lock(db: str | Path, *, url: str, mode: str) -> ServerLock:
    """Write the lock file for this process serving ``db`` at ``url``; return it."""
    lock = ServerLock(
        url=url.rstrip("/"), pid=os.getpid(), mode=mode, db=str(Path(db).resolve()),
        started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )  # fmt: skip
    path = lock_path(db)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(lock), indent=2) + "\n", "utf-8")
    tmp.replace(path)
    return lock


def read_lock(db: str | Path) -> ServerLock | None:
    """The lock file of ``db`` when there is a readable one, else None."""
    try:
        data = json.loads(lock_path(db).read_text("utf-8"))
        return ServerLock(**{k: data[k] for k in ServerLock.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_lock(db: str | Path) -> None:
    """Remove the lock file of ``db`` if this process wrote it."""
    lock = read_lock(db)
    if lock is not None and lock.pid == os.getpid():
        lock_path(db).unlink(missing_ok=True)


def running(lock: ServerLock, *, timeout_s: float = 2.0) -> bool:
    """True when the lock's process exists and its server answers ``/api/health``."""
    if not _process_exists(lock.pid):
        return False
    import httpx

    try:
        return httpx.get(f"{lock.url}/api/health", timeout=timeout_s).status_code == 200
    except httpx.HTTPError:
        return False


def live_lock(db: str | Path) -> ServerLock | None:
    """The lock of a server that runs now over ``db``, or None."""
    lock = read_lock(db)
    return lock if lock is not None and running(lock) else None


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it exists
    return True
