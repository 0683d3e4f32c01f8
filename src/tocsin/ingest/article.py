"""Finish an ``Article`` the same way for every reader: text, id, hash, date, outlet.

Readers pass what their format tells them (metadata); this module fills the rest with the
documented fallbacks: the publication date from metadata, else a dateline in the opening
lines, else the ``date`` option; the outlet from metadata, else the URL's host, else the
``outlet`` option.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from tocsin.errors import IngestFailure
from tocsin.ingest.base import IngestOptions
from tocsin.ingest.dates import find_dateline, latest_allowed
from tocsin.ingest.decode import clean_text
from tocsin.ingest.ids import article_id, content_hash, is_web_url, url_host
from tocsin.records import Article

_SPACES = re.compile(r"\s+")
#: Longest title kept; longer "titles" are usually a whole paragraph mis-tagged.
MAX_TITLE_CHARS = 300
#: The last line of a truncated article, so that a reader of the text knows.
TRUNCATION_MARKER = "[truncated by tocsin: {reason}]"
#: A cut falls back to a line break, then a space, when the last paragraph break before the
#: limit is further back than this share of it.
_CUT_SLACK = 0.8


def build_article(
    *,
    text: str,
    source: str,
    options: IngestOptions,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    name: str | None = None,
    record_id: str | None = None,
    meta: Mapping[str, str | None] | None = None,
    truncated_from: int | None = None,
) -> Article:
    """Return the finished ``Article`` for one text and its metadata.

    A body longer than ``options.max_article_chars`` is cut at a paragraph break and ends
    with a ``TRUNCATION_MARKER`` line; ``meta["truncated"]`` says what was kept. So does an
    article read from the first bytes of a larger file (``truncated_from``: its size).
    Raises ``IngestFailure`` I004 when the cleaned text is shorter than ``options.min_chars``.
    """
    body = clean_text(text)
    if len(body) < max(options.min_chars, 1):
        raise IngestFailure("I004", source=source)
    headline = clean_title(title)
    web_url = url.strip() if url and is_web_url(url.strip()) else None
    extra = {k: v for k, v in (meta or {}).items() if v}
    body = _truncated(body, options.max_article_chars, truncated_from, extra)
    date = published if published and published <= latest_allowed() else None
    if date is None:
        date = _dateline_date(body, options, extra)
    return Article(
        id=article_id(text=body, url=web_url, name=name, record_id=record_id),
        text=with_headline(body, headline),
        source=source,
        title=headline,
        url=web_url,
        outlet=clean_title(outlet) or url_host(web_url) or options.outlet,
        published=date or options.date,
        content_hash=content_hash(body),
        meta=extra,
    )


def _truncated(body: str, limit: int, file_size: int | None, meta: dict[str, str]) -> str:
    """``body`` cut to ``limit`` characters (with the marker line) when longer; records in
    ``meta`` what was kept."""
    reasons = []
    if file_size is not None:
        reasons.append(f"the file has {file_size:,} bytes, only the start was read")
    if len(body) > limit:
        reasons.append(f"the first {limit:,} of {len(body):,} characters are kept")
        body = body[: cut_point(body, limit)].rstrip()
    if not reasons:
        return body
    reason = "; ".join(reasons)
    meta["truncated"] = reason
    return f"{body}\n\n{TRUNCATION_MARKER.format(reason=reason)}"


def cut_point(text: str, limit: int) -> int:
    """Where to cut ``text`` to at most ``limit`` characters: the last paragraph break,
    else line break, else space near the limit; the limit itself as a last resort."""
    floor = int(limit * _CUT_SLACK)
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, floor, limit)
        if at > 0:
            return at
    return limit


def _dateline_date(body: str, options: IngestOptions, meta: dict[str, str]) -> dt.date | None:
    """The date of a dateline in ``body`` (year from the ``date`` option when it has none)."""
    dateline = find_dateline(body, year_hint=options.date)
    if dateline is None:
        return None
    meta.setdefault("dateline", dateline.text)
    return dateline.date


def with_headline(body: str, title: str | None) -> str:
    """The text as it is read and parsed: the title as its first line (a headline is news:
    "Britain accuses 8 of terror plot"), unless the body already opens with it.

    The id and content hash stay those of the body, so an article keeps its id whether or
    not a reader found its title.
    """
    if not title:
        return body
    first = body.split("\n", 1)[0]
    if _SPACES.sub(" ", first).strip().lower().startswith(title.lower()):
        return body
    return f"{title}\n\n{body}"


def clean_title(title: str | None) -> str | None:
    """A title on one line with single spaces; None when empty or implausibly long."""
    if not title:
        return None
    flat = _SPACES.sub(" ", clean_text(title)).strip()
    return flat if 0 < len(flat) <= MAX_TITLE_CHARS else None
