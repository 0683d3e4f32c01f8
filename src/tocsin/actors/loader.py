"""Load and validate the actor data files (packaged YAML, analysts' YAML, PETRARCH files).

Every file is checked entry by entry; the first problem raises ``DataFileError`` (D001)
naming the file, the section, the entry's position and its name or code, so an analyst can
find the line to fix. The format of each section is described in docs/data-files.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tocsin.actors.model import NONSTATE, SECTORS, ActorData, Entry, Kind, Role
from tocsin.errors import DataFileError
from tocsin.yamlfiles import one_line, refuse_duplicate_keys

#: Packaged files, loaded in this order (countries and IGOs first: others refer to codes).
PACKAGED_FILES: tuple[str, ...] = (
    "countries.yaml",
    "igos.yaml",
    "places.yaml",
    "agents.yaml",
    "groups.yaml",
    "leaders.yaml",
)

#: Top-level keys a tocsin actor file may hold, and the loader of each.
SECTIONS: tuple[str, ...] = (
    "countries",
    "igos",
    "places",
    "regions",
    "dateline_regions",
    "home_markers",
    "agents",
    "relational",
    "institutions",
    "armed_groups",
    "parties",
    "organisations",
    "persons",
    "containers",
    "list_markers",
    "vague_groups",
    "place_acts",
    "owner_suffixes",
    "titles",
)
_HEADER_KEYS = frozenset({"version", "updated", "sources"})


@refuse_duplicate_keys
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The C loader where PyYAML has one; a key written twice in one mapping is an error."""


class KnownCodes:
    """The actor codes defined so far, across files: countries, IGOs and ``NONSTATE``."""

    def __init__(self) -> None:
        self.countries: set[str] = set()
        self.igos: set[str] = set()

    def __contains__(self, code: object) -> bool:
        return code == NONSTATE or code in self.countries or code in self.igos


class _Ctx:
    """Where we are in a file, for error messages; and the codes known so far."""

    def __init__(self, path: str, known: KnownCodes) -> None:
        self.path = path
        self.known = known

    def fail(self, where: str, reason: str) -> DataFileError:
        return DataFileError("D001", path=self.path, reason=f"{where}: {reason}")


# ---------------------------------------------------------------- entry points
def load_packaged() -> tuple[ActorData, KnownCodes]:
    """Load the packaged data files; return the data and the set of known actor codes.

    Raises ``DataFileError`` (D001) when a packaged file is invalid.
    """
    data = ActorData()
    known = KnownCodes()
    folder = resources.files("tocsin.actors").joinpath("data")
    for name in PACKAGED_FILES:
        text = folder.joinpath(name).read_text("utf-8")
        data.extend(parse_yaml_text(text, path=f"tocsin/actors/data/{name}", known=known))
    return data, known


def load_yaml_file(path: str | Path, *, known: KnownCodes) -> ActorData:
    """Load an analyst's tocsin-format actor file (any of the packaged sections).

    ``known`` holds the actor codes defined so far; codes defined in this file are added.
    Raises ``DataFileError`` (D001) naming the offending entry.
    """
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError("D001", path=str(p), reason=f"cannot be read ({exc})") from exc
    return parse_yaml_text(text, path=str(p), known=known)


def parse_yaml_text(text: str, *, path: str, known: KnownCodes) -> ActorData:
    """Parse and validate the YAML ``text`` of one actor file (``path`` names it in errors)."""
    ctx = _Ctx(path, known)
    try:
        doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ctx.fail("file", f"not valid YAML ({one_line(exc)})") from exc
    except ValueError as exc:  # a date such as 2020-13-01
        raise ctx.fail("file", f"not valid YAML ({exc})") from exc
    if not isinstance(doc, dict):
        raise ctx.fail("file", "the top level must be a mapping of sections")
    _check_header(doc, ctx)
    data = ActorData(sources=[path])
    for section in SECTIONS:  # fixed order: codes are defined before they are used
        if section in doc:
            _SECTION_LOADERS[section](doc[section], data, ctx)
    return data


def _check_header(doc: dict[str, Any], ctx: _Ctx) -> None:
    unknown = sorted(set(doc) - set(SECTIONS) - _HEADER_KEYS)
    if unknown:
        raise ctx.fail("file", f"unknown section(s) {unknown}; known: {list(SECTIONS)}")
    if "version" in doc and not isinstance(doc["version"], int):
        raise ctx.fail("version", "must be an integer")


# ---------------------------------------------------------------- helpers
def _items(value: Any, section: str, ctx: _Ctx) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ctx.fail(section, "must be a list of entries")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ctx.fail(f"{section}[{i}]", "each entry must be a mapping")
    return value


