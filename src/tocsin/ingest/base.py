"""What every ingest reader shares: the options and the reader contract.

A reader turns one source location (a path, a URL, ``-``) into ``Article`` records. A bad
source or record is reported by *yielding* an ``IngestError`` (the batch goes on) or, for a
whole source, by raising ``IngestFailure``; readers never print or exit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from tocsin.records import Article, IngestError


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestOptions:
    """How to read sources. Field names mirror the CLI options of ``tocsin analyze``."""

    text_field: str = "text"
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


class Reader(Protocol):
    """The contract of one source kind (files, html, tabular, web, feeds, ...)."""

    name: str

    def read(self, location: str, options: IngestOptions) -> Iterator[Item]:
        """Yield the articles (and per-record errors) found at ``location``."""
        ...
