"""The bulk attribute ruler and lemmatizer (tocsin.fast_pipes) give the model's own output."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import plain_and_changed
from tocsin.fast_pipes import BulkAttributeRuler, BulkLemmatizer, use_fast_pipes

TEXTS = [
    "The minister said that Serbia will not stand idly by if the border is closed.",
    "Y'all ain't seen nothin' yet, the senator told reporters in   Belgrade.\n\nThey'd left.",
    "Those who had voted for it, and these who hadn't, were angry; that was clear.",
    "Somebody fired at the convoy, but nobody was hurt -- officials said 12 people fled.",
    "I'd say it's over. We must talk to them, you and me, whatever everybody thinks.",
    "Shares of the company rose 2.5 pct to 14 dlrs after it was upgraded by analysts.",
    "  \n  ",
    "",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Any, Any]:
    return plain_and_changed(use_fast_pipes)


def test_the_stand_ins_take_the_originals_places(pair: tuple[Any, Any]) -> None:
    plain, fast = pair
    assert fast.pipe_names == plain.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), BulkAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), BulkLemmatizer)
    assert fast.get_pipe("lemmatizer").lookups.has_table("lemma_exc")


def test_every_token_gets_the_same_tags_morphology_and_lemma(pair: tuple[Any, Any]) -> None:
    plain, fast = pair
    compared = 0
    for a, b in zip(plain.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            assert (x.pos_, str(x.morph), x.lemma_, x.dep_) == (
                y.pos_,
                str(y.morph),
                y.lemma_,
                y.dep_,
            ), x.text
            compared += 1
    assert compared > 100


def test_a_second_pass_uses_the_cache_and_still_agrees(pair: tuple[Any, Any]) -> None:
    plain, fast = pair
    a, b = plain(TEXTS[1]), fast(TEXTS[1])
    assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    assert [t.lemma_ for t in fast(TEXTS[1])] == [t.lemma_ for t in a]
    assert "be" in {t.lemma_ for t in b if t.lower_ == "ai"}


def test_the_lemmatizer_index_is_held_as_sets(pair: tuple[Any, Any]) -> None:
    _, fast = pair
    index = fast.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index
    assert all(isinstance(words, frozenset) for words in index.values())
    assert "minister" in index["noun"]
