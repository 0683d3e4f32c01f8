"""Repairs to the model's parse (tocsin.parse_repairs), on the model as tocsin loads it."""

from __future__ import annotations

from typing import Any

import pytest


def _token(doc: Any, word: str) -> Any:
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    "text",
    [
        "The president threatened on Sunday to impose tariffs of 25% on imports from Mexico.",
        "Ankara threatened on Friday to expel the ambassador if the vote went ahead.",
    ],
)
def test_an_infinitive_after_a_time_phrase_is_the_verbs_complement(nlp: Any, text: str) -> None:
    doc = nlp(text)
    verb = next(t for t in doc if t.i > 0 and doc[t.i - 1].lower_ == "to")
    assert verb.dep_ == "xcomp"


def test_an_infinitive_the_tagger_misread_is_a_verb(nlp: Any) -> None:
    text = "The U.N. Security Council voted on Tuesday to authorise a new security force."
    doc = nlp(text)
    verb = _token(doc, "authorise")
    assert (verb.pos_, verb.tag_, verb.dep_) == ("VERB", "VB", "xcomp")


def test_an_infinitive_after_an_object_stays_the_objects(nlp: Any) -> None:
    doc = nlp("Police fired tear gas on Tuesday to disperse the crowd.")
    assert _token(doc, "disperse").dep_ != "xcomp"


def test_a_past_tense_verb_after_a_long_subject_is_the_root(nlp: Any) -> None:
    doc = nlp("A special tribunal in Dhaka sentenced ousted prime minister Khaleda Zia to death.")
    verb = _token(doc, "sentenced")
    assert verb.dep_ == "ROOT"
    assert _token(doc, "tribunal").head.i == verb.i
    assert _token(doc, "tribunal").dep_ == "nsubj"
    assert _token(doc, "Zia").head.i == verb.i
    assert len(list(doc.sents)) == 1


def test_a_participle_on_a_noun_is_left_alone(nlp: Any) -> None:
    doc = nlp("Rebels led by a former colonel attacked the town.")
    assert _token(doc, "attacked").dep_ == "ROOT"
    assert _token(doc, "led").head.text == "Rebels"


def test_the_repairs_run_last(nlp: Any) -> None:
    assert nlp.pipe_names[-1] == "tocsin_parse_repairs"


@pytest.fixture(scope="module")
def headline_repair(nlp: Any) -> Any:
    from tocsin.config import load_settings
    from tocsin.parse_repairs import HeadlineRepair

    return HeadlineRepair.from_settings(load_settings(config_file=None), nlp)


def test_a_headline_verb_read_as_a_noun_is_reparsed(nlp: Any, headline_repair: Any) -> None:
    doc = nlp("Armed gangs storm prison in Port-au-Prince")
    assert _token(doc, "storm").dep_ != "ROOT"  # the model's own reading
    fixed = headline_repair(doc)
    verb = _token(fixed, "storm")
    assert (verb.dep_, verb.pos_, verb.lemma_) == ("ROOT", "VERB", "storm")
    assert _token(fixed, "gangs").head.i == verb.i
    assert _token(fixed, "prison").dep_ == "dobj"
    assert [t.text for t in fixed] == [t.text for t in doc]  # the headline's own words
    assert fixed.text == doc.text


def test_a_headline_with_a_verb_of_its_own_is_left(nlp: Any, headline_repair: Any) -> None:
    doc = nlp("Obama says Iran talks fail")
    assert headline_repair(doc) is doc


def test_past_tenses(headline_repair: Any) -> None:
    assert [headline_repair.past(v) for v in ("storm", "strike", "hit", "seize", "ban")] == [
        "stormed", "struck", "hit", "seized", "banned",
    ]  # fmt: skip


def test_a_past_tense_verb_joined_to_an_infinitive_is_the_ordering_verbs(nlp: Any) -> None:
    doc = nlp("Senegal's government ordered French troops to leave and expelled the ambassador.")
    expelled = _token(doc, "expelled")
    assert (expelled.dep_, expelled.head.text) == ("conj", "ordered")
    assert _token(doc, "and").head.text == "ordered"
