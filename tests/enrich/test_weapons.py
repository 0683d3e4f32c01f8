"""Weapon systems, classes and stated ranges: data file, matcher, context, ranges, stage.

Everything runs on the real spaCy model. ``tests/data/weapons_sentences.jsonl`` holds 50
team-written wire-style sentences with gold systems, class mentions and stated ranges; the
seed test reads ``../shared/seeds`` (and its ``expected.md``) in place.
"""

from __future__ import annotations

import collections
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, shared_path
from tocsin.config import Settings, load_settings
from tocsin.enrich.units import find_distances, to_km
from tocsin.enrich.weapon_catalog import WeaponCatalog, load_catalog, packaged_path
from tocsin.enrich.weapons import (
    DEFAULT_TOLERANCE,
    WeaponStage,
    class_matches,
    find_weapons,
    normalise_class,
    range_deviation,
    weapon_classes,
)
from tocsin.errors import DataFileError
from tocsin.nlp import parse_documents, parsed_sentences
from tocsin.pipeline import build_stages
from tocsin.records import Article, Document, WeaponMention

GOLD = ROOT / "tests" / "data" / "weapons_sentences.jsonl"
#: Pinned quality on the 50 gold sentences (measured 1.00 / 1.00 / 1.00 when written).
MIN_PRECISION = 0.9
MIN_RECALL = 0.9
MIN_RANGE_ACCURACY = 0.9


@pytest.fixture(scope="module")
def catalog() -> WeaponCatalog:
    """The packaged catalog."""
    return load_catalog()


def parse(nlp: Any, text: str, article_id: str = "a1") -> Document:
    """A parsed ``Document`` for ``text``."""
    doc = Document(article=Article(id=article_id, text=text, source="-"))
    parse_documents([doc], nlp=nlp)
    return doc


def mentions(nlp: Any, text: str, **kwargs: Any) -> list[WeaponMention]:
    """All weapon mentions of ``text``."""
    doc = parse(nlp, text)
    return [m for ps in parsed_sentences(doc) for m in find_weapons(ps, "a1", **kwargs)]


def systems(nlp: Any, text: str) -> list[str | None]:
    """System ids found in ``text``, in order."""
    return [m.system for m in mentions(nlp, text) if m.system]


# ---------------------------------------------------------------- the data file
REQUIRED_SYSTEMS = frozenset(
    {
        "atacms",
        "storm_shadow",
        "himars",
        "kalibr",
        "iskander",
        "kinzhal",
        "oreshnik",
        "patriot",
        "taurus",
        "tomahawk",
        "f16",
        "f35",
        "shahed136",
        "tb2",
        "leopard2",
        "abrams",
        "challenger2",
        "bradley",
        "caesar",
        "m777",
        "nasams",
        "iris_t",
        "s300",
        "s400",
        "zircon",
        "sarmat",
        "burevestnik",
        "poseidon",
        "kh101",
        "kh22",
        "tochka",
        "lancet",
        "orlan10",
        "su34",
        "su35",
        "tu95",
        "tu160",
        "tu22m3",
        "mig31",
        "ka52",
        "hwasong17",
        "hwasong18",
        "hwasong19",
        "kn23",
        "fateh110",
        "zolfaghar",
        "kheibar_shekan",
        "emad",
        "shahab3",
        "df21d",
        "df26",
        "df41",
        "jl2",
        "agni5",
        "brahmos",
        "prithvi",
        "shaheen3",
        "babur",
        "ghauri",
        "jericho",
        "iron_dome",
        "davids_sling",
        "arrow3",
        "thaad",
        "sm3",
        "aegis",
        "javelin",
        "nlaw",
        "stinger",
        "gripen",
        "rafale",
        "typhoon",
        "neptune",
        "vampire",
        "switchblade",
        "mq9",
        "mq1",
    }
)


def test_catalog_has_the_widely_reported_systems(catalog: WeaponCatalog) -> None:
    assert len(catalog.systems) >= 60
    assert REQUIRED_SYSTEMS - set(catalog.systems) == set()


