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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar, Protocol

from tocsin.errors import TocsinError
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
    fetch_entries: bool = True
    min_chars: int = 40


Item = Article | IngestError


def error_item(exc: TocsinError, *, source: str, record: str | None = None) -> IngestError:
    """The ``IngestError`` record of a failure at ``source`` (and ``record`` within it)."""
    return IngestError(source=source, record=record, code=exc.code, message=exc.message)


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

    @property
    def suffix(self) -> str:
        """The lower-case file suffix of ``name`` (``.gz`` looked through), or ``""``."""
        if not self.name:
            return ""
        path = PurePosixPath(self.name.lower())
        if path.suffix == ".gz":
            path = path.with_suffix("")
        return path.suffix


@dataclass(frozen=True, slots=True)
class Context:
    """What a reader may use besides its payload: the options and a fetcher for links.

    ``fetch(url)`` returns the page at ``url`` as a ``Payload`` or raises ``IngestFailure``
    (I008–I011, I014); the feed reader uses it to fetch entry pages. ``on_skip(path,
    reason)`` hears of each file a directory walk leaves out as not news (``skip.py``);
    ``known_url(url)`` says whether the article at ``url`` is stored already, so that a feed
    polled again does not fetch its old entries' pages (``tocsin watch``).
    """

    options: IngestOptions
    fetch: Callable[[str], Payload]
    on_skip: Callable[[str, str], None] | None = None
    known_url: Callable[[str], bool] | None = None


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
