"""Entries and date-bounded roles."""

from __future__ import annotations

import datetime as dt

from tocsin.actors.model import Entry, Kind, Role

D = dt.date


def person(*roles: Role) -> Entry:
    return Entry(Kind.PERSON, "Someone", roles=roles)


def test_role_covers_both_ends() -> None:
    role = Role("USA", "GOV", D(2021, 1, 20), D(2025, 1, 20))
    assert role.covers(D(2021, 1, 20))
    assert role.covers(D(2025, 1, 20))
    assert not role.covers(D(2025, 1, 21))
    assert not role.covers(D(2021, 1, 19))


def test_newer_role_wins_on_handover_day() -> None:
    entry = person(
        Role("GBR", "OPP", D(2020, 4, 4), D(2024, 7, 5)), Role("GBR", "GOV", D(2024, 7, 5), None)
    )
    assert entry.role_at(D(2024, 7, 5)) == Role("GBR", "GOV", D(2024, 7, 5), None)
    assert entry.role_at(D(2024, 7, 4)).sector == "OPP"


def test_outside_every_role_is_ex_official() -> None:
    entry = person(Role("UKR", "GOV", D(2020, 3, 4), D(2024, 9, 5)))
    after = entry.role_at(D(2025, 1, 1))
    assert (after.code, after.sector) == ("UKR", None)
    before = entry.role_at(D(2010, 1, 1))
    assert (before.code, before.sector) == ("UKR", None)
    assert not entry.in_office(D(2025, 1, 1))
    assert entry.in_office(D(2022, 1, 1))


def test_undated_role_is_the_default() -> None:
    entry = person(Role("RUS", "GOV", D(1999, 8, 9), D(2008, 5, 7)), Role("RUS", None))
    assert entry.role_at(D(2005, 1, 1)).sector == "GOV"
    assert entry.role_at(D(2010, 1, 1)) == Role("RUS", None)


def test_no_date_means_the_current_role() -> None:
    entry = person(
        Role("NLD", "GOV", D(2010, 10, 14), D(2024, 7, 2)), Role("NATO", None, D(2024, 10, 1))
    )
    assert entry.role_at(None).code == "NATO"
    assert entry.in_office(None)


def test_fixed_code_without_roles() -> None:
    entry = Entry(Kind.GROUP, "Hamas", "PSE", "REB")
    assert entry.role_at(D(2024, 1, 1)) == Role("PSE", "REB")
    assert Entry(Kind.AGENT, "troops", sector="MIL").role_at(None) is None
