"""The readers tocsin knows, and how one is chosen for a payload.

Built-in readers are registered here exactly as a plugin registers its own: a name and a
``module:Class`` target (entry point group ``tocsin.readers`` in a plugin's package
metadata). A reader is chosen by, in order: the ``format`` option; the file suffix or the
HTTP content type; and content sniffing (readers asked in ``priority`` order). A feed is
recognised by its content even when saved as ``.html`` or served as ``text/html``.
"""

from __future__ import annotations

import functools
import importlib
from importlib.metadata import entry_points

from tocsin.errors import ConfigError
from tocsin.ingest.base import Payload, Reader

ENTRY_POINT_GROUP = "tocsin.readers"

BUILTIN_READERS: dict[str, str] = {
    "text": "tocsin.ingest.text:TextReader",
    "html": "tocsin.ingest.html:HtmlReader",
    "jsonl": "tocsin.ingest.tabular:JsonReader",
    "csv": "tocsin.ingest.tabular:CsvReader",
    "sgml": "tocsin.ingest.sgml:ReutersReader",
    "feed": "tocsin.ingest.feeds:FeedReader",
}

#: Other names accepted by ``--format``.
ALIASES: dict[str, str] = {
    "txt": "text",
    "md": "text",
    "markdown": "text",
    "htm": "html",
    "json": "jsonl",
    "ndjson": "jsonl",
    "tsv": "csv",
    "reuters": "sgml",
    "sgm": "sgml",
    "rss": "feed",
    "atom": "feed",
}

#: Bytes of a payload's start that ``sniff`` sees.
SNIFF_BYTES = 4096


def register_reader(name: str, target: str) -> None:
    """Register a reader class ``module:Class`` under ``name`` (replaces an existing one)."""
    BUILTIN_READERS[name] = target
    _load.cache_clear()
    all_readers.cache_clear()


def unregister_reader(name: str) -> None:
    """Remove the reader registered as ``name`` (plugins installed as packages stay)."""
    BUILTIN_READERS.pop(name, None)
    _load.cache_clear()
    all_readers.cache_clear()


@functools.cache
def _load(name: str) -> Reader:
    target = BUILTIN_READERS.get(name)
    if target is None:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name == name:
                reader: Reader = ep.load()()
                return reader
        raise ConfigError("C002", reason=f"unknown format {name!r} (known: {reader_names()})")
    module, _, attr = target.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    instance: Reader = cls()
    return instance


def reader_names() -> list[str]:
    """Names of every available reader: built-in and from plugins."""
    plugins = {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(set(BUILTIN_READERS) | plugins)


def get_reader(name: str) -> Reader:
    """The reader registered as ``name`` (or an alias of it).

    Raises ``ConfigError`` C002 for an unknown name.
    """
    key = name.strip().lower().lstrip(".")
    return _load(ALIASES.get(key, key))


@functools.cache
def all_readers() -> tuple[Reader, ...]:
    """Every available reader, in sniffing order."""
    return tuple(sorted((_load(n) for n in reader_names()), key=lambda r: r.priority))


def reader_for_suffix(suffix: str) -> Reader | None:
    """The reader for a file suffix such as ``.jsonl`` (None when no reader claims it)."""
    suffix = suffix.lower()
    return next((r for r in all_readers() if suffix in r.suffixes), None)


def reader_for_media_type(media_type: str | None) -> Reader | None:
    """The reader for an HTTP content type such as ``text/html`` (None when unclaimed)."""
    if not media_type:
        return None
    return next((r for r in all_readers() if media_type in r.media_types), None)


def sniff_reader(data: bytes) -> Reader:
    """The first reader, in priority order, whose ``sniff`` accepts the start of ``data``."""
    head = sniff_head(data)
    readers = all_readers()
    return next((r for r in readers if r.sniff(head)), readers[-1])


def sniff_head(data: bytes) -> str:
    """The start of ``data`` as text for sniffing: leniently decoded, BOM and blanks dropped."""
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace").lstrip("\ufeff \t\r\n")
    return head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")


def choose_reader(payload: Payload, *, forced: str | None = None) -> Reader:
    """The reader for ``payload``: forced format, else suffix / content type, else sniffing."""
    if forced:
        return get_reader(forced)
    declared = reader_for_suffix(payload.suffix) or reader_for_media_type(payload.content_type)
    sniffed = sniff_reader(payload.data)
    if declared is None:
        return sniffed
    # Feeds are often served as text/html or text/plain, saved as .html, and JSON Feeds
    # end in .json; their content is unmistakable, so it decides.
    if sniffed.name == "feed" and declared.name in ("html", "text", "jsonl"):
        return sniffed
    return declared
