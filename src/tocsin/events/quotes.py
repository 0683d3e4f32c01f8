"""Quotations and attributed statements with their speakers: the ``quotes`` stage.

Three kinds of ``Quote`` come out of a parsed article (docs/data.md, "quotes"):

* ``direct``: words in quotation marks that stand as a statement of their own ('"We will
  respond," Putin said.'), over one or several sentences, and the wire convention of a
  quotation over several paragraphs (each paragraph opens with a mark, only the last one
  closes it), which gives one ``Quote`` per paragraph.
* ``partial``: a quoted fragment inside reported speech (warned that Serbia "will not stand
  idly by"). A fragment that no speech verb governs is a scare quote (a "red line", a report
  titled "...") and keeps a confidence of at most 0.3.
* ``indirect``: a reported clause without quotation marks ("X said (that) ...", "according
  to X, ...", "X told reporters ...", "in a statement, X ...").

Per paragraph, a character scan pairs the quotation marks (typographic or straight; single
marks only when they close; marks nested in a quotation stay part of it). The cue of a span is
the speech verb that governs it in the parse, else the reporting clause right after it ('," X
said'), else the one before it ('X said: "'); a direct quotation with no cue of its own
belongs to the paragraph quotation it continues, or to the quotation just before it. Reported
clauses are the clausal complements of speech verbs. The cue's subject is the speaker: names
are expanded to their fullest form in the article, pronouns and definite descriptions ("the
minister added") refer back to the last person named or quoted, and the speaker's actor comes
from the actor stage's mentions (``doc.mentions``). The cues, their weights and the word lists
are data: ``data/quote_cues.yaml``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from tocsin.config import Settings
from tocsin.errors import DataFileError
from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Actor, Document, Mention, Quote

CUES_FILE = Path(__file__).parent / "data" / "quote_cues.yaml"

#: Quotation marks. Straight double marks toggle; typographic ones say which side they are.
_OPEN_DOUBLE = "“„«"
_CLOSE_DOUBLE = "”»"
_OPEN_SINGLE = "‘‹"
_CLOSE_SINGLE = "’›"
_DOUBLE_MARKS = frozenset(_OPEN_DOUBLE + _CLOSE_DOUBLE + '"')
_SINGLE_MARKS = frozenset(_OPEN_SINGLE + _CLOSE_SINGLE + "'")
#: Characters after which a single mark may open a quotation (word start).
_OPENING_CONTEXT = frozenset(" \t([{—–-/" + _OPEN_DOUBLE + '"')
#: Characters that may follow a closing mark.
_CLOSING_CONTEXT = frozenset(",.;:!?)]}—–-'’\"")

_PERSON_PRONOUNS = frozenset({"he", "she", "i"})
_OTHER_PRONOUNS = frozenset({"it", "they", "we"})
_PASSIVE_DEPS = frozenset({"nsubjpass", "auxpass"})
#: A verb between a quotation and the cue above it passes the cue down only from these
#: relations (reported clause, conjunct, complement, adverbial clause); a relative clause or
#: participle ("a report titled ...") puts the quotation in another speaker's mouth.
_PASS_VERB_DEPS = frozenset({"ccomp", "conj", "xcomp", "advcl"})
#: Relations climbed from a cue without a subject up to the verb that has one.
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acl", "dobj", "pobj"})
_NP_DROP_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "punct", "parataxis", "prep_by"})
_NAME_POS = frozenset({"PROPN"})
_NOT_PERSON_ENTS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "LAW"})
_SENTENCE_END = frozenset(".!?")

#: Base confidences, before the cue's weight (see ``_confidence``).
_BASE = {
    "own": 0.9,  # a direct quotation with its own cue
    "chain": 0.85,  # a paragraph of a multi-paragraph quotation attributed at its end
    "inherit": 0.75,  # no cue: continues the quotation before it, same paragraph
    "inherit_paragraph": 0.6,  # no cue: continues the previous paragraph's speaker
    "unattributed": 0.5,
    "partial_speech": 0.8,
    "partial_naming": 0.7,
    "indirect": 0.8,
    "source": 0.7,
    "statement": 0.5,
}
#: Weight of a quotation that is its subject's own predicate ('X "totally condemned" Y').
_PREDICATE_WEIGHT = 0.6
#: Scare quotes: a fragment no cue governs. Short ones (a "red line") are almost never
#: somebody's words; longer ones may be a quotation whose attribution we missed.
_SCARE_SHORT, _SCARE_LONG, _SHORT_WORDS = 0.15, 0.25, 3


# ---------------------------------------------------------------- the cue lexicon
class _CueFile(BaseModel):
    """The schema of ``quote_cues.yaml``."""

    model_config = ConfigDict(extra="forbid")

    version: str
    speech: dict[str, float]
    utterance: dict[str, float]
    naming: dict[str, float]
    sources: dict[str, float]
    statement_nouns: list[str]
    person_nouns: list[str]
    titles: list[str]
    name_markers: list[str]
    vague_sources: list[str]
    clause_only: list[str]

    @field_validator("speech", "utterance", "naming", "sources")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        for word, weight in value.items():
            if not 0 < weight <= 1:
                raise ValueError(f"{word!r}: weight {weight} is not in (0, 1]")
        return value

    @field_validator(
        "speech", "utterance", "naming", "sources", "statement_nouns", "person_nouns",
        "titles", "name_markers", "vague_sources", "clause_only",
    )  # fmt: skip
    @classmethod
    def _lower_case(cls, value: Any) -> Any:
        for word in value:
            if not word.strip() or word != word.lower():
                raise ValueError(f"{word!r}: entries are lower-case words")
        return value


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word in a sentence: its class, lemma and weight, and the token."""

    kind: str  # speech | utterance | naming | source | statement | predicate
    lemma: str
    weight: float
    token: Any
    clause_only: bool = False  # speech only when it reports ("respond with force" is not)