def test_every_system_is_complete(catalog: WeaponCatalog) -> None:
    for system in catalog.systems.values():
        assert system.type in catalog.types, system.id
        assert re.fullmatch(r"[A-Z]{3}", system.origin), system.id
        assert system.range_source in catalog.sources, system.id
        assert system.classes, system.id
        assert set(system.classes) <= set(catalog.classes), system.id
        assert system.range_km is not None or system.range_note, system.id


@pytest.mark.parametrize(
    ("system", "in_class", "out_class"),
    [
        ("storm_shadow", "long-range missile", "ballistic missile"),
        ("atacms", "long-range weapon", "cruise missile"),
        ("sarmat", "ballistic missile", "cruise missile"),
        ("himars", "artillery", "long-range missile"),
        ("shahed136", "long-range weapon", "missile"),
        ("abrams", "armoured vehicle", "artillery"),
        ("zircon", "hypersonic missile", "ballistic missile"),
        ("patriot", "air defence", "missile"),
    ],
)
def test_system_classes_follow_implication_and_range(
    catalog: WeaponCatalog, system: str, in_class: str, out_class: str
) -> None:
    classes = catalog.systems[system].all_classes
    assert in_class in classes
    assert out_class not in classes


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


SYSTEM = """
systems:
  - id: {id}
    name: Test Missile
    aliases: [{alias}]
    type: {type}
    origin: {origin}
    range_km: {range}
    range_span_km: {span}
    range_source: press
    nuclear_capable: false
    classes: [{cls}]
"""
GOOD = {
    "id": "zz_test",
    "alias": "Zzyzx-9",
    "type": "cruise missile",
    "origin": "RUS",
    "range": 400,
    "span": "[300, 500]",
    "cls": "cruise missile",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cls": "space laser"}, "unknown classes"),
        ({"origin": "Russia"}, "ISO 3166"),
        ({"range": -5}, "positive number"),
        ({"span": "[500, 900]"}, "outside range_span_km"),
        ({"type": "catapult"}, "unknown type"),
        ({"id": "Bad Id"}, "lower_snake_case"),
        ({"alias": "Kalibr"}, "is written like"),
    ],
)
def test_invalid_entries_raise_d001_naming_the_entry(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    path = _write(tmp_path, SYSTEM.format(**{**GOOD, **change}))
    with pytest.raises(DataFileError) as err:
        load_catalog([path])
    assert err.value.code == "D001"
    assert path in err.value.message
    assert message in err.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weapons: []\n", "unknown top-level keys"),
        ("systems:\n  - id: x\n", "missing keys"),
        ("systems:\n  - [not, a, mapping]\n", "must be a mapping"),
        ("- just a list\n", "YAML mapping"),
        ("classes: {drone: {implies: [robot]}}\n", "unknown classes"),
    ],
)
def test_malformed_files_raise_d001(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataFileError) as err:
        load_catalog([_write(tmp_path, text)])
    assert message in err.value.message


def test_packaged_file_without_systems_section_is_rejected(tmp_path: Path) -> None:
    text = packaged_path().read_text("utf-8")
    head = text[: text.index("\nsystems:")]
    broken = tmp_path / "weapons.yaml"
    broken.write_text(head, encoding="utf-8")
    from tocsin.enrich.weapon_catalog import _merge, _read_yaml

    with pytest.raises(DataFileError, match="missing top-level key 'systems'"):
        _merge([(str(broken), _read_yaml(str(broken)))])


def test_extra_file_adds_a_recognised_system(nlp: Any, tmp_path: Path) -> None:
    cat = load_catalog([_write(tmp_path, SYSTEM.format(**GOOD))])
    found = mentions(nlp, "Russia fired two Zzyzx-9s at Odesa.", catalog=cat)
    assert [(m.system, m.text, m.reference_range_km) for m in found] == [
        ("zz_test", "Zzyzx-9s", 400.0)
    ]
    assert "kalibr" in cat.systems  # the packaged entries are still there


