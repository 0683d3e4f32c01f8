"""Trigger senses' argument tests that a parse decides (tocsin.events.triggers)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from tocsin.events.triggers import _ordered


def _parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags)


def test_an_order_asks_for_an_act_with_to() -> None:
    # "The general told the troops to withdraw"
    doc = _parsed(
        ["The", "general", "told", "the", "troops", "to", "withdraw"],
        [1, 2, 2, 4, 2, 6, 2],
        ["det", "nsubj", "ROOT", "det", "dobj", "aux", "xcomp"],
        ["DT", "NN", "VBD", "DT", "NNS", "TO", "VB"],
    )
    assert _ordered(doc[6])


def test_a_bare_verb_after_tell_is_a_misparse_of_reported_speech() -> None:
    # "She told the radio show the plan would fail": the parser made "show" a verb
    doc = _parsed(
        ["She", "told", "the", "radio", "show", "the", "plan", "would", "fail"],
        [1, 1, 3, 1, 1, 6, 8, 8, 4],
        ["nsubj", "ROOT", "det", "dobj", "xcomp", "det", "nsubj", "aux", "ccomp"],
        ["PRP", "VBD", "DT", "NN", "VB", "DT", "NN", "MD", "VB"],
    )
    assert not _ordered(doc[4])


def test_an_order_with_a_participle_asks_for_the_act() -> None:
    # "The judge ordered the prisoners released"
    doc = _parsed(
        ["The", "judge", "ordered", "the", "prisoners", "released"],
        [1, 2, 2, 4, 5, 2],
        ["det", "nsubj", "ROOT", "det", "nsubj", "ccomp"],
        ["DT", "NN", "VBD", "DT", "NNS", "VBN"],
    )
    assert _ordered(doc[5])
