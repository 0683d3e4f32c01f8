"""The cue lexicon of the ``quotes`` stage: which words attribute words to a speaker.

``data/quote_cues.yaml`` lists speech verbs ("say", "warn", ...), verbs that introduce a
quotation only ("ask", "chant"), naming verbs whose object complement quotes the speaker
("called the remarks 'a threat'"), source phrases ("according to"), and the word lists the
stage reads speakers with (person nouns, titles, honorifics, name markers). ``load_cues``
validates a file and raises ``DataFileError`` D001 naming the bad entry.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from tocsin.errors import DataFileError

CUES_FILE = Path(__file__).parent / "data" / "quote_cues.yaml"


class _CueFile(BaseModel):
    """The schema of ``quote_cues.yaml``."""

    model_config = ConfigDict(extra="forbid")

    version: str
    speech: dict[str, float]
    utterance: dict[str, float]
    naming: dict[str, float]
    sources: dict[str, float]
    statement_nouns: list[str]
    person_nouns: list[str]
    titles: list[str]
    name_markers: list[str]
    vague_sources: list[str]
    clause_only: list[str]
    honorifics: list[str]

    @field_validator("sources")
    @classmethod
    def _two_words(cls, value: dict[str, float]) -> dict[str, float]:
        for phrase in value:
            if len(phrase.split()) != 2:
                raise ValueError(f"{phrase!r}: a source phrase is two words, 'according to'")
        return value

    @field_validator("speech", "utterance", "naming", "sources")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        for word, weight in value.items():
            if not 0 < weight <= 1:
                raise ValueError(f"{word!r}: weight {weight} is not in (0, 1]")
        return value

    @field_validator(
        "speech", "utterance", "naming", "sources", "statement_nouns", "person_nouns",
        "titles", "name_markers", "vague_sources", "clause_only",
        "honorifics",
    )  # fmt: skip
    @classmethod
    def _lower_case(cls, value: Any) -> Any:
        for word in value:
            if not word.strip() or word != word.lower():
                raise ValueError(f"{word!r}: entries are lower-case words")
        return value


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue word in a sentence: its class, lemma and weight, and the token."""

    kind: str  # speech | utterance | naming | source | statement | predicate
    lemma: str
    weight: float
    token: Any
    clause_only: bool = False  # speech only when it reports ("respond with force" is not)


@dataclass(frozen=True, slots=True)
class QuoteCues:
    """The validated contents of a cue file (see ``data/quote_cues.yaml`` for each list)."""

    speech: Mapping[str, float]
    utterance: Mapping[str, float]
    naming: Mapping[str, float]
    sources: Mapping[tuple[str, ...], float]
    statement_nouns: frozenset[str]
    person_nouns: frozenset[str]
    titles: frozenset[str]
    name_markers: tuple[tuple[str, ...], ...]
    vague_sources: frozenset[str]
    clause_only: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()

    def verb_cue(self, token: Any) -> Cue | None:
        """The cue a verb token is (speech, utterance or naming), or None."""
        if token.pos_ != "VERB":
            return None
        lemma = token.lemma_.lower()
        for kind, table in (
            ("speech", self.speech),
            ("utterance", self.utterance),
            ("naming", self.naming),
        ):
            if lemma in table:
                return Cue(kind, lemma, table[lemma], token, lemma in self.clause_only)
        return None


def load_cues(path: str | Path = CUES_FILE) -> QuoteCues:
    """Load and validate a cue file.

    Raises ``DataFileError`` D001 naming the bad entry when the file is unreadable or invalid.
    """
    from tocsin.events.lexicon import load_yaml

    try:
        raw = load_yaml(Path(path).read_text(encoding="utf-8"))
        data = _CueFile.model_validate(raw)
    except OSError as exc:
        raise DataFileError("D001", path=str(path), reason=str(exc)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError("D001", path=str(path), reason=f"{where}: {first['msg']}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError("D001", path=str(path), reason=f"{where}{problem}") from exc
    _check_disjoint(path, data)
    return QuoteCues(
        speech=data.speech,
        utterance=data.utterance,
        naming=data.naming,
        sources={tuple(k.split()): v for k, v in data.sources.items()},
        statement_nouns=frozenset(data.statement_nouns),
        person_nouns=frozenset(data.person_nouns),
        titles=frozenset(data.titles),
        name_markers=tuple(tuple(m.split()) for m in data.name_markers),
        vague_sources=frozenset(data.vague_sources),
        clause_only=frozenset(data.clause_only),
        honorifics=frozenset(data.honorifics),
    )


def _check_disjoint(path: str | Path, data: _CueFile) -> None:
    """A lemma in two verb classes would make its reading depend on the order of lookup."""
    seen: dict[str, str] = {}
    for section in ("speech", "utterance", "naming"):
        for lemma in getattr(data, section):
            if lemma in seen:
                reason = f"{section}.{lemma}: already listed under {seen[lemma]}"
                raise DataFileError("D001", path=str(path), reason=reason)
            seen[lemma] = section
    for lemma in data.clause_only:
        if seen.get(lemma) != "speech":
            reason = f"clause_only.{lemma}: not listed under speech"
            raise DataFileError("D001", path=str(path), reason=reason)


@functools.lru_cache(maxsize=4)
def packaged_cues() -> QuoteCues:
    """The packaged cue lexicon, loaded once per process."""
    return load_cues(CUES_FILE)
