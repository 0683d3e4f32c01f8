"""The cascade's trigger vocabulary follows the coder's data (tocsin.cascade.vocab)."""

from __future__ import annotations

from typing import Any

import pytest

from tocsin.cascade import _vocab
from tocsin.cascade.vocab import AUXILIARIES, build_vocab
from tocsin.events.context import load_frames
from tocsin.events.lexicon import load_lexicon, load_lexicon_files, packaged_text


@pytest.fixture(scope="module")
def vocab(nlp: Any) -> Any:
    return _vocab((), nlp)


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("attacked", "attack"),
        ("attacks", "attack"),
        ("launching", "launch"),
        ("met", "meet"),  # irregular: the lemmatizer's exception table
        ("fought", "fight"),
        ("seized", "seize"),
        ("stopped", "stop"),  # doubled consonant
        ("sanctions", "sanction"),
        ("warned", "warn"),  # a threat frame
        ("urged", "urge"),  # a request frame
        ("talks", "talk"),  # a meeting noun
        ("incursion", "incursion"),  # a nominal act (nominal_events.yaml)
        ("consequences", "consequence"),  # a threat's consequence (frames.yaml)
    ],
)
def test_inflected_forms_reach_their_lemma(vocab: Any, form: str, lemma: str) -> None:
    assert lemma in vocab.lemmas(form)


@pytest.mark.parametrize("form", ["the", "weather", "quarterly", "football", "profit"])
def test_words_that_code_nothing_are_not_in_it(vocab: Any, form: str) -> None:
    assert not vocab.lemmas(form)


def test_every_lexicon_verb_is_covered(vocab: Any) -> None:
    lexicon = load_lexicon()
    for entry in lexicon.entries:
        for verb in entry.verbs:
            head = verb.lower().split()[0]
            if head in AUXILIARIES:
                continue  # "be on trial": no cue of its own
            assert head in vocab.lemmas(head), entry.id
            assert vocab.cues[head].types >= lexicon.loose_types(head) - {""}


def test_a_lemma_added_to_the_lexicon_joins_the_vocabulary(nlp: Any) -> None:
    extra = """
version: "1.0"
entries:
  - id: test.defenestrate
    type: ASSAULT
    verbs: [defenestrate]
"""
    lexicon = load_lexicon_files([("triggers.yaml", packaged_text()), ("extra.yaml", extra)])
    vocab = build_vocab(lexicon, load_frames(), {}, {}, nlp)
    assert vocab.lemmas("defenestrated") == ("defenestrate",)
    assert vocab.cues["defenestrate"].types == {"ASSAULT"}


def test_a_form_of_several_lemmas_gives_them_in_alphabetical_order(vocab: Any) -> None:
    # "talks" is a form of the verb "talk" and the noun "talks": the sketch's triggers
    # come out in one order in every process, whatever the string hashing
    many = [
        lemmas for lemmas in map(vocab.lemmas, ("talks", "attacks", "strikes")) if len(lemmas) > 1
    ]
    assert many
    assert all(list(lemmas) == sorted(lemmas) for lemmas in many)
