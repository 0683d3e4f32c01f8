"""Stable article ids and content hashes.

An article's id is, in order of preference, a hash of:

1. the record id the source gives (``--id-field``, a Reuters ``NEWID``): the user says these
   are unique, and they survive edits to the text;
2. the canonical URL: the same page fetched twice, or reached through a tracking link, is
   one article;
3. the normalised text together with the document's name (its file name): two files holding
   the same text stay two articles, and the copy is found as a duplicate later through
   ``content_hash``; a text with no name (stdin, a JSONL record) is identified by its text.

``content_hash`` hashes the normalised body alone; equal hashes mean exact duplicates.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tocsin.records import stable_id

#: Query parameters that track clicks and never change the article.
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$|ocid$|smid$|taid$)")


def is_web_url(value: str | None) -> bool:
    """True for an absolute http(s) URL with a host."""
    if not value or not value.startswith(("http://", "https://")):
        return False
    return bool(urlsplit(value).netloc)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragments, tracking parameters and trailing slashes."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))


def url_host(url: str | None) -> str | None:
    """The host of an http(s) URL without ``www.`` (used as the outlet of last resort)."""
    if url is None or not is_web_url(url):
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: two copies of one text normalise equal."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split()).casefold()


def article_id(
    *,
    text: str,
    url: str | None = None,
    name: str | None = None,
    record_id: str | None = None,
) -> str:
    """The article id: hash of ``record_id``, else the canonical URL, else name + text."""
    if record_id:
        return stable_id("record", record_id)
    if url and is_web_url(url):
        return stable_id("url", canonical_url(url))
    if name:
        return stable_id("file", name, normalise_text(text))
    return stable_id("text", normalise_text(text))


def content_hash(text: str) -> str:
    """Hash of the normalised body text: equal for exact duplicates, whatever their source."""
    return stable_id("content", normalise_text(text))
