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
            bounds = [(s.start, s.end, s.start_char, s.end_char) for s in spans]
            out.append(self._read(doc, bounds, kind))
        return out

    def _read(self, doc: Any, spans: list[tuple[int, int, int, int]], kind: str) -> list[Sketch]:
        """The sketch of each sentence (token and character bounds) of ``doc``; each token
        is read once, as text, lower case and number flag."""
        from spacy.attrs import LIKE_NUM

        words = [t.text for t in doc]
        lower = [t.lower_ for t in doc]
        numeric = doc.to_array(LIKE_NUM).tolist() if len(doc) else []
        whole = doc.text  # spaCy joins the tokens on every call
        sketches = []
        inside = False
        for a, b, begin, end in spans:
            text = whole[begin:end]
            if not text.strip():
                continue
            marks, after = _quotes(words[a:b], inside=inside)
            bounds = (begin + len(text) - len(text.lstrip()), begin + len(text.rstrip()))
            quotes = (marks, inside, after)
            sketches.append(
                self._one(words[a:b], lower[a:b], sum(numeric[a:b]), bounds, kind, quotes)
            )
            inside = after
        return sketches

    def _one(
        self,
        words: list[str],
        lower: list[str],
        numbers: int,
        bounds: tuple[int, int],
        kind: str,
        quotes: tuple[int, bool, bool],  # marks, open before, open after
    ) -> Sketch:
        triggers = []
        pronouns = set()
        for i, low in enumerate(lower):
            for lemma in self.vocab.lemmas(low):
                before = lower[i - 1] if i else ""
                cap = i > 1 and words[i - 1][:1].isupper()
                triggers.append(Trigger(i, lemma, low, before, cap))
            pronoun = _pronoun_class(low)
            if pronoun:
                pronouns.add(pronoun)
        actors = tuple(
            (m.start, kind_)
            for m in self.index.match(words)
            if not m.drop
            for kind_ in sorted(m.kinds)
        )
        return Sketch(
            start=bounds[0],
            end=bounds[1],
            kind=kind,
            tokens=len(words),
            words=tuple(lower),
            triggers=tuple(triggers),
            actors=actors,
            pronouns=frozenset(pronouns),
            numbers=numbers,
            quote_marks=quotes[0],
            quote_open=quotes[1],
            quote_close=quotes[2],
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


def _quotes(words: list[str], *, inside: bool) -> tuple[int, bool]:
    """Quotation marks among a sentence's ``words`` and whether a quotation is open after it."""
    marks = 0
    for text in words:
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
