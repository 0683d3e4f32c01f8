"""Repeated texts are parsed once (tocsin.cascade.cache)."""

from __future__ import annotations

from typing import Any

from tocsin.cascade import ParseCache


class CountingParser:
    """The real model's ``nlp.pipe``, counting the texts it is given."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> Any:
        self.texts.extend(texts)
        return self.nlp.pipe(texts)


A = "Kestria recalled its ambassador from Veloria on Friday."
B = "Talks on the harbour dispute collapsed on Tuesday."


def test_a_repeated_text_is_parsed_once_and_each_reader_gets_its_own_doc(nlp: Any) -> None:
    cache, parser = ParseCache(8), CountingParser(nlp)
    first = cache.parse([A, B, A], parser)
    again = cache.parse([B], parser)
    assert parser.texts == [A, B]
    assert [d.text for d in first] == [A, B, A]
    assert first[0] is not first[2]
    assert again[0] is not first[1]
    first[0].user_data["seen"] = True  # a stage annotating its copy
    assert "seen" not in cache.parse([A], parser)[0].user_data
    assert [t.dep_ for t in again[0]] == [t.dep_ for t in first[1]]
    assert (cache.hits, cache.misses) == (3, 2)


def test_the_cache_is_bounded(nlp: Any) -> None:
    cache, parser = ParseCache(1), CountingParser(nlp)
    cache.parse([A], parser)
    cache.parse([B], parser)
    cache.parse([A], parser)
    assert parser.texts == [A, B, A]
    assert len(cache) == 1


def test_size_zero_parses_every_call_but_repeats_within_one_once(nlp: Any) -> None:
    cache, parser = ParseCache(0), CountingParser(nlp)
    docs = cache.parse([A, A], parser)
    cache.parse([A], parser)
    assert parser.texts == [A, A]
    assert docs[0] is not docs[1]
