"""`tocsin watch` as an analyst runs it: a feed served from 127.0.0.1 grows while the watcher
polls it; new items reach the API without a restart, read-only commands answer meanwhile
(through the lock file), writing commands are told who holds the database, and Ctrl-C
stops with a summary."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.httpserver import LocalServer
from tocsin.watch.lockfile import lock_path, read_lock

pytestmark = pytest.mark.slow

PAGES = Path(__file__).parent / "site"
TOCSIN = [sys.executable, "-c", "from tocsin.cli import main; main()"]
ITEM = """<item><title>{title}</title><link>{{{{BASE}}}}/site/{page}</link>
<pubDate>{date}</pubDate><description>{title}</description></item>"""
ENTRIES = [
    ("Serbia accuses Kosovo of provocation", "serbia.html", "Mon, 03 Nov 2025 09:00:00 GMT"),
    ("Indian and Pakistani troops exchange fire", "india.html", "Tue, 04 Nov 2025 09:00:00 GMT"),
    ("Armenia and Azerbaijan sign border accord", "armenia.html", "Wed, 05 Nov 2025 09:00:00 GMT"),
]


def write_feed(folder: Path, entries: int) -> None:
    """The feed with its first ``entries`` items (written whole, as a CMS would)."""
    items = "\n".join(ITEM.format(title=t, page=p, date=d) for t, p, d in ENTRIES[:entries])
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
        f"<link>{{{{BASE}}}}/site/</link>{items}</channel></rss>"
    )
    tmp = folder / "feed.xml.tmp"
    tmp.write_text(feed, "utf-8")
    tmp.replace(folder / "feed.xml")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, LocalServer]]:
    """A folder of news pages and a feed, served from 127.0.0.1."""
    folder = tmp_path / "site"
    folder.mkdir()
    for page in PAGES.glob("*.html"):
        shutil.copy(page, folder / page.name)
    write_feed(folder, 2)
    server = LocalServer(folder).start()
    yield folder, server
    server.stop()


def allow_local(folder: Path) -> str:
    """A settings file that lets the fetcher reach the test server on 127.0.0.1 (loopback
    addresses are refused unless allow-listed: docs/ingest.md)."""
    config = folder / "local.toml"
    config.write_text('[ingest]\nallow_hosts = ["127.0.0.1"]\n', "utf-8")
    return str(config)


def wait_for(what: str, check: Callable[[], Any], *, timeout_s: float, log: Path) -> Any:
    """Poll ``check`` until it returns something truthy; fail naming ``what``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}; watch log:\n{log.read_text()}")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(
        [*TOCSIN, *args], capture_output=True, text=True, timeout=120, check=False, env=env
    )


def stats(url: str) -> dict[str, Any]:
    try:
        body: dict[str, Any] = httpx.get(f"{url}/api/stats", timeout=5).json()
    except httpx.HTTPError:
        return {}
    return body


def polled(url: str, articles: int) -> dict[str, Any] | None:
    """The watcher's status once its polls have added ``articles`` articles in all."""
    try:
        status: dict[str, Any] = httpx.get(f"{url}/api/watch", timeout=5).json()
    except httpx.HTTPError:
        return None
    return status if status["totals"]["articles_added"] == articles else None


def test_watch_a_growing_feed(site: tuple[Path, LocalServer], tmp_path: Path) -> None:
    folder, server = site
    db = tmp_path / "watch.duckdb"
    log = tmp_path / "watch.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*TOCSIN, "watch", server.url("site/feed.xml"), "--db", str(db), "--every", "1s",
             "--port", "0", "--config", allow_local(tmp_path)],
            stdout=out, stderr=out, env={**os.environ, "COLUMNS": "200"},
        )  # fmt: skip
    try:
        lock = wait_for("the lock file", lambda: read_lock(db), timeout_s=60, log=log)
        assert (lock.mode, lock.pid) == ("watch", proc.pid)
        url = lock.url
        status = wait_for(
            "the first poll", lambda: polled(url, 2), timeout_s=180, log=log,
        )  # fmt: skip
        assert stats(url)["tables"]["articles"] == 2
        assert status["watching"] is True
        assert status["sources"] == [server.url("site/feed.xml")]
        assert status["totals"]["articles_added"] == 2

        # read-only commands answer while the watcher holds the database
        events = cli("events", "--db", str(db), "-f", "jsonl")
        assert events.returncode == 0, events.stderr
        rows = [json.loads(line) for line in events.stdout.splitlines()]
        assert {r["outlet"] for r in rows} == {"Test Wire"}
        assert any(r["source_code"] == "SRB" for r in rows)
        table = cli("events", "--db", str(db), "--actor", "IND")
        assert table.returncode == 0, table.stderr
        assert "exchanged" in table.stdout
        summary = cli("summary", "--db", str(db))
        assert summary.returncode == 0, summary.stderr
        assert "Corpus: 2 articles from 1 named outlet" in summary.stdout
        # a command that writes is told who holds the database
        analyze = cli("analyze", str(folder / "armenia.html"), "--db", str(db))
        assert analyze.returncode == 3
        assert "S020" in analyze.stderr
        assert url in analyze.stderr

        # the feed grows: the new item appears without a restart
        write_feed(folder, 3)
        last = wait_for("the new entry", lambda: polled(url, 3), timeout_s=120, log=log)
        assert stats(url)["tables"]["articles"] == 3
        new = httpx.get(f"{url}/api/events", params={"actor": "ARM", "limit": 100}).json()
        assert new["total"] >= 1
        assert all(e["outlet"] == "Test Wire" for e in new["items"])
        after = cli("events", "--db", str(db), "--actor", "AZE", "-f", "jsonl")
        assert after.returncode == 0, after.stderr
        assert after.stdout.strip()
        assert last["last_poll"]["articles_added"] == 1
        assert last["next_poll_at"] or last["state"] == "polling"
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C
        code = proc.wait(timeout=60)
    assert code == 0, log.read_text()
    text = log.read_text()
    assert "dashboard and API at http://127.0.0.1:" in text
    assert "stopped after" in text
    assert "3 new articles" in text
    assert not lock_path(db).exists()
    # the database is free again
    assert cli("events", "--db", str(db), "--actor", "ARM").returncode == 0


def test_reads_answer_while_analyze_runs(http_server: Any, tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    log = tmp_path / "analyze.log"
    with log.open("w") as out:
        # a page that takes 8 s to come: the analysis is surely still running meanwhile
        proc = subprocess.Popen(
            [*TOCSIN, "analyze", http_server.url("slow?seconds=8"), "--db", str(db), "-q",
             "--config", allow_local(tmp_path)],
            stdout=out, stderr=out,
        )  # fmt: skip
    try:
        lock = wait_for("the lock file", lambda: read_lock(db), timeout_s=60, log=log)
        assert (lock.mode, lock.pid) == ("analyze", proc.pid)
        summary = cli("summary", "--db", str(db))
        assert summary.returncode == 0, summary.stderr
        assert "Corpus: 0 articles" in summary.stdout
        info = cli("info", "--db", str(db))
        assert f"(through {lock.url})" in info.stdout
        assert proc.poll() is None  # answered while the analysis ran
    finally:
        code = proc.wait(timeout=120)
    assert code == 0, log.read_text()
    assert not lock_path(db).exists()
    assert "read 1 article, added 1" in " ".join(log.read_text().split())