# ---------------------------------------------------------------- units
@pytest.mark.parametrize(
    ("value", "unit", "km"),
    [
        (700, "miles", 1126.5),
        (1, "mile", 1.6),
        (1000, "nautical miles", 1852.0),
        (250, "kilometers", 250.0),
        (5500, "kilometres", 5500.0),
        (300, "km", 300.0),
        (100, "nmi", 185.2),
        (50, "mi", 80.5),
    ],
)
def test_unit_conversion(value: float, unit: str, km: float) -> None:
    assert to_km(value, unit) == km


@pytest.mark.parametrize(
    ("text", "value", "km", "low"),
    [
        ("a range of roughly 250 kilometres", 250, 250.0, None),
        ("capable of flying 700 miles", 700, 1126.5, None),
        ("with a 300-km range", 300, 300.0, None),
        ("up to 1,500 km", 1500, 1500.0, None),
        ("a 2,000-kilometre range", 2000, 2000.0, None),
        ("a range of 1,000 nautical miles", 1000, 1852.0, None),
        ("a 300km reach", 300, 300.0, None),
        ("between 1,500 and 2,500 km", 2500, 2500.0, 1500),
        ("1,500-2,500 km", 2500, 2500.0, 1500),
        ("about 2.5 km", 2.5, 2.5, None),
    ],
)
def test_distances_are_found(text: str, value: float, km: float, low: float | None) -> None:
    (found,) = find_distances(text)
    assert (found.value, found.km, found.low) == (value, km, low)


@pytest.mark.parametrize(
    "text",
    ["flies at 7,000 km/h", "speeds of 900 miles per hour", "17 Mi-8 helicopters", "40 km²"],
)
def test_speeds_areas_and_designations_are_not_distances(text: str) -> None:
    assert find_distances(text) == []


def test_stated_text_keeps_the_qualifier() -> None:
    (found,) = find_distances("whose range is roughly 250 kilometres.")
    assert found.text == "roughly 250 kilometres"


