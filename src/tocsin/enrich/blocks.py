"""Page furniture: captions, headline strips and repeated blocks inside an article's text.

Scraped pages keep photo captions ("Chief minister addresses a rally in Patna on Sunday |
Photo Credit: ..."), strips of related headlines and sidebars repeated down the page. An event
coded from them is dated by the picture or by another article, not by this one. ``furniture``
finds those parts of a document (article character ranges and their kind); the dates stage
uses them to keep caption dates away from body events and to record each event's
``date_source`` (docs/monitoring.md, "Where an event's date comes from"). The cues and
thresholds are data (``enrich/data/page_furniture.yaml``).

Kinds: ``caption`` (a photo caption or credit), ``strip`` (links or headlines of other
articles), ``repeated`` (a sentence the article carries ``repeated_block_min`` times or more).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tocsin.errors import DataFileError
from tocsin.events.lexicon import load_yaml
from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Document

#: Kinds of furniture, in the order a range's kind is decided when two overlap.
KINDS = ("caption", "strip", "repeated")
#: A hard break inside a flattened page: a run of tabs or newlines, a pipe, or 2+ spaces.
_BREAK = re.compile(r"\t+|\n+|\s\|\s?|\|| {2,}")
_SPACE = re.compile(r"\s+")
#: A day or date of the sentence's own: weekday, month + day, ISO date, "on March 14, 2019".
_DAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.I,
)
_JOINERS = frozenset({"cc", "mark", "relcl", "acl"})


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """The cues and thresholds of ``page_furniture.yaml``."""

    caption_cues: tuple[str, ...]
    strip_cues: tuple[str, ...]
    repeated_block_min: int
    repeated_block_min_words: int
    run_min_clauses: int
    run_min_unjoined: int
    caption_exclude: frozenset[str]
    caption_pattern: re.Pattern[str]  # every caption cue in one regex
    strip_pattern: re.Pattern[str]


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    # word boundaries only where the cue starts or ends with a word character
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        body = re.escape(cue).replace(r"\ ", r"\s+")
        left = r"\b" if cue[0].isalnum() else ""
        right = r"\b" if cue[-1].isalnum() else ""
        parts.append(left + body + right)
    return re.compile("|".join(parts), re.I)


def parse_rules(path: str, text: str) -> FurnitureRules:
    """Validate a furniture file; raises ``DataFileError`` D001 naming the key at fault."""
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise DataFileError("D001", path=path, reason="expected a mapping")

    def cues(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() for c in value):
            raise DataFileError("D001", path=path, reason=f"{key}: expected a list of phrases")
        return tuple(c.strip().lower() for c in value)

    def count(value: Any, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise DataFileError("D001", path=path, reason=f"{key}: expected a positive integer")
        return value

    run = data.get("headline_run") or {}
    present = data.get("caption_present_tense") or {}
    caption, strip = cues("caption_cues"), cues("strip_cues")
    return FurnitureRules(
        caption_cues=caption,
        strip_cues=strip,
        repeated_block_min=count(data.get("repeated_block_min"), "repeated_block_min"),
        repeated_block_min_words=count(
            data.get("repeated_block_min_words"), "repeated_block_min_words"
        ),
        run_min_clauses=count(run.get("min_clauses"), "headline_run.min_clauses"),
        run_min_unjoined=count(run.get("min_unjoined"), "headline_run.min_unjoined"),
        caption_exclude=frozenset(str(w) for w in present.get("exclude_lemmas") or []),
        caption_pattern=_cue_pattern(caption),
        strip_pattern=_cue_pattern(strip),
    )


@functools.lru_cache(maxsize=1)
def load_rules() -> FurnitureRules:
    """The packaged furniture rules."""
    text = resources.files("tocsin.enrich").joinpath("data/page_furniture.yaml").read_text("utf-8")
    return parse_rules("page_furniture.yaml", text)


@dataclass(frozen=True, slots=True)
class Furniture:
    """A part of an article that is not its own report: article offsets and kind."""

    start: int
    end: int
    kind: str

    def holds(self, offset: int | None) -> bool:
        """True when article offset ``offset`` lies inside."""
        return offset is not None and self.start <= offset < self.end


def furniture(doc: Document, rules: FurnitureRules | None = None) -> list[Furniture]:
    """The captions, strips and repeated blocks of a parsed document, in text order."""
    rules = rules or load_rules()
    found: list[Furniture] = []
    repeated = _repeated_texts(doc, rules)
    for ps in parsed_sentences(doc):
        found.extend(sentence_furniture(ps, rules, repeated))
    return sorted(found, key=lambda f: (f.start, KINDS.index(f.kind)))


def kind_at(parts: list[Furniture], offset: int | None) -> str | None:
    """The kind of furniture at article offset ``offset`` (None for the article's body)."""
    return next((f.kind for f in parts if f.holds(offset)), None)


def normalise(text: str) -> str:
    """A sentence's text for identity tests: lower case, single spaces."""
    return _SPACE.sub(" ", text).strip().lower()


def _repeated_texts(doc: Document, rules: FurnitureRules) -> frozenset[str]:
    counts = Counter(
        normalise(s.text)
        for s in doc.sentences
        if len(s.text.split()) >= rules.repeated_block_min_words
    )
    return frozenset(t for t, n in counts.items() if n >= rules.repeated_block_min)


def sentence_furniture(
    ps: ParsedSentence, rules: FurnitureRules, repeated: frozenset[str] = frozenset()
) -> list[Furniture]:
    """The furniture inside one parsed sentence (article offsets)."""
    s = ps.sentence
    if normalise(s.text) in repeated:
        return [Furniture(s.start, s.end, "repeated")]
    found = [
        Furniture(s.start + a, s.start + b, kind)
        for kind in ("caption", "strip")
        for a, b in _cued(s.text, rules, caption=kind == "caption")
    ]
    if not found and _headline_run(ps.span, rules):
        found.append(Furniture(s.start, s.end, "strip"))
    if not found and _present_tense_caption(ps.span, s.text, rules):
        found.append(Furniture(s.start, s.end, "caption"))
    return found


def _cued(text: str, rules: FurnitureRules, *, caption: bool) -> list[tuple[int, int]]:
    """Ranges (sentence offsets) of captions (segment start → cue end) or strips (segment
    start → sentence end)."""
    pattern = rules.caption_pattern if caption else rules.strip_pattern
    ranges = []
    for m in pattern.finditer(text):
        # the break right before a credit ("... 2020 | Photo: AFP") separates it from its
        # caption: the caption starts at the break before that one
        before = text[: m.start()].rstrip(" \t\n|")
        breaks = [b.end() for b in _BREAK.finditer(before)]
        start = breaks[-1] if breaks else 0
        ranges.append((start, m.end() if caption else len(text)))
    return ranges


def _headline_run(span: Any, rules: FurnitureRules) -> bool:
    """Several finite clauses with nothing to join them: headlines run together."""
    clauses = sum(1 for t in span if t.tag_ in ("VBZ", "VBD", "VBP") and t.dep_ != "aux")
    if clauses < rules.run_min_clauses:
        return False
    joins = sum(1 for t in span if t.text in (",", ";") or t.dep_ in _JOINERS)
    return clauses - joins >= rules.run_min_unjoined


def _present_tense_caption(span: Any, text: str, rules: FurnitureRules) -> bool:
    """ "X addresses a press conference in New Delhi on Sunday": a caption of a photo."""
    root = span.root
    # the tagger reads a caption's verb as a plural noun at times ("chief addresses troops")
    mistagged = root.tag_ == "NNS" and any(c.dep_ == "nsubj" for c in root.children)
    if not (root.tag_ in ("VBZ", "VBP") or mistagged):
        return False
    if root.lemma_.lower() in rules.caption_exclude or root.lower_ in rules.caption_exclude:
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in root.children):
        return False
    return bool(_DAY.search(text))
