"""The weapons data file: systems with reference ranges, the closed class vocabulary, phrases.

``load_catalog()`` reads the packaged ``data/weapons.yaml`` plus any extra files (setting
``weapons.extra_files``), validates every entry and returns a ``WeaponCatalog``. A bad entry
raises ``DataFileError`` D001 naming the file and the entry. The format is described in
docs/data-files.md ("Weapon systems") and in the comments at the top of the data file.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tocsin.errors import DataFileError

#: libyaml's safe loader when PyYAML was built with it (7x faster on this file), else Python's.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SYSTEM_KEYS = frozenset(
    {
        "id",
        "name",
        "aliases",
        "ambiguous",
        "type",
        "origin",
        "range_km",
        "range_span_km",
        "range_source",
        "range_note",
        "nuclear_capable",
        "classes",
    }
)
_SYSTEM_REQUIRED = frozenset(
    {
        "id",
        "name",
        "aliases",
        "type",
        "origin",
        "range_km",
        "range_source",
        "nuclear_capable",
        "classes",
    }
)
_TOP_KEYS = frozenset(
    {
        "version",
        "sources",
        "types",
        "classes",
        "derived",
        "context",
        "ranges",
        "spelling",
        "class_phrases",
        "stop_phrases",
        "systems",
    }
)
_CONTEXT_KEYS = ("nouns", "object_verbs", "subject_verbs", "made_words")
_RANGE_KEYS = ("nouns", "verbs", "modals")


@dataclass(frozen=True, slots=True)
class WeaponSystem:
    """One weapon system: names, type, origin, reference range and classes.

    ``classes`` are as listed in the file (the first is the mention's ``weapon_class``);
    ``all_classes`` adds every implied and derived class.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    ambiguous: tuple[str, ...]
    type: str
    origin: str
    range_km: float | None
    range_span_km: tuple[float, float] | None
    range_source: str
    range_note: str
    nuclear_capable: bool
    classes: tuple[str, ...]
    all_classes: frozenset[str] = frozenset()
    path: str = ""

    def range_bounds(self) -> tuple[float, float] | None:
        """``(low, high)`` reference range in km (the span, else the nominal), or None."""
        if self.range_span_km is not None:
            return self.range_span_km
        if self.range_km is None:
            return None
        return (self.range_km, self.range_km)


@dataclass(frozen=True, slots=True)
class ClassPhrase:
    """Phrases naming weapon classes; ``context`` phrases need weapon context (``rocket``)."""

    classes: tuple[str, ...]
    phrases: tuple[str, ...]
    context: bool = False
    veto: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class DerivedRule:
    """``weapon_class`` is added to anything in ``when_class`` reaching ``min_range_km``."""

    weapon_class: str
    when_class: str
    min_range_km: float


@dataclass(frozen=True, slots=True)
class WordLists:
    """Lemma lists from the ``context`` and ``ranges`` sections."""

    context: Mapping[str, frozenset[str]]
    ranges: Mapping[str, frozenset[str]]


@dataclass(slots=True)
class WeaponCatalog:
    """Everything the weapons stage knows, validated; build with ``load_catalog``."""

    systems: dict[str, WeaponSystem]
    classes: dict[str, tuple[str, ...]]
    class_phrases: tuple[ClassPhrase, ...]
    stop_phrases: tuple[str, ...]
    derived: tuple[DerivedRule, ...]
    words: WordLists
    spelling: dict[str, str]
    types: frozenset[str]
    sources: dict[str, str]
    paths: tuple[str, ...] = ()
    matcher: Any = field(default=None, repr=False)

    def closure(self, classes: Iterable[str]) -> frozenset[str]:
        """``classes`` plus every class they imply, transitively."""
        seen: set[str] = set()
        todo = list(classes)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self.classes.get(name, ()))
        return frozenset(seen)

    def derive(self, classes: frozenset[str], range_km: float | None) -> frozenset[str]:
        """Add the derived classes (``long-range missile``) that ``range_km`` earns."""
        if range_km is None:
            return classes
        extra = [
            r.weapon_class
            for r in self.derived
            if r.when_class in classes and range_km >= r.min_range_km
        ]
        return self.closure(classes | set(extra)) if extra else classes


