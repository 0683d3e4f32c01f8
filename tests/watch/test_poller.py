"""The watcher's polls on a folder: only new or changed files are read, files that are not
news are reported once, lists of sources are read again at every poll, and the status says
what happened (the real pipeline into a real DuckDB file)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tocsin.config import Settings
from tocsin.errors import ConfigError
from tocsin.ingest import IngestOptions
from tocsin.store import Database
from tocsin.watch.poller import Watcher, expand_lists, parse_interval, poll_line

STORY_A = "Finland closed its border with Russia on Monday after a surge of crossings."
STORY_B = "Poland asked NATO on Tuesday to send more air defence units to its eastern border."


@pytest.fixture
def watched(tmp_path: Path, db: Database, settings: Settings) -> tuple[Watcher, Path]:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.txt").write_text("Border closed\n\n" + STORY_A, "utf-8")
    (folder / "README.md").write_text("# Inbox\n\nDrop articles here.\n", "utf-8")
    watcher = Watcher(db, settings, [str(folder)], interval_s=60, options=IngestOptions())
    return watcher, folder


def test_only_new_or_changed_files_are_read(watched: tuple[Watcher, Path], db: Database) -> None:
    watcher, folder = watched
    first = watcher.poll()
    assert first is not None
    assert (first.articles_read, first.articles_added) == (1, 1)
    assert [Path(p).name for p, _ in first.files_skipped] == ["README.md"]
    again = watcher.poll()
    assert again is not None
    assert (again.articles_read, again.files_skipped) == (0, [])  # nothing read twice
    (folder / "b.txt").write_text("Air defence\n\n" + STORY_B, "utf-8")
    third = watcher.poll()
    assert third is not None
    assert (third.articles_read, third.articles_added) == (1, 1)
    assert db.count("articles") == 2
    assert db.count("runs") == 2  # the poll that found nothing recorded no run
    status = watcher.status()
    assert status["polls"] == 3
    assert status["totals"]["articles_added"] == 2
    assert status["last_poll"]["articles_added"] == 1
    assert status["current"] is None


def test_a_changed_file_is_read_again(watched: tuple[Watcher, Path]) -> None:
    watcher, folder = watched
    watcher.poll()
    path = folder / "a.txt"
    path.write_text("Border closed\n\n" + STORY_A + " Crossings resumed on Friday.", "utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    run = watcher.poll()
    assert run is not None
    assert (run.articles_read, run.articles_added) == (1, 1)


def test_a_list_of_sources_is_read_at_every_poll(tmp_path: Path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text("# feeds\nhttps://news.example/rss.xml\n\n/data/inbox  # the dump\n")
    assert expand_lists([f"@{listing}", "extra.jsonl"]) == [
        "https://news.example/rss.xml", "/data/inbox", "extra.jsonl",
    ]  # fmt: skip
    assert expand_lists([f"@{tmp_path / 'missing.txt'}"]) == [str(tmp_path / "missing.txt")]


def test_a_failed_poll_is_reported_and_the_next_one_runs(
    watched: tuple[Watcher, Path], db: Database
) -> None:
    watcher, _ = watched
    db.close()  # e.g. the disk went away
    assert watcher.poll() is None
    status = watcher.status()
    assert status["totals"]["failed_polls"] == 1
    assert "poll failed" in poll_line(status["last_poll"])


def test_start_polls_and_stop_ends_the_thread(watched: tuple[Watcher, Path], db: Database) -> None:
    watcher, _ = watched
    watcher.start()
    deadline = time.monotonic() + 120
    while watcher.totals.polls < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    totals = watcher.stop()
    assert totals.polls == 1
    assert totals.articles_added == 1
    assert watcher.status()["state"] == "stopping"
    assert db.count("articles") == 1


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("5m", 300), ("2h", 7200), ("1.5m", 90)]
)
def test_intervals(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["soon", "0", "5x", ""])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_interval(text)
    assert exc.value.code == "C016"
