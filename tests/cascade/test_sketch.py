"""Sentences read without a parse (tocsin.cascade.sketch) and the context kept with them
(tocsin.cascade.plan)."""

from __future__ import annotations

from typing import Any

import pytest

from tocsin.actors.model import Kind
from tocsin.cascade import Cascade
from tocsin.cascade.plan import with_context
from tocsin.config import Settings


@pytest.fixture(scope="module")
def cascade(settings: Settings, nlp: Any) -> Cascade:
    return Cascade.from_settings(settings, nlp)


def sketch(cascade: Cascade, text: str, kind: str = "body") -> list[Any]:
    return cascade.sketcher.sketch([text], [kind])[0]


def test_a_paragraph_is_cut_into_sentences_with_segment_offsets(cascade: Cascade) -> None:
    text = "  Russian troops shelled Kharkiv on Monday. The yen in Tokyo was 2 pct higher. "
    first, second = sketch(cascade, text)
    assert text[first.start : first.end] == "Russian troops shelled Kharkiv on Monday."
    assert text[second.start : second.end] == "The yen in Tokyo was 2 pct higher."
    assert "shell" in {t.lemma for t in first.triggers}
    assert {k for _, k in first.actors} >= {Kind.ADJ, Kind.AGENT, Kind.PLACE}
    assert not second.triggers
    assert second.numbers == 1


def test_a_headline_stays_one_sentence(cascade: Cascade) -> None:
    (only,) = sketch(cascade, "U.S. weighs more sanctions vs. Belarus", "headline")
    assert only.kind == "headline"
    assert "sanction" in {t.lemma for t in only.triggers}


def test_pronouns_and_quotations_are_noted(cascade: Cascade) -> None:
    text = '"We will respond. They will regret it," he said. Nothing else happened.'
    first, second, third = sketch(cascade, text)
    assert first.pronouns == {"speaker"}
    assert first.quote_close
    assert second.quote_open
    assert not second.quote_close
    assert second.pronouns == {"plural", "thing", "person"}
    assert not third.quote_open
    assert not third.pronouns


def test_context_keeps_the_antecedent_of_a_pronoun(cascade: Cascade) -> None:
    text = (
        "Vladimir Putin spoke in Moscow on Friday. The weather was cold. "
        "He threatened Ukraine with new strikes."
    )
    sketches = sketch(cascade, text)
    keep = with_context(sketches, [False, False, True])
    assert keep == [True, False, True]


def test_context_keeps_a_quotation_running_over_sentences(cascade: Cascade) -> None:
    text = (
        'Officials met on Monday. "Our patience is over. We will strike back if the '
        'attacks go on," the minister said. The meeting ended at noon.'
    )
    sketches = sketch(cascade, text)
    chosen = [False, False, True, False]
    assert len(sketches) == 4
    keep = with_context(sketches, chosen)
    assert keep[1]
    assert keep[2]
    assert not keep[3]


def test_without_a_trigger_word_nothing_is_chosen(cascade: Cascade) -> None:
    (only,) = sketch(cascade, "Russia and China are large countries with long borders.")
    assert not only.triggers
    assert not cascade.chosen(only, 0)


def test_a_clear_event_is_chosen(cascade: Cascade) -> None:
    (only,) = sketch(cascade, "Russian forces attacked the Ukrainian city of Kharkiv.")
    assert cascade.chosen(only, 0)


def test_features_see_the_actors_around_a_trigger(cascade: Cascade) -> None:
    from tocsin.cascade.features import features

    (only,) = sketch(cascade, "Serbia condemned Albania over the border raid.")
    f = features(only, cascade.vocab, position=0)
    assert f["subject=" + str(Kind.COUNTRY)] == 1.0
    assert f["object=" + str(Kind.COUNTRY)] == 1.0
    assert f["lemma=condemn|subject=True|object=True"] == 1.0
    assert f["w=border"] == 1.0


def test_a_market_report_is_not_chosen(cascade: Cascade) -> None:
    (only,) = sketch(
        cascade, "The company said it would buy back 2.5 mln shares at 14 dlrs a share."
    )
    assert not cascade.chosen(only, 3)
