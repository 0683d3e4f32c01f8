"""The event filter and the checks that turn a mistyped code into an error naming the
closest valid ones (instead of an empty table)."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.errors import ConfigError
from tocsin.filters import (
    EventFilter,
    as_codes,
    as_date,
    check_codes,
    check_types,
    search_terms,
)


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        (None, ()),
        ("rus", ("RUS",)),
        ("rus, ukr,,RUS", ("RUS", "UKR")),
        (["blr", "Rus"], ("BLR", "RUS")),
    ],
)
def test_codes_are_upper_case_and_split(given: object, codes: tuple[str, ...]) -> None:
    assert as_codes(given) == codes  # type: ignore[arg-type]


def test_dates_from_strings_dates_and_datetimes() -> None:
    assert as_date("2025-01-02") == dt.date(2025, 1, 2)
    assert as_date(dt.datetime(2025, 1, 2, 13, 0, tzinfo=dt.UTC)) == dt.date(2025, 1, 2)
    assert as_date(None) is None
    with pytest.raises(ConfigError) as exc:
        as_date("last week", what="since date")
    assert exc.value.code == "C016"
    assert "since date 'last week'" in exc.value.message


def test_filter_normalises_its_values() -> None:
    where = EventFilter(actor="rus,blr", type="threaten", since="2025-01-01")
    assert where.actor == ("RUS", "BLR")
    assert where.type == ("THREATEN",)
    assert where.since == dt.date(2025, 1, 1)
    assert EventFilter(actor="", type=[]) == EventFilter()


def test_unknown_keyword_names_the_closest() -> None:
    with pytest.raises(TypeError, match="did you mean 'actor'"):
        EventFilter.from_kwargs({"actr": "RUS"})


def test_search_keeps_quoted_phrases_whole() -> None:
    assert search_terms('Border  "act of WAR" troops') == ("border", "act of war", "troops")
    assert search_terms(None) == ()


@pytest.mark.parametrize(("typo", "closest"), [("THREATENS", "THREATEN"), ("ASSALT", "ASSAULT")])
def test_unknown_type_suggests_the_closest(typo: str, closest: str) -> None:
    with pytest.raises(ConfigError) as exc:
        check_types([typo])
    assert exc.value.code == "C015"
    assert f"unknown PLOVER type '{typo}' (closest: {closest}" in exc.value.message
    assert "THREATEN" in exc.value.fix


def test_actor_codes_known_from_the_data_or_the_database() -> None:
    check_codes(["FRA", "NATO"], stored=[])  # packaged countries and IGOs
    check_codes(["HAMAS"], stored=["HAMAS"])  # a code an analyst's actor file added
    with pytest.raises(ConfigError) as exc:
        check_codes(["RUSS"], stored=["RUS", "UKR"])
    assert "unknown actor code 'RUSS' (closest: RUS" in exc.value.message
    assert exc.value.fix == "Use one of: RUS, UKR."  # what this database holds
