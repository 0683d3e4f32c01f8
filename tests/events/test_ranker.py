"""The event ranker (``events/ranker.py``, stage ``rank``): the packaged model adds events
the rules missed, never removes or re-scores a rule event, and never pairs a party with
itself. Sentences from the team's own set (tests/data/eval/sentences.jsonl)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tocsin.config import load_settings
from tocsin.events.candidates import Candidate, Party
from tocsin.events.ranker import (
    TypeModel,
    barred_source,
    load_event_model,
    may_add,
    type_rows,
)
from tocsin.pipeline import Processor
from tocsin.records import Actor, Article, Event

TEXTS = (
    (
        "Thousands of Indonesian students protested in Jakarta and other cities on Monday against "
        "budget cuts ordered by President Prabowo Subianto."
    ),
    (
        "Estonia's foreign minister summoned Russia's charge d'affaires on Friday to protest "
        "against the violation."
    ),
    (
        "Niger's junta threatened on Wednesday to expel the French ambassador unless Paris "
        "withdrew its remaining troops within a month."
    ),
    (
        "Zelenskiy met Trump at the White House on Friday and asked for Tomahawk cruise missiles "
        "to strike deeper into Russia."
    ),
    "U.S. and British aircraft struck more than 60 Houthi targets in Yemen on Thursday night.",
)


def _run(processor: Processor, text: str, date: dt.date = dt.date(2025, 5, 2)) -> list[Event]:
    art = Article(id="r", text=text, source="r", published=date)
    (doc,) = processor.process([art])
    return doc.events


def _key(e: Event) -> tuple[Any, ...]:
    return (
        e.sentence_index, e.type, e.source.code if e.source else None,
        e.target.code if e.target else None, e.negated, e.hypothetical, e.confidence,
    )  # fmt: skip


@pytest.fixture(scope="module")
def rules_only() -> Processor:
    stages = ["actors", "weapons", "quotes", "events", "threats", "dates", "intensity"]
    return Processor(load_settings(config_file=None, overrides={"pipeline.stages": stages}))


def test_the_packaged_model_adds_and_never_vetoes() -> None:
    model = load_event_model()
    assert model is not None
    assert set(model.policy.values()) <= {"rules", "both"}
    assert "both" in model.policy.values()
    assert 0.0 < model.threshold < 1.0


@pytest.mark.parametrize("text", TEXTS)
def test_rule_events_stand_unchanged(
    full_processor: Processor, rules_only: Processor, text: str
) -> None:
    """Every event of the rules is in the ranked output with its own confidence."""
    ranked = {_key(e) for e in _run(full_processor, text)}
    assert {_key(e) for e in _run(rules_only, text)} <= ranked


def test_two_rule_events_of_one_key_both_stand(
    full_processor: Processor, rules_only: Processor
) -> None:
    """Two acts of one type between the same parties in one sentence (aid suspended, an
    ambassador expelled) are two events after the rank stage too, as the gold sets count
    them."""
    text = (
        "The United States suspended its military aid to Niger and expelled the junta's "
        "ambassador on Friday."
    )
    modes = sorted(str(e.mode) for e in _run(rules_only, text) if e.type == "SANCTION")
    assert modes == ["expel", "withdraw"]
    assert sorted(str(e.mode) for e in _run(full_processor, text) if e.type == "SANCTION") == modes


def test_the_model_adds_an_event_the_rules_left_out(
    full_processor: Processor, rules_only: Processor
) -> None:
    """An accusation the rules leave uncoded (a rebuttal that calls the accusers'
    charge a sign of panic): the model adds it, with its calibrated precision as the
    confidence and "model" as the rule. (Whether a coder would code it is the business of
    the gold sets, not of this test.)"""
    text = (
        "Straw rebuffs Tory attack\n\nJack Straw has said that a charge by the Conservatives "
        'that he misled Parliament shows the opposition is "panicking".'
    )
    when = dt.date(2005, 2, 15)  # Jack Straw a minister
    assert not [e for e in _run(rules_only, text, when) if e.type == "ACCUSE"]
    added = [e for e in _run(full_processor, text, when) if e.rule == "model"]
    assert added
    assert {(e.source.code, e.type, e.target and e.target.code) for e in added} == {
        ("GBR", "ACCUSE", "GBR")
    }
    for ev in added:
        assert 0.0 < ev.confidence < 1.0
        assert ev.event_text
        assert ev.event_text in text


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        (TEXTS[0], "PROTEST"),
    ],
)
def test_no_addition_for_a_type_the_rules_decide(
    full_processor: Processor, text: str, type_: str
) -> None:
    """Types decided by the rules alone (``policy``): what the rules miss stays missed."""
    assert load_event_model().policy[type_] == "rules"  # type: ignore[union-attr]
    assert not [e for e in _run(full_processor, text) if e.type == type_]


def test_no_attack_added_for_a_war(full_processor: Processor) -> None:
    """The model has scored "Sudan's war ... has killed tens of thousands" as an attack by
    Sudan; a war (a non-agent, as the rules read it) names no perpetrator, so the pair is
    barred whatever the type's policy."""
    text = (
        "Sudan's war, now in its second year, has killed tens of thousands of people "
        "and pushed parts of Darfur into famine."
    )
    assert not [e for e in _run(full_processor, text) if e.type == "ASSAULT"]