@dataclass(frozen=True, slots=True)
class QuoteCues:
    """The validated contents of a cue file (see ``data/quote_cues.yaml`` for each list)."""

    speech: Mapping[str, float]
    utterance: Mapping[str, float]
    naming: Mapping[str, float]
    sources: Mapping[tuple[str, ...], float]
    statement_nouns: frozenset[str]
    person_nouns: frozenset[str]
    titles: frozenset[str]
    name_markers: tuple[tuple[str, ...], ...]
    vague_sources: frozenset[str]
    clause_only: frozenset[str] = frozenset()

    def verb_cue(self, token: Any) -> Cue | None:
        """The cue a verb token is (speech, utterance or naming), or None."""
        if token.pos_ != "VERB":
            return None
        lemma = token.lemma_.lower()
        for kind, table in (
            ("speech", self.speech),
            ("utterance", self.utterance),
            ("naming", self.naming),
        ):
            if lemma in table:
                return Cue(kind, lemma, table[lemma], token, lemma in self.clause_only)
        return None


def load_cues(path: str | Path = CUES_FILE) -> QuoteCues:
    """Load and validate a cue file.

    Raises ``DataFileError`` D001 naming the bad entry when the file is unreadable or invalid.
    """
    from tocsin.events.lexicon import load_yaml

    try:
        raw = load_yaml(Path(path).read_text(encoding="utf-8"))
        data = _CueFile.model_validate(raw)
    except OSError as exc:
        raise DataFileError("D001", path=str(path), reason=str(exc)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError("D001", path=str(path), reason=f"{where}: {first['msg']}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError("D001", path=str(path), reason=f"{where}{problem}") from exc
    _check_disjoint(path, data)
    return QuoteCues(
        speech=data.speech,
        utterance=data.utterance,
        naming=data.naming,
        sources={tuple(k.split()): v for k, v in data.sources.items()},
        statement_nouns=frozenset(data.statement_nouns),
        person_nouns=frozenset(data.person_nouns),
        titles=frozenset(data.titles),
        name_markers=tuple(tuple(m.split()) for m in data.name_markers),
        vague_sources=frozenset(data.vague_sources),
        clause_only=frozenset(data.clause_only),
    )


def _check_disjoint(path: str | Path, data: _CueFile) -> None:
    """A lemma in two verb classes would make its reading depend on the order of lookup."""
    seen: dict[str, str] = {}
    for section in ("speech", "utterance", "naming"):
        for lemma in getattr(data, section):
            if lemma in seen:
                reason = f"{section}.{lemma}: already listed under {seen[lemma]}"
                raise DataFileError("D001", path=str(path), reason=reason)
            seen[lemma] = section
    for lemma in data.clause_only:
        if seen.get(lemma) != "speech":
            reason = f"clause_only.{lemma}: not listed under speech"
            raise DataFileError("D001", path=str(path), reason=reason)


@functools.lru_cache(maxsize=4)
def packaged_cues() -> QuoteCues:
    """The packaged cue lexicon, loaded once per process."""
    return load_cues(CUES_FILE)


# ---------------------------------------------------------------- quotation marks
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

    Double marks first (straight ones toggle, typographic ones open or close); single marks
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
        if ch not in _DOUBLE_MARKS:
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
        if ch not in "‘’'" or _within(i, doubles):
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


def _within(i: int, spans: list[MarkedSpan]) -> bool:
    return any(s.open < i and (s.close is None or i < s.close) for s in spans)


# ---------------------------------------------------------------- paragraphs
@dataclass(slots=True)
class _Paragraph:
    """One parsed paragraph: its sentences, quotation spans and which tokens they cover."""

    index: int
    offset: int
    doc: Any  # spacy Doc
    sents: list[ParsedSentence]
    spans: list[MarkedSpan] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)  # per token: inside a quotation
    floor: int = 0  # first token after the dateline ("MOSCOW, March 12 (Agency) -")

    @property
    def text(self) -> str:
        """The paragraph text."""
        return str(self.doc.text)

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


def _paragraphs(doc: Document) -> list[_Paragraph]:
    paras: dict[int, _Paragraph] = {}
    for ps in parsed_sentences(doc):
        para = paras.get(ps.sentence.paragraph)
        if para is None:
            para = paras[ps.sentence.paragraph] = _Paragraph(
                ps.sentence.paragraph, ps.offset, ps.span.doc, []
            )
        para.sents.append(ps)
    for para in paras.values():
        para.spans = scan_quotes(para.text)
        para.quoted = [_within(t.idx, para.spans) for t in para.doc]
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


# ---------------------------------------------------------------- speakers
@dataclass(slots=True)
class _Speaker:
    """Who said it: a name or description, the actor, and what pronouns it can be."""

    name: str
    actor: Actor | None
    person: bool
    plural: bool = False
    words: frozenset[str] = frozenset()  # how the article described it ("spokeswoman", ...)
    named: bool = False  # a name, not a description


@dataclass(slots=True)
class _Found:
    """A quotation or statement found, before its speaker is settled."""

    kind: str
    start: int  # article offsets
    end: int
    ps: ParsedSentence
    para: _Paragraph
    base: str  # key of _BASE
    cue: Cue | None = None
    subject: Any = None  # the speaker's head token
    chain: int | None = None  # multi-paragraph quotation id
    opens_paragraph: bool = False
    unclosed: bool = False
    words: int = 0
    speaker: _Speaker | None = None
    via_pronoun: bool = False


class _Article:
    """Per-article state: paragraphs, mentions by sentence, person names, speakers so far."""

    def __init__(self, doc: Document, cues: QuoteCues, resolver: Any | None) -> None:
        self.doc = doc
        self.cues = cues
        self.resolver = resolver
        self.paras = _paragraphs(doc)
        self.mentions: dict[int, list[Mention]] = defaultdict(list)
        for m in doc.mentions:
            self.mentions[m.sentence_index].append(m)
        self.names: list[str] = []  # person names seen (cleaned)
        self.known: dict[str, Actor] = {}  # fullest name -> actor
        self.persons: list[tuple[int, str]] = []  # (article offset, fullest name), sorted
        self.history: list[_Speaker] = []
        self.titles: dict[str, frozenset[str]] = {}  # person -> title words ("minister")
        self._collect_person_names()

    # -- names ------------------------------------------------------------------
    def _collect_person_names(self) -> None:
        """PERSON entities and resolved persons outside quotations, for "he" and full names."""
        found: list[tuple[int, str, Actor | None, bool, frozenset[str]]] = []
        for para in self.paras:
            for ps in para.sents:
                for ent in ps.span.ents:
                    if ent.label_ == "PERSON" and not para.quoted[ent.start]:
                        actor = self.actor_at(ent.root, ps)
                        if actor is None or actor.kind in ("person", "agent"):
                            name = self.clean_name(list(ent))
                            sure = (actor is not None and actor.kind == "person") or _titled(ent)
                            if name:
                                at = ps.offset + ent.start_char
                                found.append((at, name, actor, sure, _title_words(ent)))
        self.names.extend(f[1] for f in found if f[3] or " " in f[1])
        for offset, name, actor, sure, titles in found:
            # a lone word tagged PERSON ("Torbay", "Kyiv") is often a place: only a word of a
            # fuller name, a titled one ("Mr Blair") or a resolved person counts
            if sure or " " in name or self.is_person(name):
                full = self.fullest(name, actor)
                self.add_person(offset, full, actor)
                self.titles[full] = self.titles.get(full, frozenset()) | titles

    def clean_name(self, tokens: list[Any]) -> str:
        """A name without leading titles, determiners and trailing possessives."""
        toks = [t for t in tokens if t.tag_ != "POS"]
        while toks and (toks[0].lower_ in self.cues.titles or toks[0].pos_ in ("DET", "PUNCT")):
            toks = toks[1:]
        while toks and toks[-1].pos_ == "PUNCT":
            toks = toks[:-1]
        if not toks:
            return ""
        doc = toks[0].doc
        return str(doc.text[toks[0].idx : toks[-1].idx + len(toks[-1])])

    def fullest(self, name: str, actor: Actor | None = None) -> str:
        """The longest name in the article that contains ``name`` ("Putin" → "Vladimir Putin")."""
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        best = max((n for n in self.names if pattern.search(n)), key=len, default=name)
        # only the surname in the text: the resolver's canonical name is the fullest
        canonical = actor.name if actor is not None and actor.kind == "person" else None
        if " " not in best and canonical and pattern.search(canonical):
            return canonical
        return best

    def add_person(self, offset: int, name: str, actor: Actor | None) -> None:
        """Record that person ``name`` is mentioned at ``offset``."""
        bisect.insort(self.persons, (offset, name))
        if name not in self.names:
            self.names.append(name)
        if actor is not None and actor.code and name not in self.known:
            self.known[name] = actor

    def is_person(self, name: str) -> bool:
        """Whether ``name`` is (part of) a person's name seen in the article ("Volkova")."""
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        return bool(name) and any(pattern.search(n) for n in self.names)

    def described(self, name: str) -> frozenset[str]:
        """The words earlier speakers called ``name`` by ("spokeswoman", "minister", ...)."""
        return frozenset().union(*(s.words for s in self.history if s.name == name))

    def titled_before(self, noun: str, offset: int) -> str | None:
        """The last person before ``offset`` the article gave the title ``noun``."""
        i = bisect.bisect_left(self.persons, (offset, ""))
        return next(
            (n for _, n in reversed(self.persons[:i]) if noun in self.titles.get(n, ())), None
        )

    def person_before(self, offset: int) -> str | None:
        """The last person named before ``offset`` (for "he said")."""
        i = bisect.bisect_left(self.persons, (offset, ""))
        return self.persons[i - 1][1] if i else None

    # -- actors ------------------------------------------------------------------
    def actor_at(
        self, token: Any, ps: ParsedSentence, lo: int | None = None, hi: int | None = None
    ) -> Actor | None:
        """The actor the actor stage resolved for ``token`` (or for the phrase lo..hi)."""
        at = ps.offset + token.idx
        here = self.mentions.get(ps.sentence.index, [])
        hits = [m for m in here if m.start <= at < m.end and m.actor is not None and m.actor.code]
        if not hits and lo is not None and hi is not None:
            hits = [m for m in here if lo <= m.start < hi and m.actor is not None and m.actor.code]
        if hits:
            hits.sort(
                key=lambda m: (m.actor is not None and m.actor.kind == "person", m.end - m.start),
                reverse=True,
            )
            return hits[0].actor
        if self.resolver is not None:
            actors = self.resolver.actors_for(token, ps, self.doc)
            return next((a for a in actors if a.code), None)
        return None


# ---------------------------------------------------------------- the finder
class QuoteFinder:
    """Finds the quotations and attributed statements of parsed articles."""

    def __init__(self, cues: QuoteCues | None = None, resolver: Any | None = None) -> None:
        self.cues = cues or packaged_cues()
        self.resolver = resolver

    def find(self, doc: Document) -> list[Quote]:
        """The document's quotes, in text order (needs its parse and, for actors, mentions)."""
        art = _Article(doc, self.cues, self.resolver)
        found: list[_Found] = []
        chains = _Chains()
        for para in art.paras:
            found.extend(self._marked(para, chains))
            found.extend(self._reported(para))
        found.sort(key=lambda f: (f.start, -f.end))
        self._attribute(found, art)
        return _dedupe([self._quote(f, doc) for f in found])

    # -- quotation marks ---------------------------------------------------------
    def _marked(self, para: _Paragraph, chains: _Chains) -> Iterator[_Found]:
        previous: _Found | None = None
        for n, span in enumerate(para.spans):
            chain = chains.link(para, span, n)
            found = self._one_marked(para, span, n, previous)
            if found is None:
                continue
            found.chain = chain
            previous = found
            yield found

    def _one_marked(
        self, para: _Paragraph, span: MarkedSpan, n: int, previous: _Found | None
    ) -> _Found | None:
        start, end = _inner(para.text, span)
        if start >= end or not any(c.isalpha() for c in para.text[start:end]):
            return None
        inner = [t for t in para.tokens(start, end) if not t.is_space]
        if not inner:
            return None
        direct = self._is_direct(para, span, start, end, previous)
        cue = self._span_cue(para, span, n, inner, direct=direct)
        found = _Found(
            kind="direct" if direct else "partial",
            start=para.offset + start,
            end=para.offset + end,
            ps=para.sentence_at(start),
            para=para,
            base="own",
            cue=cue,
            subject=_subject(cue.token, para.floor) if cue is not None else None,
            opens_paragraph=not para.text[: span.open].strip(),
            unclosed=span.close is None or span.run_on,
            words=len([t for t in inner if not t.is_punct]),
        )
        if not direct:
            found.base = self._partial_base(para, span, cue)
            if found.base == "scare":
                found.cue, found.subject = None, None
        return found

    def _span_cue(
        self, para: _Paragraph, span: MarkedSpan, n: int, inner: list[Any], *, direct: bool
    ) -> Cue | None:
        """The cue of a quotation: the verb governing it; for a direct quotation, else the
        reporting clause after it or before it (a fragment is only ever governed)."""
        cue = self._governing(para, inner)
        if cue is None and direct:
            cue = self._after(para, span, n) or self._before(para, span, n)
        return cue

    def _governing(self, para: _Paragraph, inner: list[Any]) -> Cue | None:
        """The nearest cue above the quotation in the parse, through nouns and reported clauses."""
        ids = {t.i for t in inner}
        roots = [t for t in inner if (t.head.i not in ids or t.head.i == t.i) and not t.is_punct]
        for root in roots:
            if root.dep_ == "appos":  # 'an offensive, code-named "Operation X"': a name
                continue
            cue = self._climb(para, root)
            if cue is not None:
                return cue
        return self._quoted_predicate(para, roots)

    def _quoted_predicate(self, para: _Paragraph, roots: list[Any]) -> Cue | None:
        """'Richard Thomas "totally condemned" the deletion': the quotation is its subject's
        own verb phrase, so the subject said it (weakly: it may be the writer's irony)."""
        for root in roots:
            clause = root.pos_ == "VERB" and (
                root.head.i == root.i or root.dep_ in ("ccomp", "conj")
            )
            if clause and any(c.dep_ == "nsubj" and not para.quoted[c.i] for c in root.children):
                return Cue("predicate", root.lemma_.lower(), _PREDICATE_WEIGHT, root)
        return None

    def _climb(self, para: _Paragraph, token: Any) -> Cue | None:
        prev, cur = token, token.head
        for _ in range(10):
            if cur.i == prev.i:
                return None
            cue = self.cues.verb_cue(cur)
            if (
                cue is not None
                and not para.quoted[cur.i]
                and (not cue.clause_only or prev.dep_ == "ccomp")
            ):
                return cue
            if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in _PASS_VERB_DEPS:
                return None
            prev, cur = cur, cur.head
        return None

    def _after(self, para: _Paragraph, span: MarkedSpan, n: int) -> Cue | None:
        """'"...," Putin said.': the first cue after the closing mark, before the sentence ends."""
        if span.close is None:
            return None
        stop = para.spans[n + 1].open if n + 1 < len(para.spans) else len(para.text)
        for tok in para.tokens(span.close + 1, stop):
            if tok.text in _SENTENCE_END and not para.quoted[tok.i]:
                return None
            cue = self.cues.verb_cue(tok)
            if cue is not None and cue.kind != "naming" and tok.dep_ not in ("relcl", "acl"):
                return cue
        return None

    def _before(self, para: _Paragraph, span: MarkedSpan, n: int) -> Cue | None:
        """'Putin said: "...': the last cue before the opening mark, in the same sentence."""
        start = para.end_of(para.spans[n - 1]) if n else 0
        start = max(start, para.sentence_at(span.open).span.start_char)
        for tok in reversed(para.tokens(start, span.open)):
            cue = self.cues.verb_cue(tok)
            if (
                cue is not None
                and cue.kind != "naming"
                and tok.dep_ not in ("relcl", "acl", "advcl")
            ):
                return cue
        return None

    def _is_direct(
        self, para: _Paragraph, span: MarkedSpan, start: int, end: int, previous: _Found | None
    ) -> bool:
        """Whether a quotation stands as a statement of its own rather than a fragment."""
        text = para.text
        before = text[: span.open].rstrip()
        inner = text[start:end]
        upper = next((c.isupper() for c in inner if c.isalpha()), False)
        if span.close is None or span.run_on:
            return True
        if not _standalone(text, span):  # "'Errors' doomed the sale": a phrase in a sentence
            return False
        if not before or before[-1] in ".!?:;":
            return True
        if before[-1] in ",—–":
            return upper or self._continues(para, span, previous)
        terminal = inner.rstrip("\"'”’").endswith(("!", "?", "."))
        lead = para.token_before(len(before))  # 'Kurti said "Serbia will ...'
        lead_cue = lead is not None and self.cues.verb_cue(lead) is not None
        return upper and (terminal or lead_cue)

    def _continues(self, para: _Paragraph, span: MarkedSpan, previous: _Found | None) -> bool:
        """'"The virus," said X, "is adapting ...': the second part of an interrupted quotation."""
        if previous is None or previous.kind != "direct" or previous.para is not para:
            return False
        between = para.text[previous.end - para.offset : span.open]
        return between.lstrip("\"”'’ ").startswith(",") or "," in between[:3]

    def _partial_base(self, para: _Paragraph, span: MarkedSpan, cue: Cue | None) -> str:
        """How a fragment is attributed: by a speech verb, a naming verb, or nobody (scare)."""
        if self._named(para.text[: span.open]):
            return "scare"
        if cue is None:
            return "scare"
        return "partial_naming" if cue.kind == "naming" else "partial_speech"

    def _named(self, before: str) -> bool:
        words = tuple(before.lower().split())
        return any(words[-len(m) :] == m for m in self.cues.name_markers)

    # -- reported clauses -------------------------------------------------------
    def _reported(self, para: _Paragraph) -> Iterator[_Found]:
        for ps in para.sents:
            for tok in ps.span:
                if para.quoted[tok.i]:
                    continue
                yield from self._speech_clauses(para, ps, tok)
                yield from self._according(para, ps, tok)
                yield from self._in_statement(para, ps, tok)

    def _speech_clauses(self, para: _Paragraph, ps: ParsedSentence, tok: Any) -> Iterator[_Found]:
        """'X said (that) ...': the clausal complement of a speech verb."""
        cue = self.cues.verb_cue(tok)
        if cue is None or cue.kind != "speech" or _passive(tok) or _negated(tok):
            return
        if self._parenthetical(tok):
            return  # "X said [Y failed, state TV reported]": X's statement, TV its source
        comps = [self._inner_report(c) for c in tok.children if c.dep_ == "ccomp"]
        subject = _subject(tok, para.floor)
        for group in ([c for c in comps if c.i < tok.i], [c for c in comps if c.i > tok.i]):
            tokens = self._clause(para, tok, group, subject) if group else []
            if tokens:
                yield self._statement(para, ps, tokens, cue, subject, "indirect")

    def _clause(self, para: _Paragraph, cue: Any, comps: list[Any], subject: Any) -> list[Any]:
        """The tokens of a reported clause (the cue's complements on one side of it).

        [] when the clause is a quotation's frame ('"...," he said') or a report of a report
        ("[X said ...], state media reported": the inner report is the statement).
        """
        if any(self._reports(c) or _conditional(c) for c in comps):
            return []
        lo, hi = min(c.left_edge.i for c in comps), max(c.right_edge.i for c in comps)
        if comps[0].i > cue.i:
            lo = max(lo, cue.i + 1)  # "a missile that Moscow says can reach": after the cue
            for conj in cue.children:  # "said X, and that Y": one statement
                if (
                    conj.dep_ == "conj"
                    and conj.i > hi
                    and any(c.lower_ == "that" for c in conj.children)
                ):
                    hi = max(hi, conj.right_edge.i)
        elif subject is not None and subject.i > comps[0].i:
            hi = min(hi, subject.left_edge.i - 1)
        hi = min([hi, *(t.left_edge.i - 1 for c in comps for t in self._later_reports(c))])
        tokens = _drop_leading_date(_trim(list(cue.doc[lo : hi + 1])))
        words = [t for t in tokens if not t.is_punct]
        if len(words) < 2 or sum(para.quoted[t.i] for t in words) * 2 > len(words):
            return []
        return tokens

    def _parenthetical(self, verb: Any) -> bool:
        """A report after its own clause, inside another speaker's: ", state TV reported"."""
        head = verb.head
        return (
            verb.dep_ == "ccomp"
            and head.i < verb.i
            and self._reports(verb)
            and _after_comma(verb)
            and all(c.i < verb.i for c in verb.children if c.dep_ == "ccomp")
            and self.cues.verb_cue(head) is not None
        )

    def _inner_report(self, comp: Any) -> Any:
        """The clause a parenthetical report wraps, or ``comp`` itself."""
        if self._parenthetical(comp):
            return next(c for c in comp.children if c.dep_ == "ccomp")
        return comp

    def _reports(self, verb: Any) -> bool:
        """Whether ``verb`` reports a clause of its own ("X said ...", not "would respond")."""
        cue = self.cues.verb_cue(verb)
        return (
            cue is not None
            and cue.kind == "speech"
            and _has_subject(verb)
            and any(c.dep_ == "ccomp" for c in verb.children)
        )

    def _later_reports(self, root: Any) -> Iterator[Any]:
        """Cue verbs that end a clause: ", state media reported", "and urged Washington to"."""
        for tok in root.doc[root.i + 1 : root.right_edge.i + 1]:
            if self.cues.verb_cue(tok) is None:
                continue
            complement = any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in tok.children)
            if (tok.dep_ == "conj" and complement) or (_has_subject(tok) and _after_comma(tok)):
                yield tok

    def _according(self, para: _Paragraph, ps: ParsedSentence, tok: Any) -> Iterator[_Found]:
        """'According to X, ...': the clause the phrase modifies, X the speaker."""
        if tok.lower_ != "according" or tok.head.i == tok.i:
            return
        prep = next((c for c in tok.children if c.lower_ == "to"), None)
        source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        clause = tok.head
        if source is None or clause.pos_ not in ("VERB", "AUX") or self._has_speech(clause):
            return
        skip = {t.i for t in tok.subtree}
        tokens = _trim([t for t in clause.subtree if t.i not in skip])
        tokens = _contiguous(tokens, clause)
        weight = self.cues.sources.get(("according", "to"), 1.0)
        vague = source.lower_ in self.cues.vague_sources
        cue = Cue("source", "according to", weight * (0.6 if vague else 1.0), tok)
        if len([t for t in tokens if not t.is_punct]) >= 2:
            yield self._statement(para, ps, tokens, cue, source, "source")

    def _in_statement(self, para: _Paragraph, ps: ParsedSentence, tok: Any) -> Iterator[_Found]:
        """'In a statement, X reaffirmed ...': a clause made a statement by its frame."""
        if tok.dep_ != "pobj" or tok.lemma_.lower() not in self.cues.statement_nouns:
            return
        prep, verb = tok.head, tok.head.head
        if prep.lower_ != "in" or verb.pos_ != "VERB" or self.cues.verb_cue(verb) is not None:
            return
        subject = _subject(verb, para.floor)
        if subject is None or self._has_speech(verb):
            return
        skip = {t.i for t in prep.subtree} | {t.i for t in subject.subtree}
        for conj in verb.children:  # "reaffirmed X but reiterated that Y": Y is its own
            if conj.dep_ in ("conj", "cc") and (self.cues.verb_cue(conj) or conj.dep_ == "cc"):
                skip |= {t.i for t in conj.subtree}
        tokens = _contiguous(_trim([t for t in verb.subtree if t.i not in skip]), verb)
        cue = Cue("statement", tok.lemma_.lower(), 1.0, tok)
        if len([t for t in tokens if not t.is_punct]) >= 2:
            yield self._statement(para, ps, tokens, cue, subject, "statement")

    def _has_speech(self, verb: Any) -> bool:
        """Whether ``verb`` is, or directly governs, a speech verb with a reported clause."""
        for tok in (verb, *verb.children):
            cue = self.cues.verb_cue(tok)
            if (
                cue is not None
                and cue.kind == "speech"
                and any(c.dep_ == "ccomp" for c in tok.children)
            ):
                return True
        return False

    def _statement(
        self,
        para: _Paragraph,
        ps: ParsedSentence,
        tokens: list[Any],
        cue: Cue,
        subject: Any,
        base: str,
    ) -> _Found:
        first, last = tokens[0], tokens[-1]
        return _Found(
            kind="indirect",
            start=para.offset + first.idx,
            end=para.offset + last.idx + len(last),
            ps=ps,
            para=para,
            base=base,
            cue=cue,
            subject=subject,
            words=len([t for t in tokens if not t.is_punct]),
        )

    # -- speakers ------------------------------------------------------------------
    def _attribute(self, found: list[_Found], art: _Article) -> None:
        """Settle speakers: own cues in text order, then chains, then continuing quotations."""
        for f in found:
            if f.subject is not None:
                f.speaker = self._speaker(f.subject, f, art)
                if f.speaker is not None:
                    art.history.append(f.speaker)
        by_chain: dict[int, _Speaker] = {}
        for f in reversed(found):  # a chain is attributed at its end
            if f.chain is not None and f.speaker is not None:
                by_chain.setdefault(f.chain, f.speaker)
        previous: _Found | None = None
        for f in found:
            if f.speaker is None and f.kind == "direct":
                self._inherit(f, previous, by_chain)
            if f.kind != "indirect" and f.speaker is not None:
                previous = f

    def _inherit(self, f: _Found, previous: _Found | None, by_chain: dict[int, _Speaker]) -> None:
        if f.chain is not None and f.chain in by_chain:
            f.speaker, f.base = by_chain[f.chain], "chain"
        elif previous is None or previous.speaker is None:
            f.base = "unattributed"
        elif previous.para is f.para:
            f.speaker, f.base = previous.speaker, "inherit"
        elif f.opens_paragraph and previous.para.index == f.para.index - 1:
            f.speaker, f.base = previous.speaker, "inherit_paragraph"
        else:
            f.base = "unattributed"

    def _speaker(self, subject: Any, f: _Found, art: _Article) -> _Speaker | None:
        ps = f.para.sentence_at(subject.idx)
        low = subject.lower_
        if low in _PERSON_PRONOUNS:
            f.via_pronoun = True
            return self._person_pronoun(subject, ps, art)
        if low in _OTHER_PRONOUNS:
            f.via_pronoun = True
            return self._other_pronoun(subject, ps, art)
        tokens = _noun_phrase(subject)
        lo, hi = ps.offset + tokens[0].idx, ps.offset + tokens[-1].idx + len(tokens[-1])
        actor = art.actor_at(subject, ps, lo, hi)
        words = _words(subject, tokens)
        name, person = self._name(subject, ps, art, actor)
        if not name:
            return self._description(subject, ps, actor, art, words)
        full = art.fullest(name, actor) if person else name
        actor = actor if actor is not None else art.known.get(full)
        if person:
            art.add_person(ps.offset + subject.idx, full, actor)
        speaker = _Speaker(
            full, actor, person=person, words=words | art.described(full), named=True
        )
        if _bare_definite(subject):  # "the minister, Andres Valderrama": named at last
            _rename(art.history, subject.lemma_.lower(), speaker)
        return speaker

    def _name(
        self, subject: Any, ps: ParsedSentence, art: _Article, actor: Actor | None
    ) -> tuple[str, bool]:
        """The name a subject gives its speaker, and whether it is a person's.

        A PERSON entity, an apposed name ("the head of the mission, Katrin Holm"; "NATO's
        force in Kosovo, KFOR"), or a proper noun the article or the resolver knows as a person.
        """
        for cand in (subject, *_appositions(subject)):
            if cand.ent_type_ == "PERSON":
                return art.clean_name(list(_entity(cand))), True
            if cand is not subject and (cand.pos_ in _NAME_POS or cand.ent_type_ == "ORG"):
                chain = art.clean_name(_name_chain(cand))
                person = (
                    subject.lemma_.lower() in self.cues.person_nouns
                )  # "the chief scientist, X"
                return chain, person or cand.ent_type_ not in _NOT_PERSON_ENTS or art.is_person(
                    chain
                )
        if subject.pos_ in _NAME_POS:
            chain = art.clean_name(_name_chain(subject))
            if (actor is not None and actor.kind == "person") or art.is_person(chain):
                return chain, True
        return "", False

    def _description(
        self,
        subject: Any,
        ps: ParsedSentence,
        actor: Actor | None,
        art: _Article,
        words: frozenset[str],
    ) -> _Speaker:
        """A description ("Analysts", "the court").

        A bare definite one ("the minister", "the official") is the last speaker the article
        described with that noun ("Defence Minister Tariq Hameed"), when there is one.
        """
        head = subject.lemma_.lower()
        person = head in self.cues.person_nouns
        if _bare_definite(subject):
            prior = _last(art.history, lambda s: head in s.words and _compatible(s.actor, actor))
            if prior is not None:
                return prior
            # "Deputy Foreign Minister Lina Sato met ... the minister added": named, not quoted
            name = art.titled_before(head, ps.offset + subject.idx) if person else None
            if name is not None:
                known = art.known.get(name, actor)
                return _Speaker(name, known, person=True, words=art.titles[name], named=True)
        tokens = _noun_phrase(subject)
        text = subject.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
        return _Speaker(
            text, actor, person=person, plural=subject.tag_ in ("NNS", "NNPS"), words=words
        )

    def _person_pronoun(self, subject: Any, ps: ParsedSentence, art: _Article) -> _Speaker | None:
        """ "he said": the last person named before (the actor: theirs, else the pronoun's)."""
        name = art.person_before(ps.offset + subject.idx)
        actor = art.actor_at(subject, ps)
        if name is not None:
            known = art.known.get(name)
            actor = known if known is not None else actor
            return _Speaker(name, actor, person=True, words=art.described(name))
        prior = _last(art.history, lambda s: s.person)
        if prior is not None:
            return prior
        if actor is not None and actor.kind == "person" and actor.name:
            return _Speaker(actor.name, actor, person=True)
        return None

    def _other_pronoun(self, subject: Any, ps: ParsedSentence, art: _Article) -> _Speaker | None:
        """ "it added", "they said": the last speaker that is not a person."""
        plural = subject.lower_ in ("they", "we")
        prior = _last(art.history, lambda s: not s.person and (s.plural == plural or not plural))
        if prior is not None:
            return prior
        actor = art.actor_at(subject, ps)
        if actor is not None:
            return _Speaker(actor.name or actor.entity_text or subject.text, actor, person=False)
        return None

    # -- records ---------------------------------------------------------------
    def _quote(self, f: _Found, doc: Document) -> Quote:
        speaker = f.speaker
        return Quote(
            article_id=doc.article.id,
            sentence_index=f.ps.sentence.index,
            start=f.start,
            end=f.end,
            text=doc.article.text[f.start : f.end],
            kind=f.kind,
            speaker=speaker.name if speaker else None,
            speaker_actor=speaker.actor if speaker else None,
            cue=f.cue.lemma if f.cue else None,
            confidence=round(_confidence(f), 3),
        )


