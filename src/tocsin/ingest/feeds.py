"""RSS, Atom and RDF feeds (feedparser) and JSON Feeds: one article per entry.

For each entry with an http(s) link, when ``fetch_entries`` is on, the linked page is
fetched (a few at a time) and its body extracted by the HTML reader; the entry's own content
or summary is the fallback when the fetch fails, is disabled, or yields less text. The
entry's date is the publication date and the feed's title the outlet. ``fetch_entries``
None (the default, "auto") fetches the pages of feeds read from a URL and reads feed files
on disk as they are: a saved feed is an archive, and fetching its pages (often offline, or
years later) is slow and seldom what the user meant. A failed fetch is reported for its
entry (``tocsin errors``) even when the summary stood in; fetches skipped because the host
or the network is down (I023, I024) are not, once per run is enough.

Malformed feeds: feedparser sets its ``bozo`` flag and still returns what it could parse;
those entries are read. A feed with nothing usable is rejected with I012 and feedparser's
reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, ClassVar

from tocsin.errors import IngestFailure
from tocsin.ingest.article import build_article
from tocsin.ingest.base import Context, Item, Payload, error_item, record_source, unexpected
from tocsin.ingest.dates import latest_allowed, parse_date
from tocsin.ingest.decode import decode
from tocsin.ingest.html import extract_page, fragment_text
from tocsin.ingest.ids import is_web_url

#: Entry pages fetched at once; polite to one host, and enough to keep up with parsing.
FETCH_THREADS = 8
#: Fetch failures not reported per entry: the host or the network was already down.
SKIPPED_FETCH = frozenset({"I023", "I024"})

_FEED_START = re.compile(
    r"^(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w-]+:)?(?:rss|feed|RDF)\b",
    re.IGNORECASE | re.DOTALL,
)


_JSON_FEED_VERSION = re.compile(r'"version"\s*:\s*"https?:\\?/\\?/jsonfeed\.org')


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed entry, whatever the feed format."""

    link: str | None
    title: str | None
    html: str
    published: dt.date | None
    guid: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title and entries."""

    title: str | None
    entries: Sequence[Entry]


class FeedReader:
    """RSS/Atom/RDF files and responses, and JSON Feeds."""

    name: ClassVar[str] = "feed"
    suffixes: ClassVar[tuple[str, ...]] = (".xml", ".rss", ".atom", ".rdf", ".json-feed")
    media_types: ClassVar[tuple[str, ...]] = (
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/xml",
        "text/xml",
    )
    priority: ClassVar[int] = 10

    def sniff(self, head: str) -> bool:
        """An ``<rss>``, ``<feed>`` or ``<rdf:RDF>`` root, or a JSON Feed version key."""
        if head.startswith("{"):
            return bool(_JSON_FEED_VERSION.search(head))
        return bool(_FEED_START.match(head))

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        """Yield one article per entry.

        Raises ``IngestFailure`` I012 when the payload is not a feed, I004 when it has no
        entries.
        """
        feed = parse_feed(payload, encoding=ctx.options.encoding)
        if not feed.entries:
            raise IngestFailure("I004", source=payload.source)
        fetch = ctx.options.fetch_entries
        if fetch is None:
            fetch = payload.url is not None
        # Entries already stored (ctx.known_url, set by `tocsin watch`) are neither fetched
        # nor read again: a feed polled every few minutes repeats most of its entries.
        stored = [bool(ctx.known_url and e.link and ctx.known_url(e.link)) for e in feed.entries]
        links = [None if old else e.link for e, old in zip(feed.entries, stored, strict=True)]
        pages = _pages(links, ctx, fetch=fetch)
        for index, (entry, page) in enumerate(zip(feed.entries, pages, strict=True), start=1):
            if not stored[index - 1]:
                yield from _entry_items(entry, page, feed, payload, ctx, f"entry{index}")


def parse_feed(payload: Payload, *, encoding: str | None = None) -> Feed:
    """Parse an RSS/Atom/RDF or JSON Feed payload. Raises ``IngestFailure`` I012."""
    if payload.data.lstrip()[:1] == b"{":
        return _json_feed(payload, encoding)
    return _xml_feed(payload, encoding)


def _xml_feed(payload: Payload, encoding: str | None) -> Feed:
    data = payload.data
    headers = {"content-location": payload.url} if payload.url else {}
    if payload.charset and payload.content_type:
        headers["content-type"] = f"{payload.content_type}; charset={payload.charset}"
    parsed = None if encoding else _feedparse(data, headers)
    if parsed is None or _encoding_trouble(parsed):
        # feedparser has no statistical charset detection (it falls back to windows-1252);
        # decode as every other reader does and hand it UTF-8.
        data = decode(payload, encoding=encoding).encode("utf-8")
        parsed = _feedparse(data, {**headers, "content-type": "application/xml; charset=utf-8"})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise IngestFailure("I012", source=payload.source, reason=_bozo_reason(parsed))
    title = parsed.feed.get("title")
    return Feed(title=title, entries=[_xml_entry(e) for e in parsed.entries])


def _feedparse(data: bytes, headers: dict[str, str]) -> Any:
    import feedparser

    # A stream, never bytes or str: feedparser would take a short string for a file name
    # or a URL and open it.
    return feedparser.parse(io.BytesIO(data), response_headers=headers)


def _encoding_trouble(parsed: Any) -> bool:
    """Whether feedparser could not decode the feed with the encoding it was told."""
    import feedparser

    exc = parsed.get("bozo_exception")
    trouble = (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)
    return isinstance(exc, trouble)


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return "no RSS, Atom or RDF feed elements found"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _xml_entry(entry: Any) -> Entry:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    body = max([*contents, entry.get("summary") or ""], key=len)
    return Entry(
        link=_entry_link(entry),
        title=_plain(entry.get("title")),
        html=body,
        published=_struct_date(
            entry.get("published_parsed")
            or entry.get("updated_parsed")
            or entry.get("created_parsed")
        ),
        guid=entry.get("id"),
        author=entry.get("author"),
    )


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if is_web_url(link):
        return str(link)
    for candidate in entry.get("links") or []:
        href = candidate.get("href")
        if candidate.get("rel", "alternate") == "alternate" and is_web_url(href):
            return str(href)
    return None


def _struct_date(value: Any) -> dt.date | None:
    """A date from feedparser's UTC ``struct_time`` (None when absent, invalid or future)."""
    if not value:
        return None
    try:
        date = dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, AttributeError):
        return None
    return date if date <= latest_allowed() else None


