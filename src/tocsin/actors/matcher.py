"""Find dictionary phrases in token sequences: a token trie, longest match first.

Phrases are tokenized once with spaCy's English tokenizer (the same rules as the parser),
so "U.N.'s top court" and "Guinea-Bissau" split exactly as they do in parsed text. Tokens
are compared by a key — lower case, dots and accents removed ("U.S." = "US" = "us") — and
then by case: a capitalised word in a phrase needs a capitalised word in the text, and an
acronym needs capitals ("US" never matches the pronoun "us", "Chad" never "chad").

Matching a sentence costs one dict lookup per token plus one per extra word of a phrase
that starts there; nothing is scanned per entry.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tocsin.actors.model import Entry, Kind, Match

ANY, CAP, ACRO, WORD_ACRO = 0, 1, 2, 3
#: Acronyms of at least this many letters may be written as a word ("Nato", "Opec", "Farc").
WORD_ACRO_LETTERS = 4
_PREFIX_BLOCKERS = frozenset({"pro", "anti", "non", "ex", "post", "pre"})


def token_key(text: str) -> str:
    """Comparison key of a token: lower case, without dots or accents, curly quotes plain."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
        text = "".join(c for c in text if not unicodedata.combining(c))
    if "." in text and len(text) > 1:
        text = text.replace(".", "") or text
    return text.lower()


def phrase_tokenizer(tokenizer: Any) -> Callable[[str], list[str]]:
    """``tokenizer`` (spaCy's) as a phrase splitter, with a fast path for plain words.

    A phrase of alphabetic words that are not tokenizer special cases ("Cannot", "Dont")
    splits exactly at its spaces, so it skips spaCy, whose per-word lexeme creation is
    most of the index's build time once the dictionaries hold thousands of names.
    """
    rules = tokenizer.rules or {}

    def tokenize(phrase: str) -> list[str]:
        words = phrase.split(" ")
        if all(w.isalpha() and w not in rules for w in words):
            return words
        return [t.text for t in tokenizer(phrase)]

    return tokenize


