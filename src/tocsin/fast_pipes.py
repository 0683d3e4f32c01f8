"""Faster stand-ins for two of the spaCy model's rule components, with the same output.

The English model's ``attribute_ruler`` (the tag map: part of speech and morphology from
the fine tag, and a few word exceptions) runs spaCy's ``Matcher`` with 179 patterns over
every token, and its rule ``lemmatizer`` walks every token as a Python ``Token``. Together
they took about a sixth of the model's time on news text, more than its parser. Both are
functions of a few token attributes, so they are read here in bulk (``Doc.to_array``),
looked up in a cache keyed by those attributes, and written back in bulk
(``Doc.from_array``):

* ``tocsin_attribute_ruler``: the ruler's one-token patterns (on ``TAG``, ``LOWER``,
  ``DEP``, ``IS_SPACE``) are evaluated once per distinct key; the few longer patterns
  still go through a ``Matcher`` of their own, and where they match, every pattern that
  hits the token is applied again in the ruler's order (later patterns win), as spaCy does.
* ``tocsin_lemmatizer``: the rule lemmatizer itself, called once per distinct (form, part
  of speech, morphology), the key of its own cache, with its index of known words held as
  sets (spaCy keeps lists and scans them for every suffix rule).

``use_fast_pipes`` swaps them in, under the originals' names, where the loaded model has them;
``tests/test_fast_pipes.py`` checks that part of speech, morphology and lemma are the
same as the originals' on every token of a varied text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np

#: Token attributes a one-token pattern of the ruler may test, and the operators it may use.
_KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OPERATORS = frozenset({"IN", "NOT_IN", "REGEX"})


#: A one-token pattern: its order in the ruler, its tests (``_predicate``), what it sets.
_Pattern = tuple[int, tuple[Any, ...], dict[int, Any]]
#: Patterns hitting a token: (order in the ruler, attributes set).
_Matches = list[tuple[int, dict[int, Any]]]
#: A key's matches, its final (POS, MORPH, LEMMA) hashes, and whether it sets another one.
_Resolved = tuple[_Matches, tuple[int, ...], bool]


def use_fast_pipes(nlp: Any) -> None:
    """Replace ``attribute_ruler`` and ``lemmatizer`` of ``nlp`` by the bulk versions, under
    the same names (where the loaded model has them in the form handled here)."""
    from spacy.language import Language

    if not Language.has_factory("tocsin_attribute_ruler"):
        Language.factory("tocsin_attribute_ruler", func=_make_ruler)
        Language.factory("tocsin_lemmatizer", func=_make_lemmatizer)
    names = nlp.pipe_names
    if "attribute_ruler" in names and _plain_patterns(nlp.get_pipe("attribute_ruler")):
        _swap(nlp, "attribute_ruler", "tocsin_attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in names else None
    if getattr(lemmatizer, "mode", "") == "rule" and hasattr(lemmatizer, "rule_lemmatize"):
        _swap(nlp, "lemmatizer", "tocsin_lemmatizer")


def _swap(nlp: Any, name: str, factory: str) -> None:
    """Put the component of ``factory`` (built from the one called ``name``) in its place."""
    nlp.add_pipe(factory, name=f"{name}__bulk", after=name)
    nlp.remove_pipe(name)
    nlp.rename_pipe(f"{name}__bulk", name)


def _make_ruler(nlp: Any, name: str) -> BulkAttributeRuler:
    return BulkAttributeRuler(nlp.get_pipe(name.removesuffix("__bulk")))


def _make_lemmatizer(nlp: Any, name: str) -> BulkLemmatizer:
    return BulkLemmatizer(nlp.get_pipe(name.removesuffix("__bulk")))


def _plain_patterns(ruler: Any) -> bool:
    """True when every pattern is a token sequence with no operators or other attributes
    than the ones handled here (else the original ruler stays)."""
    for entry in ruler.patterns:
        for pattern in entry["patterns"]:
            for spec in pattern:
                if not isinstance(spec, dict) or set(spec) - set(_KEY_ATTRS):
                    return False
                if any(isinstance(v, dict) and set(v) - _OPERATORS for v in spec.values()):
                    return False
    return True


class _PerDoc:
    """A component that processes each ``Doc`` of a stream on its own."""

    def __call__(self, doc: Any) -> Any:
        raise NotImplementedError

    def pipe(self, docs: Any, batch_size: int = 128) -> Iterator[Any]:
        for doc in docs:
            yield self(doc)


class BulkAttributeRuler(_PerDoc):
    """The attribute ruler's patterns applied through a cache of one-token keys."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import IDS, LEMMA, MORPH, POS
        from spacy.matcher import Matcher

        self.vocab = ruler.vocab
        self._in = [IDS[name] for name in _KEY_ATTRS]  # the key, in the tests' order
        self._out = [POS, MORPH, LEMMA]
        single: list[_Pattern] = []
        self._by_id: dict[int, tuple[dict[int, Any], int]] = {}
        self._long = Matcher(self.vocab)
        for order, entry in enumerate(ruler.patterns):  # the ruler's order: later ones win
            attrs = ruler.attrs[order]  # normalised: attribute ids to values
            for pattern in entry["patterns"]:
                if len(pattern) == 1:
                    single.append((order, _predicate(pattern[0], self.vocab), attrs))
                else:
                    self._long.add(str(order), [pattern])
                    self._by_id[order] = (attrs, int(entry.get("index", 0)))
        self._cache: dict[tuple[int, ...], _Resolved] = {}
        # a word no one-token pattern names stands in the key as 0 ("" to the tests), so
        # the cache holds one entry per tag and label, not one per word
        self._at_lower = _KEY_ATTRS.index("LOWER")
        tests = [one[1][self._at_lower] for one in single if one[1][self._at_lower] is not None]
        self._named = set().union(*(t[1] for t in tests if t[0] != "REGEX"))
        self._regexes = [t[1] for t in tests if t[0] == "REGEX"]
        self._lower: dict[int, int] = {}
        # the one-token patterns by the tags they require (most name one or a few)
        self._by_tag: dict[int, list[_Pattern]] = {}
        self._any_tag: list[_Pattern] = []
        for one in single:
            tag_test = one[1][0]
            if tag_test is not None and tag_test[0] == "IN":
                for tag in tag_test[1]:
                    self._by_tag.setdefault(tag, []).append(one)
            else:
                self._any_tag.append(one)

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        keys = doc.to_array(self._in)
        out = doc.to_array(self._out)
        hits: list[_Matches] = []
        others: list[int] = []  # tokens given another attribute than these three
        lowers = self._lower
        at = self._at_lower
        for i, row in enumerate(keys.tolist()):
            word = lowers.get(row[at])
            if word is None:
                word = lowers[row[at]] = self._word_key(row[at])
            row[at] = word
            key = tuple(row)
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = self._resolve(key)
            matches, values, other = found
            hits.append(matches)
            for col, value in enumerate(values):
                if value >= 0:
                    out[i, col] = value
            if other:
                others.append(i)
        doc.from_array(self._out, out)
        self._in_order(doc, hits, others)
        return doc

    def _word_key(self, lower: int) -> int:
        """``lower`` where a pattern names the word or a regex reads it differently from
        an empty string; else 0."""
        if lower in self._named:
            return lower
        text = self.vocab.strings[lower] if lower else ""
        differs = any(bool(rx.search(text)) != bool(rx.search("")) for rx in self._regexes)
        return lower if differs else 0

    def _resolve(self, key: tuple[int, ...]) -> _Resolved:
        """The one-token patterns matching ``key``, the final POS, MORPH and LEMMA they set
        (-1: left as it was), and whether they set any other attribute."""
        candidates = self._by_tag.get(key[0], []) + self._any_tag
        matches = sorted(
            ((order, attrs) for order, test, attrs in candidates if _holds(test, key, self.vocab)),
            key=lambda m: m[0],
        )
        merged: dict[int, Any] = {}
        for _, attrs in matches:
            merged.update(attrs)
        values = tuple(self._value(attr, merged) for attr in self._out)
        return matches, values, bool(set(merged) - set(self._out))

    def _value(self, attr: int, merged: dict[int, Any]) -> int:
        from spacy.attrs import MORPH

        if attr not in merged:
            return -1
        value = merged[attr]
        if not isinstance(value, str):
            return int(value)
        if attr == MORPH:
            return int(self.vocab.morphology.add(value))
        return int(self.vocab.strings.add(value))

    def _in_order(self, doc: Any, hits: list[_Matches], others: list[int]) -> None:
        """Where a longer pattern matches, or a pattern sets another attribute, apply all
        patterns hitting the token one by one, in the ruler's order."""
        from spacy.tokens import Span
        from spacy.tokens._retokenize import set_token_attrs

        extra: dict[int, _Matches] = {i: [] for i in others}
        for match_id, start, end in self._long(doc, allow_missing=True):
            order = int(self.vocab.strings[match_id])
            attrs, index = self._by_id[order]
            token = Span(doc, start, end)[index]
            extra.setdefault(token.i, []).append((order, attrs))
        for i, more in extra.items():
            for _, attrs in sorted(hits[i] + more, key=lambda m: m[0]):
                set_token_attrs(doc[i], attrs)


