"""The cascade's trigger vocabulary: every word form that may carry a codable event.

Built from the coder's own data, so it grows with it: the trigger lexicon's verbs and nouns
(``Lexicon.loose_types``: any sense, whatever its constraints), the nominal acts of
``nominal_events.yaml``, the meeting nouns, and the frame words that make an event of a
clause by themselves (threat, request, refusal, promise, denial, evaluation, consequence;
``frames.yaml``). Lemmas are expanded into inflected forms with the spaCy model's own
lemmatizer tables (its suffix rules, read backwards, and its irregular forms), so a sentence
is tested with one set lookup per token and no tagger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tocsin.events.lexicon import Lexicon

#: Frame categories whose verb codes an event of its own ("warned", "urged", "refused");
#: the others (report, intent, hypothetical, aspect, ...) only qualify another trigger.
EVENT_FRAMES: tuple[str, ...] = (
    "threat", "request", "refuse", "promise", "deny", "rule_out", "command", "evaluate",
)  # fmt: skip
#: Part-of-speech tables of the lemmatizer used to inflect lemmas.
_POS = ("verb", "noun")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Cue:
    """What a lemma may signal: the PLOVER types it can trigger and the frames it opens."""

    types: frozenset[str]
    frames: frozenset[str]


class TriggerVocab:
    """Word form (lower case) → lemma → ``Cue``; ``lemmas(form)`` is one dict lookup."""

    def __init__(self, cues: dict[str, Cue], forms: dict[str, frozenset[str]]) -> None:
        self.cues = cues
        # in alphabetical order: a sketch's triggers come out the same in every process
        self._forms = {form: tuple(sorted(lemmas)) for form, lemmas in forms.items()}

    def lemmas(self, form: str) -> tuple[str, ...]:
        """Lemmas of the vocabulary that ``form`` (lower case) may inflect (often none), in
        alphabetical order."""
        return self._forms.get(form, ())

    def __len__(self) -> int:
        return len(self.cues)


#: Verb heads of multiword senses ("be on trial") that stand in nearly every sentence: no
#: cue at all, the rest of the sense (its nouns) is.
AUXILIARIES = frozenset({"be", "have", "do"})


def build_vocab(
    lexicon: Lexicon, frames: Any, nominal: dict[str, str], extra: dict[str, str], nlp: Any
) -> TriggerVocab:
    """The vocabulary of ``lexicon``, the ``frames`` word lists, ``nominal`` nouns (→ type)
    and ``extra`` words (→ type), inflected with the lemmatizer tables of ``nlp``."""
    types: dict[str, set[str]] = defaultdict(set)
    opens: dict[str, set[str]] = defaultdict(set)
    for entry in lexicon.entries:
        verbs = [v.split()[0] for v in entry.verbs if v.split()[0].lower() not in AUXILIARIES]
        for lemma in (*verbs, *_noun_heads(lexicon, entry.nouns)):
            types[lemma.lower()] |= lexicon.loose_types(lemma.lower())
        if entry.verbs and not verbs:  # "are unhappy about": the adjective is the cue
            for word in lexicon.words(entry.complement_words):
                types[word.lower()].add(entry.type)
    for word, type_ in (*nominal.items(), *extra.items()):
        types[word.lower()].add(type_)
    for word, category in frames.category.items():
        if category in EVENT_FRAMES:
            opens[word].add(category)
    consequence = set(frames.threat_consequence_words) | {
        w for w, v in frames.negation_traps.items() if v == "threat"
    }
    for word in consequence:
        opens[word.split()[-1]].add("consequence")
    cues = {
        w: Cue(frozenset(types.get(w, ())), frozenset(opens.get(w, ())))
        for w in set(types) | set(opens)
    }
    return TriggerVocab(cues, _inflections(cues, nlp))


def _noun_heads(lexicon: Lexicon, nouns: tuple[str, ...]) -> Iterable[str]:
    return (n.split()[-1] for n in lexicon.words(nouns) if not n.startswith("@"))


def inflected_forms(lemmas: Iterable[str], nlp: Any) -> frozenset[str]:
    """Every form of ``lemmas`` (lower case) that ``_inflections`` knows ("said", "tells")."""
    return frozenset(_inflections({lemma.lower(): None for lemma in lemmas}, nlp))


def _inflections(cues: dict[str, Any], nlp: Any) -> dict[str, frozenset[str]]:
    """Form → lemmas for every lemma of ``cues``: the lemma itself, its regular forms (the
    lemmatizer's suffix rules applied in reverse, doubled final consonants) and the
    irregular forms of its exception tables ("fought", "met", "struck")."""
    rules, exceptions = _tables(nlp)
    forms: dict[str, set[str]] = defaultdict(set)
    for lemma in cues:
        forms[lemma].add(lemma)
        for form in _regular_forms(lemma, rules):
            forms[form].add(lemma)
    for form, lemmas in exceptions.items():
        for lemma in lemmas:
            if lemma in cues:
                forms[form].add(lemma)
    return {f: frozenset(ls) for f, ls in forms.items()}


def _regular_forms(lemma: str, rules: list[tuple[str, str]]) -> set[str]:
    out = set()
    for inflected, base in rules:
        if inflected and lemma.endswith(base):
            out.add(lemma[: len(lemma) - len(base)] + inflected)
    if len(lemma) >= 3 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS:
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "stopped", "planning"
    return out


def _tables(nlp: Any) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """The verb and noun suffix rules and irregular forms of the model's lemmatizer (empty
    when the model has none: then only lemmas and the doubled forms match)."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        rule_table, exc_table = lookups.get_table("lemma_rules"), lookups.get_table("lemma_exc")
    except (KeyError, ValueError):
        return [("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")], {}
    rules = [(str(a), str(b)) for pos in _POS if pos in rule_table for a, b in rule_table[pos]]
    exceptions: dict[str, list[str]] = defaultdict(list)
    for pos in _POS:
        if pos in exc_table:
            for form, lemmas in exc_table[pos].items():
                exceptions[str(form)].extend(str(lemma) for lemma in lemmas)
    return rules, exceptions
