"""Parse each repeated text once: the copies of one story share their parsed paragraphs.

Wire copy reaches a news collection many times over (syndicated reprints, updated versions,
the same story under another headline). The cache keeps the parse of the most recent texts
sent to the parser, keyed by the exact text, so a copy's unchanged paragraphs are not parsed
again; its changed ones are. Every copy still runs through the stages and keeps its own
article, events and sources, so copies still count as corroboration (``monitor.evidence``).

Stages annotate the parsed ``Doc`` (``Doc.user_data``), so the cache keeps an untouched
copy of each parse and hands out copies of it. It is bounded (least recently used out
first) and per process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

Parser = Callable[[list[str]], Iterable[Any]]


class ParseCache:
    """At most ``size`` parsed texts, least recently used evicted first (0: no cache)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._docs: OrderedDict[str, Any] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._docs)

    def clear(self) -> None:
        """Forget every parsed text (a benchmark's repeats must parse again)."""
        self._docs.clear()

    def parse(self, texts: Sequence[str], parser: Parser) -> list[Any]:
        """Parsed ``Doc``s of ``texts``, in order; ``parser`` (``nlp.pipe``) is given only
        the texts neither cached nor repeated earlier in ``texts``."""
        known: dict[str, Any] = {}
        todo: list[str] = []
        for text in dict.fromkeys(texts):
            cached = self._docs.get(text)
            if cached is None:
                todo.append(text)
            else:
                self._docs.move_to_end(text)
                known[text] = cached
        fresh = dict(zip(todo, parser(todo), strict=True))
        for text, doc in fresh.items():
            self._store(text, doc)
        self.hits += len(texts) - len(todo)
        self.misses += len(todo)
        out: list[Any] = []
        handed: dict[str, Any] = {}
        for text in texts:
            doc = fresh.pop(text, None)  # the parse itself goes to its first reader
            if doc is None:  # cached, or read twice here (before any stage touched it)
                doc = (known[text] if text in known else handed[text]).copy()
            handed.setdefault(text, doc)
            out.append(doc)
        return out

    def _store(self, text: str, doc: Any) -> None:
        if self.size <= 0:
            return
        self._docs[text] = doc.copy()
        while len(self._docs) > self.size:
            self._docs.popitem(last=False)
