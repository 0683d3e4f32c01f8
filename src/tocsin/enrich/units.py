"""Distances written in news text ("about 250 kilometers", "700 miles", "a 300-km range").

``find_distances`` finds number + unit expressions and converts them to km; it knows nothing
about weapons (``tocsin.enrich.weapons`` decides which distances are stated ranges). Speeds
("7,000 km/h") and areas ("km²") are not distances and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: km per unit: statute mile (exactly 1.609344 km) and international nautical mile (1.852 km).
KM_PER_UNIT: dict[str, float] = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUALIFIER = (
    r"(?:about|around|roughly|approximately|some|nearly|almost|up\s+to|more\s+than|over|"
    r"at\s+least|as\s+far\s+as|in\s+excess\s+of|under|less\s+than|beyond|exceeding|"
    r"just\s+over|just\s+under|well\s+over|upwards\s+of|an\s+estimated|estimated)"
)
_UNIT = r"nautical[\s-]+miles?|nmi|kilomet(?:er|re)s?|kms?|miles?|mi"
_DISTANCE = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:(?P<low>{_NUM})\s*(?:-|\u2013|to)\s*|between\s+(?P<low2>{_NUM})\s+and\s+)?"
    rf"(?P<num>{_NUM})(?:\s*-\s*|\s*)(?P<unit>{_UNIT})"
    # not a speed (km/h, miles per hour), an area (km2) or a designation ("17 Mi-8")
    r"(?![\w\u00b2\u00b3])(?!-\d)(?!\s*(?:/\s*h|/\s*hr|/\s*s\b|per\s+(?:hour|second)|an\s+hour))",
    re.IGNORECASE,
)
#: Cheap test run on every sentence before the full parse of distances.
_QUICK = re.compile(r"\d\s*-?\s*(?:k|mi|nautical|nmi)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Distance:
    """A distance in the text: character span, the words as written, value and km.

    ``unit_start`` is where the unit word starts (its token anchors the grammar checks);
    for a span ("1,500-2,500 km") ``value`` is the upper figure and ``low`` the lower one.
    """

    start: int
    end: int
    unit_start: int
    text: str
    value: float
    unit: str
    km: float
    low: float | None = None


def unit_key(word: str) -> str:
    """``km``, ``mi`` or ``nmi`` for a unit word ("kilometres", "miles", "nautical miles")."""
    low = word.lower()
    if low.startswith("nautical") or low == "nmi":
        return "nmi"
    if low.startswith(("km", "kilomet")):
        return "km"
    return "mi"


def to_km(value: float, unit: str) -> float:
    """``value`` in ``unit`` (a unit word or key) converted to km, rounded to 0.1 km."""
    return round(value * KM_PER_UNIT[unit_key(unit)], 1)


def parse_number(text: str) -> float:
    """A number as written in English news ("1,500", "2.5") as a float."""
    return float(text.replace(",", ""))


def has_distance(text: str) -> bool:
    """True when ``text`` may hold a number followed by a distance unit (a cheap pre-test)."""
    return _QUICK.search(text) is not None


def find_distances(text: str) -> list[Distance]:
    """Every number + distance-unit expression in ``text``, in order."""
    out: list[Distance] = []
    for m in _DISTANCE.finditer(text):
        unit = m.group("unit")
        if unit[0] == "M" and unit.lower() == "mi":  # "Mi" is the Mil helicopter prefix
            continue
        value = parse_number(m.group("num"))
        low_text = m.group("low") or m.group("low2")
        out.append(
            Distance(
                start=m.start(),
                end=m.end(),
                unit_start=m.start("unit"),
                text=m.group(),
                value=value,
                unit=unit_key(unit),
                km=to_km(value, unit),
                low=parse_number(low_text) if low_text else None,
            )
        )
    return out
