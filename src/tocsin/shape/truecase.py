"""Title Case headlines in sentence case, for the parser.

spaCy's small English model reads a capitalised word as a proper noun: "Sistani Urges
Supporters to Wait at Najaf Gates" becomes one long name. Written in sentence case ("Sistani
urges supporters to wait at Najaf gates") it parses as a clause. Only the letters' case
changes, so the parse text keeps the headline's length and offsets.

A capitalised word keeps its capital when it is an acronym, holds a digit or an inner
capital ("McCain"), is capitalised inside a sentence of the story, or is not an ordinary
English word. It is lower-cased when the story uses it in lower case, or when it is an
ordinary English word (``known_word``: the model's own word lists) the story never
capitalises.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tocsin.shape.headline import word_lists

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: A headline is in Title Case when at least this share of its longer words is capitalised.
TITLE_SHARE = 0.7
#: Words of at most this many letters are not counted (Title Case leaves "of", "in" small).
SMALL = 3


def is_title_case(headline: str, names: frozenset[str] = frozenset()) -> bool:
    """Most of the headline's longer words start with a capital, names left aside (``names``:
    stems of words the story capitalises; "President Vladimir Putin spoke on Monday" is a
    sentence, not a Title Case headline)."""
    words: list[str] = [
        w
        for w in _WORD.findall(headline)[1:]
        if len(w) > SMALL
        and w.lower() not in word_lists()["calendar"]
        and _stem(_base(w).lower()) not in names
    ]
    if len(words) < 2:
        return False
    if sum(w[0].islower() for w in words) >= 2:
        return False  # "China's Taiwan Affairs Office denounced Lai as a separatist": prose
    return sum(w[0].isupper() for w in words) / len(words) >= TITLE_SHARE


def sentence_case(
    headline: str,
    story: str,
    *,
    known_word: Callable[[str], bool] | None = None,
    names: Callable[[str], list[tuple[int, int]]] | None = None,
) -> str:
    """``headline`` in sentence case when it is in Title Case or all capitals, else unchanged
    (same length). An all-capitals headline ("VELORIA AND MARENTA AGREE GRAIN TALKS") is read
    as Title Case first; its acronyms are then only those the story writes in capitals.
    ``names`` gives the character spans of names of several words the actor dictionaries
    know ("United States", "Imran Khan"): their words keep their capitals."""
    if _all_caps(headline):
        story_caps = {w for w in _WORD.findall(story) if len(w) > 1 and w.isupper()}
        headline = "".join(
            m.group() if m.group() in story_caps else m.group().capitalize()
            for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*|[^A-Za-z]+", headline)
        )
    capital_stems = frozenset(_stem(_base(w).lower()) for w in _inner_capitals(story))
    if not is_title_case(headline, capital_stems):
        return headline
    lower_stems = {_stem(_base(w)) for w in _WORD.findall(story) if w[0].islower()}
    kept = names(headline) if names is not None else []
    chars = list(headline)
    for n, match in enumerate(_WORD.finditer(headline)):
        word = match.group()
        if (
            n == 0
            or not word[0].isupper()
            or _keep(word)
            or headline[match.end() : match.end() + 1] == "."
        ):
            continue  # the first word, acronyms and abbreviations ("Calif.") keep their case
        if any(a <= match.start() < b for a, b in kept):
            continue  # "United States", "Imran Khan": a known name's words
        low = _base(word).lower()
        if _stem(low) in capital_stems:
            continue  # the story capitalises it ("South Africa's" ~ "South African")
        if _stem(low) not in lower_stems and (known_word is None or not known_word(low)):
            continue
        chars[match.start()] = word[0].lower()
        for k in range(1, len(word)):
            chars[match.start() + k] = word[k].lower()
    return "".join(chars)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _keep(word: str) -> bool:
    """Acronyms ("UN", "N.Korea"), inner capitals ("McCain"), particles ("al-Sistani");
    a hyphenated Title Case word ("Self-Defense") is not kept for its second capital."""
    parts = [p for p in re.split(r"[-’']", word) if p]
    if len(parts) > 1 and not parts[0][0].isupper():
        return True
    for part in parts:
        letters = [c for c in part if c.isalpha()]
        if len(letters) > 1 and (
            all(c.isupper() for c in letters) or any(c.isupper() for c in letters[1:])
        ):
            return True
    return False


def _base(word: str) -> str:
    """Without a possessive ending: "Africa's" → "Africa"."""
    for end in ("'s", "’s", "'", "’"):
        if word.endswith(end):
            return word[: -len(end)]
    return word


def _inner_capitals(story: str) -> set[str]:
    """Capitalised words that do not open a sentence of ``story``."""
    out: set[str] = set()
    prev = "."
    for match in re.finditer(r"\S+", story):
        token = match.group()
        word = _base(token.strip('"“”‘(),:;'))
        if word[:1].isupper() and prev.rstrip("\"”’'")[-1:] not in ".!?:":
            out.add(word.rstrip(".!?"))
        prev = token
    return out


def _stem(word: str) -> str:
    """A crude stem for "urges"/"urged"/"urging": the first five letters."""
    return word[:5] if len(word) > 5 else word
