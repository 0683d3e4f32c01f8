"""Ingest: read articles from files, directories, stdin, URLs and feeds.

``read_sources`` is the entry point: it hands each location to ``sources.read_location``,
which turns it into payloads and each payload into articles with the reader for its format
(``registry.py``: text, html, jsonl, csv, sgml, feed — plugins add more the same way). It
yields ``Article`` records and ``IngestError`` records and never raises for a bad source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from tocsin.ingest.base import Context, IngestOptions, Item, Payload, Reader
from tocsin.ingest.registry import get_reader, reader_names, register_reader
from tocsin.ingest.sources import read_location
from tocsin.ingest.web import Fetcher

__all__ = [
    "Context",
    "IngestOptions",
    "Item",
    "Payload",
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
) -> Iterator[Item]:
    """Yield articles and errors from each location (path, directory, URL, ``-``), in order.

    ``on_skip(path, reason)`` hears of each walked file left out as not news;
    ``known_url(url)`` lets feeds skip fetching the pages of stored entries (``Context``).
    Raises ``ConfigError`` C002 for an unknown ``options.format``, before reading anything.
    """
    opts = options or IngestOptions()
    if opts.format:
        get_reader(opts.format)
    with Fetcher(opts) as fetcher:
        ctx = Context(options=opts, fetch=fetcher.fetch, on_skip=on_skip, known_url=known_url)
        for location in locations:
            yield from read_location(location, ctx)
