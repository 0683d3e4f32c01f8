"""The phrase matcher: keys, case rules, longest match, hyphen compounds."""

from __future__ import annotations

import pytest

from tocsin.actors.matcher import (
    ACRO,
    ANY,
    CAP,
    WORD_ACRO,
    PhraseIndex,
    phrase_tokenizer,
    token_flag,
    token_key,
)
from tocsin.actors.model import Entry, Kind

US = Entry(Kind.COUNTRY, "United States", "USA")
KOREA_S = Entry(Kind.COUNTRY, "South Korea", "KOR")
KOREAN_S = Entry(Kind.ADJ, "South Korea", "KOR")
EGYPTIAN = Entry(Kind.ADJ, "Egypt", "EGY")
BRITISH = Entry(Kind.ADJ, "Britain", "GBR")
QATAR = Entry(Kind.COUNTRY, "Qatar", "QAT")
TROOPS = Entry(Kind.AGENT, "troops", sector="MIL")
NATO = Entry(Kind.IGO, "NATO", "NATO")


@pytest.fixture(scope="module")
def index() -> PhraseIndex:
    import spacy

    tok = spacy.blank("en").tokenizer
    idx = PhraseIndex(lambda s: [t.text for t in tok(s)], frozenset({"based", "led"}))
    for phrase, entry in [("U.S.", US), ("United States", US), ("South Korea", KOREA_S),
                          ("South Korean", KOREAN_S), ("Egyptian", EGYPTIAN), ("British", BRITISH),
                          ("Qatar", QATAR), ("troops", TROOPS), ("NATO", NATO)]:  # fmt: skip
        idx.add(phrase, entry)
    return idx


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("U.S.", "us"),
        ("US", "us"),
        ("Côte", "cote"),
        ("Erdoğan", "erdogan"),
        ("’s", "'s"),
        (".", "."),
    ],
)
def test_token_key(text: str, key: str) -> None:
    assert token_key(text) == key


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("US", ACRO),
        ("U.N.", ACRO),
        ("G7", ACRO),
        ("NATO", WORD_ACRO),
        ("N.A.T.O.", ACRO),
        ("Chad", CAP),
        ("troops", ANY),
    ],
)
def test_token_flag(text: str, flag: int) -> None:
    assert token_flag(text) == flag


def spans(index: PhraseIndex, text: str) -> list[tuple[str, bool]]:
    texts = index.tokenize(text)
    return [(" ".join(texts[m.start : m.end]), m.drop) for m in index.match(texts)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("US troops left", [("US", False), ("troops", False)]),
        ("the U.S. said", [("U.S.", False)]),
        ("give us troops", [("troops", False)]),  # the pronoun is not the country
        ("Us and them", []),
        ("South Korean troops", [("South Korean", False), ("troops", False)]),  # longest wins
        ("South Korea said", [("South Korea", False)]),
        ("south korea said", []),  # capitalised names need capitals
        ("a Qatar-based broadcaster", [("Qatar", False)]),
        ("a U.S.-brokered deal", [("U.S.-brokered", True)]),
        ("a British-Egyptian activist", [("British", False), ("Egyptian", False)]),
        ("pro-Egyptian groups", [("Egyptian", True)]),
        # a spoken acronym may be written as a word; a short one may not ("Us")
        ("Nato troops", [("Nato", False), ("troops", False)]),
        ("NATO said", [("NATO", False)]),
        ("the nato summit", []),
    ],
)
def test_match(index: PhraseIndex, text: str, expected: list) -> None:
    assert spans(index, text) == expected


def test_lookup_and_override(index: PhraseIndex) -> None:
    assert index.lookup("United States") == [US]
    assert index.lookup("United") == []
    other = Entry(Kind.COUNTRY, "Qatar (analyst)", "QAT")
    index.add("Qatar", other)
    assert index.lookup("Qatar")[0] is other  # a later file's entry comes first


def test_phrase_tokenizer_splits_as_spacy_does() -> None:
    """The plain-word fast path gives spaCy's tokens for every packaged phrase and for
    the phrases it must hand to spaCy (special cases, punctuation, clitics)."""
    import spacy

    from tocsin.actors.loader import load_packaged

    tok = spacy.blank("en").tokenizer
    fast = phrase_tokenizer(tok)
    data, _ = load_packaged()
    tricky = ["Cannot", "Dont stop", "U.S.", "Guinea-Bissau", "U.N.'s top court", "St. John's",
              "Erdoğan", "Côte d'Ivoire", "OPEC+", "Mr  Blair", "G7"]  # fmt: skip
    for phrase in [p for p, _ in data.phrases] + tricky:
        assert fast(phrase) == [t.text for t in tok(phrase)], phrase