# ---------------------------------------------------------------- recognition
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Britain sent Storm Shadows to Kyiv.", ["storm_shadow"]),
        ("France supplied SCALP-EG missiles.", ["storm_shadow"]),
        ("The Army Tactical Missile System was used.", ["atacms"]),
        ("Ukraine fired MGM-140 missiles.", ["atacms"]),
        ("The U.S.-made ATACMS hit an airfield.", ["atacms"]),
        ("Ukraine received more Atacms.", ["atacms"]),
        ("Warships fired Kalibrs and 3M-54 missiles.", ["kalibr", "kalibr"]),
        ("Russia launched Kh-47M2 Kinzhal missiles.", ["kinzhal"]),
        ("Russia launched Kinzhal (Kh-47M2) missiles.", ["kinzhal"]),
        ("The 9K720 Iskander-M was moved.", ["iskander"]),
        ("Pilots are training on F-16s and F16 simulators.", ["f16", "f16"]),
        ("The Fighting Falcon flew.", ["f16"]),
        ("Leopard 2A6 and Leopard 2s arrived.", ["leopard2", "leopard2"]),
        ("The S-400s and S-300PMU-2 were deployed.", ["s400", "s300"]),
        ("Kyiv downed 40 Geran-2s.", ["shahed136"]),
        ("A Hwasong 17 was launched.", ["hwasong17"]),
        ("The MiG-31K carries the Kinzhal.", ["mig31", "kinzhal"]),
        ("Tu-95MS bombers took off.", ["tu95"]),
        ("The Taurus KEPD 350 is German.", ["taurus"]),
        ("The MQ-9 Reaper crashed.", ["mq9"]),
        ("Israel's David's Sling intercepted a missile.", ["davids_sling"]),
        ("NASAMS, IRIS-T and Gepard systems protect Kyiv.", ["nasams", "iris_t", "gepard"]),
    ],
)
def test_aliases_plurals_and_variants(nlp: Any, text: str, expected: list[str]) -> None:
    assert systems(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Germany delivered Patriot air defense systems.", ["patriot"]),
        ("The senator called himself a true patriot.", []),
        ("New England Patriots fans celebrated the win.", []),
        ("RAF Typhoon jets were scrambled.", ["typhoon"]),
        ("Typhoon Gaemi battered Taiwan with rain.", []),
        ("The Neptune anti-ship missile sank the ship.", ["neptune"]),
        ("A ring around Neptune was seen by astronomers.", []),
        ("Kyiv received more Javelin missiles.", ["javelin"]),
        ("She threw the javelin 65 metres.", []),
        ("France sent Caesar howitzers.", ["caesar"]),
        ("France sent CAESAR guns to Kyiv.", ["caesar"]),
        ("Julius Caesar crossed the Rubicon.", []),
        ("The U.S. is shipping VAMPIRE counter-drone kits.", ["vampire"]),
        ("The vampire film opened on Friday.", []),
        ("An Arrow interceptor destroyed the missile.", ["arrow3"]),
        ("He shot an arrow at the target.", []),
        ("The football club said its stadium would reopen.", []),
        ("Russia fired Club missiles from a corvette.", ["kalibr"]),
        ("She helped launch the Ballet Club in London.", []),
        ("A study published in The Lancet found benefits.", []),
        ("Lancet drones destroyed a howitzer.", ["lancet"]),
        ("Stacey Abrams spoke in Atlanta.", []),
        ("Washington sent Abrams tanks to Ukraine.", ["abrams"]),
        ("The challenger trails the incumbent.", []),
        ("Ben Bradley, a spokesman, declined to comment.", []),
        ("Bradleys and Abrams tanks crossed the river.", ["bradley", "abrams"]),
        ("The Grim Reaper is a symbol of death.", []),
        ("The debentures are rated B-2 by Moody's.", []),
        ("A B-2 stealth bomber flew overhead.", ["b2"]),
        ("The USA Tomahawks won the rugby match.", []),
        ("The U.S. may send Tomahawks to Ukraine.", ["tomahawk"]),
        ("Ukraine received Patriots, NASAMS and IRIS-T.", ["patriot", "nasams", "iris_t"]),
    ],
)
def test_ambiguous_names_need_weapon_context(nlp: Any, text: str, expected: list[str]) -> None:
    assert systems(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO may supply long-range missiles.", ["long-range missile"]),
        ("Kyiv wants long range weapons.", ["long-range weapon"]),
        (
            "It fired cruise missiles and ballistic missiles.",
            ["cruise missile", "ballistic missile"],
        ),
        ("Russia is developing hypersonic missiles.", ["hypersonic missile"]),
        ("The U.S. sent air defense systems and air defences.", ["air defence", "air defence"]),
        ("Allies pledged fighter jets and tanks.", ["fighter jet", "tank"]),
        ("Armoured vehicles and armored personnel carriers arrived.", ["armoured vehicle"] * 2),
        ("Drones and artillery pounded the city.", ["drone", "artillery"]),
        (
            "Putin mentioned nuclear weapons and tactical nuclear weapons.",
            ["nuclear weapon", "tactical nuclear weapon"],
        ),
        ("North Korea tested an ICBM and an intercontinental ballistic missile.", ["ICBM"] * 2),
        ("The think tank said stocks could tank.", []),
        ("Several think tanks filled up fuel tanks.", []),
        ("A car bomber struck a checkpoint.", []),
        ("Rockets were fired at Sderot overnight.", ["rocket"]),
        ("SpaceX launched a rocket carrying a satellite.", []),
        ("Hamas fighters crossed the border.", []),
    ],
)
def test_class_mentions(nlp: Any, text: str, expected: list[str]) -> None:
    found = [m.weapon_class for m in mentions(nlp, text) if m.system is None]
    assert found == expected


def test_class_phrase_after_a_name_is_part_of_the_mention(nlp: Any) -> None:
    found = mentions(nlp, "The drill ended with a salvo of Kalibr cruise missiles.")
    assert [(m.text, m.system, m.weapon_class) for m in found] == [
        ("Kalibr cruise missiles", "kalibr", "cruise missile")
    ]