class BulkLemmatizer(_PerDoc):
    """The rule lemmatizer, run once per (form, part of speech, morphology)."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        _index_as_sets(lemmatizer.lookups)
        self._in = [ORTH, POS, MORPH, LEMMA]
        self._lemma = [LEMMA]
        self._cache: dict[tuple[int, int, int], int] = {}
        self._overwrite = bool(getattr(lemmatizer, "overwrite", False))

    @property
    def lookups(self) -> Any:
        """The lemmatizer's tables (read by the cascade's vocabulary and the repairs)."""
        return self.lemmatizer.lookups

    @property
    def mode(self) -> str:
        return str(self.lemmatizer.mode)

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        rows = doc.to_array(self._in).tolist()
        lemmas = np.zeros((len(rows), 1), dtype="uint64")
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self._overwrite:
                lemmas[i, 0] = lemma
                continue
            key = (orth, pos, morph)
            found = self._cache.get(key)
            if found is None:
                text = self.lemmatizer.lemmatize(doc[i])[0]
                found = self._cache[key] = int(self.vocab.strings.add(text))
            lemmas[i, 0] = found
        doc.from_array(self._lemma, lemmas)
        return doc


def _index_as_sets(lookups: Any) -> None:
    """The rule lemmatiser asks whether a candidate form is in its index of known words
    (``form in index``), a list per part of speech (57,528 nouns): a scan of the list per
    suffix rule, 140 microseconds a word. As sets, the same answers in constant time."""
    if not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def _predicate(spec: dict[str, Any], vocab: Any) -> tuple[Any, ...]:
    """One test per key attribute, in ``_KEY_ATTRS`` order: None (any value), or
    (operator, operand) over the attribute's hash (``IS_SPACE``: 0 or 1)."""
    tests: list[Any] = []
    for name in _KEY_ATTRS:
        if name not in spec:
            tests.append(None)
        elif name == "IS_SPACE":
            tests.append(("IN", {int(bool(spec[name]))}))
        elif not isinstance(spec[name], dict):
            tests.append(("IN", {int(vocab.strings.add(spec[name]))}))
        else:
            ((op, operand),) = spec[name].items()
            if op == "REGEX":
                tests.append((op, re.compile(operand)))
            else:
                tests.append((op, {int(vocab.strings.add(v)) for v in operand}))
    return tuple(tests)


def _holds(test: tuple[Any, ...], key: tuple[int, ...], vocab: Any) -> bool:
    for t, k in zip(test, key, strict=True):
        if t is None:
            continue
        op, operand = t
        if op == "IN" and k not in operand:
            return False
        if op == "NOT_IN" and k in operand:
            return False
        if op == "REGEX" and not operand.search(vocab.strings[k] if k else ""):
            return False
    return True