# ---------------------------------------------------------------- helpers
class _Chains:
    """Links the parts of a quotation that runs over paragraph breaks.

    A part that does not close (at a paragraph's end, or where the next quotation opens in
    text whose paragraphs were run together) is continued by the next quotation when that
    one opens the next paragraph, or follows at once in the same paragraph.
    """

    def __init__(self) -> None:
        self.open_chain: int | None = None  # the chain the previous part left open
        self.last_para = -1
        self.count = 0

    def link(self, para: _Paragraph, span: MarkedSpan, n: int) -> int | None:
        """The chain id of ``span`` (None for an ordinary quotation)."""
        opens_paragraph = n == 0 and not para.text[: span.open].strip()
        follows = (n > 0 and self.last_para == para.index) or (
            opens_paragraph and self.last_para == para.index - 1
        )
        chain = self.open_chain if follows else None
        if span.close is None or span.run_on:
            if chain is None:
                self.count += 1
                chain = self.count
            self.open_chain = chain
        else:
            self.open_chain = None
        self.last_para = para.index
        return chain


def _standalone(text: str, span: MarkedSpan) -> bool:
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


def _inner(text: str, span: MarkedSpan) -> tuple[int, int]:
    """Offsets of a quotation's words: no marks, no edge spaces, no trailing comma."""
    start = span.open + 1
    end = len(text) if span.close is None else span.close
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _subject(cue: Any, floor: int = 0) -> Any:
    """The speaker's head token: the cue's subject, else the subject of the verb it hangs on.

    Climbs conjuncts ("thanked X and said"), participles ("Putin said, stressing"), gerunds
    ("by framing ...") and "was quoted as saying"; the agent of a passive cue counts too.
    Tokens before ``floor`` (a dateline) are never subjects.
    """
    # "..., calling the claims 'a campaign'": a participle after a comma describes the
    # main clause's subject, not that of a clause inside a noun phrase it may hang on.
    participle = cue.tag_ == "VBG" and cue.dep_ == "advcl" and _after_comma(cue)
    cur = cue
    for step in range(8):
        nested = participle and step > 0 and cur.dep_ in ("acl", "relcl")
        found = None if nested else _own_subject(cur, cue, floor, climbed=step > 0)
        if found is not None:
            return found
        if (cur.dep_ not in _CLIMB_DEPS and not nested) or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _own_subject(verb: Any, cue: Any, floor: int, *, climbed: bool) -> Any:
    """The subject of ``verb`` nearest the cue; passive subjects only above the cue."""
    deps = ("nsubj", "nsubjpass") if climbed else ("nsubj",)
    subjects = [c for c in verb.children if c.dep_ in deps and c.i >= floor]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - cue.i))
    if not climbed:  # "it was announced by the ministry"
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def _conditional(verb: Any) -> bool:
    """ "warning ..., suggesting X if they continue": an "if" clause is no reported content."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children)


def _after_comma(verb: Any) -> bool:
    """A parenthetical report: ", state media reported" (its own words, not its clause)."""
    own = [verb.i] + [c.left_edge.i for c in verb.lefts if c.dep_ not in ("ccomp", "punct")]
    first = min(own)
    return bool(first > 0 and verb.doc[first - 1].text == ",")


def _has_subject(verb: Any) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _passive(verb: Any) -> bool:
    """'Asked whether ...', 'it was said': no speaker stands behind the clause."""
    if any(c.dep_ in _PASSIVE_DEPS for c in verb.children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)


def _negated(verb: Any) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _trim(tokens: list[Any]) -> list[Any]:
    """Drop edge punctuation, conjunctions and the complementiser "that".

    A quotation mark at an edge stays when its partner is inside ('"not a drop" of water').
    """
    while tokens and _loose(tokens[0], tokens):
        tokens = tokens[1:]
    while tokens and _loose(tokens[-1], tokens):
        tokens = tokens[:-1]
    return tokens


def _loose(tok: Any, tokens: list[Any]) -> bool:
    if tok.dep_ == "cc" or (tok.dep_ == "mark" and tok.lower_ == "that" and tok is tokens[0]):
        return True
    if not tok.is_punct:
        return False
    if tok.text in _DOUBLE_MARKS:
        return sum(t.text in _DOUBLE_MARKS for t in tokens) % 2 == 1
    return tok.text not in _SINGLE_MARKS or sum(t.text in _SINGLE_MARKS for t in tokens) < 2


def _drop_leading_date(tokens: list[Any]) -> list[Any]:
    """'said on Friday it would': the date belongs to the saying, not to what was said."""
    if len(tokens) > 2 and tokens[0].lower_ == "on" and tokens[1].ent_type_ == "DATE":
        skip = {t.i for t in tokens[0].subtree}
        return _trim([t for t in tokens if t.i not in skip])
    return tokens


def _contiguous(tokens: list[Any], head: Any) -> list[Any]:
    """The run of consecutive tokens that contains ``head`` (or the first run)."""
    if not tokens:
        return tokens
    runs: list[list[Any]] = [[tokens[0]]]
    for tok in tokens[1:]:
        if tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return _trim(next((r for r in runs if r[0].i <= head.i <= r[-1].i), runs[0]))


def _noun_phrase(head: Any) -> list[Any]:
    """The subject phrase: the head with its modifiers, without clauses and appositions."""
    keep: set[int] = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        keep.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ not in _NP_DROP_DEPS)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    tokens = list(head.doc[lo : hi + 1])
    while len(tokens) > 1 and tokens[0].is_punct:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _entity(token: Any) -> Any:
    """The named-entity span containing ``token``."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _name_chain(token: Any) -> list[Any]:
    """The proper-noun run ending at ``token`` ("Col. Lee Jun-ho", "Amara Okafor")."""
    doc = token.doc
    start = token.i
    while start > 0 and (doc[start - 1].pos_ in _NAME_POS or doc[start - 1].tag_ == "HYPH"):
        start -= 1
    return list(doc[start : token.i + 1])


