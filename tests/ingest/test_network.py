"""Network awareness: feed files on disk are read as they are; when pages are fetched, a
host that fails is not tried again and a run-wide breaker stops fetching when the network
is down, with one warning; progress knows the total and the fetching state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SocketWatch
from tests.ingest.util import read_all
from tocsin.errors import IngestFailure
from tocsin.ingest import ReadProgress, read_sources
from tocsin.ingest.base import IngestOptions
from tocsin.ingest.feeds import FETCH_THREADS
from tocsin.ingest.web import Fetcher
from tocsin.records import Article, IngestError


def offline_feed(path: Path, hosts: list[str]) -> Path:
    """A feed file whose entries link to ``hosts`` (names under .invalid never resolve)."""
    items = "".join(
        f"<item><title>Story {i}</title><link>http://{host}/story{i}</link>"
        f"<description>The foreign ministers of Veloria and Marenta met on day {i} to "
        f"discuss the fishing dispute in the Calder Strait.</description></item>"
        for i, host in enumerate(hosts, start=1)
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Offline Wire</title>'
        f"{items}</channel></rss>",
        "utf-8",
    )
    return path


def test_feed_files_on_disk_are_not_fetched_by_default(
    tmp_path: Path, socket_watch: SocketWatch
) -> None:
    feed = offline_feed(tmp_path / "saved.xml", [f"h{i}.invalid" for i in range(20)])
    articles, errors = read_all([feed], allow_hosts=())
    assert len(articles) == 20
    assert not errors
    assert all(a.meta["text_from"] == "feed" for a in articles)
    assert socket_watch.lookups == []
    assert socket_watch.connects == []


def test_breaker_stops_fetching_when_the_network_is_down(
    tmp_path: Path, socket_watch: SocketWatch
) -> None:
    feed = offline_feed(tmp_path / "saved.xml", [f"h{i}.invalid" for i in range(60)])
    articles, errors = read_all([feed], fetch_entries=True, network_failures=3)
    assert len(articles) == 60  # every entry still read, from its summary
    warnings = [e for e in errors if e.code == "I023"]
    assert len(warnings) == 1  # one clear warning ...
    assert "network looks down" in warnings[0].message
    assert "3 connection failures in a row" in warnings[0].message
    failed = [e for e in errors if e.code == "I009"]
    assert 3 <= len(failed) <= 3 + FETCH_THREADS  # ... after the failures it counted
    # Lookups stop at the breaker (those already in flight on the fetch threads finish).
    assert len(socket_watch.lookups) <= 3 + FETCH_THREADS
    assert socket_watch.connects == []


def test_a_failed_host_is_not_tried_again(socket_watch: SocketWatch) -> None:
    options = IngestOptions(host_failures=2, network_failures=100)
    codes = []
    with Fetcher(options) as fetcher:
        for i in range(6):
            with pytest.raises(IngestFailure) as info:
                fetcher.fetch(f"http://down.invalid/page{i}")
            codes.append(info.value.code)
    assert codes == ["I009", "I009", "I024", "I024", "I024", "I024"]
    assert len(socket_watch.lookups) == 2
    assert "down.invalid failed 2 times" in str(info.value)


def test_a_response_resets_the_count_in_a_row(http_server: Any) -> None:
    options = IngestOptions(network_failures=2, allow_hosts=("127.0.0.1",))
    with Fetcher(options) as fetcher:
        for _ in range(3):
            with pytest.raises(IngestFailure):
                fetcher.fetch("http://one.invalid/")
            fetcher.fetch(http_server.url("site/story1.html"))
        assert not fetcher.tracker.tripped


def test_progress_knows_the_total_and_the_fetching_state(tmp_path: Path, http_server: Any) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    for n in range(3):
        offline_feed(folder / f"f{n}.xml", ["one.invalid", "two.invalid"])
    (folder / "notes.txt").write_text("A note\n\nThe talks resumed on Monday in Ostrava.", "utf-8")
    seen: list[tuple[int, int, int]] = []
    progress = ReadProgress()
    progress.on_change = lambda: seen.append(
        (progress.sources_total, progress.sources_done, progress.fetching)
    )
    options = IngestOptions(fetch_entries=True, network_failures=100, min_chars=10)
    items = list(read_sources([str(folder), http_server.url("nope")], options, progress=progress))
    assert progress.sources_total == 5  # 4 files and one URL, known before reading
    assert progress.sources_done == 5
    assert seen[0][:2] == (5, 0)
    assert progress.fetching == 0
    assert progress.fetch_failed >= 2  # one.invalid and two.invalid failed (then cached)
    assert max(f for _, _, f in seen) >= 1  # fetching was shown while it happened
    assert sum(isinstance(i, Article) for i in items) == 7
    assert any(isinstance(i, IngestError) and i.code == "I020" for i in items)