# ---------------------------------------------------------------- loading
def packaged_path() -> Path:
    """Path of the packaged ``weapons.yaml``."""
    return Path(str(resources.files("tocsin.enrich").joinpath("data", "weapons.yaml")))


def load_catalog(extra_files: Sequence[str | Path] = ()) -> WeaponCatalog:
    """Load, merge and validate the packaged file and ``extra_files`` (cached per file list).

    Raises ``DataFileError`` D001 naming the file and entry when anything is invalid.
    """
    return _load_cached(tuple(str(p) for p in extra_files))


@functools.lru_cache(maxsize=8)
def _load_cached(extra_files: tuple[str, ...]) -> WeaponCatalog:
    from tocsin.enrich.weapon_matcher import build_matcher

    paths = (str(packaged_path()), *extra_files)
    raw = [(p, _read_yaml(p)) for p in paths]
    catalog = _merge(raw)
    catalog.matcher = build_matcher(catalog)
    return catalog


def _fail(path: str, reason: str) -> DataFileError:
    return DataFileError("D001", path=path, reason=reason)


def _read_yaml(path: str) -> dict[str, Any]:
    try:
        data = yaml.load(Path(path).read_text("utf-8"), Loader=_LOADER)  # noqa: S506 - safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _fail(path, str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise _fail(path, "the file must be a YAML mapping")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _fail(path, f"unknown top-level keys {unknown}")
    return data


def _merge(raw: list[tuple[str, dict[str, Any]]]) -> WeaponCatalog:
    """Merge files in order (later systems replace same ids), then check cross-references."""
    first_path, first = raw[0]
    for key in ("types", "classes", "systems", "class_phrases"):
        if key not in first:
            raise _fail(first_path, f"missing top-level key {key!r}")
    cat = WeaponCatalog(
        systems={},
        classes={},
        class_phrases=(),
        stop_phrases=(),
        derived=(),
        words=WordLists(context={k: frozenset() for k in _CONTEXT_KEYS}, ranges={}),
        spelling={},
        types=frozenset(),
        sources={},
        paths=tuple(p for p, _ in raw),
    )
    for path, data in raw:
        _merge_file(cat, path, data)
    for system in cat.systems.values():
        _check_system_refs(cat, system)
    _check_class_refs(cat)
    cat.systems = {sid: _with_closure(cat, s) for sid, s in cat.systems.items()}
    return cat


def _merge_file(cat: WeaponCatalog, path: str, data: dict[str, Any]) -> None:
    cat.sources.update(_str_map(path, "sources", data.get("sources", {})))
    cat.types = cat.types | set(_str_list(path, "types", data.get("types", [])))
    cat.spelling.update(_str_map(path, "spelling", data.get("spelling", {})))
    cat.classes.update(_classes(path, data.get("classes", {})))
    cat.derived += tuple(_derived(path, data.get("derived", [])))
    cat.words = _words(path, data, cat.words)
    cat.class_phrases += tuple(_phrases(path, data.get("class_phrases", [])))
    cat.stop_phrases += tuple(_str_list(path, "stop_phrases", data.get("stop_phrases", [])))
    systems = data.get("systems", [])
    if not isinstance(systems, list):
        raise _fail(path, "'systems' must be a list")
    seen: set[str] = set()
    for index, entry in enumerate(systems):
        system = _system(path, index, entry)
        if system.id in seen:
            raise _fail(path, f"systems[{index}]: duplicate id {system.id!r}")
        seen.add(system.id)
        cat.systems[system.id] = system


