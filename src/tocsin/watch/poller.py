"""The watcher: poll sources on a schedule and analyse what is new, inside the server process.

Each poll runs ``runner.analyze_into`` on the database the server already holds, so the
dashboard and the API read every batch as soon as it is committed. Sources are read as
``tocsin analyze`` reads them, with three differences that matter when the same sources
come back every few minutes:

- a folder is walked again, but only files that are new or changed since the last poll
  (by modification time and size) are read; files that are not news are reported once;
- a feed's entries that are already stored are neither fetched nor read again
  (``Context.known_url``);
- ``@FILE`` names a list of sources, one per line (``#`` starts a comment), read again at
  every poll, so a feed or folder can be added without a restart.

A poll that fails (a bug, a full disk) is recorded in the status and the next one runs on
schedule; ``stop()`` ends the poll under way after its current batch.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.config import Settings
from tocsin.ingest import IngestOptions
from tocsin.ingest.skip import skip_reason
from tocsin.ingest.sources import walk_files
from tocsin.pipeline import RunSummary
from tocsin.store import Database

#: Prefix of a source that names a file listing sources.
LIST_PREFIX = "@"


@dataclass(slots=True)
class WatchTotals:
    """What the watcher did since it started (the Ctrl-C summary)."""

    polls: int = 0
    failed_polls: int = 0
    articles_read: int = 0
    articles_added: int = 0
    events_added: int = 0
    errors: int = 0
    files_skipped: int = 0
    seconds: float = 0.0

    def add(self, run: RunSummary) -> None:
        """Count one poll's run."""
        self.polls += 1
        self.articles_read += run.articles_read
        self.articles_added += run.articles_added
        self.events_added += run.added.get("events", 0)
        self.errors += len(run.errors)


@dataclass(slots=True)
class _Seen:
    """Files already handed to a poll: path → (modification time, size)."""

    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)

    def changed(self, path: Path) -> bool:
        """True (and remembered) when ``path`` is new or changed since it was last seen."""
        try:
            info = path.stat()
        except OSError:
            return False
        stamp = (info.st_mtime_ns, info.st_size)
        if self.stamps.get(str(path)) == stamp:
            return False
        self.stamps[str(path)] = stamp
        return True


