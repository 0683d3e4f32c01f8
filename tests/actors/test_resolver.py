"""The resolver on parsed sentences: one rule per row, sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.actors.conftest import Annotated, find, pairs
from tocsin.actors.resolver import ActorResolver

D = dt.date(2025, 6, 1)

# (sentence, head word of the noun phrase, expected [(code, sector)])
NOUN_PHRASES = [
    # a diplomat posted to an IGO is his country's; an IGO's own official is the IGO's
    ("France's UN envoy criticised Iran.", "envoy", [("FRA", "GOV")]),
    ("The UN envoy criticised Iran.", "envoy", [("UN", None)]),
    # a listed surname opening another person's name is that person's given name
    ("Richard Thomas condemned the deletion of e-mails.", "Thomas", []),
    # a party name several countries share belongs to the country named with it
    ("Israel's opposition Labour party began talks with Likud.", "party", [("ISR", "OPP")]),
    # bare countries: sector null
    ("Russia fired dozens of drones at the port overnight.", "Russia", [("RUS", None)]),
    (
        "The United States and Britain imposed new sanctions.",
        "States",
        [("USA", None), ("GBR", None)],
    ),
    (
        "Britain, France and Germany issued a joint statement.",
        "Britain",
        [("GBR", None), ("FRA", None), ("DEU", None)],
    ),
    ("Ivory Coast closed its border.", "Coast", [("CIV", None)]),
    ("DR Congo recalled its envoy.", "Congo", [("COD", None)]),
    # country word + agent word → sector
    ("Russian troops advanced near the river.", "troops", [("RUS", "MIL")]),
    ("Ukrainian drones struck a depot.", "drones", [("UKR", "MIL")]),
    ("Israeli warplanes bombed the area.", "warplanes", [("ISR", "MIL")]),
    ("South Korean officials said talks would resume.", "officials", [("KOR", "GOV")]),
    (
        "Japanese and South Korean officials met in Seoul.",
        "officials",
        [("JPN", "GOV"), ("KOR", "GOV")],
    ),
    ("Egyptian and Jordanian forces held drills.", "forces", [("EGY", "MIL"), ("JOR", "MIL")]),
    ("Turkish police detained the mayor.", "police", [("TUR", "COP")]),
    ("Federal agents raided the office.", "agents", []),
    ("The Philippine coast guard filmed the collision.", "guard", [("PHL", "MIL")]),
    ("Chinese coast guard personnel boarded the vessel.", "personnel", [("CHN", "MIL")]),
    ("A Brazilian court ordered the arrest.", "court", [("BRA", "JUD")]),
    ("Argentine prosecutors charged the minister.", "prosecutors", [("ARG", "JUD")]),
    ("Kenyan lawmakers approved the budget.", "lawmakers", [("KEN", "LEG")]),
    ("Serbian students blocked the bridge.", "students", [("SRB", "CVL")]),
    # a people named by state and ethnicity belongs to the state ("Bosnian Serb" is BIH)
    ("Bosnian Serb police detained the mayor.", "police", [("BIH", "COP")]),
    ("Kosovo Albanian students blocked the road.", "students", [("KOS", "CVL")]),
    ("Nigerian doctors began a strike.", "doctors", [("NGA", "MED")]),
    ("Chinese firms face new export rules.", "firms", [("CHN", "BUS")]),
    ("Venezuelan opposition leaders called for calm.", "leaders", [("VEN", "OPP")]),
    ("Syrian rebels captured the town.", "rebels", [("SYR", "REB")]),
    ("Thousands of Georgians marched on Sunday.", "Thousands", [("GEO", "CVL")]),
    # a peer's title names a member of the House of Lords, whatever else the phrase says
    ("Former civil service chief Lord Butler criticised the plan.", "Butler", [("GBR", "LEG")]),
    # a title with no name after it names no one: the cricket ground, the Lord of prayers
    ("India lost the Test at Lord's on Sunday.", "Lord", []),
    ("Praise the Lord, the pastor said.", "Lord", []),
    # armed people named by nationality are fighters, not civilians
    ("Five armed Palestinians crossed the fence.", "Palestinians", [("PSE", "REB")]),
    # possessives
    ("Nigeria's health workers walked out.", "workers", [("NGA", "MED")]),
    ("Russia's defence ministry said the strike succeeded.", "ministry", [("RUS", "GOV")]),
    ("Pakistan's army chief visited the border.", "chief", [("PAK", "MIL")]),
    ("Kyiv's main hospital was hit.", "hospital", [("UKR", "MED")]),
    ("Seoul's military said the launch failed.", "military", [("KOR", "MIL")]),
    # of-phrases and locatives
    ("The government of Sudan rejected the plan.", "government", [("SDN", "GOV")]),
    ("The foreign minister of Iran arrived in Oman.", "minister", [("IRN", "GOV")]),
    ("Health workers in Nigeria demanded higher pay.", "workers", [("NGA", "MED")]),
    ("Authorities in Tajikistan detained six men.", "Authorities", [("TJK", "GOV")]),
    ("Protesters in Nairobi blocked a highway.", "Protesters", [("KEN", "CVL")]),
    ("A spokesman for the Russian army denied it.", "spokesman", [("RUS", "MIL")]),
    # persons, titles, date-bounded roles
    ("Russian President Vladimir Putin signed the decree.", "Putin", [("RUS", "GOV")]),
    ("Putin signed the decree.", "Putin", [("RUS", "GOV")]),
    # a surname after another given name is someone else (Xiomara Castro is listed)
    ("Mariela Castro urged her supporters to stay calm.", "Castro", []),
    # ... and a listed namesake is found by the whole name (an ex-president: no sector)
    ("Raúl Castro urged his supporters to stay calm.", "Castro", [("CUB", None)]),
    ("President Castro urged her supporters to stay calm.", "Castro", [("HND", "GOV")]),
    ("Xiomara Castro urged her supporters to stay calm.", "Castro", [("HND", "GOV")]),
    # a place inside a longer personal name is part of the name
    ("President Rolando Medina offered Haiti a loan.", "Medina", []),
    ("Sri Lanka's navy arrested the crew.", "navy", [("LKA", "MIL")]),
    ("President Xi met the delegation.", "Xi", [("CHN", "GOV")]),
    ("Zelenskiy thanked the allies.", "Zelenskiy", [("UKR", "GOV")]),
    ("Zelenskyy thanked the allies.", "Zelenskyy", [("UKR", "GOV")]),
    ("U.S. Secretary of State Marco Rubio flew to Rome.", "Rubio", [("USA", "GOV")]),
    ("Kremlin spokesman Dmitry Peskov declined to comment.", "Peskov", [("RUS", "GOV")]),
    ("Hamas leader Khalil al-Hayya arrived in Cairo.", "Hayya", [("PSE", "REB")]),
    ("Istanbul Mayor Bora Yildiz was detained.", "Yildiz", [("TUR", "GOV")]),
    # metonyms
    ("The Kremlin rejected the proposal.", "Kremlin", [("RUS", "GOV")]),
    ("Washington announced new tariffs.", "Washington", [("USA", "GOV")]),
    ("The White House said the talks went well.", "House", [("USA", "GOV")]),
    ("The Pentagon ordered more ships to the region.", "Pentagon", [("USA", "MIL")]),
    ("Downing Street welcomed the decision.", "Street", [("GBR", "GOV")]),
    ("Brussels proposed new duties.", "Brussels", [("EU", None)]),
    ("Beijing protested the visit.", "Beijing", [("CHN", "GOV")]),
    # IGOs and their organs
    ("NATO said it would send more jets.", "NATO", [("NATO", None)]),
    ("NATO aircraft intercepted the bombers.", "aircraft", [("NATO", "MIL")]),
    ("European Union leaders met in Brussels.", "leaders", [("EU", None)]),
    ("The U.N.'s top court issued its ruling.", "court", [("UN", "JUD")]),
    ("The International Court of Justice issued its ruling.", "Court", [("UN", "JUD")]),
    ("The U.N. nuclear watchdog reported progress.", "watchdog", [("IAEA", None)]),
    ("The World Food Programme resumed deliveries.", "Programme", [("UN", None)]),
    ("The U.N. Security Council met on Friday.", "Council", [("UN", None)]),
    ("The European Parliament voted on the law.", "Parliament", [("EU", "LEG")]),
    ("The International Criminal Court opened a case.", "Court", [("ICC", None)]),
    ("Group of Seven leaders agreed on the loan.", "leaders", [("G7", None)]),
    # armed groups, NONSTATE
    ("Hezbollah fired rockets across the border.", "Hezbollah", [("LBN", "REB")]),
    ("Houthi rebels attacked a tanker.", "rebels", [("YEM", "REB")]),
    ("M23 fighters entered the town.", "fighters", [("COD", "REB")]),
    ("The PKK announced a ceasefire.", "PKK", [("TUR", "REB")]),
    ("Islamic State claimed the attack.", "State", [("NONSTATE", "REB")]),
    ("Amnesty International published a report.", "International", [("NONSTATE", "NGO")]),
    ("Al-Shabaab militants attacked the base.", "militants", [("SOM", "REB")]),
    ("The paramilitary Rapid Support Forces shelled the city.", "Forces", [("SDN", "REB")]),
    # named institutions with a default country
    ("Congress passed the bill.", "Congress", [("USA", "LEG")]),
    ("Peru's Congress removed the president.", "Congress", [("PER", "LEG")]),
    ("The Knesset approved the budget.", "Knesset", [("ISR", "LEG")]),
    ("IDF soldiers entered the camp.", "soldiers", [("ISR", "MIL")]),
    # lists, vague and regional groups
    (
        "Several NATO members, including Britain, France and Germany, objected.",
        "members",
        [("GBR", None), ("FRA", None), ("DEU", None)],
    ),
    # a named group stands for the persons listed after "including"
    ("Rebels seized three UN workers, including a Dutch nurse.", "workers", [("UN", None)]),
    # a surname alone inside a place's name is not its bearer (Carlos Vila Nova)
    ("Nova Scotia became the sixth province to allow it.", "Scotia", []),
    # one half of a double-barrelled name is not a leader of that name (Pope Francis)
    ("Sprinter Mark Lewis-Francis won the relay.", "Francis", []),
    ("Western allies pledged more aid.", "allies", []),
    ("European governments condemned the move.", "governments", []),
    ("The West imposed sanctions.", "West", []),
    ("Ukraine's allies pledged more aid.", "allies", []),
    ("World powers resumed talks.", "powers", []),
    # hyphen compounds
    ("A Qatar-based broadcaster aired the video.", "broadcaster", [("QAT", "BUS")]),
    ("The U.S.-brokered truce held.", "truce", []),
    ("Iranian-backed militias attacked the base.", "militias", []),
    # unknown heads with a country: weak, sector null
    ("Ukraine's energy grid was damaged.", "grid", [("UKR", None)]),
    # ex-officials and opposition by date
    ("Former President Ashraf Ghani spoke by video.", "Ghani", [("AFG", None)]),
    ("Opposition leader Alexei Navalny was jailed.", "Navalny", [("RUS", "OPP")]),
    # a continent's peacekeepers are its union's; a region's ministers its bloc's
    ("Chad asked for more African peacekeepers.", "peacekeepers", [("AU", None)]),
    ("Southeast Asian foreign ministers met in Vientiane.", "ministers", [("ASEAN", None)]),
    ("European lawmakers approved the new commission.", "lawmakers", [("EU", "LEG")]),
    # a story that names no country, told in one country's words, is that country's
    ("A committee of MPs and peers has called for tighter betting rules.", "MPs", [("GBR", "LEG")]),
    ("A chief constable has backed the longer opening hours.", "constable", [("GBR", "COP")]),
    # a country named anywhere wins, and no marker word: no country
    (
        "Kenyan MPs rejected the budget, and the ministers said MPs were wrong.",
        "ministers",
        [("KEN", "GOV")],
    ),
    ("The ministers said the committee was wrong.", "ministers", []),
    # a country word inside a span the tagger took for a name still names a country
    ("A national inquiry should be set up, Kenyan MPs said.", "MPs", []),
]


@pytest.mark.parametrize(("text", "word", "expected"), NOUN_PHRASES)
def test_actors_for(
    annotate: Annotated, resolver: ActorResolver, text: str, word: str, expected: list
) -> None:
    doc = annotate(text, D)
    token, ps = find(doc, word)
    assert pairs(resolver.actors_for(token, ps, doc)) == expected


# The same name on different dates: roles change on the day of the handover.
DATED = [
    ("Trump announced tariffs.", "Trump", dt.date(2019, 5, 1), ("USA", "GOV")),
    ("Francis blessed the crowd.", "Francis", dt.date(2019, 5, 1), ("VAT", "GOV")),
    ("Trump announced a rally.", "Trump", dt.date(2023, 5, 1), ("USA", "OPP")),
    ("Trump announced tariffs.", "Trump", dt.date(2025, 3, 1), ("USA", "GOV")),
    ("Netanyahu criticised the government.", "Netanyahu", dt.date(2022, 3, 1), ("ISR", "OPP")),
    ("Netanyahu met the envoy.", "Netanyahu", dt.date(2024, 3, 1), ("ISR", "GOV")),
    ("Kuleba met his counterpart.", "Kuleba", dt.date(2023, 3, 1), ("UKR", "GOV")),
    ("Kuleba gave a lecture.", "Kuleba", dt.date(2025, 3, 1), ("UKR", None)),
    ("Sybiha met his counterpart.", "Sybiha", dt.date(2025, 3, 1), ("UKR", "GOV")),
    ("Starmer criticised the budget.", "Starmer", dt.date(2023, 3, 1), ("GBR", "OPP")),
    ("Starmer announced the budget.", "Starmer", dt.date(2024, 9, 1), ("GBR", "GOV")),
    ("Rutte visited Kyiv.", "Rutte", dt.date(2023, 3, 1), ("NLD", "GOV")),
    ("Rutte visited Kyiv.", "Rutte", dt.date(2025, 3, 1), ("NATO", None)),
    ("The Taliban attacked the checkpoint.", "Taliban", dt.date(2020, 3, 1), ("AFG", "REB")),
    ("The Taliban issued a decree.", "Taliban", dt.date(2023, 3, 1), ("AFG", "GOV")),
    ("Sharaa addressed the nation.", "Sharaa", dt.date(2025, 3, 1), ("SYR", "GOV")),
    ("Jolani addressed his fighters.", "Jolani", dt.date(2023, 3, 1), ("SYR", "REB")),
    ("Yoon declared martial law.", "Yoon", dt.date(2024, 12, 3), ("KOR", "GOV")),
    ("Yoon appeared in court.", "Yoon", dt.date(2025, 6, 1), ("KOR", None)),
]


@pytest.mark.parametrize(("text", "word", "date", "expected"), DATED)
def test_persons_by_date(
    annotate: Annotated,
    resolver: ActorResolver,
    text: str,
    word: str,
    date: dt.date,
    expected: tuple,
) -> None:
    doc = annotate(text, date)
    token, ps = find(doc, word)
    assert pairs(resolver.actors_for(token, ps, doc)) == [expected]


def test_same_person_twice_is_one_actor(annotate: Annotated, resolver: ActorResolver) -> None:
    doc = annotate("Lavrov and Shoigu were named in the warrants.", dt.date(2023, 5, 1))
    token, ps = find(doc, "Lavrov")
    assert pairs(resolver.actors_for(token, ps, doc)) == [("RUS", "GOV")]


def test_partial_agent_keeps_sector_without_country(
    annotate: Annotated, resolver: ActorResolver
) -> None:
    doc = annotate("Gunmen stormed the hotel.", D)
    token, ps = find(doc, "Gunmen")
    assert resolver.actors_for(token, ps, doc) == []
    partial = resolver.actors_for(token, ps, doc, partial=True)
    assert [(a.code, a.sector, a.kind) for a in partial] == [(None, None, "agent")]


def test_nonstate_keeps_name(annotate: Annotated, resolver: ActorResolver) -> None:
    doc = annotate("Islamic State fighters ambushed the convoy.", D)
    token, ps = find(doc, "fighters")
    (actor,) = resolver.actors_for(token, ps, doc)
    assert (actor.code, actor.name) == ("NONSTATE", "Islamic State")
    assert actor.to_plover()["name"] == "Islamic State"


def test_capital_is_reported_as_capital(annotate: Annotated, resolver: ActorResolver) -> None:
    doc = annotate("Delegations met in Riyadh on Monday.", D)
    token, ps = find(doc, "Riyadh")
    (actor,) = resolver.actors_for(token, ps, doc)
    assert (actor.code, actor.kind) == ("SAU", "capital")


# resolve_text: a phrase without a parse
TEXTS = [
    ("Russian President Vladimir Putin", ("RUS", "GOV", "person")),
    ("the Kremlin", ("RUS", "GOV", "capital")),
    ("Ukrainian forces", ("UKR", "MIL", "agent")),
    ("Nigeria's health workers", ("NGA", "MED", "agent")),
    ("the U.N. nuclear watchdog", ("IAEA", None, "igo")),
    ("health workers in Nigeria", ("NGA", "MED", "agent")),
    ("the government of Sudan", ("SDN", "GOV", "agent")),
    ("Hamas", ("PSE", "REB", "group")),
    ("Amnesty International", ("NONSTATE", "NGO", "nonstate")),
    ("Britain", ("GBR", None, "country")),
    ("Venezuelans", ("VEN", "CVL", "agent")),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_resolve_text(resolver: ActorResolver, text: str, expected: tuple) -> None:
    actor = resolver.resolve_text(text, date=D)
    assert actor is not None
    assert (actor.code, actor.sector, actor.kind) == expected


@pytest.mark.parametrize(
    "text", ["the West", "European governments", "economists", "the weather", ""]
)
def test_resolve_text_uncodable(resolver: ActorResolver, text: str) -> None:
    assert resolver.resolve_text(text, date=D) is None


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ("Nairobi", "KEN"),
        ("Gaza", "PSE"),
        ("Crimea", "UKR"),
        ("Kursk", "RUS"),
        ("Darfur", "SDN"),
        ("the West Bank", "PSE"),
        ("Donbas", "UKR"),
        ("Kashmir", "IND"),
        ("Brussels", "BEL"),
        ("Mosul", "IRQ"),
        ("France", "FRA"),
        ("Atlantis", None),
        ("the South China Sea", None),
    ],
)
def test_country_of_place(resolver: ActorResolver, place: str, code: str | None) -> None:
    assert resolver.country_of_place(place) == code


@pytest.mark.parametrize(
    ("dateline", "code"),
    [
        ("BAGHDAD", "IRQ"),
        ("KIRKUK, Iraq", "IRQ"),  # the place is listed: the region is not needed
        ("SMALLTOWN CAMP, Sudan", "SDN"),  # an unlisted place: its region's country
        ("SMALLTOWN, SUDAN", "SDN"),
        ("MARSHVILLE, Fla.", "USA"),  # AP abbreviations count only in a dateline
        ("LAKEVIEW, N.Y.", "USA"),
        ("PINE RIDGE, B.C.", "CAN"),
        ("OKLAHOMA CITY", "USA"),
        ("SMALLTOWN", None),
        ("SMALLTOWN, Nowhere", None),
    ],
)
def test_dateline_country(resolver: ActorResolver, dateline: str, code: str | None) -> None:
    assert resolver.dateline_country(dateline) == code


def test_state_abbreviations_are_not_places_in_running_text(resolver: ActorResolver) -> None:
    assert resolver.country_of_place("Miss.") is None
    assert resolver.country_of_place("Ind.") is None