def test_mention_fields_come_from_the_data_file(nlp: Any) -> None:
    (m,) = mentions(nlp, "The Iskander-M can carry a nuclear warhead.")[:1]
    assert (m.system, m.name, m.category, m.origin) == (
        "iskander",
        "Iskander-M",
        "ballistic missile",
        "RUS",
    )
    assert m.reference_range_km == 500.0
    assert m.nuclear_capable is True


# ---------------------------------------------------------------- stated ranges
@pytest.mark.parametrize(
    ("text", "system", "km"),
    [
        (
            "Storm Shadow missiles, whose range is roughly 250 kilometres, reached the front.",
            "storm_shadow",
            250.0,
        ),
        (
            "The corvette fired Kalibr cruise missiles capable of flying 700 miles.",
            "kalibr",
            1126.5,
        ),
        ("Ukraine used ATACMS with a 300-km range.", "atacms", 300.0),
        ("The DF-26 has a range of 4,000 km.", "df26", 4000.0),
        ("The Tomahawk missile's range is 1,000 nautical miles.", "tomahawk", 1852.0),
        ("The Hwasong-18, with a 15,000-kilometre range, flew east.", "hwasong18", 15000.0),
        ("Iskander missiles can strike targets up to 500 km away.", "iskander", 500.0),
        ("The BrahMos can fly 290 km.", "brahmos", 290.0),
    ],
)
def test_stated_range_attaches_to_the_weapon(nlp: Any, text: str, system: str, km: float) -> None:
    found = [m for m in mentions(nlp, text) if m.system == system]
    assert [m.stated_range_km for m in found] == [km]


@pytest.mark.parametrize(
    "text",
    [
        "Russian artillery fired from 40 km away shelled the town.",
        "Iskander launchers were massed about 300 km from the border.",
        "MiG-31K jets carrying Kinzhal missiles landed in Kaliningrad, 1,000 km from Moscow.",
        "A Tochka-U missile struck a station 20 miles from the front line.",
        "The Kinzhal flies at 12,000 km/h.",
        "The Oreshnik flew 800 km before hitting Dnipro.",
    ],
)
def test_distances_that_are_not_ranges_are_ignored(nlp: Any, text: str) -> None:
    assert all(m.stated_range_km is None for m in mentions(nlp, text))


def test_range_goes_to_the_mention_the_phrase_modifies(nlp: Any) -> None:
    text = "Ukraine received HIMARS launchers and Storm Shadow missiles, each with a 250-km range."
    ranges = {m.system: m.stated_range_km for m in mentions(nlp, text)}
    assert ranges == {"himars": None, "storm_shadow": 250.0}


def test_its_range_goes_to_the_nearest_weapon_before(nlp: Any) -> None:
    text = "Officials said the Zircon was tested and its range is 1,000 km."
    (m,) = mentions(nlp, text)
    assert (m.system, m.stated_range_km) == ("zircon", 1000.0)


def test_no_stated_range_means_none(nlp: Any) -> None:
    (m,) = mentions(nlp, "Washington refused to provide the U.S.-made ATACMS.")
    assert (m.stated_range_km, m.stated_range_text, m.range_flag) == (None, None, False)
    assert m.reference_range_km == 300.0


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("The Storm Shadow has a range of roughly 250 km.", False),
        ("Storm Shadow missiles have a range of 1,000 km.", True),  # beyond 560 km + 30 %
        ("The ATACMS has a range of 300 km.", False),
        ("The ATACMS has a range of 100 km.", True),  # below the 165 km Block I figure
        ("Kalibr missiles can travel 700 miles.", False),  # 1,126.5 km: 24.9 % under 1,500
        ("Kalibr missiles can travel 300 km.", True),
        ("The Burevestnik can fly 20,000 km.", False),  # no reference range: never flagged
    ],
)
def test_range_flag(nlp: Any, text: str, flag: bool) -> None:
    found = [m for m in mentions(nlp, text) if m.stated_range_km is not None]
    assert [m.range_flag for m in found] == [flag]


