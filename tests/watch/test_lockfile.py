"""The server's lock file: written, read, recognised as stale, removed only by its owner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tocsin.watch.lockfile import live_lock, lock_path, read_lock, remove_lock, write_lock


def test_write_read_remove(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    lock = write_lock(db, url="http://127.0.0.1:9/", mode="watch")
    assert lock_path(db) == Path(f"{db.resolve()}.server.json")
    assert read_lock(db) == lock
    assert (lock.url, lock.pid, lock.writes) == ("http://127.0.0.1:9", os.getpid(), True)
    remove_lock(db)
    assert read_lock(db) is None


def test_a_stale_lock_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    gone = int(done.stdout)  # a process that has exited
    lock_path(db).write_text(json.dumps({
        "url": "http://127.0.0.1:9", "pid": gone, "mode": "watch", "db": str(db),
        "started_at": "2025-01-01T00:00:00+00:00",
    }))  # fmt: skip
    assert read_lock(db) is not None
    assert live_lock(db) is None
    remove_lock(db)  # not ours: left for its owner (or the user) to remove
    assert lock_path(db).exists()


def test_a_lock_of_a_live_process_that_does_not_answer_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    write_lock(db, url="http://127.0.0.1:9", mode="watch")  # port 9: nothing listens
    assert live_lock(db) is None


def test_garbage_is_no_lock(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    lock_path(db).write_text("{not json")
    assert read_lock(db) is None
