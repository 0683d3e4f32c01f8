"""Publication dates: metadata values, datelines, year inference, nothing in the future."""

from __future__ import annotations

import datetime as dt

import pytest

from tocsin.ingest.dates import find_dateline, parse_date, today

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-03", D(2025, 3, 3)),
        ("2025-03-03T23:30:00-05:00", D(2025, 3, 3)),  # the publisher's local date
        ("2025-03-03T10:00:00Z", D(2025, 3, 3)),
        ("Tue, 04 Mar 2025 09:30:00 GMT", D(2025, 3, 4)),
        ("26-FEB-1987 15:01:01.79", D(1987, 2, 26)),
        (" 5-MAR-1987 01:53:30.27", D(1987, 3, 5)),
        ("March 3, 2025", D(2025, 3, 3)),
        ("3 March 2025", D(2025, 3, 3)),
        ("1741000000", D(2025, 3, 3)),
        (1741000000, D(2025, 3, 3)),
        (1741000000000, D(2025, 3, 3)),  # milliseconds
        ("le 3 mars 2025", D(2025, 3, 3)),  # the long tail goes to dateparser
        (D(2025, 3, 3), D(2025, 3, 3)),
    ],
)
def test_parse_date(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "  ", "null", "N/A", "nan"])
def test_empty_values_are_no_date(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize("value", ["soon", "2019", "Tuesday", "yesterday", "99/99/99"])
def test_unparseable_values_raise(value: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_date(value)


def test_future_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="future"):
        parse_date((today() + dt.timedelta(days=30)).isoformat())
    assert parse_date((today() + dt.timedelta(days=1)).isoformat())  # time-zone slack


def test_wire_dateline_takes_the_year_of_the_hint() -> None:
    found = find_dateline(
        "MOSCOW, March 3 (Reuters) - Russia said on Monday...", year_hint=D(2025, 3, 10)
    )
    assert found is not None
    assert found.date == D(2025, 3, 3)
    assert found.place == "MOSCOW"
    assert found.text == "MOSCOW, March 3 (Reuters)"


def test_dateline_without_year_or_hint_has_no_date() -> None:
    found = find_dateline("SALVADOR, Feb 26 - Showers continued throughout the week")
    assert found is not None
    assert found.text == "SALVADOR, Feb 26"
    assert found.date is None


def test_december_dateline_on_a_january_reference_is_last_year() -> None:
    found = find_dateline("SAN JOSE, Calif., Dec 30 (Reuters) - x", year_hint=D(2025, 1, 2))
    assert found is not None
    assert found.date == D(2024, 12, 30)
    assert found.place == "SAN JOSE, Calif."


def test_dateline_with_year_and_other_agency() -> None:
    found = find_dateline("WASHINGTON, March 3, 2025 (AP) — The Senate voted...")
    assert found is not None
    assert found.date == D(2025, 3, 3)


def test_written_date_in_the_opening_lines() -> None:
    found = find_dateline("By a staff writer\nPublished 4 March 2025\n\nThe talks...")
    assert found is not None
    assert found.date == D(2025, 3, 4)


def test_no_dateline_in_ordinary_prose() -> None:
    assert find_dateline("the talks, March 3 - were postponed") is None
    assert find_dateline("Nothing to see here at all.") is None
    far = "x " * 300 + "March 3, 2025"
    assert find_dateline(far) is None  # only the opening lines count


def test_future_dateline_dates_are_dropped() -> None:
    year = today().year + 2
    found = find_dateline(f"LONDON, March 3, {year} (Reuters) - x")
    assert found is not None
    assert found.date is None
