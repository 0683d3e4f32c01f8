"""Quotation marks in a paragraph, and the parsed paragraphs the ``quotes`` stage reads.

``scan_quotes`` pairs the marks of one paragraph by a character scan: typographic marks say
which side they are on, straight ones by the characters around them; single marks count only
outside double-quoted text and only when they close, so apostrophes are never taken for
quotation marks. ``paragraphs`` groups a parsed document's sentences by paragraph with their
quotation spans, which tokens those cover, and where a wire dateline ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Document

#: Quotation marks. Typographic ones say which side they are on; straight ones, their neighbours.
_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPEN_SINGLE = "‘‹"
_CLOSE_SINGLE = "’›"
DOUBLE_MARKS = frozenset(_OPEN_DOUBLE + _CLOSE_DOUBLE + '"')
SINGLE_MARKS = frozenset(_OPEN_SINGLE + _CLOSE_SINGLE + "'")
#: Characters after which a single mark may open a quotation (word start).
_OPENING_CONTEXT = frozenset(" \t([{—–-/" + _OPEN_DOUBLE + '"')
#: Characters that may follow a closing mark.
_CLOSING_CONTEXT = frozenset(",.;:!?)]}—–-'’\"")


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """A top-level quotation in a paragraph: offsets of its marks in the paragraph text.

    ``close`` is None when the paragraph ends before the quotation closes (the wire
    convention for a quotation that goes on in the next paragraph).
    """

    open: int
    close: int | None
    run_on: bool = False  # ended by the next quotation opening: paragraphs run together


def scan_quotes(text: str) -> list[MarkedSpan]:
    """The top-level quotations of one paragraph, in order.

    Double marks first (typographic ones open or close, straight ones by the characters
    around them, or alternate when those do not tell); single marks
    count only outside double-quoted text, only at a word start, and only when they close,
    so apostrophes ("Ukraine’s", "officials' ") are not taken for quotation marks.
    """
    doubles = _double_spans(text)
    singles = _single_spans(text, doubles)
    return sorted(doubles + singles, key=lambda s: s.open)


def _double_spans(text: str) -> list[MarkedSpan]:
    """Pair double marks by their role; a mark that can only open while a quotation is open
    ends that one (a multi-paragraph quotation whose paragraphs were run together)."""
    spans: list[MarkedSpan] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch not in DOUBLE_MARKS:
            continue
        role = _role(text, i)
        if opened is None:
            if role != "close":  # a closing mark with nothing open is a stray
                opened = i
        elif role == "open":
            spans.append(MarkedSpan(opened, i, run_on=True))
            opened = i
        else:
            spans.append(MarkedSpan(opened, i))
            opened = None
    if opened is not None and text[opened + 1 :].strip():
        spans.append(MarkedSpan(opened, None))
    return spans


def _role(text: str, i: int) -> str:
    """Whether the double mark at ``i`` opens, closes, or could do either (straight marks)."""
    ch = text[i]
    if ch in _OPEN_DOUBLE:
        return "open"
    if ch in _CLOSE_DOUBLE:
        return "close"
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if (before.isspace() or before in _OPENING_CONTEXT or before == ":") and after.isalnum():
        return "open"
    if not before.isspace() and (after.isspace() or after in _CLOSING_CONTEXT):
        return "close"
    return "either"


def _single_spans(text: str, doubles: list[MarkedSpan]) -> list[MarkedSpan]:
    spans: list[MarkedSpan] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if ch not in "‘’'" or within(i, doubles):
            continue
        after = text[i + 1 : i + 2]
        before = text[i - 1] if i else " "
        if opened is None:
            if (ch == "‘" or (ch == "'" and before in _OPENING_CONTEXT)) and after.isalpha():
                opened = i
        elif ch in "’'" and not after.isalnum() and not before.isspace():
            spans.append(MarkedSpan(opened, i))
            opened = None
    return spans


def within(i: int, spans: list[MarkedSpan]) -> bool:
    return any(s.open < i and (s.close is None or i < s.close) for s in spans)


def standalone(text: str, span: MarkedSpan) -> bool:
    """Whether punctuation ends the quotation, inside or right after its closing mark.

    '"We will fight," he said', '"We will fight."', 'chanting "Fraud!"' stand alone; in
    "'Errors' doomed the sale" the quotation is a phrase inside the writer's sentence.
    """
    assert span.close is not None
    inside = text[span.open + 1 : span.close].rstrip()
    after = text[span.close + 1 :].lstrip()
    return (
        inside.endswith((",", ".", "!", "?", ":", ";", "—", "–"))
        or not after
        or after[0] in ',.!?:;—–"”'
    )


def inner_offsets(text: str, span: MarkedSpan) -> tuple[int, int]:
    """Offsets of a quotation's words: no marks, no edge spaces, no trailing comma."""
    start = span.open + 1
    end = len(text) if span.close is None else span.close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


@dataclass(slots=True)
class Paragraph:
    """One parsed paragraph: its sentences, quotation spans and which tokens they cover."""

    index: int
    offset: int
    doc: Any  # spacy Doc
    sents: list[ParsedSentence]
    spans: list[MarkedSpan] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # per token: inside a quotation
    floor: int = 0  # first token after the dateline ("MOSCOW, March 12 (Agency) -")
    text: str = field(init=False)  # the paragraph text (spaCy joins its tokens per call)

    def __post_init__(self) -> None:
        self.text = str(self.doc.text)

    def end_of(self, span: MarkedSpan) -> int:
        """The offset just after ``span``'s closing mark (or the paragraph's end)."""
        return len(self.text) if span.close is None else span.close + 1

    def sentence_at(self, char: int) -> ParsedSentence:
        """The sentence containing paragraph offset ``char`` (the last one before it)."""
        for ps in reversed(self.sents):
            if ps.span.start_char <= char:
                return ps
        return self.sents[0]

    def token_before(self, end: int) -> Any | None:
        """The last token that ends at or before paragraph offset ``end``."""
        before = [t for t in self.doc if t.idx + len(t) <= end and not t.is_space]
        return before[-1] if before else None

    def tokens(self, start: int, end: int) -> list[Any]:
        """Tokens starting within paragraph offsets [start, end)."""
        return [t for t in self.doc if start <= t.idx < end]


def paragraphs(doc: Document) -> list[Paragraph]:
    paras: dict[int, Paragraph] = {}
    for ps in parsed_sentences(doc):
        para = paras.get(ps.sentence.paragraph)
        if para is None:
            para = paras[ps.sentence.paragraph] = Paragraph(
                ps.sentence.paragraph, ps.offset, ps.span.doc, []
            )
        para.sents.append(ps)
    for para in paras.values():
        para.spans = scan_quotes(para.text)
        para.quoted = [within(t.idx, para.spans) for t in para.doc]
    ordered = [paras[k] for k in sorted(paras)]
    if ordered:
        ordered[0].floor = _dateline_end(ordered[0].doc)
    return ordered


#: A wire dateline opening an article: "MOSCOW, March 12 (Northwire) - ", "BRASILIA - ". Its
#: place name is no speaker, though the parser often makes it the subject of the lead's verb.
_DATELINE = re.compile(r"^[A-Z][A-Z'’./ -]*[A-Z.](?:,[^\n]{0,60}?)?\s+[-–—]+\s+")


def _dateline_end(doc: Any) -> int:
    """Index of the first token after a dateline at the start of ``doc`` (0 when none)."""
    match = _DATELINE.match(doc.text)
    if match is None:
        return 0
    return next((t.i for t in doc if t.idx >= match.end()), 0)