def test_tolerance_setting_changes_the_flag(nlp: Any) -> None:
    text = "Kalibr missiles can travel 700 miles."
    assert [m.range_flag for m in mentions(nlp, text, tolerance=0.20)] == [True]
    assert [m.range_flag for m in mentions(nlp, text, tolerance=DEFAULT_TOLERANCE)] == [False]


@pytest.mark.parametrize(
    ("system", "stated", "deviation"),
    [
        ("kalibr", 1126.5, 0.249),
        ("kalibr", 2000.0, 0.0),
        ("kalibr", 5000.0, 1.0),
        ("storm_shadow", 250.0, 0.0),
        ("atacms", 82.5, 0.5),
    ],
)
def test_range_deviation(
    catalog: WeaponCatalog, system: str, stated: float, deviation: float
) -> None:
    value = range_deviation(stated, catalog.systems[system])
    assert value == pytest.approx(deviation, abs=0.001)


def test_range_deviation_without_reference_is_none(catalog: WeaponCatalog) -> None:
    assert range_deviation(5000.0, catalog.systems["burevestnik"]) is None


# ---------------------------------------------------------------- class matching API
def _mention(**fields: Any) -> WeaponMention:
    base: dict[str, Any] = {"article_id": "a", "sentence_index": 0, "start": 0, "end": 1}
    return WeaponMention(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "required", "matches"),
    [
        ({"text": "Storm Shadow", "system": "storm_shadow"}, "long-range missiles", True),
        ({"text": "Storm Shadow", "system": "storm_shadow"}, "long-range weapons", True),
        ({"text": "Storm Shadow", "system": "storm_shadow"}, "cruise missiles", True),
        ({"text": "Storm Shadow", "system": "storm_shadow"}, "ballistic missiles", False),
        ({"text": "HIMARS", "system": "himars"}, "long-range missiles", False),
        ({"text": "HIMARS", "system": "himars"}, "artillery", True),
        ({"text": "missiles", "weapon_class": "missile"}, "long-range missiles", False),
        (
            {"text": "missiles", "weapon_class": "missile", "stated_range_km": 500.0},
            "long-range missiles",
            True,
        ),
        (
            {"text": "long-range cruise missiles", "weapon_class": "long-range missile"},
            "cruise missiles",
            True,
        ),
        ({"text": "ICBMs", "weapon_class": "ICBM"}, "ballistic missiles", True),
        (
            {"text": "tactical nukes", "weapon_class": "tactical nuclear weapon"},
            "nuclear weapons",
            True,
        ),
        ({"text": "tanks", "weapon_class": "tank"}, "armored vehicles", True),
        ({"text": "Leopard 2", "system": "leopard2"}, "tanks", True),
        ({"text": "F-16s", "system": "f16"}, "fighter jets", True),
        ({"text": "F-16s", "system": "f16"}, "weapons of mass destruction", False),
    ],
)
def test_class_matches(fields: dict[str, Any], required: str, matches: bool) -> None:
    assert class_matches(required, _mention(**fields)) is matches


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("long-range missiles", "long-range missile"),
        ("Long Range Missiles", "long-range missile"),
        ("air defense systems", "air defence"),
        ("air defence", "air defence"),
        ("icbm", "ICBM"),
        ("intercontinental ballistic missiles", "ICBM"),
        ("armoured vehicles", "armoured vehicle"),
        ("weapons", None),
    ],
)
def test_normalise_class(text: str, name: str | None) -> None:
    assert normalise_class(text) == name


def test_weapon_classes_of_a_system_mention() -> None:
    classes = weapon_classes(_mention(text="Kalibr", system="kalibr"))
    assert classes == {"cruise missile", "missile", "long-range missile", "long-range weapon"}


# ---------------------------------------------------------------- the stage
def test_stage_sets_article_offsets(nlp: Any, settings: Settings) -> None:
    text = "Kyiv, Monday.\nBritain sent Storm Shadow missiles. Russia answered with Kinzhals."
    doc = parse(nlp, text, article_id="art")
    WeaponStage.from_settings(settings)(doc)
    assert [(m.text, m.sentence_index, m.article_id) for m in doc.weapons] == [
        ("Storm Shadow missiles", 1, "art"),
        ("Kinzhals", 2, "art"),
    ]
    for m in doc.weapons:
        assert text[m.start : m.end] == m.text