def _plain(text: str | None) -> str | None:
    return fragment_text(text) if text else None


def _json_feed(payload: Payload, encoding: str | None) -> Feed:
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1)."""
    try:
        data = json.loads(decode(payload, encoding=encoding))
    except json.JSONDecodeError as exc:
        raise IngestFailure("I012", source=payload.source, reason=f"invalid JSON: {exc}") from exc
    except RecursionError as exc:
        raise IngestFailure("I021", source=payload.source, format="JSON") from exc
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    if "jsonfeed.org" not in version or not isinstance(data.get("items"), list):
        reason = "a JSON Feed needs a jsonfeed.org 'version' and a list of 'items'"
        raise IngestFailure("I012", source=payload.source, reason=reason)
    items = [i for i in data["items"] if isinstance(i, dict)]
    return Feed(title=_str(data.get("title")), entries=[_json_entry(i) for i in items])


def _json_entry(item: dict[str, Any]) -> Entry:
    html = _str(item.get("content_html"))
    if html is None:
        text = _str(item.get("content_text")) or _str(item.get("summary")) or ""
        html = "".join(f"<p>{_escape(p)}</p>" for p in text.split("\n\n"))
    link = _str(item.get("url")) or _str(item.get("external_url"))
    author = item.get("author") or next(iter(item.get("authors") or []), None)
    return Entry(
        link=link if is_web_url(link) else None,
        title=_str(item.get("title")),
        html=html,
        published=_lenient_date(item.get("date_published") or item.get("date_modified")),
        guid=_str(item.get("id")),
        author=_str(author.get("name")) if isinstance(author, dict) else None,
    )


def _str(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _lenient_date(value: Any) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None


PageResult = Payload | IngestFailure | None


def _pages(links: Sequence[str | None], ctx: Context, *, fetch: bool) -> Iterator[PageResult]:
    """The fetched page (or the failure) for each link, in order; None where not fetched."""
    if not fetch:
        yield from (None for _ in links)
        return
    with ThreadPoolExecutor(max_workers=FETCH_THREADS) as pool:
        for start in range(0, len(links), FETCH_THREADS * 4):
            batch = links[start : start + FETCH_THREADS * 4]
            yield from pool.map(lambda link: _fetch(link, ctx), batch)


def _fetch(link: str | None, ctx: Context) -> PageResult:
    if not is_web_url(link):
        return None
    try:
        return ctx.fetch(str(link))
    except IngestFailure as exc:
        return exc


def _entry_items(
    entry: Entry, page: PageResult, feed: Feed, payload: Payload, ctx: Context, label: str
) -> Iterator[Item]:
    """The article of one entry (or its error), and the error of its page's fetch."""
    try:
        chosen = _choose_text(entry, page, ctx)
        article = _entry_article(entry, chosen, feed, payload, ctx, label)
    except IngestFailure as exc:
        failure = page if isinstance(page, IngestFailure) else exc
        yield error_item(failure, source=payload.source, record=label)
        return
    except Exception as exc:  # noqa: BLE001 - one broken entry must not cost the feed
        yield error_item(unexpected(record_source(payload.source, label), exc),
                         source=payload.source, record=label)  # fmt: skip
        return
    yield article
    if chosen.problem is not None and chosen.problem.code not in SKIPPED_FETCH:
        yield error_item(chosen.problem, source=payload.source, record=label)


