"""The trigger lexicon: validated entries (one PLOVER sense each) and fast lookups.

The packaged file is ``events/data/triggers.yaml``; analysts add their own with
``extract.lexicon_files``. Every entry is validated when loaded; a bad entry raises
``DataFileError`` D001 naming the file and the entry id.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tocsin.errors import DataFileError
from tocsin.records import PLOVER_TYPES
from tocsin.yamlfiles import one_line, refuse_duplicate_keys

#: Pseudo-classes resolved by the coder from the parse and the actor resolver, not from words.
DYNAMIC_CLASSES = frozenset(
    {
        "@actor",
        "@persons",
        "@igo",
        "@court",
        "@legislature",
        "@party",
        "@leaders",
        "@demonym",
        "@country",
        "@place",
        "@multi",
        "@people",
        "@military",
        "@civilian",
        "@business",
    }
)

#: Target slot names (see the header of triggers.yaml).
SLOTS = frozenset(
    {
        "dobj", "dative", "agent", "nsubjpass", "prep", "verb-prep", "obj-prep", "subj-prep",
        "poss", "owner",
        "object-subtree", "ccomp-subject", "xcomp-subject", "prep-subtree", "complement",
        "sentence-place", "acomp-prep", "content-subject",
    }
)  # fmt: skip
#: Slots that take a preposition ("prep:on"); a filter may follow it ("prep:in:place").
PREP_SLOTS = ("prep", "verb-prep", "obj-prep", "subj-prep", "prep-subtree", "acomp-prep")
FILTERS = frozenset({"actor", "place", "foreign", "sea"})

Speech = Literal["report", "threat", "request", "accuse", "deny", "refuse", "promise", "support"]


class Retype(BaseModel):
    """A type (and mode) an entry turns into under some condition."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str
    mode: str | None = None
    when_words: tuple[str, ...] = ()
    unless_words: tuple[str, ...] = ()


class Entry(BaseModel):
    """One sense of a trigger: the words, the constraints, and the event it codes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    type: str
    mode: str | None = None
    cameo: str | None = None
    confidence: float = Field(0.7, ge=0.0, le=1.0)
    verbs: tuple[str, ...] = ()
    light: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    not_objects: tuple[str, ...] = ()
    complement_words: tuple[str, ...] = ()
    xcomp_objects: tuple[str, ...] = ()
    preps: tuple[str, ...] = ()
    prep_objects: tuple[str, ...] = ()
    not_prep_objects: tuple[str, ...] = ()
    not_particles: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    subject_not_civilian: bool = False
    subject_military: bool = False
    joint: Literal["required", "excluded"] | None = None
    negated_only: bool = False
    no_object: bool = False
    target: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()
    future: str | None = None
    negated_as: Retype | None = None
    speech: Speech | None = None
    reciprocal: bool = False
    host: bool = False
    self_target: str | None = None
    self_target_preps: tuple[str, ...] = ()
    mode_by_object: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    also: Retype | None = None
    to_actor_type: str | None = None
    speaker_source: bool = False
    passive_source: tuple[str, ...] = ()
    source_slots: tuple[str, ...] = ()
    parties_slots: tuple[str, ...] = ()
    both_directions: bool = False
    requires_argument: bool = False
    no_complement: bool = False
    active_only: bool = False

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {value!r}")
        return value

    @field_validator("future")
    @classmethod
    def _known_future(cls, value: str | None) -> str | None:
        if value is not None and value != "keep" and value not in PLOVER_TYPES:
            raise ValueError(f"future must be a PLOVER type or 'keep', not {value!r}")
        return value

    @field_validator("passive_source")
    @classmethod
    def _known_passive_source(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for spec in value:
            if spec not in ("patient", "place") and not spec.startswith("prep:"):
                raise ValueError(f"passive_source must be prep:X, patient or place, not {spec!r}")
        return value

    @field_validator("source_slots")
    @classmethod
    def _known_source_slots(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cls._known_slots(tuple(spec for spec in value if spec != "own"))
        return value

    @field_validator("target", "parties_slots")
    @classmethod
    def _known_slots(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for spec in value:
            slot, *rest = spec.split(":")
            if slot not in SLOTS:
                raise ValueError(f"unknown target slot {spec!r}")
            if slot in PREP_SLOTS and not rest:
                raise ValueError(f"{spec!r} needs a preposition, e.g. prep:on")
            filters = rest[1:] if slot in PREP_SLOTS else rest
            if any(f not in FILTERS for f in filters):
                raise ValueError(f"unknown filter in {spec!r}")
        return value


class Lexicon:
    """All entries with lookups by trigger lemma; word classes expanded to frozensets."""

    def __init__(self, entries: list[Entry], classes: dict[str, frozenset[str]]) -> None:
        self.entries = entries
        self.classes = classes
        self.by_verb: dict[str, list[tuple[Entry, tuple[str, ...]]]] = defaultdict(list)
        self.by_light: dict[str, list[tuple[Entry, tuple[str, ...]]]] = defaultdict(list)
        for entry in entries:
            for verb in entry.verbs:
                words = tuple(verb.lower().split())
                self.by_verb[words[0]].append((entry, words))
            if entry.nouns:
                for verb in entry.light or sorted(classes["light"]):
                    words = tuple(verb.lower().split())
                    self.by_light[words[0]].append((entry, words))
        self._sets: dict[tuple[str, ...], frozenset[str]] = {}
        self._loose: dict[str, frozenset[str]] | None = None

    def loose_types(self, lemma: str) -> frozenset[str]:
        """Every type a lemma can trigger, as a verb or a nominal, whatever the sense's
        constraints ("arrested the brothers" matches coerce.arrest's verb even when its
        object list lacks "brother"). The ranker weighs these loose matches."""
        if self._loose is None:
            table: dict[str, set[str]] = defaultdict(set)
            for entry in self.entries:
                for verb in entry.verbs:
                    table[verb.lower().split()[0]].add(entry.type)
                for noun in self.words(entry.nouns):
                    if not noun.startswith("@"):
                        table[noun.split()[-1]].add(entry.type)
            self._loose = {k: frozenset(v) for k, v in table.items()}
        return self._loose.get(lemma, frozenset())

    def words(self, items: tuple[str, ...]) -> frozenset[str]:
        """Expand ``@class`` references (not the dynamic ones) into one frozenset of lemmas."""
        cached = self._sets.get(items)
        if cached is None:
            out: set[str] = set()
            for item in items:
                if item in DYNAMIC_CLASSES:
                    out.add(item)
                elif item.startswith("@"):
                    out |= self.classes[item[1:]]
                else:
                    out.add(item.lower())
            cached = self._sets[items] = frozenset(out)
        return cached

    def spaced(self, items: tuple[str, ...]) -> frozenset[str]:
        """The hyphenated words of ``items`` with spaces for hyphens: the tokenizer splits
        "sit-in" at the hyphen, and a noun's phrase joins its parts with spaces."""
        key = ("-", *items)
        cached = self._sets.get(key)
        if cached is None:
            words = self.words(items)
            cached = frozenset(w.replace("-", " ") for w in words if "-" in w)
            self._sets[key] = cached
        return cached