def token_flag(text: str) -> int:
    """How a phrase token must be matched: ``ACRO`` (all capitals), ``WORD_ACRO`` (all
    capitals, or a capital and small letters as British style writes a spoken acronym:
    "Nato", "Opec"), ``CAP`` or ``ANY``."""
    bare = text.replace(".", "")
    if bare.isascii():  # ASCII letters are all cased: str.isupper says the same, faster
        if bare.isupper():
            word = bare.isalpha() and len(bare) >= WORD_ACRO_LETTERS and bare == text
            return WORD_ACRO if word else ACRO
        return CAP if bare[:1].isupper() else ANY
    letters = [c for c in bare if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return ACRO
    if bare[:1].isupper():
        return CAP
    return ANY


class _Shape:
    """A text token prepared for matching."""

    __slots__ = ("cap", "key", "titled", "upper")

    def __init__(self, text: str) -> None:
        self.key = token_key(text)
        self.cap = text[:1].isupper()
        self.upper = text.isupper()  # "U.S.", "G7", "OPEC+": every cased character upper
        self.titled = self.cap and text[1:].islower()  # "Nato"


def _fits(flag: int, shape: _Shape) -> bool:
    if flag == ANY:
        return True
    if flag == CAP:
        return shape.cap
    if flag == WORD_ACRO:
        return shape.upper or shape.titled
    return shape.upper


class _Node:
    __slots__ = ("children", "ends")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.ends: list[tuple[tuple[int, ...], list[Entry]]] = []


class PhraseIndex:
    """A trie of phrase token keys → entries, with greedy longest matching."""

    def __init__(
        self,
        tokenize: Callable[[str], list[str]],
        owner_suffixes: frozenset[str],
        titles: frozenset[str] = frozenset(),
    ) -> None:
        self._root = _Node()
        self.tokenize = tokenize
        self.owner_suffixes = owner_suffixes
        self.titles = titles
        self.size = 0

    def add_all(self, phrases: Iterable[tuple[str, Entry]]) -> None:
        """Add ``(phrase, entry)`` pairs; a later entry for the same phrase comes first."""
        for phrase, entry in phrases:
            self.add(phrase, entry)

    def add(self, phrase: str, entry: Entry) -> None:
        """Add one phrase naming ``entry``."""
        tokens = self.tokenize(phrase)
        if not tokens:
            return
        node = self._root
        for tok in tokens:
            node = node.children.setdefault(token_key(tok), _Node())
        flags = tuple(token_flag(t) for t in tokens)
        for end_flags, entries in node.ends:
            if end_flags == flags:
                if entry not in entries:
                    entries.insert(0, entry)  # later files override earlier ones
                return
        node.ends.append((flags, [entry]))
        self.size += 1

    def lookup(self, phrase: str) -> list[Entry]:
        """Entries named exactly by ``phrase`` (case rules applied), in priority order."""
        texts = self.tokenize(phrase)
        matches = self.match(texts)
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(texts):
            return list(matches[0].entries)
        return []

    def match(self, texts: Sequence[str], offset: int = 0) -> list[Match]:
        """Longest non-overlapping matches in ``texts``; positions are ``offset`` + index."""
        shapes = [_Shape(t) for t in texts]
        out: list[Match] = []
        i, n = 0, len(shapes)
        while i < n:
            found = self._longest(shapes, i)
            if found is None:
                split = self._hyphenated(texts[i], shapes[i])
                if split is not None:
                    out.append(Match(offset + i, offset + i + 1, *split))
                i += 1
                continue
            end, entries = found
            out.append(Match(offset + i, offset + end, entries, self._dropped(texts, i, end)))
            i = end
        return out

    def _longest(self, shapes: list[_Shape], i: int) -> tuple[int, tuple[Entry, ...]] | None:
        node, best = self._root, None
        for j in range(i, len(shapes)):
            child = node.children.get(shapes[j].key)
            if child is None:
                break
            node = child
            entries = [
                e
                for flags, ends in node.ends
                if all(_fits(f, shapes[i + k]) for k, f in enumerate(flags))
                for e in ends
            ]
            if entries:
                best = (j + 1, tuple(dict.fromkeys(entries)))
        return best

    def _dropped(self, texts: Sequence[str], i: int, end: int) -> bool:
        """True for "U.N.-backed", "pro-Russian": a hyphen compound not naming its owner; and
        for a title with no name after it ("Lord's", "the Lord" are no peer)."""
        if token_key(" ".join(texts[i:end])) in self.titles:
            name = texts[end] if end < len(texts) else ""
            return not name[:1].isupper()
        if end + 1 < len(texts) and texts[end] == "-":
            suffix = token_key(texts[end + 1])
            return suffix not in self.owner_suffixes and not self._nationality(suffix)
        return i >= 2 and texts[i - 1] == "-" and token_key(texts[i - 2]) in _PREFIX_BLOCKERS

    def _nationality(self, key: str) -> bool:
        """True when ``key`` is a country adjective ("British-Egyptian": both nationalities)."""
        node = self._root.children.get(key)
        return node is not None and any(e.kind is Kind.ADJ for _, ends in node.ends for e in ends)

    def _hyphenated(self, text: str, shape: _Shape) -> tuple[tuple[Entry, ...], bool] | None:
        """One-token "U.S.-brokered" (the tokenizer keeps dotted abbreviations whole)."""
        if "-" not in text[1:]:
            return None
        prefix, _, suffix = text.partition("-")
        node = self._root.children.get(token_key(prefix))
        if node is None or not prefix or not node.ends:
            return None
        upper = prefix.replace(".", "").isupper()
        entries = tuple(
            e
            for flags, ends in node.ends
            if len(flags) == 1 and (flags[0] not in (ACRO, WORD_ACRO) or upper)
            for e in ends
        )
        if not entries or not shape.cap:
            return None
        return entries, token_key(suffix) not in self.owner_suffixes
