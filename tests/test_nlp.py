"""The model as tocsin loads it (tocsin.nlp)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("Teachers staged a sit-in on Monday.", "staged", "stage"),
        ("Rebels have waged war on the state for a decade.", "waged", "wage"),
        ("Protests raged across the capital.", "raged", "rage"),
        ("The minister hopes to sign the deal.", "hopes", "hope"),
        ("The commission fined the company on Monday.", "fined", "fine"),
        # nouns keep their own lemma
        ("Workers demanded higher wages.", "wages", "wage"),
        ("Interest rates rose again.", "rates", "rate"),
    ],
)
def test_verb_forms_the_rule_lemmatizer_clips_keep_their_e(
    nlp: Any, text: str, word: str, lemma: str
) -> None:
    token = next(t for t in nlp(text) if t.text == word)
    assert token.lemma_ == lemma


def test_the_lemma_fix_runs_right_after_the_lemmatizer(nlp: Any) -> None:
    names = nlp.pipe_names
    assert names.index("tocsin_lemmas") == names.index("lemmatizer") + 1
