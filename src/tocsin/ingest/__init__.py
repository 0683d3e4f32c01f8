"""Ingest: read articles from files, directories, stdin, URLs and feeds.

``read_sources`` is the entry point: it dispatches each location to a reader and yields
``Article`` records and ``IngestError`` records (never raises for a bad source).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tocsin.errors import IngestFailure
from tocsin.ingest.base import IngestOptions, Item
from tocsin.ingest.ids import article_id
from tocsin.records import Article, IngestError

__all__ = ["IngestOptions", "Item", "read_sources"]


def read_sources(locations: Iterable[str], options: IngestOptions | None = None) -> Iterator[Item]:
    """Yield articles and errors from each location, in order."""
    opts = options or IngestOptions()
    for location in locations:
        try:
            yield from _read_path(Path(location), opts)
        except IngestFailure as exc:
            yield IngestError(source=location, code=exc.code, message=exc.message)


def _read_path(path: Path, options: IngestOptions) -> Iterator[Item]:
    if path.is_dir():
        for child in sorted(path.rglob(options.glob or "*.txt")):
            if child.is_file():
                yield from _read_path(child, options)
        return
    if not path.exists():
        raise IngestFailure("I001", source=str(path))
    text = path.read_text("utf-8")
    if len(text.strip()) < options.min_chars:
        raise IngestFailure("I004", source=str(path))
    title, _, body = text.partition("\n")
    yield Article(
        id=article_id(url=None, text=text),
        text=text,
        title=title.strip() or None,
        source=str(path),
        published=options.date,
        outlet=options.outlet,
        content_hash=article_id(url=None, text=body),
    )