def test_stage_contract() -> None:
    assert WeaponStage.name == "weapons"
    assert WeaponStage.requires == ("spacy_doc", "sentences")
    assert WeaponStage.assigns == ("weapons",)


def test_stage_is_in_the_default_pipeline_and_builds(settings: Settings) -> None:
    assert "weapons" in settings.pipeline.stages
    alone = load_settings(config_file=None, overrides={"pipeline.stages": ["weapons"]}, environ={})
    (stage,) = build_stages(alone)
    assert isinstance(stage, WeaponStage)
    assert stage.tolerance == alone.weapons.range_tolerance


def test_stage_reads_extra_files_and_tolerance(tmp_path: Path) -> None:
    path = _write(tmp_path, SYSTEM.format(**GOOD))
    overrides = {"weapons.extra_files": [path], "weapons.range_tolerance": 0.5}
    stage = WeaponStage.from_settings(load_settings(overrides=overrides, environ={}))
    assert "zz_test" in stage.catalog.systems
    assert stage.tolerance == 0.5


def test_stage_reports_a_bad_extra_file(tmp_path: Path) -> None:
    path = _write(tmp_path, SYSTEM.format(**{**GOOD, "origin": "xx"}))
    with pytest.raises(DataFileError):
        WeaponStage.from_settings(load_settings(overrides={"weapons.extra_files": [path]}))


# ---------------------------------------------------------------- gold sentences
def _score(pred: collections.Counter[str], gold: collections.Counter[str]) -> tuple[int, int, int]:
    hit = sum((pred & gold).values())
    return hit, sum(pred.values()) - hit, sum(gold.values()) - hit


def test_gold_sentences(nlp: Any) -> None:
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) == 50
    counts = collections.Counter[str]()
    for row in rows:
        found = mentions(nlp, row["text"])
        pred = collections.Counter(
            f"S:{m.system}" if m.system else f"C:{m.weapon_class}" for m in found
        )
        gold = collections.Counter(
            [f"S:{s}" for s in row["systems"]] + [f"C:{c}" for c in row["classes"]]
        )
        tp, fp, fn = _score(pred, gold)
        counts.update(tp=tp, fp=fp, fn=fn)
        stated = {
            (m.system or m.weapon_class, m.stated_range_km) for m in found if m.stated_range_km
        }
        wanted = {(g["target"], float(g["km"])) for g in row["ranges"]}
        counts.update(range_ok=len(stated & wanted), range_wrong=len(stated ^ wanted))
    precision = counts["tp"] / (counts["tp"] + counts["fp"])
    recall = counts["tp"] / (counts["tp"] + counts["fn"])
    range_accuracy = counts["range_ok"] / (counts["range_ok"] + counts["range_wrong"])
    print(
        f"\nweapons gold (50 sentences): P={precision:.3f} R={recall:.3f} "
        f"range accuracy={range_accuracy:.3f} ({dict(counts)})"
    )
    assert precision >= MIN_PRECISION
    assert recall >= MIN_RECALL
    assert range_accuracy >= MIN_RANGE_ACCURACY


def test_weapons_are_a_small_fraction_of_parse_time(nlp: Any) -> None:
    texts = [json.loads(line)["text"] for line in GOLD.read_text("utf-8").splitlines()] * 4
    docs = [Document(article=Article(id=str(i), text=t, source="-")) for i, t in enumerate(texts)]
    start = time.perf_counter()
    parse_documents(docs, nlp=nlp)
    parsed = time.perf_counter() - start
    load_catalog()
    start = time.perf_counter()
    for doc in docs:
        for ps in parsed_sentences(doc):
            find_weapons(ps, doc.article.id)
    matched = time.perf_counter() - start
    print(f"\nparse {parsed:.3f}s, weapons {matched:.3f}s ({matched / parsed:.1%})")
    assert matched < parsed / 2  # measured about 5-10 %; generous for a loaded machine


