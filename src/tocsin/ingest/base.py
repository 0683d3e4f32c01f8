"""What every ingest reader shares: the options, the raw payload, and the reader contract.

A *locator* (``sources.py``) turns a location — a path, a URL, ``-`` — into ``Payload``s
(bytes plus what is known about them); a *reader* (one module per format) turns one payload
into ``Article`` records. A bad record is reported by *yielding* an ``IngestError`` (the file
goes on); a bad payload by raising ``IngestFailure``, which the locator turns into an
``IngestError`` (the batch goes on). Readers never print or exit.

Readers are registered by name in ``registry.py`` exactly as a plugin registers its own
(entry point group ``tocsin.readers``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import ClassVar, Protocol

from tocsin.errors import IngestFailure, TocsinError
from tocsin.records import Article, IngestError


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How to read sources. Field names mirror the CLI options of ``tocsin analyze``.

    The ``*_field`` options name JSONL/CSV fields (``a.b`` reaches into nested JSON objects);
    when one is None the field is found by its usual names (``ingest/data/field_names.yaml``).
    """

    text_field: str | None = None
    id_field: str | None = None
    date_field: str | None = None
    url_field: str | None = None
    title_field: str | None = None
    outlet_field: str | None = None
    glob: str | None = None
    format: str | None = None  # force a reader: text, html, jsonl, csv, sgml, feed
    date: dt.date | None = None  # publication date for sources that have none
    outlet: str | None = None
    encoding: str | None = None  # force a text encoding instead of detecting it
    timeout_s: float = 20.0
    max_redirects: int = 5
    max_bytes: int = 10_000_000
    user_agent: str = "tocsin/0.1"
    fetch_entries: bool | None = None  # None: fetch for feeds read from a URL only
    min_chars: int = 40
    max_article_chars: int = 1_000_000
    allow_hosts: tuple[str, ...] = ()  # fetched although not public (names, IPs, networks)
    host_failures: int = 2
    network_failures: int = 10


Item = Article | IngestError


def error_item(exc: TocsinError, *, source: str, record: str | None = None) -> IngestError:
    """The ``IngestError`` record of a failure at ``source`` (and ``record`` within it)."""
    return IngestError(source=source, record=record, code=exc.code, message=exc.message)


def unexpected(source: str, exc: BaseException) -> IngestFailure:
    """The failure of a reader that raised something no reader should: I021 for a
    ``RecursionError`` (a document nested deeper than a parser can follow), else I022."""
    if isinstance(exc, RecursionError):
        return IngestFailure("I021", source=source, format="the document")
    text = " ".join(str(exc).split())[:300]
    reason = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return IngestFailure("I022", source=source, reason=reason)


def record_source(source: str, record: str) -> str:
    """How a record inside a file is named: ``news.jsonl#L12``, ``x.csv#row7``."""
    return f"{source}#{record}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Payload:
    """The raw bytes of one source and what is known about them before parsing.

    ``source`` is where they came from as shown to the user (a path, a URL, ``-``); ``name``
    is the file name (part of the id of a text without URL); ``url`` the address it was
    fetched from (after redirects); ``content_type`` and ``charset`` what the server declared.
    """

    source: str
    data: bytes
    name: str | None = None
    url: str | None = None
    content_type: str | None = None
    charset: str | None = None
    #: Size in bytes of the whole file when ``data`` holds only its start (a single-article
    #: file larger than ``max_bytes``); None when ``data`` is complete.
    truncated_from: int | None = None

    @property
    def suffix(self) -> str:
        """The lower-case file suffix of ``name`` (``.gz`` looked through), or ``""``."""
        if not self.name:
            return ""
        path = PurePosixPath(self.name.lower())
        if path.suffix == ".gz":
            path = path.with_suffix("")
        return path.suffix


@dataclass(slots=True)
class ReadProgress:
    """How far reading has got, for a progress display: sources and page fetches.

    ``sources_total`` is known once the locations are listed (files in directories counted);
    the fetch counters move while feed entries are fetched. ``on_change`` (when set) is
    called after each change, from whichever thread made it.
    """

    sources_total: int = 0
    sources_done: int = 0
    fetching: int = 0
    fetched: int = 0
    fetch_failed: int = 0
    network_down: bool = False
    on_change: Callable[[], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def update(self, **deltas: int) -> None:
        """Add ``deltas`` to the named counters and notify."""
        with self._lock:
            for name, delta in deltas.items():
                setattr(self, name, getattr(self, name) + delta)
        self.changed()

    def changed(self) -> None:
        """Tell the listener that something moved."""
        if self.on_change is not None:
            self.on_change()


@dataclass(frozen=True, slots=True)
class Context:
    """What a reader may use besides its payload: the options and a fetcher for links.

    ``fetch(url)`` returns the page at ``url`` as a ``Payload`` or raises ``IngestFailure``
    (I008–I011, I014, I020, I023, I024); the feed reader uses it to fetch entry pages.
    ``on_skip(path, reason)`` hears of each file a directory walk leaves out as not news
    (``skip.py``); ``known_url(url)`` says whether the article at ``url`` is stored already,
    so that a feed polled again does not fetch its old entries' pages (``tocsin watch``).
    ``progress`` counts sources and fetches for a progress display.
    """

    options: IngestOptions
    fetch: Callable[[str], Payload]
    on_skip: Callable[[str, str], None] | None = None
    known_url: Callable[[str], bool] | None = None
    progress: ReadProgress = field(default_factory=ReadProgress)


class Reader(Protocol):
    """The contract of one source format (text, html, jsonl, csv, sgml, feed, ...).

    ``suffixes`` and ``media_types`` say which files and responses it reads; ``priority``
    orders content sniffing (lower first) when neither decides; ``sniff`` looks at the first
    few kilobytes of a payload, decoded leniently.
    """

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    media_types: ClassVar[tuple[str, ...]]
    priority: ClassVar[int]

    def sniff(self, head: str) -> bool:
        """True when ``head`` (the start of a payload) looks like this format."""
        ...

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        """Yield the articles (and per-record errors) in ``payload``.

        Raises ``IngestFailure`` when nothing in the payload can be read.
        """
        ...