def _entry_article(
    entry: Entry, chosen: _Chosen, feed: Feed, payload: Payload, ctx: Context, label: str
) -> Item:
    """The article of one entry: the fetched page's body, else the entry's own text."""
    meta = {
        "feed": payload.source,
        "guid": entry.guid,
        "author": entry.author,
        "text_from": "page" if chosen.page_url else "feed",
        "fetch_error": f"[{chosen.problem.code}] {chosen.problem.message}"
        if chosen.problem
        else None,
    }
    # A guid is an id across feeds only when it is a URI (URL, tag:, urn:), not "42".
    guid = f"guid:{entry.guid}" if entry.guid and ":" in entry.guid else None
    return build_article(
        text=chosen.text,
        title=entry.title,
        source=chosen.page_url or record_source(payload.source, label),
        options=ctx.options,
        url=entry.link,
        outlet=feed.title,
        published=entry.published,
        record_id=None if entry.link else guid,
        meta=meta,
    )


@dataclass(frozen=True, slots=True)
class _Chosen:
    text: str
    page_url: str | None = None
    problem: IngestFailure | None = None


def _choose_text(entry: Entry, page: PageResult, ctx: Context) -> _Chosen:
    """The page body when it is at least as long as the entry's own text, else the latter."""
    summary = fragment_text(entry.html) if entry.html else ""
    if isinstance(page, IngestFailure):
        return _Chosen(summary, problem=page)
    if page is None:
        return _Chosen(summary)
    try:
        body = _page_text(page, ctx)
    except IngestFailure as exc:
        return _Chosen(summary, problem=exc)
    if body and len(body) >= len(summary):
        return _Chosen(body, page_url=page.url or page.source)
    return _Chosen(summary)


def _page_text(page: Payload, ctx: Context) -> str:
    """The article body of a fetched entry page (a plain text page is taken whole).

    Raises ``IngestFailure`` I011 for other content (a PDF, a feed, JSON).
    """
    from tocsin.ingest.registry import choose_reader

    reader = choose_reader(page)
    if reader.name not in ("html", "text"):
        kind = page.content_type or reader.name
        raise IngestFailure("I011", source=page.source, content_type=kind)
    text = decode(page, encoding=ctx.options.encoding)
    if reader.name == "text":
        return text
    extracted = extract_page(text, url=page.url)
    return extracted.text if extracted else ""
