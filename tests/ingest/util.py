"""Helpers shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tocsin.errors import CATALOGUE
from tocsin.ingest import IngestOptions, read_sources
from tocsin.records import Article, IngestError

SITE = Path(__file__).parent / "site"
#: The test HTTP server runs on 127.0.0.1, which the fetcher refuses unless allow-listed:
#: the helpers allow it by default (as a user allows an intranet host); the SSRF tests pass
#: ``allow_hosts=()``.
LOCAL_SERVER = ("127.0.0.1",)


def read_all(
    locations: Iterable[str | Path], **options: Any
) -> tuple[list[Article], list[IngestError]]:
    """Read ``locations`` with ``IngestOptions(**options)``; split articles from errors.

    The local test server is allow-listed unless ``allow_hosts`` is given.
    """
    options.setdefault("allow_hosts", LOCAL_SERVER)
    items = list(read_sources([str(x) for x in locations], IngestOptions(**options)))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert len(articles) + len(errors) == len(items)
    return articles, errors


def assert_clear(items: list[Article] | list[IngestError] | list[Article | IngestError]) -> None:
    """Every item is a usable article or an error with a catalogue code and a message."""
    for item in items:
        if isinstance(item, Article):
            assert item.id
            assert item.text.strip()
            assert item.source
            assert item.content_hash
        else:
            assert item.code in CATALOGUE, item
            assert item.message.strip(), item
            assert item.source, item