class Watcher:
    """Polls ``sources`` every ``interval_s`` seconds into ``database`` on its own thread.

    ``lock`` serialises the polls with the server's other writers (``POST /api/articles``);
    ``log`` hears one line per poll.
    """

    def __init__(
        self,
        database: Database,
        settings: Settings,
        sources: list[str],
        *,
        interval_s: float,
        options: IngestOptions,
        workers: int | None = None,
        lock: threading.Lock | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.sources = list(sources)
        self.interval_s = interval_s
        self.options = options
        self.workers = workers
        self.lock = lock or threading.Lock()
        self.log = log or (lambda _line: None)
        self.totals = WatchTotals()
        self._seen = _Seen()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = "idle"
        self._started = dt.datetime.now(dt.UTC)
        self._current: dict[str, Any] | None = None
        self._last: dict[str, Any] | None = None
        self._last_new: dict[str, Any] | None = None
        self._next: dt.datetime | None = None

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        """Start polling (the first poll at once) on a daemon thread."""
        self._thread = threading.Thread(target=self._loop, name="tocsin-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 600.0) -> WatchTotals:
        """Ask the poll under way to end after its batch, wait for it; return the totals."""
        self._stop.set()
        self._state = "stopping"
        if self._thread is not None:
            self._thread.join(timeout_s)
        self.totals.seconds = (dt.datetime.now(dt.UTC) - self._started).total_seconds()
        return self.totals

    @property
    def stopped(self) -> bool:
        """True once ``stop()`` was called."""
        return self._stop.is_set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._next = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self.interval_s)
            self._state = "idle" if not self._stop.is_set() else "stopping"
            self._stop.wait(self.interval_s)
        self._next = None

    # -- one poll -------------------------------------------------------------------
    def poll(self) -> RunSummary | None:
        """Read what is new in the sources and analyse it; None when the poll failed."""
        from tocsin.runner import analyze_into

        self._state, t0 = "polling", time.monotonic()
        started = dt.datetime.now(dt.UTC)
        self._current = {"started_at": started.isoformat(timespec="seconds"), "articles_read": 0,
                         "articles_added": 0, "events_added": 0}  # fmt: skip
        try:
            locations, skipped = self.locations()
            with self.lock:
                run = analyze_into(
                    self.database, locations, settings=self.settings, options=self.options,
                    workers=self.workers, progress=self._progress, stop=self._stop.is_set,
                    skip_if_nothing_new=True,
                )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - one failed poll must not end the watch
            self.totals.failed_polls += 1
            self._last = self._report(started, t0, error=f"{type(exc).__name__}: {exc}")
            self.log(f"poll failed: {self._last['error']}")
            return None
        finally:
            self._current = None
        run.files_skipped[:0] = skipped
        self.totals.add(run)
        self.totals.files_skipped += len(run.files_skipped)
        self._last = self._report(started, t0, run=run)
        if run.articles_added:
            self._last_new = self._last
        if run.articles_read or run.errors or run.files_skipped:  # quiet polls stay quiet
            self.log(poll_line(self._last))
        return run

    def _progress(self, run: RunSummary) -> None:
        self._current = {
            **(self._current or {}), "articles_read": run.articles_read,
            "articles_added": run.articles_added, "events_added": run.added.get("events", 0),
        }  # fmt: skip

    def _report(
        self, started: dt.datetime, t0: float, *, run: RunSummary | None = None,
        error: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        report: dict[str, Any] = {
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seconds": round(time.monotonic() - t0, 2),
            "error": error,
        }
        if run is not None:
            report |= {
                "articles_read": run.articles_read, "articles_added": run.articles_added,
                "events_added": run.added.get("events", 0), "errors": len(run.errors),
                "files_skipped": len(run.files_skipped), "stopped": run.stopped,
            }  # fmt: skip
        return report

    # -- sources ----------------------------------------------------------------------
    def locations(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The locations to read this poll (lists expanded; of folders, the files new or
        changed since the last poll) and the files left out as not news."""
        found: list[str] = []
        skipped: list[tuple[str, str]] = []
        for source in expand_lists(self.sources):
            path = Path(source)
            if source != "-" and path.is_dir():
                found += self._changed_files(path, skipped)
            else:
                found.append(source)
        return found, skipped

    def _changed_files(self, root: Path, skipped: list[tuple[str, str]]) -> list[str]:
        files = []
        for path in walk_files(root, self.options.glob):
            if not self._seen.changed(path):
                continue
            reason = skip_reason(path, root)
            if reason is None:
                files.append(str(path))
            else:
                skipped.append((str(path), reason))
        return files

    # -- status -------------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        """The ``/api/watch`` body (``models.WatchStatus``)."""
        totals = {
            k: getattr(self.totals, k)
            for k in ("polls", "failed_polls", "articles_added", "events_added", "errors")
        }
        return {
            "watching": True,
            "sources": self.sources,
            "interval_s": self.interval_s,
            "state": self._state,
            "polls": self.totals.polls + self.totals.failed_polls,
            "started_at": self._started,
            "current": self._current,
            "last_poll": self._last,
            "last_new": self._last_new,
            "next_poll_at": self._next,
            "totals": totals,
        }


def expand_lists(sources: list[str]) -> list[str]:
    """``sources`` with each ``@FILE`` replaced by the locations listed in it (one per line,
    blank lines and ``#`` comments ignored). A list that cannot be read stays as given, so
    that reading it reports the error (I001)."""
    out: list[str] = []
    for source in sources:
        if not source.startswith(LIST_PREFIX):
            out.append(source)
            continue
        try:
            lines = Path(source[1:]).read_text("utf-8").splitlines()
        except OSError:
            out.append(source[1:])
            continue
        out += [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]
    return out


def poll_line(report: dict[str, Any]) -> str:
    """One line about a poll, for the log."""
    if report.get("error"):
        return f"{report['finished_at']} poll failed: {report['error']}"
    skipped = f", {_n(report['files_skipped'], 'file')} not news" if report["files_skipped"] else ""
    return (
        f"{report['finished_at']} poll: {_n(report['articles_added'], 'new article')}, "
        f"{_n(report['events_added'], 'event')}, {_n(report['errors'], 'error')}{skipped} "
        f"({report['seconds']:.1f}s)"
    )


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def parse_interval(text: str) -> float:
    """Seconds in ``"90"``, ``"90s"``, ``"5m"``, ``"2h"``, ``"1d"``.

    Raises ``ConfigError`` C016 for anything else, or an interval under one second.
    """
    from tocsin.errors import ConfigError

    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    scale = units.get(value[-1:])
    number = value[:-1] if scale else value
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        seconds = 0.0
    if seconds < 1:
        raise ConfigError("C016", what="interval", value=text, reason="at least 1 second")
    return seconds
