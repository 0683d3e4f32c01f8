"""Context analysis on real parses: negation, modality, conditions, speech, promises."""

from __future__ import annotations

from typing import Any

import pytest

from tocsin.events.context import analyse, nuclear_sentence


def _verb(nlp: Any, text: str, lemma: str) -> Any:
    doc = nlp(text)
    return next(t for t in doc if t.lemma_.lower() == lemma and t.pos_ in ("VERB", "AUX"))


@pytest.mark.parametrize(
    ("text", "lemma", "expected"),
    [
        # reported speech is transparent: the act is coded as is
        ("The ministry said Russian troops attacked the village on Monday.", "attack", {}),
        # denial negates the act
        ("Iran denied that it had supplied Russia with drones.", "supply", {"negated": True}),
        ("Moscow denied shelling the hospital.", "shell", {"negated": True}),
        # plain negation
        ("The alliance will not send combat troops to the region.", "send",
         {"negated": True, "future": True}),
        # a trap: "would not hesitate" is not a negation, and passes on its condition
        ("Pyongyang would not hesitate to strike Seoul if provoked.", "strike",
         {"negated": False, "future": True, "condition": True}),
        # "could not rule out" makes the act hypothetical
        ("Paris could not rule out sending troops to the front.", "send", {"hypothetical": True}),
        # considered acts
        ("The government is weighing sending air defences to its ally.", "send",
         {"hypothetical": True}),
        # the content of a condition is not an event
        ("If the rebels attack the capital, the army will respond.", "attack",
         {"skip": "condition"}),
        ("Moscow warned that if the alliance agrees to supply missiles, it will retaliate.",
         "supply", {"skip": "condition"}),
        # a consequence carries its condition
        ("The army will respond harshly if the rebels attack the capital.", "respond",
         {"condition": True, "future": True}),
        # accusations: the accused act is not coded
        ("Kenya accused Uganda of arming the rebels.", "arm", {"skip": "evaluated"}),
        # requests: the requested act is not coded
        ("Beijing urged Washington to stop selling weapons to Taipei.", "sell",
         {"skip": "requested"}),
        ("The president called on Israel to withdraw its troops.", "withdraw",
         {"skip": "requested"}),
        # purpose clauses are not events
        ("Doctors went on strike on Monday to demand better pay.", "demand", {"skip": "purpose"}),
        # a promise of cooperation
        ("Tokyo agreed to provide patrol boats to Manila.", "provide", {"promise": True}),
        ("Tehran is ready to resume talks with the agency.", "resume", {"promise": True}),
        # a refusal
        ("The court refused to extradite the suspect to Germany.", "extradite", {"refuse": True}),
        # failure negates
        ("The two leaders failed to agree on a ceasefire.", "agree", {"negated": True}),
        # a coordinated act does not inherit the denial
        ("Russia denied striking the hospital and blamed a Ukrainian missile.", "blame",
         {"negated": False}),
        # habitual background
        ("Egypt and Qatar have been mediating between the two sides for months.", "mediate",
         {"skip": "habitual"}),
    ],
)  # fmt: skip
def test_context(nlp: Any, text: str, lemma: str, expected: dict[str, Any]) -> None:
    ctx = analyse(_verb(nlp, text, lemma))
    for key, want in expected.items():
        got = getattr(ctx, key)
        if key in ("condition", "promise", "refuse"):
            got = got is not None
        assert got == want, f"{key}: {got!r} != {want!r} in {text!r}"


@pytest.mark.parametrize(
    ("text", "nuclear"),
    [
        ("Russia warned it could use nuclear weapons if attacked.", True),
        ("The talks on Iran's nuclear programme resumed in Oman.", True),
        ("Japan began releasing treated water from the Fukushima nuclear plant.", False),
        ("The nuclear power station was shut down for maintenance.", False),
        ("Troops shelled the town overnight.", False),
    ],
)
def test_nuclear_sentence(nlp: Any, text: str, nuclear: bool) -> None:
    assert nuclear_sentence(nlp(text)) is nuclear