def test_no_addition_where_the_rules_coded_the_type() -> None:
    assert may_add({"lex=ACCUSE": 1.0}, "ACCUSE")
    assert not may_add({"rulea=ACCUSE": 1.0}, "ACCUSE")


@pytest.mark.parametrize(
    ("text", "word", "type_", "barred"),
    [
        # the victim of an attack attacked nobody
        ("The bombings also killed two Iraqi policemen.", "policemen", "ASSAULT", True),
        ("Two Iraqi policemen were arrested in Basra.", "policemen", "COERCE", True),
        # the same noun as the doer, or for another type, is a candidate like any other
        ("Two Iraqi policemen killed a gunman in Basra.", "policemen", "ASSAULT", False),
        ("The bombings also killed two Iraqi policemen.", "policemen", "ACCUSE", False),
        # a place never does anything
        ("Three Britons were kidnapped in Baghdad.", "Baghdad", "ASSAULT", True),
        # nor does the second victim of a list
        ("Two Americans and a Briton were abducted in Baghdad.", "Briton", "ASSAULT", True),
        # nor a war, nor its owner
        ("Sudan's war has killed tens of thousands of people.", "war", "ASSAULT", True),
        ("Sudan's war has killed tens of thousands of people.", "Sudan", "ASSAULT", True),
    ],
)
def test_the_model_adds_no_event_for_a_victim_or_a_place(
    nlp: Any, text: str, word: str, type_: str, barred: bool
) -> None:
    doc = nlp(text)
    head = next(t for t in doc if t.text == word)
    kind = "capital" if word == "Baghdad" else "agent"
    party = Party(Actor(code="IRQ", sector="COP", kind=kind), head, head.idx, head.idx + len(word))
    cand = Candidate(ps=None, source=party, target=None, anchor=head.head)  # type: ignore[arg-type]
    assert barred_source(cand, type_) is barred


@pytest.mark.parametrize(
    ("text", "source", "target", "barred"),
    [
        # the kidnapper is not named: the one who reports it did not do it
        (
            "Two Americans were abducted in Baghdad, the interior ministry said.",
            "ministry",
            "Americans",
            True,
        ),
        (
            "Two Americans and a Briton were abducted, the interior ministry said.",
            "ministry",
            "Briton",
            True,
        ),
        # a named doer may still be found by the model
        (
            "Two Americans were abducted by insurgents, the interior ministry said.",
            "ministry",
            "Americans",
            False,
        ),
    ],
)
def test_the_model_names_no_unnamed_attacker(
    nlp: Any, text: str, source: str, target: str, barred: bool
) -> None:
    doc = nlp(text)

    def party(word: str) -> Party:
        head = next(t for t in doc if t.text == word)
        return Party(Actor(code="IRQ", kind="agent"), head, head.idx, head.idx + len(word))

    cand = Candidate(ps=None, source=party(source), target=party(target), anchor=doc[0])  # type: ignore[arg-type]
    assert barred_source(cand, "ASSAULT") is barred


def test_a_type_is_scored_as_its_row_would_be() -> None:
    """``TypeModel.type_score`` (the ranker's path) adds the same terms in the same order as
    scoring the row ``type_rows`` builds (the training path): the very same float."""
    model = TypeModel(
        bias=-1.25,
        weights={
            "type=ACCUSE": 0.3,
            "rule_this": 1.7,
            "lexa_this": 0.11,
            "kind=pair": -0.4,
            "sdep=nsubj": 0.05,
            "ACCUSE|a=criticise": 2.2,
            "ACCUSE|sdep=nsubj": -0.31,
            "REQUEST|a=criticise": -3.0,
            "ASSAULT|rule=ACCUSE": 0.7,
        },
    )
    features = {
        "rule=ACCUSE": 1.0,
        "lexa=ACCUSE": 1.0,
        "lexa=REQUEST": 1.0,
        "kind=pair": 1.0,
        "sdep=nsubj": 1.0,
        "a=criticise": 1.0,
        "tnone": 1.0,
        "rulea=ASSAULT": 0.5,
    }
    rows = type_rows(features)
    assert sorted(rows) == ["ACCUSE", "ASSAULT", "REQUEST"]
    for type_, row in rows.items():
        assert model.type_score(features, type_) == model.score(row)
    assert model.type_score(features, "ACCUSE") > 0.5 > model.type_score(features, "REQUEST")
    only_accuse = {"ACCUSE"}.__contains__
    assert list(type_rows(features, only_accuse)) == ["ACCUSE"]