def _where(section: str, i: int, item: Mapping[str, Any]) -> str:
    label = item.get("name") or item.get("code") or item.get("sector")
    return f"{section}[{i}] ({label!r})" if label else f"{section}[{i}]"


def _keys(
    item: Mapping[str, Any], allowed: set[str], required: set[str], where: str, ctx: _Ctx
) -> None:
    extra = sorted(set(item) - allowed)
    if extra:
        raise ctx.fail(where, f"unknown key(s) {extra}; allowed: {sorted(allowed)}")
    missing = sorted(required - set(item))
    if missing:
        raise ctx.fail(where, f"missing key(s) {missing}")


def _strings(value: Any, where: str, ctx: _Ctx) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.fail(where, "must be a list of non-empty strings")
    return [v.strip() for v in value]


def _name(item: Mapping[str, Any], where: str, ctx: _Ctx) -> str:
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ctx.fail(where, "name must be a non-empty string")
    return name.strip()


def _sector(value: Any, where: str, ctx: _Ctx) -> str | None:
    if value is None or value in SECTORS:
        return value  # type: ignore[no-any-return]
    raise ctx.fail(where, f"sector {value!r} is not one of {sorted(SECTORS)} or null")


def _code(value: Any, where: str, ctx: _Ctx) -> str:
    if not isinstance(value, str) or value not in ctx.known:
        raise ctx.fail(where, f"unknown actor code {value!r} (define countries and IGOs first)")
    return value


def _date(value: Any, where: str, ctx: _Ctx) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ctx.fail(where, f"{value!r} is not an ISO date (YYYY-MM-DD)")


def _flag(item: Mapping[str, Any], key: str, where: str, ctx: _Ctx) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise ctx.fail(where, f"{key} must be true or false")
    return value


def _strip_the(phrase: str) -> str:
    # "the Kremlin" and "Kremlin" are one name: the determiner is part of the parse, not of it.
    return phrase[4:] if phrase.lower().startswith("the ") and len(phrase) > 4 else phrase


def _add_all(data: ActorData, phrases: Iterable[str], entry: Entry) -> None:
    for phrase in phrases:
        data.add(_strip_the(phrase), entry)


# ---------------------------------------------------------------- sections
_COUNTRY_KEYS = {"code", "name", "aliases", "adj", "people", "capitals", "seats"}


def _load_countries(value: Any, data: ActorData, ctx: _Ctx) -> None:
    seen: set[str] = set()
    for i, item in enumerate(_items(value, "countries", ctx)):
        where = _where("countries", i, item)
        _keys(item, _COUNTRY_KEYS, {"code", "name"}, where, ctx)
        code = item["code"]
        if not isinstance(code, str) or len(code) != 3 or not code.isupper() or not code.isalpha():
            raise ctx.fail(where, f"code {code!r} must be three capital letters (ISO alpha-3)")
        if code in seen or code in ctx.known.igos:
            raise ctx.fail(where, f"duplicate country code {code!r}")
        seen.add(code)
        ctx.known.countries.add(code)
        _country_phrases(item, code, _name(item, where, ctx), where, data, ctx)


def _country_phrases(
    item: Mapping[str, Any], code: str, name: str, where: str, data: ActorData, ctx: _Ctx
) -> None:
    src = ctx.path
    _add_all(
        data,
        [name, *_strings(item.get("aliases"), where, ctx)],
        Entry(Kind.COUNTRY, name, code, source=src),
    )
    _add_all(data, _strings(item.get("adj"), where, ctx), Entry(Kind.ADJ, name, code, source=src))
    _add_all(
        data,
        _strings(item.get("people"), where, ctx),
        Entry(Kind.PEOPLE, name, code, "CVL", source=src),
    )
    for capital in _strings(item.get("capitals"), where, ctx):
        data.add(_strip_the(capital), Entry(Kind.CAPITAL, capital, code, "GOV", source=src))
        data.add(_strip_the(capital), Entry(Kind.PLACE, capital, code, source=src))
    seats = item.get("seats") or {}
    if not isinstance(seats, dict):
        raise ctx.fail(where, "seats must map each seat of power to its sector")
    for seat, sector in seats.items():
        entry = Entry(
            Kind.CAPITAL,
            str(seat),
            code,
            _sector(sector, f"{where} seat {seat!r}", ctx),
            source=src,
        )
        data.add(_strip_the(str(seat)), entry)


_IGO_KEYS = {"code", "name", "aliases", "sector", "nouns", "seats"}