@refuse_duplicate_keys
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.2-style booleans: only true/false. Word lists hold "on", "off", "no" as words.
    A key written twice in one mapping is an error. The C parser where PyYAML has one (the
    resolvers below are Python either way)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml(text: str) -> Any:
    """Parse YAML where only true/false are booleans (``on``, ``no`` stay words)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass


def _read_yaml(path: str | Path, text: str) -> dict[str, Any]:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise DataFileError("D001", path=str(path), reason=one_line(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise DataFileError("D001", path=str(path), reason="expected a mapping with 'entries'")
    return data


def _validate(
    path: str | Path, data: dict[str, Any]
) -> tuple[list[Entry], dict[str, frozenset[str]]]:
    classes = {
        k: frozenset(str(w).lower() for w in v) for k, v in (data.get("classes") or {}).items()
    }
    entries = []
    for raw in data["entries"]:
        name = raw.get("id", "?") if isinstance(raw, dict) else "?"
        try:
            entries.append(Entry.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise DataFileError(
                "D001", path=str(path), reason=f"entry {name}: {where}: {first['msg']}"
            ) from exc
    return entries, classes


def _check_references(
    path: str | Path, entries: list[Entry], classes: dict[str, frozenset[str]]
) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:
            raise DataFileError("D001", path=str(path), reason=f"duplicate entry id {e.id}")
        seen.add(e.id)
        if not (e.verbs or e.nouns):
            raise DataFileError("D001", path=str(path), reason=f"entry {e.id}: no verbs or nouns")
        words = (*e.objects, *e.not_objects, *e.nouns, *e.subject, *e.light, *e.prep_objects,
                 *e.not_prep_objects)  # fmt: skip
        for item in (*words, *e.complement_words):
            if item.startswith("@") and item not in DYNAMIC_CLASSES and item[1:] not in classes:
                raise DataFileError(
                    "D001", path=str(path), reason=f"entry {e.id}: unknown class {item}"
                )


def load_lexicon_files(files: Iterable[tuple[str | Path, str]]) -> Lexicon:
    """Build one ``Lexicon`` from ``(path, text)`` pairs; later files add entries and classes."""
    entries: list[Entry] = []
    classes: dict[str, frozenset[str]] = {}
    for path, text in files:
        data = _read_yaml(path, text)
        new_entries, new_classes = _validate(path, data)
        for name, words in new_classes.items():
            classes[name] = classes.get(name, frozenset()) | words
        entries.extend(new_entries)
        _check_references(path, entries, classes)
    return Lexicon(entries, classes)


def packaged_text() -> str:
    """The packaged triggers.yaml."""
    return resources.files("tocsin.events").joinpath("data/triggers.yaml").read_text("utf-8")


@functools.lru_cache(maxsize=8)
def load_lexicon(extra_files: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus ``extra_files`` (cached per process)."""
    files: list[tuple[str | Path, str]] = [("triggers.yaml", packaged_text())]
    for name in extra_files:
        path = Path(name)
        if not path.is_file():
            raise DataFileError("D001", path=name, reason="file not found")
        files.append((path, path.read_text("utf-8")))
    return load_lexicon_files(files)
