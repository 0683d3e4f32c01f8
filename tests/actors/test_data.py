"""The packaged dictionaries: names resolve to the office-holder of the article's date.

These pin the coding conventions the data follows (shared/eval/README.md §1.4, §5.3): an
office-holder is GOV while in office and the country with no sector after it, a former
leader in opposition OPP, armed groups and separatist leaders their home country + REB,
parties GOV in power and OPP out of it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.actors.loader import load_packaged
from tocsin.actors.matcher import token_key
from tocsin.actors.model import Kind
from tocsin.actors.resolver import ActorResolver

D = dt.date

CASES = [
    # namesakes told apart by the date
    ("Bush", D(1992, 6, 1), ("USA", "GOV", "George H. W. Bush")),
    ("Bush", D(2004, 9, 15), ("USA", "GOV", "George W. Bush")),
    ("Clinton", D(1998, 6, 1), ("USA", "GOV", "Bill Clinton")),
    ("Clinton", D(2010, 6, 1), ("USA", "GOV", "Hillary Clinton")),
    ("Kim", D(2005, 3, 1), ("PRK", "GOV", "Kim Jong Il")),
    ("Kim", D(2015, 3, 1), ("PRK", "GOV", "Kim Jong Un")),
    ("Sharif", D(1998, 5, 28), ("PAK", "GOV", "Nawaz Sharif")),
    ("Sharif", D(2020, 1, 10), ("PAK", "OPP", "Shehbaz Sharif")),
    ("Aliyev", D(2000, 1, 1), ("AZE", "GOV", "Heydar Aliyev")),
    ("Aliyev", D(2010, 1, 1), ("AZE", "GOV", "Ilham Aliyev")),
    ("Rasmussen", D(2014, 4, 1), ("NATO", None, "Anders Fogh Rasmussen")),
    ("Rasmussen", D(2017, 4, 1), ("DNK", "GOV", "Lars Lokke Rasmussen")),
    # one person through government, opposition and government again
    ("Netanyahu", D(1997, 1, 1), ("ISR", "GOV", "Benjamin Netanyahu")),
    ("Netanyahu", D(2007, 1, 1), ("ISR", "OPP", "Benjamin Netanyahu")),
    ("Netanyahu", D(2015, 1, 1), ("ISR", "GOV", "Benjamin Netanyahu")),
    ("Olmert", D(2007, 1, 1), ("ISR", "GOV", "Ehud Olmert")),
    ("Olmert", D(2012, 1, 1), ("ISR", None, "Ehud Olmert")),
    ("Blair", D(2005, 2, 15), ("GBR", "GOV", "Tony Blair")),
    ("Blair", D(2009, 1, 1), ("GBR", None, "Tony Blair")),
    ("Tymoshenko", D(2009, 1, 1), ("UKR", "GOV", "Yulia Tymoshenko")),
    ("Tymoshenko", D(2012, 1, 1), ("UKR", "OPP", "Yulia Tymoshenko")),
    # the 2014-15 Ukraine crisis
    ("Yanukovych", D(2013, 12, 1), ("UKR", "GOV", "Viktor Yanukovych")),
    ("Yanukovych", D(2014, 6, 1), ("UKR", None, "Viktor Yanukovych")),
    ("Turchynov", D(2014, 4, 1), ("UKR", "GOV", "Oleksandr Turchynov")),
    ("Yatsenyuk", D(2014, 4, 1), ("UKR", "GOV", "Arseniy Yatsenyuk")),
    ("Klitschko", D(2014, 1, 20), ("UKR", "OPP", "Vitali Klitschko")),
    ("Avakov", D(2014, 8, 1), ("UKR", "GOV", "Arsen Avakov")),
    ("Zakharchenko", D(2015, 2, 1), ("UKR", "REB", "Alexander Zakharchenko")),
    ("Strelkov", D(2014, 7, 1), ("UKR", "REB", "Igor Girkin")),
    ("Aksyonov", D(2014, 3, 5), ("UKR", "REB", "Sergei Aksyonov")),
    ("Aksyonov", D(2015, 3, 5), ("RUS", "GOV", "Sergei Aksyonov")),
    ("Donetsk People's Republic", D(2014, 8, 1), ("UKR", "REB", "Donetsk People's Republic")),
    ("Breedlove", D(2014, 8, 1), ("NATO", "MIL", "Philip Breedlove")),
    ("Ashton", D(2014, 3, 1), ("EU", None, "Catherine Ashton")),
    ("Mogherini", D(2015, 3, 1), ("EU", None, "Federica Mogherini")),
    ("Hagel", D(2014, 3, 1), ("USA", "GOV", "Chuck Hagel")),
    # parties follow who governs
    ("the Tories", D(2005, 2, 15), ("GBR", "OPP", "Conservative Party")),
    ("the Tories", D(2012, 2, 15), ("GBR", "GOV", "Conservative Party")),
    ("Lib Dems", D(2012, 2, 15), ("GBR", "GOV", "Liberal Democrats")),
    ("Likud", D(2007, 1, 1), ("ISR", "OPP", "Likud")),
    ("BJP", D(2000, 1, 1), ("IND", "GOV", "Bharatiya Janata Party")),
    ("BJP", D(2010, 1, 1), ("IND", "OPP", "Bharatiya Janata Party")),
    ("Regions Party", D(2012, 1, 1), ("UKR", "GOV", "Party of Regions")),
    # rebels and separatists take their home country
    ("Mahdi Army", D(2004, 8, 1), ("IRQ", "REB", "Mahdi Army")),
    ("Tamil Tigers", D(2006, 1, 1), ("LKA", "REB", "Liberation Tigers of Tamil Eelam")),
    ("IRA", D(2005, 1, 1), ("GBR", "REB", "Irish Republican Army")),
    # historical names
    ("Yugoslavia", D(1999, 4, 1), ("SRB", None, None)),
    ("Zaire", D(1996, 11, 1), ("COD", None, None)),
]


@pytest.mark.parametrize(("text", "date", "expected"), CASES)
def test_name_resolves_by_date(
    resolver: ActorResolver, text: str, date: dt.date, expected: tuple
) -> None:
    actor = resolver.resolve_text(text, date=date)
    assert actor is not None
    code, sector, name = expected
    assert (actor.code, actor.sector) == (code, sector)
    if name:
        assert actor.name == name


def test_ambiguous_namesakes_stay_unresolved(resolver: ActorResolver) -> None:
    """In 2004 two listed Howards and two Kennedys led parties in different countries."""
    assert resolver.resolve_text("Howard", date=D(2004, 9, 15)) is None
    assert resolver.resolve_text("Kennedy", date=D(2004, 9, 15)) is None


def test_no_person_name_is_also_a_place_or_country() -> None:
    """A surname that is a place ("Muscat", "Lagos") would turn every mention of the place
    into the person (persons come first in a phrase's head); such surnames are turned off."""
    data, _ = load_packaged()
    places = {Kind.COUNTRY, Kind.CAPITAL, Kind.PLACE, Kind.ADJ, Kind.PEOPLE}
    by_key: dict[str, set[Kind]] = {}
    for phrase, entry in data.phrases:
        key = " ".join(token_key(w) for w in phrase.split())
        by_key.setdefault(key, set()).add(entry.kind)
    clashes = sorted(k for k, kinds in by_key.items() if Kind.PERSON in kinds and kinds & places)
    assert clashes == []