def _load_igos(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for i, item in enumerate(_items(value, "igos", ctx)):
        where = _where("igos", i, item)
        _keys(item, _IGO_KEYS, {"code", "name"}, where, ctx)
        code = item["code"]
        if not isinstance(code, str) or not code.isupper() or not 2 <= len(code) <= 14:
            raise ctx.fail(where, f"code {code!r} must be 2-14 capital letters or digits")
        if code in ctx.known.countries:
            raise ctx.fail(where, f"IGO code {code!r} clashes with a country code")
        ctx.known.igos.add(code)
        name = _name(item, where, ctx)
        nouns = frozenset(n.lower() for n in _strings(item.get("nouns"), where, ctx))
        sector = _sector(item.get("sector"), where, ctx)
        entry = Entry(Kind.IGO, name, code, sector, nouns=nouns, source=ctx.path)
        _add_all(data, [name, *_strings(item.get("aliases"), where, ctx)], entry)
        for seat in _strings(item.get("seats"), where, ctx):
            data.add(_strip_the(seat), Entry(Kind.CAPITAL, seat, code, None, source=ctx.path))


def _names_by_code(value: Any, section: str, ctx: _Ctx) -> Iterator[tuple[str, str]]:
    """(code, name) pairs of a section that maps country codes to lists of names."""
    if not isinstance(value, dict):
        raise ctx.fail(section, "must map country codes to lists of names")
    for code, names in value.items():
        where = f"{section}[{code!r}]"
        _code(code, where, ctx)
        for name in _strings(names, where, ctx):
            yield code, name


def _load_places(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for code, place in _names_by_code(value, "places", ctx):
        data.add(_strip_the(place), Entry(Kind.PLACE, place, code, source=ctx.path))


def _load_dateline_regions(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for code, name in _names_by_code(value, "dateline_regions", ctx):
        data.dateline_regions[region_key(name)] = code


def _load_home_markers(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for code, word in _names_by_code(value, "home_markers", ctx):
        data.home_markers[word] = code


def region_key(name: str) -> str:
    """How a dateline's region is looked up: lower case, without dots or spaces ("N.Y." and
    "NY" alike)."""
    return name.replace(".", "").replace(" ", "").lower()


def _load_regions(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for region in _strings(value, "regions", ctx):
        data.add(_strip_the(region), Entry(Kind.REGION, region, source=ctx.path))


_AGENT_KEYS = {
    "sector", "words", "uncountable", "generic", "definite", "anaphor", "person", "alone",
    "acts_where", "domestic",
}  # fmt: skip
_ANAPHORS = frozenset({"person", "country", "group", "compound", "org", "jud"})


def _load_agents(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for i, item in enumerate(_items(value, "agents", ctx)):
        where = _where("agents", i, item)
        _keys(item, _AGENT_KEYS, {"sector", "words"}, where, ctx)
        anaphor = item.get("anaphor")
        if anaphor is not None and anaphor not in _ANAPHORS:
            raise ctx.fail(where, f"anaphor {anaphor!r} is not one of {sorted(_ANAPHORS)}")
        words = _strings(item["words"], where, ctx)
        uncountable = set(_strings(item.get("uncountable"), where, ctx))
        for word in words:
            entry = Entry(
                Kind.AGENT,
                word,
                sector=_sector(item["sector"], where, ctx),
                generic=_flag(item, "generic", where, ctx),
                definite=_flag(item, "definite", where, ctx),
                person=_flag(item, "person", where, ctx),
                alone=item.get("alone", True) is not False,
                acts_where=_flag(item, "acts_where", where, ctx),
                domestic=_flag(item, "domestic", where, ctx),
                anaphor=anaphor,
                source=ctx.path,
            )
            forms = [word] if word in uncountable else [word, plural(word)]
            _add_all(data, forms, entry)


def _load_relational(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for word in _strings(value, "relational", ctx):
        data.add(word, Entry(Kind.AGENT, word, alone=False, relational=True, source=ctx.path))


def _load_institutions(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for i, item in enumerate(_items(value, "institutions", ctx)):
        where = f"institutions[{i}] ({item.get('country')!r})"
        _keys(item, {"country", "sector", "words"}, {"country", "sector", "words"}, where, ctx)
        code = _code(item["country"], where, ctx)
        sector = _sector(item["sector"], where, ctx)
        for word in _strings(item["words"], where, ctx):
            entry = Entry(Kind.AGENT, word, code, sector, source=ctx.path)
            data.add(_strip_the(word), entry)


_GROUP_KEYS = {"name", "code", "sector", "aliases", "roles"}


def _load_groups(section: str) -> Callable[[Any, ActorData, _Ctx], None]:
    def load(value: Any, data: ActorData, ctx: _Ctx) -> None:
        for i, item in enumerate(_items(value, section, ctx)):
            where = _where(section, i, item)
            _keys(item, _GROUP_KEYS, {"name"}, where, ctx)
            name = _name(item, where, ctx)
            roles = _roles(item.get("roles"), where, ctx, group=name)
            code, sector = _fixed_code(item, roles, where, ctx)
            entry = Entry(Kind.GROUP, name, code, sector, roles=roles, source=ctx.path)
            _add_all(data, [name, *_strings(item.get("aliases"), where, ctx)], entry)

    return load


def _fixed_code(
    item: Mapping[str, Any], roles: tuple[Role, ...], where: str, ctx: _Ctx
) -> tuple[str | None, str | None]:
    if roles:
        if "code" in item or "sector" in item:
            raise ctx.fail(where, "give either code/sector or roles, not both")
        return None, None
    if "code" not in item:
        raise ctx.fail(where, "missing key 'code' (or 'roles')")
    return _code(item["code"], where, ctx), _sector(item.get("sector"), where, ctx)


_ROLE_KEYS = {"code", "sector", "from", "to", "title", "group"}


def _roles(value: Any, where: str, ctx: _Ctx, *, group: str | None = None) -> tuple[Role, ...]:
    if value is None:
        return ()
    roles: list[Role] = []
    for j, item in enumerate(_items(value, f"{where} roles", ctx)):
        here = f"{where} roles[{j}]"
        _keys(item, _ROLE_KEYS, {"code"}, here, ctx)
        code = _code(item["code"], here, ctx)
        start, end = _date(item.get("from"), here, ctx), _date(item.get("to"), here, ctx)
        if start and end and end <= start:
            raise ctx.fail(here, f"'to' {end} is not after 'from' {start}")
        name = item.get("group") or (group if code == NONSTATE else None)
        title = item.get("title")
        roles.append(
            Role(
                code,
                _sector(item.get("sector"), here, ctx),
                start,
                end,
                name,
                str(title) if title else None,
            )
        )
    return tuple(roles)


_PERSON_KEYS = {"name", "aliases", "surname", "roles"}


def _load_persons(value: Any, data: ActorData, ctx: _Ctx) -> None:
    for i, item in enumerate(_items(value, "persons", ctx)):
        where = _where("persons", i, item)
        _keys(item, _PERSON_KEYS, {"name", "roles"}, where, ctx)
        name = _name(item, where, ctx)
        roles = _roles(item["roles"], where, ctx)
        if not roles:
            raise ctx.fail(where, "a person needs at least one role")
        entry = Entry(Kind.PERSON, name, roles=roles, source=ctx.path)
        phrases = [name, *_strings(item.get("aliases"), where, ctx)]
        _add_all(data, phrases + _surnames(item, name, where, ctx), entry)


def _surnames(item: Mapping[str, Any], name: str, where: str, ctx: _Ctx) -> list[str]:
    surname = (
        item.get("surname", name.rsplit(maxsplit=1)[-1]) if " " in name else item.get("surname")
    )
    if surname is None:
        return []
    if not isinstance(surname, str) or not surname.strip():
        raise ctx.fail(where, "surname must be a non-empty string or null")
    # "al-Sharaa" is also written "Sharaa"
    bare = [surname[3:] for p in ("al-", "el-", "Al-", "El-") if surname.startswith(p)]
    return [surname, *bare]


def _word_list(attr: str) -> Callable[[Any, ActorData, _Ctx], None]:
    def load(value: Any, data: ActorData, ctx: _Ctx) -> None:
        words = frozenset(w.lower() for w in _strings(value, attr, ctx))
        setattr(data, attr, getattr(data, attr) | words)

    return load


_SECTION_LOADERS: dict[str, Callable[[Any, ActorData, _Ctx], None]] = {
    "countries": _load_countries,
    "igos": _load_igos,
    "places": _load_places,
    "regions": _load_regions,
    "dateline_regions": _load_dateline_regions,
    "home_markers": _load_home_markers,
    "agents": _load_agents,
    "relational": _load_relational,
    "institutions": _load_institutions,
    "armed_groups": _load_groups("armed_groups"),
    "parties": _load_groups("parties"),
    "organisations": _load_groups("organisations"),
    "persons": _load_persons,
    "containers": _word_list("containers"),
    "list_markers": _word_list("list_markers"),
    "vague_groups": _word_list("vague_groups"),
    "place_acts": _word_list("place_acts"),
    "owner_suffixes": _word_list("owner_suffixes"),
    "titles": _word_list("titles"),
}


# ---------------------------------------------------------------- plurals
_IRREGULAR: dict[str, str] = {"child": "children", "person": "people", "staff": "staff"}


def plural(phrase: str) -> str:
    """English plural of the last word of ``phrase`` ("troop" → "troops", "militia" → "militias").

    Enough for agent nouns: -man → -men, consonant + y → -ies, sibilants → -es.
    """
    head, _, last = phrase.rpartition(" ")
    if last.lower() in _IRREGULAR:
        word = _IRREGULAR[last.lower()]
    elif last.endswith("man") and not last.lower().endswith("human"):
        word = last[:-3] + "men"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word