def _title_words(ent: Any) -> frozenset[str]:
    """Lemmas of the title before a name and of its apposition ("Deputy Foreign Minister")."""
    root = ent.root
    words = {t.lemma_.lower() for t in root.doc[root.left_edge.i : ent.start] if t.is_alpha}
    for appos in (c for c in root.children if c.dep_ == "appos"):
        words.update(t.lemma_.lower() for t in appos.subtree if t.is_alpha)
    return frozenset(words)


def _titled(ent: Any) -> bool:
    """ "Mr Blair", "President Biden": a name right after a title."""
    before = ent.doc[ent.start - 1] if ent.start else None
    return before is not None and before.lower_.rstrip(".") in _HONORIFICS


#: Titles that only ever precede a person's name.
_HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "minister",
        "secretary",
        "chancellor",
        "premier",
        "senator",
        "sen",
        "rep",
        "gen",
        "col",
        "capt",
        "adm",
        "lt",
        "sgt",
        "king",
        "queen",
        "prince",
        "pope",
    }
)


def _bare_definite(subject: Any) -> bool:
    """ "the minister", "the official, who spoke on condition of anonymity": nothing but "the"."""
    mods = [c for c in subject.children if c.dep_ not in ("punct", "relcl", "acl", "appos")]
    return bool(mods) and all(c.dep_ == "det" and c.lower_ == "the" for c in mods)


