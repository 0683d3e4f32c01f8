"""Choose a PLOVER mode from the words around a trigger (events/data/modes.yaml)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tocsin.errors import DataFileError
from tocsin.events.lexicon import load_yaml
from tocsin.records import PLOVER_TYPES

Token = Any

#: The THREATEN mode implied by the type of the threatened act.
THREAT_MODE_BY_TYPE: dict[str, str] = {
    "ASSAULT": "violence",
    "COERCE": "restrict",
    "SANCTION": "restrict",
    "MOBILIZE": "violence",
    "REJECT": "relations",
}
THREAT_MODE_BY_TYPE_MODE: dict[tuple[str, str], str] = {
    ("COERCE", "arrest"): "arrest",
    ("COERCE", "deport"): "expel",
    ("SANCTION", "expel"): "expel",
    ("SANCTION", "withdraw"): "relations",
    ("ASSAULT", "abduct"): "violence",
}


@dataclass(frozen=True, slots=True)
class ModeTable:
    """Per type: ordered ``(mode, words)``; ASSAULT also by position and by trigger."""

    by_type: dict[str, list[tuple[str, frozenset[str]]]]
    assault_position: list[tuple[str, frozenset[str]]]
    assault_trigger: list[tuple[str, frozenset[str]]]
    targeted_objects: frozenset[str]
    destroy_objects: frozenset[str]


def _pairs(data: dict[str, Any]) -> list[tuple[str, frozenset[str]]]:
    return [(str(mode), frozenset(str(w).lower() for w in words)) for mode, words in data.items()]


@functools.lru_cache(maxsize=1)
def load_modes() -> ModeTable:
    """Load and validate the packaged modes.yaml (cached)."""
    text = resources.files("tocsin.events").joinpath("data/modes.yaml").read_text("utf-8")
    data = load_yaml(text)
    modes = data.get("modes") if isinstance(data, dict) else None
    if not isinstance(modes, dict) or not set(modes) <= set(PLOVER_TYPES):
        raise DataFileError("D001", path="modes.yaml", reason="'modes' must map PLOVER types")
    assault = dict(modes.get("ASSAULT") or {})
    return ModeTable(
        by_type={t: _pairs(m) for t, m in modes.items() if t != "ASSAULT"},
        assault_position=_pairs(assault.get("by_position") or {}),
        assault_trigger=_pairs(assault.get("by_trigger") or {}),
        targeted_objects=frozenset(assault.get("targeted_objects") or []),
        destroy_objects=frozenset(assault.get("destroy_objects") or []),
    )


def _lemma_phrases(tokens: Iterable[Token]) -> list[tuple[int, str]]:
    """``(position, phrase)`` for each token's lemma and each adjacent two-lemma phrase."""
    toks = list(tokens)
    out = [(t.i, t.lemma_.lower()) for t in toks]
    out += [(a.i, f"{a.lemma_.lower()} {b.lemma_.lower()}") for a, b in itertools.pairwise(toks)]
    out += [(t.i, t.lower_) for t in toks]
    return out


def mode_from_words(
    type_: str, tokens: Iterable[Token], table: ModeTable | None = None
) -> str | None:
    """The first mode of ``type_`` whose words occur among ``tokens`` (list order decides)."""
    table = table or load_modes()
    phrases = {p for _, p in _lemma_phrases(tokens)}
    for mode, words in table.by_type.get(type_, []):
        if phrases & words:
            return mode
    return None


def assault_mode(trigger_words: list[Token], clause: Iterable[Token], obj: Token | None,
                 table: ModeTable | None = None) -> str | None:  # fmt: skip
    """ASSAULT mode: the trigger itself, else the first-named weapon, else the object kind."""
    table = table or load_modes()
    trig = {t.lemma_.lower() for t in trigger_words} | {t.lower_ for t in trigger_words}
    for mode, words in table.assault_trigger:
        if trig & words:
            return mode
    phrases = _lemma_phrases(clause)
    first: tuple[int, str] | None = None
    for mode, words in table.assault_position:
        for pos, phrase in phrases:
            if phrase in words and (first is None or pos < first[0]):
                first = (pos, mode)
    if first is not None:
        return first[1]
    if obj is not None:
        lemma = obj.lemma_.lower()
        if obj.ent_type_ == "PERSON" or lemma in table.targeted_objects:
            return "targeted" if trig & {"kill", "shoot"} else None
        if lemma in table.destroy_objects:
            return "destroy"
    return None


def threat_mode(act_type: str | None, act_mode: str | None, content: Iterable[Token],
                table: ModeTable | None = None) -> str | None:  # fmt: skip
    """THREATEN mode: from the threatened act when there is one, else from the content words."""
    if act_type is not None:
        if act_mode and (act_type, act_mode) in THREAT_MODE_BY_TYPE_MODE:
            return THREAT_MODE_BY_TYPE_MODE[(act_type, act_mode)]
        if act_type in THREAT_MODE_BY_TYPE:
            return THREAT_MODE_BY_TYPE[act_type]
    return mode_from_words("THREATEN", content, table)