# ---------------------------------------------------------------- seed articles
SEEDS = ("000_e701790b12d02591.txt", "002_638c7537452231ce.txt")


def _expected_seeds() -> dict[str, dict[str, Any]]:
    text = shared_path("seeds", "expected.md").read_text("utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)\n```", text, re.DOTALL)]
    return {b["file"]: b for b in blocks}


def _seed_mentions(nlp: Any, name: str) -> tuple[Document, list[WeaponMention]]:
    text = shared_path("seeds", name).read_text("utf-8")
    doc = parse(nlp, text, article_id=name)
    found = [m for ps in parsed_sentences(doc) for m in find_weapons(ps, name)]
    return doc, found


@pytest.mark.shared
def test_seed_articles(nlp: Any, catalog: WeaponCatalog) -> None:
    expected = _expected_seeds()
    counts = collections.Counter[str]()
    for name in SEEDS:
        doc, found = _seed_mentions(nlp, name)
        gold = expected[name]
        para = {s.index: s.paragraph + 1 for s in doc.sentences}
        want = {
            (normalise_system(catalog, w["name"]), p) for w in gold["weapons"] for p in w["paras"]
        }
        got = {(m.system, para[m.sentence_index]) for m in found if m.system}
        counts.update(sys_tp=len(got & want), sys_fp=len(got - want), sys_fn=len(want - got))
        want_classes = {normalise_class(c.split("(")[0]) for c in gold["weapon_categories_unnamed"]}
        got_classes = {m.weapon_class for m in found if m.system is None}
        counts.update(
            cls_tp=len(got_classes & want_classes),
            cls_fp=len(got_classes - want_classes),
            cls_fn=len(want_classes - got_classes),
        )
        for w in gold["weapons"]:
            _check_seed_range(found, normalise_system(catalog, w["name"]), w["stated_range"])
    p = counts["sys_tp"] / (counts["sys_tp"] + counts["sys_fp"])
    r = counts["sys_tp"] / (counts["sys_tp"] + counts["sys_fn"])
    cp = counts["cls_tp"] / (counts["cls_tp"] + counts["cls_fp"])
    cr = counts["cls_tp"] / (counts["cls_tp"] + counts["cls_fn"])
    print(f"\nseeds: systems P={p:.2f} R={r:.2f}; unnamed classes P={cp:.2f} R={cr:.2f}")
    assert (p, r, cr) == (1.0, 1.0, 1.0)
    assert cp >= 0.8  # a "submarine" (warship) mention is not listed as a category


def normalise_system(catalog: WeaponCatalog, name: str) -> str:
    """The system id a name in expected.md refers to."""
    (match,) = catalog.matcher.find(name, accept=lambda m: m.entry.kind == "system")
    return str(match.entry.target)


def _check_seed_range(found: list[WeaponMention], system: str, stated: Any) -> None:
    ranges = [m.stated_range_km for m in found if m.system == system]
    if stated is None:
        assert ranges
        assert all(r is None for r in ranges)  # never invent a range
        return
    km = to_km(stated["value"], stated["unit"])
    assert km in ranges


@pytest.mark.shared
def test_seed_ranges_and_flags(nlp: Any) -> None:
    _, first = _seed_mentions(nlp, SEEDS[0])
    _, second = _seed_mentions(nlp, SEEDS[1])
    storm = [m for m in first if m.system == "storm_shadow" and m.stated_range_km]
    kalibr = [m for m in second if m.system == "kalibr"]
    assert [(m.stated_range_km, m.stated_range_text, m.range_flag) for m in storm] == [
        (250.0, "about 250 kilometers", False)
    ]
    # 700 miles = 1,126.5 km is 24.9 % under the 1,500 km low end of the 3M-14's published
    # 1,500-2,500 km: within the 30 % tolerance, so not flagged (documented in data-files.md).
    assert [(m.stated_range_km, m.stated_range_text, m.range_flag) for m in kalibr] == [
        (1126.5, "700 miles", False)
    ]
    assert all(m.stated_range_km is None for m in first if m.system == "atacms")
