"""Run the API server with its lock file, and ``tocsin watch``: the server plus the watcher.

``run_server`` binds the socket first (so that ``--port 0`` has a real port to write),
writes the lock file naming the address, serves until Ctrl-C or SIGTERM, and removes the
lock file. ``watch`` opens the database read-write once and gives the same ``Database`` to
the API (reads on cursors) and to the watcher (writes in transactions): one process, one
writer, and the dashboard stays up while it writes. ``serving_reads`` does the same for
``tocsin analyze``: while it writes, it answers other processes' reads on 127.0.0.1.
"""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tocsin.config import Settings
from tocsin.errors import StoreError
from tocsin.ingest import IngestOptions
from tocsin.store import Database
from tocsin.watch.lockfile import live_lock, remove_lock, write_lock
from tocsin.watch.poller import Watcher, WatchTotals


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def base_url(sock: socket.socket) -> str:
    """``http://host:port`` of a bound socket (a wildcard host becomes 127.0.0.1)."""
    host, port = sock.getsockname()[:2]
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104 - shown only
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def run_server(
    app: Any, *, settings: Settings, host: str, port: int, db: str | Path, mode: str,
    on_ready: Callable[[str], None] | None = None,
) -> None:  # fmt: skip
    """Serve ``app`` on ``host:port`` with the lock file of ``db`` until interrupted.

    The connection limits and deadlines of ``settings.api`` apply (``api/server.py``).
    ``on_ready(url)`` is called once the socket is bound. Ctrl-C ends it quietly.
    """
    import uvicorn

    from tocsin.api.server import uvicorn_config

    sock = bind(host, port)
    url = base_url(sock)
    write_lock(db, url=url, mode=mode)
    try:
        if on_ready is not None:
            on_ready(url)
        config = uvicorn_config(app, settings, host=host, port=port)
        previous = _terminate_as_interrupt()
        try:
            uvicorn.Server(config).run(sockets=[sock])
        except KeyboardInterrupt:
            pass  # uvicorn re-raises the signal it handled, after a clean shutdown
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    finally:
        remove_lock(db)
        sock.close()


def _terminate_as_interrupt() -> Any:
    """Make SIGTERM end the server like Ctrl-C: uvicorn re-raises the signal after its own
    shutdown, and this turns it into ``KeyboardInterrupt`` so that the lock file is removed
    and the database closed. Returns the previous handler (None off the main thread)."""

    def interrupt(_sig: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (tests serve from threads)
        return None


def open_for_writing(path: str | Path, *, memory_limit: str = "") -> Database:
    """The database opened read-write; S020 names the server when one holds it."""
    try:
        return Database(path, memory_limit=memory_limit)
    except StoreError as exc:
        lock = live_lock(path) if exc.code == "S001" else None
        if lock is not None:
            raise StoreError(
                "S020", path=str(path), mode=lock.mode, url=lock.url, pid=lock.pid
            ) from exc
        raise


def watch(
    sources: list[str],
    *,
    db: str | Path,
    settings: Settings,
    interval_s: float,
    options: IngestOptions,
    host: str,
    port: int,
    workers: int | None = None,
    log: Callable[[str], None] | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> WatchTotals:
    """Serve the dashboard and API over ``db`` and poll ``sources`` every ``interval_s``
    seconds into it, until Ctrl-C; return what the watcher did.

    Raises ``StoreError`` S020 when another server holds ``db``, S001 when another process
    writes it.
    """
    from tocsin.api.app import create_app

    settings = answering_host(settings, host)
    database = open_for_writing(db, memory_limit=settings.store.memory_limit)
    watcher = Watcher(
        database, settings, sources, interval_s=interval_s, options=options, workers=workers,
        log=log,
    )  # fmt: skip
    try:
        app = create_app(db=db, settings=settings, database=database, watcher=watcher)
        run_server(
            app, settings=settings, host=host, port=port, db=db, mode="watch",
            on_ready=on_ready,
        )  # fmt: skip
    finally:
        totals = watcher.stop()
        database.close()
    return totals


def answering_host(settings: Settings, host: str) -> Settings:
    """``settings`` with ``api.host`` set to the host the server binds, so that the Host
    allow-list (``api/middleware.py``) answers requests naming it."""
    if host == settings.api.host:
        return settings
    return settings.model_copy(update={"api": settings.api.model_copy(update={"host": host})})


#: Seconds to wait for the read server of ``tocsin analyze`` to start.
START_TIMEOUT_S = 15.0


@contextmanager
def serving_reads(
    database: Database, *, db: str | Path, settings: Settings, mode: str = "analyze"
) -> Iterator[str]:
    """Answer reads of ``database`` (held here for writing) on 127.0.0.1, with the lock file
    naming the address, for the duration of the block; yields the address.

    The API it serves never writes (no token), so the block's own writes stay the only
    ones. When the server cannot start, the block runs all the same, without it.
    """
    import uvicorn

    from tocsin.api.app import create_app
    from tocsin.api.server import uvicorn_config

    api = settings.api.model_copy(update={"token": ""})
    reader = settings.model_copy(update={"api": api})
    sock = bind("127.0.0.1", 0)
    app = create_app(db=db, settings=reader, database=database)
    server = uvicorn.Server(uvicorn_config(app, reader))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="tocsin-reads", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    url = base_url(sock)
    if server.started:
        write_lock(db, url=url, mode=mode)
    try:
        yield url
    finally:
        remove_lock(db)
        server.should_exit = True
        thread.join(10)
        sock.close()