# ---------------------------------------------------------------- sections
def _str_list(path: str, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"{where} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _str_map(path: str, where: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _fail(path, f"{where} must map strings to strings")
    return {k.strip(): v.strip() for k, v in value.items()}


def _classes(path: str, value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise _fail(path, "'classes' must map class names to {implies, description}")
    out: dict[str, tuple[str, ...]] = {}
    for name, given in value.items():
        spec = given or {}
        if not isinstance(name, str) or not isinstance(spec, dict):
            raise _fail(path, f"classes[{name!r}] must be a mapping")
        extra = set(spec) - {"implies", "description"}
        if extra:
            raise _fail(path, f"classes[{name!r}]: unknown keys {sorted(extra)}")
        out[name] = tuple(_str_list(path, f"classes[{name!r}].implies", spec.get("implies", [])))
    return out


def _derived(path: str, value: Any) -> list[DerivedRule]:
    if not isinstance(value, list):
        raise _fail(path, "'derived' must be a list")
    rules = []
    for index, spec in enumerate(value):
        where = f"derived[{index}]"
        if not isinstance(spec, dict) or set(spec) != {"class", "when_class", "min_range_km"}:
            raise _fail(path, f"{where} needs exactly class, when_class, min_range_km")
        rules.append(
            DerivedRule(
                weapon_class=str(spec["class"]),
                when_class=str(spec["when_class"]),
                min_range_km=_positive(path, f"{where}.min_range_km", spec["min_range_km"]),
            )
        )
    return rules


def _words(path: str, data: dict[str, Any], current: WordLists) -> WordLists:
    context = dict(current.context)
    ranges = dict(current.ranges)
    for section, keys, target in (
        ("context", _CONTEXT_KEYS, context),
        ("ranges", _RANGE_KEYS, ranges),
    ):
        value = data.get(section, {})
        if not isinstance(value, dict) or set(value) - set(keys):
            raise _fail(path, f"'{section}' may only hold the lists {list(keys)}")
        for key, words in value.items():
            lemmas = {w.lower() for w in _str_list(path, f"{section}.{key}", words)}
            target[key] = target.get(key, frozenset()) | lemmas
    return WordLists(context=context, ranges=ranges)


def _phrases(path: str, value: Any) -> list[ClassPhrase]:
    if not isinstance(value, list):
        raise _fail(path, "'class_phrases' must be a list")
    out = []
    for index, spec in enumerate(value):
        where = f"class_phrases[{index}]"
        if not isinstance(spec, dict) or not {"classes", "phrases"} <= set(spec):
            raise _fail(path, f"{where} needs classes and phrases")
        extra = set(spec) - {"classes", "phrases", "context", "veto"}
        if extra:
            raise _fail(path, f"{where}: unknown keys {sorted(extra)}")
        out.append(
            ClassPhrase(
                classes=tuple(_str_list(path, f"{where}.classes", spec["classes"])),
                phrases=tuple(_str_list(path, f"{where}.phrases", spec["phrases"])),
                context=bool(spec.get("context", False)),
                veto=frozenset(
                    w.lower() for w in _str_list(path, f"{where}.veto", spec.get("veto", []))
                ),
            )
        )
    return out


def _positive(path: str, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise _fail(path, f"{where} must be a positive number of km, got {value!r}")
    return float(value)


# ---------------------------------------------------------------- systems
def _system(path: str, index: int, entry: Any) -> WeaponSystem:
    if not isinstance(entry, dict):
        raise _fail(path, f"systems[{index}] must be a mapping")
    where = f"systems[{index}] ({entry.get('id')!r})"
    missing = sorted(_SYSTEM_REQUIRED - set(entry))
    unknown = sorted(set(entry) - _SYSTEM_KEYS)
    if missing or unknown:
        raise _fail(path, f"{where}: missing keys {missing}, unknown keys {unknown}")
    sid = entry["id"]
    if not isinstance(sid, str) or not _ID.match(sid):
        raise _fail(path, f"{where}: id must be lower_snake_case")
    origin = entry["origin"]
    if not isinstance(origin, str) or not _ISO3.match(origin):
        raise _fail(path, f"{where}: origin must be an ISO 3166 alpha-3 code, got {origin!r}")
    if not isinstance(entry["nuclear_capable"], bool):
        raise _fail(path, f"{where}: nuclear_capable must be true or false")
    range_km, span = _system_range(path, where, entry)
    return WeaponSystem(
        id=sid,
        name=_text(path, f"{where}.name", entry["name"]),
        aliases=tuple(_str_list(path, f"{where}.aliases", entry["aliases"])),
        ambiguous=tuple(_str_list(path, f"{where}.ambiguous", entry.get("ambiguous", []))),
        type=_text(path, f"{where}.type", entry["type"]),
        origin=origin,
        range_km=range_km,
        range_span_km=span,
        range_source=_text(path, f"{where}.range_source", entry["range_source"]),
        range_note=str(entry.get("range_note", "")),
        nuclear_capable=entry["nuclear_capable"],
        classes=tuple(_str_list(path, f"{where}.classes", entry["classes"])),
        path=path,
    )


def _text(path: str, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{where} must be a non-empty string")
    return value.strip()


def _system_range(
    path: str, where: str, entry: dict[str, Any]
) -> tuple[float | None, tuple[float, float] | None]:
    if entry["range_km"] is None:
        if entry.get("range_span_km") is not None:
            raise _fail(path, f"{where}: range_span_km needs a range_km")
        return None, None
    range_km = _positive(path, f"{where}.range_km", entry["range_km"])
    span = entry.get("range_span_km")
    if span is None:
        return range_km, None
    if not isinstance(span, list) or len(span) != 2:
        raise _fail(path, f"{where}: range_span_km must be [low, high]")
    low = _positive(path, f"{where}.range_span_km", span[0])
    high = _positive(path, f"{where}.range_span_km", span[1])
    if not low <= range_km <= high:
        raise _fail(path, f"{where}: range_km {range_km:g} lies outside range_span_km")
    return range_km, (low, high)


def _check_system_refs(cat: WeaponCatalog, system: WeaponSystem) -> None:
    where = f"system {system.id!r}"
    if system.type not in cat.types:
        raise _fail(system.path, f"{where}: unknown type {system.type!r} (see 'types')")
    if system.range_source not in cat.sources:
        raise _fail(system.path, f"{where}: unknown range_source {system.range_source!r}")
    unknown = [c for c in system.classes if c not in cat.classes]
    if unknown:
        raise _fail(system.path, f"{where}: unknown classes {unknown} (see 'classes')")
    overlap = set(system.aliases) & set(system.ambiguous)
    if overlap:
        raise _fail(system.path, f"{where}: {sorted(overlap)} listed as alias and ambiguous")


def _check_class_refs(cat: WeaponCatalog) -> None:
    path = cat.paths[0]
    for name, implies in cat.classes.items():
        unknown = [c for c in implies if c not in cat.classes]
        if unknown:
            raise _fail(path, f"classes[{name!r}] implies unknown classes {unknown}")
        if name in cat.closure(implies):
            raise _fail(path, f"classes[{name!r}] implies itself (a cycle)")
    for rule in cat.derived:
        for name in (rule.weapon_class, rule.when_class):
            if name not in cat.classes:
                raise _fail(path, f"derived rule names unknown class {name!r}")
    for phrase in cat.class_phrases:
        unknown = [c for c in phrase.classes if c not in cat.classes]
        if unknown:
            raise _fail(path, f"class phrase {phrase.phrases[0]!r}: unknown classes {unknown}")


def _with_closure(cat: WeaponCatalog, system: WeaponSystem) -> WeaponSystem:
    classes = cat.derive(cat.closure(system.classes), system.range_km)
    return dataclasses.replace(system, all_classes=classes)