def _rename(history: list[_Speaker], noun: str, named: _Speaker) -> None:
    """Give the name to the description it resolves ("Colombia's defence minister")."""
    match = _last(
        history, lambda s: not s.named and noun in s.words and _compatible(s.actor, named.actor)
    )
    if match is None:
        return
    for prior in [s for s in history if s.name == match.name and not s.named]:
        prior.name, prior.person, prior.named = named.name, named.person, True
        prior.actor = prior.actor or named.actor


def _appositions(head: Any) -> list[Any]:
    """Appositions of a phrase, also one preposition down ("the head of the mission, X")."""
    out = [c for c in head.children if c.dep_ == "appos"]
    for prep in (c for c in head.children if c.dep_ == "prep"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            out.extend(c for c in obj.children if c.dep_ == "appos")
    return out


def _words(subject: Any, tokens: list[Any]) -> frozenset[str]:
    """Lower-case lemmas of a speaker's phrase and appositions ("a defence ministry spokesman")."""
    out = {t.lemma_.lower() for t in tokens if t.is_alpha}
    for child in _appositions(subject):
        out.update(t.lemma_.lower() for t in child.subtree if t.is_alpha)
    return frozenset(out)


def _last(history: list[_Speaker], test: Any) -> _Speaker | None:
    return next((s for s in reversed(history) if test(s)), None)


def _compatible(known: Actor | None, described: Actor | None) -> bool:
    """A description may refer back to a speaker unless their countries differ."""
    if known is None or described is None or not known.code or not described.code:
        return True
    return known.code == described.code


def _confidence(f: _Found) -> float:
    """Base confidence of how the quote was attributed, times the cue's weight."""
    if f.base == "scare":
        return _SCARE_SHORT if f.words <= _SHORT_WORDS else _SCARE_LONG
    value = _BASE[f.base] * (
        f.cue.weight
        if f.cue is not None and f.base not in ("chain", "inherit", "inherit_paragraph")
        else 1.0
    )
    if f.kind == "partial" and f.base == "partial_naming" and f.words <= 2:
        value *= 0.7  # "called it a 'provocation'": a word or two is often the writer's gloss
    if f.unclosed and f.chain is None:
        value *= 0.7  # a mark that never closes: maybe a typo
    if f.speaker is None:
        value *= 0.8
    return min(1.0, value)


def _dedupe(quotes: list[Quote]) -> list[Quote]:
    """One quote per span and kind (two cues can report the same clause): the most confident."""
    best: dict[tuple[int, int, str], Quote] = {}
    for q in quotes:
        key = (q.start, q.end, q.kind)
        if key not in best or q.confidence > best[key].confidence:
            best[key] = q
    return sorted(best.values(), key=lambda q: (q.start, q.end))


# ---------------------------------------------------------------- the stage
class QuoteStage:
    """Fills ``doc.quotes`` with direct, partial and indirect quotations and their speakers."""

    name: ClassVar[str] = "quotes"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "sentences", "mentions")
    assigns: ClassVar[tuple[str, ...]] = ("quotes",)

    def __init__(self, finder: QuoteFinder) -> None:
        self.finder = finder

    @classmethod
    def from_settings(cls, settings: Settings) -> QuoteStage:
        """The stage with the packaged cues and the actor resolver of ``settings``.

        Raises ``DataFileError`` when the cue file or an actor file is invalid.
        """
        from tocsin.actors import ActorResolver

        return cls(QuoteFinder(packaged_cues(), ActorResolver.from_settings(settings)))

    def __call__(self, doc: Document) -> Document:
        """Set ``doc.quotes`` (the parse and the actor mentions must be there)."""
        doc.quotes = self.finder.find(doc)
        return doc


__all__ = [
    "CUES_FILE",
    "Cue",
    "MarkedSpan",
    "QuoteCues",
    "QuoteFinder",
    "QuoteStage",
    "load_cues",
    "scan_quotes",
]
