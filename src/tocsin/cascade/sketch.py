"""Read a segment's sentences without parsing them: what the cascade decides from.

The model's own tokenizer (the parser's rules, so offsets and tokens agree with a later
parse) and spaCy's rule-based ``sentencizer`` cut a segment into sentences; each sentence
is then looked up once per token in the trigger vocabulary (``cascade.vocab``) and in the
actor index the ``actors`` stage matches with (``actors.matcher.PhraseIndex``). All of this
costs a few per cent of a parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tocsin.actors.coref import PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS
from tocsin.actors.model import Kind
from tocsin.cascade.vocab import TriggerVocab

#: Pronouns a quotation's speaker stands behind ('"We will answer," Lukashenko said').
SPEAKER_PRONOUNS = frozenset({"we", "us", "our", "ours", "i", "me", "my"})
#: Named kinds: an antecedent that a pronoun or "the country" can refer back to.
NAMED = frozenset(
    {Kind.COUNTRY, Kind.ADJ, Kind.PEOPLE, Kind.CAPITAL, Kind.IGO, Kind.PERSON, Kind.GROUP}
)
_OPEN_QUOTES = frozenset({"“", "``", "‘‘"})
_CLOSE_QUOTES = frozenset({"”", "''", "’’"})
_STRAIGHT_QUOTE = '"'


@dataclass(frozen=True, slots=True)
class Trigger:
    """A vocabulary word in a sentence: its position, lemma, and the word before it."""

    position: int
    lemma: str
    form: str
    before: str  # lower-case word before it ("" at the start)
    before_cap: bool  # the word before is capitalised (a name: "Russia attacked")


@dataclass(frozen=True, slots=True)
class Sketch:
    """One sentence read without a parse. ``start``/``end`` are offsets in the segment.

    ``quote_open``/``quote_close``: the sentence starts inside a quotation, or leaves one
    open for the next sentence (a quotation running over several sentences).
    """

    start: int
    end: int
    kind: str  # "headline" or "body", as the segment
    tokens: int
    words: tuple[str, ...]  # the tokens, lower case
    triggers: tuple[Trigger, ...]
    actors: tuple[tuple[int, Kind], ...]  # (position, kind) of each actor-index match
    pronouns: frozenset[str]  # "person", "thing", "plural", "speaker"
    numbers: int
    quote_marks: int
    quote_open: bool
    quote_close: bool

    def named(self, *kinds: Kind) -> bool:
        """True when an actor of one of ``kinds`` (default: any named kind) is matched."""
        wanted = kinds or tuple(NAMED)
        return any(k in wanted for _, k in self.actors)


class Sketcher:
    """Cuts segments into ``Sketch``es with the model's tokenizer and the actor index."""

    def __init__(self, tokenizer: Any, vocab: TriggerVocab, index: Any) -> None:
        from spacy.pipeline import Sentencizer

        self.tokenizer = tokenizer
        self.vocab = vocab
        self.index = index  # actors.matcher.PhraseIndex
        self._sentencizer = Sentencizer()  # the factory's defaults, without a blank pipeline

    def sketch(self, texts: list[str], kinds: list[str]) -> list[list[Sketch]]:
        """The sentences of each segment text (a headline is one sentence, as it is parsed)."""
        out = []
        for doc, kind in zip(self.tokenizer.pipe(texts), kinds, strict=True):
            spans = [doc[:]] if kind == "headline" else list(self._sentencizer(doc).sents)
            out.append(self._read(spans, kind))
        return out

    def _read(self, spans: list[Any], kind: str) -> list[Sketch]:
        sketches = []
        inside = False
        for span in spans:
            if not span.text.strip():
                continue
            marks, after = _quotes(span, inside=inside)
            sketches.append(self._one(span, kind, marks, quote_open=inside, quote_close=after))
            inside = after
        return sketches

    def _one(
        self, span: Any, kind: str, marks: int, *, quote_open: bool, quote_close: bool
    ) -> Sketch:
        words = [t.text for t in span]
        lower = tuple(t.lower_ for t in span)
        triggers = []
        pronouns = set()
        numbers = 0
        for i, tok in enumerate(span):
            low = tok.lower_
            for lemma in self.vocab.lemmas(low):
                prev = span[i - 1] if i else None
                before = prev.lower_ if prev is not None else ""
                cap = prev is not None and prev.text[:1].isupper() and i > 1
                triggers.append(Trigger(i, lemma, low, before, cap))
            pronoun = _pronoun_class(low)
            if pronoun:
                pronouns.add(pronoun)
            numbers += tok.like_num
        actors = tuple(
            (m.start, kind_)
            for m in self.index.match(words)
            if not m.drop
            for kind_ in sorted(m.kinds)
        )
        text = span.text
        start = span.start_char + len(text) - len(text.lstrip())
        return Sketch(
            start=start,
            end=span.start_char + len(text.rstrip()),
            kind=kind,
            tokens=len(span),
            words=lower,
            triggers=tuple(triggers),
            actors=actors,
            pronouns=frozenset(pronouns),
            numbers=numbers,
            quote_marks=marks,
            quote_open=quote_open,
            quote_close=quote_close,
        )


def _pronoun_class(word: str) -> str | None:
    if word in PERSON_PRONOUNS:
        return "person"
    if word in THING_PRONOUNS:
        return "thing"
    if word in PLURAL_PRONOUNS:
        return "plural"
    if word in SPEAKER_PRONOUNS:
        return "speaker"
    return None


def _quotes(span: Any, *, inside: bool) -> tuple[int, bool]:
    """Quotation marks in ``span`` and whether a quotation is open after it."""
    marks = 0
    for tok in span:
        text = tok.text
        if text == _STRAIGHT_QUOTE:
            inside = not inside
        elif text in _OPEN_QUOTES:
            inside = True
        elif text in _CLOSE_QUOTES:
            inside = False
        else:
            continue
        marks += 1
    return marks, inside
