"""Plain text and Markdown files: one article per file.

The first line is the title when it looks like a headline: short, not ending like a
sentence, and followed by a blank line (the BBC corpus layout; a Markdown ``# heading`` also
counts). Markdown loses its markup, and YAML front matter supplies title, date, URL and
outlet. Hard-wrapped text (lines cut at ~70 columns, as in wire copy) is re-joined into
paragraphs, because the parser treats every line break as a paragraph break.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from statistics import median
from typing import Any, ClassVar

from tocsin.ingest.article import build_article
from tocsin.ingest.base import Context, Item, Payload
from tocsin.ingest.dates import parse_date
from tocsin.ingest.decode import clean_text, decode

#: Longest first line still taken for a headline, in characters and in words.
MAX_HEADLINE_CHARS = 200
MAX_HEADLINE_WORDS = 30
#: A text is hard-wrapped when most of its lines run on into the next one and none is
#: longer than this (wire copy wraps at 60–80 columns; one-line paragraphs run to 1,000+).
MAX_WRAPPED_LINE = 100
_MIN_WRAPPED_LINES = 4

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL), ""),  # code fences
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE), r"\1"),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+", re.MULTILINE), ""),  # list markers
    (re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.MULTILINE), ""),  # rules
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),  # inline HTML tags
)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S")
_SENTENCE_END = (".", ",", ";", ":")
_INDENTED = re.compile(r"^[ \t]{2,}\S")


class TextReader:
    """``.txt`` and ``.md`` files (and any text nothing else claims)."""

    name: ClassVar[str] = "text"
    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text", ".md", ".markdown")
    media_types: ClassVar[tuple[str, ...]] = ("text/plain", "text/markdown", "text/x-markdown")
    priority: ClassVar[int] = 100

    def sniff(self, head: str) -> bool:
        """Text is the fallback: any payload nothing else claims is read as text."""
        return True

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        """Yield the one article in a text or Markdown payload."""
        raw = decode(payload, encoding=ctx.options.encoding)
        doc = parse_text(raw, markdown=_is_markdown(payload))
        published = None
        if doc.date:
            try:
                published = parse_date(doc.date)
            except ValueError:
                published = None  # a bad front-matter date falls back to the dateline
        yield build_article(
            text=doc.body,
            title=doc.title,
            source=payload.source,
            options=ctx.options,
            url=doc.url or payload.url,
            outlet=doc.outlet,
            published=published,
            name=payload.name,
            truncated_from=payload.truncated_from,
        )


@dataclass(frozen=True, slots=True)
class TextDoc:
    """A text split into title and body, with any front-matter metadata."""

    body: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None


def _is_markdown(payload: Payload) -> bool:
    return payload.suffix in (".md", ".markdown") or payload.content_type in (
        "text/markdown",
        "text/x-markdown",
    )


def parse_text(raw: str, *, markdown: bool = False) -> TextDoc:
    """Split ``raw`` into title and body (see the module docstring)."""
    text = clean_text(raw)
    front: Mapping[str, Any] = {}
    if markdown:
        front, text = _front_matter(text)
    title, body = split_title(text, markdown=markdown)
    if markdown:
        body = strip_markdown(body)
    body = unwrap(body)
    if not body:  # a file that is only a headline: the headline is the text
        title, body = None, title or ""
    return TextDoc(
        body=body,
        title=_str(front.get("title")) or title,
        date=_str(front.get("date") or front.get("published")),
        url=_str(front.get("url") or front.get("link") or front.get("canonical_url")),
        outlet=_str(front.get("outlet") or front.get("source") or front.get("publisher")),
    )


def _str(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _front_matter(text: str) -> tuple[Mapping[str, Any], str]:
    """YAML front matter (``---`` … ``---``) as a mapping, and the text after it."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text  # not front matter after all: keep it as text
    if not isinstance(data, dict):
        return {}, text
    return data, text[match.end() :]


def split_title(text: str, *, markdown: bool = False) -> tuple[str | None, str]:
    """``(title, body)``: the first line is the title when it looks like a headline."""
    first, sep, rest = text.partition("\n")
    if not sep:
        return None, text
    heading = markdown and bool(_MD_HEADING.match(first))
    blank_after = rest.startswith("\n") or not rest.strip()
    if (heading or blank_after) and looks_like_headline(first):
        title = first.strip().lstrip("#").strip() if heading else first.strip()
        return title, rest.strip()
    return None, text


def looks_like_headline(line: str) -> bool:
    """Short, has letters, and does not end like a sentence (``?`` and ``!`` may)."""
    line = line.strip().lstrip("#").strip()
    if not line or len(line) > MAX_HEADLINE_CHARS or len(line.split()) > MAX_HEADLINE_WORDS:
        return False
    if not any(c.isalpha() for c in line):
        return False
    # "…said." ends a sentence; "U.S." or "Jr." end a headline's abbreviation, and a
    # trailing ellipsis is a headline's teaser ("Rivals of the pounds 400 Apple...").
    if line.endswith(("...", "…")) or re.search(r"\b[A-Z][a-z]?\.$", line):
        return True
    return not line.endswith(_SENTENCE_END)


def strip_markdown(text: str) -> str:
    """Markdown to plain text: markup removed, link and emphasis text kept."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return clean_text(text)


def unwrap(text: str, *, force: bool = False) -> str:
    """Join hard-wrapped lines into one line per paragraph; other texts are unchanged.

    Paragraphs end at a blank line or where the next line is indented (wire copy indents
    each paragraph's first line). ``force`` skips the check that the text is hard-wrapped.
    """
    lines = text.split("\n")
    if not force and not _hard_wrapped(lines):
        return text
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip() or _INDENTED.match(line):
            if paragraphs[-1]:
                paragraphs.append([])
            if not line.strip():
                continue
        paragraphs[-1].append(line.strip())
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _hard_wrapped(lines: list[str]) -> bool:
    full = [len(line) for line in lines if line.strip()]
    if len(full) < _MIN_WRAPPED_LINES or max(full) > MAX_WRAPPED_LINE:
        return False
    runs_on = sum(1 for a, b in itertools.pairwise(lines) if a.strip() and b.strip())
    return runs_on >= len(full) / 2 and median(full) >= MAX_WRAPPED_LINE * 0.4
