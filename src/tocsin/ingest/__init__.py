"""Ingest: read articles from files, directories, stdin, URLs and feeds.

``read_sources`` is the entry point: it hands each location to ``sources.read_location``,
which turns it into payloads and each payload into articles with the reader for its format
(``registry.py``: text, html, jsonl, csv, sgml, feed — plugins add more the same way). It
yields ``Article`` records and ``IngestError`` records and never raises for a bad source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from tocsin.errors import IngestFailure
from tocsin.ingest.base import (
    Context,
    IngestOptions,
    Item,
    Payload,
    Reader,
    ReadProgress,
    error_item,
)
from tocsin.ingest.registry import get_reader, reader_names, register_reader
from tocsin.ingest.sources import count_sources, read_location
from tocsin.ingest.web import Fetcher

__all__ = [
    "Context",
    "IngestOptions",
    "Item",
    "Payload",
    "ReadProgress",
    "Reader",
    "get_reader",
    "read_sources",
    "reader_names",
    "register_reader",
]


def read_sources(
    locations: Iterable[str],
    options: IngestOptions | None = None,
    *,
    on_skip: Callable[[str, str], None] | None = None,
    known_url: Callable[[str], bool] | None = None,
    progress: ReadProgress | None = None,
) -> Iterator[Item]:
    """Yield articles and errors from each location (path, directory, URL, ``-``), in order.

    ``on_skip(path, reason)`` hears of each walked file left out as not news;
    ``known_url(url)`` lets feeds skip fetching the pages of stored entries (``Context``).
    ``progress`` (when given) learns the number of sources first, then counts sources read
    and pages fetched. When fetching stops because the network looks down, one I023 error
    says so, right after the items of the source where it happened.
    Raises ``ConfigError`` C002 for an unknown ``options.format``, before reading anything.
    """
    opts = options or IngestOptions()
    if opts.format:
        get_reader(opts.format)
    wanted = list(locations)
    progress = progress or ReadProgress()
    progress.sources_total = count_sources(wanted, opts.glob)
    progress.changed()
    with Fetcher(opts, progress=progress) as fetcher:
        ctx = Context(
            options=opts, fetch=fetcher.fetch, on_skip=on_skip, known_url=known_url,
            progress=progress,
        )  # fmt: skip
        for location in wanted:
            for item in read_location(location, ctx):
                yield item
                if fetcher.tracker.tripped_notice():
                    failures = opts.network_failures
                    down = IngestFailure("I023", source=location, failures=failures)
                    yield error_item(down, source=location)
