"""Loading and validating actor data files (packaged and analysts' YAML)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.actors.loader import KnownCodes, load_packaged, load_yaml_file, parse_yaml_text, plural
from tocsin.actors.model import Kind
from tocsin.actors.resolver import ActorResolver
from tocsin.errors import DataFileError


@pytest.fixture(scope="module")
def known() -> KnownCodes:
    _, codes = load_packaged()
    return codes


def test_packaged_files_load_and_cover_iso(known: KnownCodes) -> None:
    data, _ = load_packaged()
    assert len(known.countries) >= 250  # every ISO 3166 alpha-3 code plus KOS
    assert {"PSE", "HKG", "KOS", "USA", "TWN"} <= known.countries
    assert {
        "NATO",
        "EU",
        "UN",
        "IAEA",
        "AU",
        "ASEAN",
        "OPEC",
        "WHO",
        "IMF",
        "ICC",
        "ECOWAS",
        "G7",
    } <= known.igos
    kinds = {e.kind for _, e in data.phrases}
    assert kinds == set(Kind)
    persons = {e.name for _, e in data.phrases if e.kind is Kind.PERSON}
    assert len(persons) >= 300
    groups = {e.name for _, e in data.phrases if e.kind is Kind.GROUP}
    assert len(groups) >= 60


@pytest.mark.parametrize(
    ("word", "plural_form"),
    [
        ("troop", "troops"),
        ("militia", "militias"),
        ("policeman", "policemen"),
        ("authority", "authorities"),
        ("riot police officer", "riot police officers"),
        ("embassy", "embassies"),
        ("church", "churches"),
        ("child", "children"),
        ("MP", "MPs"),
    ],
)
def test_plural(word: str, plural_form: str) -> None:
    assert plural(word) == plural_form


# (YAML, words the error must contain: the section, the entry, the reason)
INVALID = [
    (
        "countries:\n  - {code: XYZ, name: Xland, capitl: [X]}\n",
        ["countries[0]", "Xland", "capitl"],
    ),
    ("countries:\n  - {code: usa, name: Lower}\n", ["countries[0]", "three capital letters"]),
    (
        "countries:\n  - {code: AAA, name: A}\n  - {code: AAA, name: B}\n",
        ["countries[1]", "duplicate"],
    ),
    ("igos:\n  - {code: FRA, name: Clash}\n", ["igos[0]", "clashes"]),
    ("agents:\n  - {sector: POL, words: [gendarme]}\n", ["agents[0]", "'POL'"]),
    ("agents:\n  - {sector: COP, words: gendarme}\n", ["agents[0]", "list of non-empty strings"]),
    ("agents:\n  - {sector: COP, words: [x], anaphor: cat}\n", ["agents[0]", "anaphor"]),
    (
        "persons:\n  - {name: A B, roles: [{code: ZZZ}]}\n",
        ["persons[0]", "'A B'", "unknown actor code 'ZZZ'"],
    ),
    (
        "persons:\n  - {name: A B, roles: [{code: FRA, from: 2020-05-01, to: 2019-01-01}]}\n",
        ["persons[0]", "not after"],
    ),
    (
        "persons:\n  - {name: A B, roles: [{code: FRA, from: 2020-13-01}]}\n",
        ["month must be in 1..12"],
    ),
    ("persons:\n  - {name: A B, roles: []}\n", ["persons[0]", "at least one role"]),
    (
        "persons:\n  - {name: A B, roles: [{code: FRA, from: 'May 2020'}]}\n",
        ["persons[0]", "ISO date"],
    ),
    ("persons:\n  - {name: A B, roles: [{code: FRA}], surname: 7}\n", ["persons[0]", "surname"]),
    (
        "armed_groups:\n  - {name: G, code: FRA, roles: [{code: FRA}]}\n",
        ["armed_groups[0]", "either"],
    ),
    ("armed_groups:\n  - {name: G}\n", ["armed_groups[0]", "'code'"]),
    ("places:\n  ZZZ: [Nowhere]\n", ["places['ZZZ']", "unknown actor code"]),
    ("institutions:\n  - {country: FRA, sector: LEG}\n", ["institutions[0]", "words"]),
    ("spies: []\n", ["unknown section", "spies"]),
    ("version: one\n", ["version", "integer"]),
    ("- just a list\n", ["top level"]),
    ("countries: [\n", ["not valid YAML"]),
    (
        "agents:\n  - sector: MIL\n    words: [legion]\n    words: [cohort]\n",
        ["not valid YAML", "duplicate key 'words'", "line 4"],
    ),
]


@pytest.mark.parametrize(("text", "words"), INVALID)
def test_invalid_entry_is_named(known: KnownCodes, text: str, words: list[str]) -> None:
    with pytest.raises(DataFileError) as info:
        parse_yaml_text(text, path="analyst.yaml", known=known)
    assert info.value.code == "D001"
    message = str(info.value)
    assert "analyst.yaml" in message
    for word in words:
        assert word in message


EXTRA = """\
version: 1
countries:
  - {code: ZZA, name: Zubrowka, adj: [Zubrowkan], capitals: [Lutz]}
persons:
  - {name: Gustave Hotelier, roles: [{code: ZZA, sector: GOV, from: 2020-01-01, to: 2022-12-31},
                                     {code: ZZA, sector: OPP, from: 2023-01-01}]}
agents:
  - {sector: MIL, words: [lancer]}
armed_groups:
  - {name: Lobby Boys, code: ZZA, sector: REB, aliases: [the Boys]}
"""


def test_analyst_yaml_file_extends_the_resolver(tmp_path: Path, known: KnownCodes) -> None:
    path = tmp_path / "zubrowka.yaml"
    path.write_text(EXTRA, "utf-8")
    data = load_yaml_file(path, known=known)
    assert "ZZA" in known.countries
    assert {p for p, _ in data.phrases} >= {
        "Zubrowka",
        "Zubrowkan",
        "Lutz",
        "Gustave Hotelier",
        "Hotelier",
        "lancers",
    }
    resolver = ActorResolver.from_files((str(path),))
    import datetime as dt

    assert resolver.resolve_text("Zubrowkan lancers").sector == "MIL"  # type: ignore[union-attr]
    hotelier = resolver.resolve_text("Hotelier", date=dt.date(2024, 1, 1))
    assert hotelier is not None
    assert (hotelier.code, hotelier.sector) == ("ZZA", "OPP")
    assert resolver.country_of_place("Lutz") == "ZZA"


def test_unreadable_file(tmp_path: Path, known: KnownCodes) -> None:
    with pytest.raises(DataFileError, match="cannot be read"):
        load_yaml_file(tmp_path / "missing.yaml", known=known)
