"""Stable article ids: a hash of the canonical URL when there is one, else of the text."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tocsin.records import stable_id

#: Query parameters that track clicks and never change the article.
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$|ocid$|smid$|taid$)")
_SPACE = re.compile(r"\s+")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragments, tracking parameters and trailing slashes."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: two copies of one text normalise equal."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def article_id(*, url: str | None, text: str) -> str:
    """The article id: hash of the canonical URL, else of the normalised text."""
    if url and url.startswith(("http://", "https://")):
        return stable_id("url", canonical_url(url))
    return stable_id("text", normalise_text(text))
