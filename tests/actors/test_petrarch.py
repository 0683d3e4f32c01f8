"""The PETRARCH/TABARI dictionary reader, on snippets written here and on the real files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import shared_path
from tocsin.actors.loader import KnownCodes, load_packaged
from tocsin.actors.model import NONSTATE, Kind
from tocsin.actors.petrarch import (
    load_petrarch,
    parse_date,
    parse_restriction,
    text_case,
    translate,
)
from tocsin.actors.resolver import ActorResolver
from tocsin.errors import DataFileError

ACTORS = """\
# a team-written dictionary in the TABARI format
ARNOR_  [ZZB]
+KINGDOM_OF_ARNOR_
GONDOR_ [ZZC] # comment after the code

ARAGORN_ELESSAR_  # primary line without a code
+STRIDER_
\t[ZZBREB 150101-181231]
\t[ZZBGOV >190101]
\t[ZZBELI]
BOROMIR_
\t[ZZCMIL <190301]
ELVEN_COUNCIL_ [IGOUNOJUDICJ]
WANDERING_WIZARDS_ [NGOHRI]
MORDOR_TRADERS_ [MNCZZC]
NAMELESS_CODE_ [QQQGOV]
BAD_DATE_ [ZZBGOV 2004017-20061201]
---STOP---
IGNORED_ [ZZB]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
RANGER [~MIL]
HORSE!PERSON! [~CVL]
HEALER {HEALERS} [~HLH]
SCRIBE {} [~MED]
STEWARD [~GOVSPY]
NO_CODE_HERE
"""


@pytest.fixture
def known() -> KnownCodes:
    _, codes = load_packaged()
    codes.countries |= {"ZZB", "ZZC"}
    return codes


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("150101", dt.date(2015, 1, 1)),
        ("751231", dt.date(1975, 12, 31)),
        ("300615", dt.date(2030, 6, 15)),
        ("19411207", dt.date(1941, 12, 7)),
    ],
)
def test_parse_date(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["2004017", "15011", "abcdef", "20101332"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is the loader's concern
        parse_date(text)


def test_parse_restriction() -> None:
    assert parse_restriction(">190101") == (dt.date(2019, 1, 1), None)
    assert parse_restriction("<190301") == (None, dt.date(2019, 2, 28))
    assert parse_restriction("150101-181231") == (dt.date(2015, 1, 1), dt.date(2018, 12, 31))
    with pytest.raises(ValueError, match="ends before"):
        parse_restriction("181231-150101")


@pytest.mark.parametrize(
    ("cameo", "expected"),
    [
        ("RUSGOV", ("RUS", "GOV")),
        ("USAMIL", ("USA", "MIL")),
        ("IGOUNO", ("UN", None)),
        ("IGOUNOJUDICJ", ("UN", "JUD")),
        ("IGOUNOHLHWHO", ("WHO", None)),
        ("IGOWSTNAT", ("NATO", None)),
        ("NGOHRIAMN", (NONSTATE, "NGO")),
        ("MNCUSA", ("USA", "BUS")),
        ("ROMGOV", ("ROU", "GOV")),
        ("USAMED", ("USA", None)),
        ("USAHLH", ("USA", "MED")),
        ("MEAREB", (NONSTATE, "REB")),
        ("QQQGOV", None),
        ("IGOXYZ", None),
    ],
)
def test_translate(known: KnownCodes, cameo: str, expected: tuple | None) -> None:
    assert translate(cameo, known) == expected


def test_text_case() -> None:
    assert text_case("VLADIMIR_PUTIN_") == "Vladimir Putin"
    assert text_case("BANK_OF_ENGLAND") == "Bank of England"


def test_actor_dictionary(tmp_path: Path, known: KnownCodes) -> None:
    result = load_petrarch(write(tmp_path, "middle.actors", ACTORS), known=known)
    by_name = dict(result.data.phrases)
    assert by_name["Arnor"].kind is Kind.COUNTRY
    assert by_name["Kingdom of Arnor"] is by_name["Arnor"]
    assert by_name["Gondor"].code == "ZZC"
    aragorn = by_name["Strider"]
    assert aragorn is by_name["Aragorn Elessar"]
    assert aragorn.kind is Kind.PERSON
    assert (
        aragorn.role_at(dt.date(2016, 5, 1)).code,
        aragorn.role_at(dt.date(2016, 5, 1)).sector,
    ) == ("ZZB", "REB")
    assert aragorn.role_at(dt.date(2020, 5, 1)).sector == "GOV"
    assert aragorn.role_at(dt.date(2019, 0o6, 1)).sector == "GOV"
    assert by_name["Boromir"].role_at(dt.date(2019, 1, 1)).sector == "MIL"
    assert by_name["Boromir"].role_at(dt.date(2019, 4, 1)).sector is None
    assert (by_name["Elven Council"].code, by_name["Elven Council"].sector) == ("UN", "JUD")
    wizards = by_name["Wandering Wizards"].role_at(None)
    assert (wizards.code, wizards.sector, wizards.group) == (NONSTATE, "NGO", "Wandering Wizards")
    assert by_name["Mordor Traders"].role_at(None).code == "ZZC"
    assert "Ignored" not in by_name  # after ---STOP---
    assert "Nameless Code" not in by_name
    reasons = " | ".join(result.problems)
    assert "'QQQGOV'" in reasons
    assert "2004017" in reasons


def test_strict_mode_raises_d002(tmp_path: Path, known: KnownCodes) -> None:
    with pytest.raises(DataFileError) as info:
        load_petrarch(write(tmp_path, "middle.actors", ACTORS), known=known, strict=True)
    assert info.value.code == "D002"
    assert "middle.actors:" in str(info.value)


def test_agent_dictionary(tmp_path: Path, known: KnownCodes) -> None:
    result = load_petrarch(write(tmp_path, "middle.agents", AGENTS), known=known)
    sectors = {p: e.sector for p, e in result.data.phrases}
    assert sectors["ranger"] == sectors["rangers"] == "MIL"
    assert sectors["horseman"] == sectors["horsewomen"] == "CVL"
    assert "horsemens" not in sectors  # marker forms get no extra plural
    assert sectors["healers"] == "MED"  # CAMEO HLH is medical
    assert sectors["scribe"] is None  # CAMEO MED is media: no sector in tocsin
    assert "scribes" not in sectors  # "{}" means no plural
    assert sectors["steward"] == "GOV"
    assert len(result.problems) == 1


def test_resolver_uses_petrarch_files(tmp_path: Path, known: KnownCodes) -> None:
    actors = write(
        tmp_path, "extra.actors", "ZORG_BRIGADE_ [NGAREB]\nJANE_ROE_\n\t[FRAGOV 200101-221231]\n"
    )
    agents = write(tmp_path, "extra.agents", "SHIELDBEARER [~MIL]\n")
    resolver = ActorResolver.from_files((str(actors), str(agents)))
    brigade = resolver.resolve_text("the Zorg Brigade")
    assert brigade is not None
    assert (brigade.code, brigade.sector) == ("NGA", "REB")
    roe = resolver.resolve_text("Jane Roe", date=dt.date(2021, 6, 1))
    assert roe is not None
    assert (roe.code, roe.sector) == ("FRA", "GOV")
    shields = resolver.resolve_text("Chilean shieldbearers")
    assert shields is not None
    assert (shields.code, shields.sector) == ("CHL", "MIL")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        ("Phoenix.Countries.actors.txt", 20000),
        ("Phoenix.International.actors.txt", 5000),
        ("Phoenix.MilNonState.actors.txt", 1000),
        ("Phoenix.agents.txt", 3000),
    ],
)
def test_real_phoenix_dictionaries(name: str, minimum: int) -> None:
    path = shared_path("reference", "petrarch-dictionaries", name)
    _, known = load_packaged()
    result = load_petrarch(path, known=known)
    assert len(result.data.phrases) >= minimum
    # a few problems (unknown or regional codes, malformed dates) are reported, not fatal
    assert len(result.problems) < len(result.data.phrases) / 10


@pytest.mark.shared
def test_real_phoenix_person_dates() -> None:
    path = shared_path("reference", "petrarch-dictionaries", "Phoenix.Countries.actors.txt")
    _, known = load_packaged()
    by_name = dict(load_petrarch(path, known=known).data.phrases)
    putin = by_name["Vladimir Putin"]
    assert putin.role_at(dt.date(2010, 1, 1)).sector == "GOV"
    assert putin.role_at(dt.date(1990, 1, 1)).sector is None  # RUSELI: ex-official
