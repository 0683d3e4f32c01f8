"""Within-article coreference through ``annotate``: pronouns and definite descriptions."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.actors.conftest import Annotated, find, pairs
from tocsin.actors.coref import Discourse
from tocsin.actors.resolver import ActorResolver
from tocsin.records import Actor

D = dt.date(2025, 6, 1)

# (article, the word to resolve, which occurrence, expected actors)
CASES = [
    ("Putin spoke for an hour. He said the war would go on.", "He", 0, [("RUS", "GOV")]),
    (
        "Putin spoke for an hour. The Russian leader said the war would go on.",
        "leader",
        0,
        [("RUS", "GOV")],
    ),
    (
        "Zelensky arrived in Berlin. The Ukrainian president asked for more air defence.",
        "president",
        0,
        [("UKR", "GOV")],
    ),
    # "the president" is the last person who is one (Starmer is prime minister)
    (
        "Macron met Starmer in Paris. The president said Europe must rearm.",
        "president",
        0,
        [("FRA", "GOV")],
    ),
    (
        "Starmer met Macron in London. The prime minister said Europe must rearm.",
        "minister",
        0,
        [("GBR", "GOV")],
    ),
    # only the title held on the article's date counts: Rutte was prime minister until 2024
    (
        "Starmer met Rutte in London. The prime minister said Europe must rearm.",
        "minister",
        0,
        [("GBR", "GOV")],
    ),
    (
        "Rutte met Starmer in London. The prime minister said Europe must rearm.",
        "minister",
        0,
        [("GBR", "GOV")],
    ),
    # a title nobody named so far: the one of the country in focus, not the last speaker
    (
        "Spokeswoman Irina Volkova warned Germany. The chancellor said Berlin would not yield.",
        "chancellor",
        0,
        [("DEU", "GOV")],
    ),
    (
        "Ethiopia and Somalia signed a deal. The two countries will open embassies.",
        "countries",
        0,
        [("ETH", None), ("SOM", None)],
    ),
    (
        "India and Pakistan traded fire. Both sides claimed victory.",
        "sides",
        0,
        [("IND", None), ("PAK", None)],
    ),
    ("Hamas released a statement. The group said talks had stalled.", "group", 0, [("PSE", "REB")]),
    (
        "NATO held a summit in Vilnius. The alliance agreed to raise spending.",
        "alliance",
        0,
        [("NATO", None)],
    ),
    ("Russia said it would respond.", "it", 0, [("RUS", None)]),
    ("Britain and France said they would send troops.", "they", 0, [("GBR", None), ("FRA", None)]),
    # "they" after a group tocsin cannot code is that group, not the pair named before it
    (
        "Russia and China met. Putin warned Western nations that they would pay a price.",
        "they",
        0,
        [],
    ),
    (
        "Sudan's army chief spoke on Monday. The military said it would fight on.",
        "military",
        0,
        [("SDN", "MIL")],
    ),
    (
        "The U.S. troops left Niger, as demanded by the country's rulers.",
        "rulers",
        0,
        [("NER", "GOV")],
    ),
    (
        "Niger expelled the envoy. The government said the decision was final.",
        "government",
        0,
        [("NER", "GOV")],
    ),
    ("Protesters gathered in Tbilisi. Police fired tear gas.", "Police", 0, [("GEO", "COP")]),
    (
        "The IAEA inspected the site. The watchdog said access was limited.",
        "watchdog",
        0,
        [("IAEA", None)],
    ),
    (
        "Bolivian police arrested former army chief Juan Zuniga on Wednesday.",
        "Zuniga",
        0,
        [("BOL", "MIL")],
    ),
    ("Mozambican police killed dozens of protesters.", "protesters", 0, [("MOZ", "CVL")]),
    # a party puts its country in focus; a war named by its place does not
    (
        "The Iraq war row goes on. The Tories say ministers must answer to Parliament.",
        "ministers",
        0,
        [("GBR", "GOV")],
    ),
    # police named before any country belong to the country the article names most
    (
        "Police raided an office of the Scottish National Party in Glasgow on Friday.",
        "Police",
        0,
        [("GBR", "COP")],
    ),
    # victims with no country named fell where the act named with its place happened
    (
        "Turkey said its jets killed nine rebels during an Erbil airstrike.",
        "rebels",
        0,
        [("IRQ", "REB")],
    ),
    # agents marked as outsiders are not the country in focus
    (
        "Cuba expelled a reporter on Monday. Foreign journalists protested.",
        "journalists",
        0,
        [],
    ),
]


@pytest.mark.parametrize(("text", "word", "nth", "expected"), CASES)
def test_coreference(
    annotate: Annotated, resolver: ActorResolver, text: str, word: str, nth: int, expected: list
) -> None:
    doc = annotate(text, D)
    token, ps = find(doc, word, nth)
    assert pairs(resolver.actors_for(token, ps, doc)) == expected


def test_pronoun_mention_gets_antecedent(annotate: Annotated) -> None:
    doc = annotate("Erdogan spoke in Ankara. He said Turkey would mediate.", D)
    he = [m for m in doc.mentions if m.text == "He"]
    assert len(he) == 1
    assert he[0].actor is not None
    assert (he[0].actor.code, he[0].actor.sector, he[0].actor.name) == (
        "TUR",
        "GOV",
        "Recep Tayyip Erdogan",
    )


def test_no_antecedent_no_actor(annotate: Annotated, resolver: ActorResolver) -> None:
    doc = annotate("He said the weather would improve.", D)
    token, ps = find(doc, "He")
    assert resolver.actors_for(token, ps, doc) == []


def test_discourse_prefers_recent_and_fitting() -> None:
    discourse = Discourse()
    discourse.push([Actor(code="RUS", kind="country")])
    discourse.push(
        [Actor(code="RUS", sector="GOV", kind="person", name="Vladimir Putin")], person=True
    )
    discourse.push(
        [Actor(code="GBR", kind="country"), Actor(code="FRA", kind="country")], plural=True
    )
    assert [a.code for a in discourse.pronoun("he")] == ["RUS"]
    assert [a.code for a in discourse.pronoun("they")] == ["GBR", "FRA"]
    assert [a.code for a in discourse.pronoun("it")] == ["RUS"]
    assert [a.code for a in discourse.country()] == ["FRA"]
    assert discourse.pronoun("we") == []


# a surname two listed persons share: the one the article named in full (in 2004 Michael
# Howard led Britain's opposition while John Howard was Australia's prime minister)
NAMESAKES = [
    ("Michael Howard attacked the plan. Mr Howard said it would fail.", [("GBR", "OPP")]),
    ("John Howard defended the plan. Mr Howard said it would work.", [("AUS", "GOV")]),
    ("Mr Howard said the plan would work.", []),
]


@pytest.mark.parametrize(("text", "expected"), NAMESAKES)
def test_namesake_named_earlier(
    annotate: Annotated, resolver: ActorResolver, text: str, expected: list
) -> None:
    doc = annotate(text, dt.date(2004, 9, 15))
    token, ps = find(doc, "Howard", 1 if text.count("Howard") > 1 else 0)
    assert pairs(resolver.actors_for(token, ps, doc)) == expected
