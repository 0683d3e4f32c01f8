"""Wire credits, datelines and page clutter: the parts of a news text that are not news.

"(Reuters) Reuters - ", "BAGHDAD (Reuters) - ", "PUNTA GORDA, Fla. - ", "ISLAMABAD: " are
never parsed: taken with the sentence they open, the agency becomes an actor (GBR for
Reuters) and the city the subject. Clutter lines (captions, share prompts, related-story
strips) are page furniture, not reports. The word lists are data (``shape/data/credits.yaml``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"|(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)[A-Z]*\.?"
)
_DASH = r"(?:-{1,2}|–|—)"
#: An upper-case place ("THE HAGUE", "PUNTA GORDA", "WASHINGTON/BRUSSELS"), optionally a
#: region ("Fla.", "Gaza Strip", "Ivory Coast"), a date ("Dec 17", "Sept. 14, 2025"), a
#: credit, then a dash: a dateline.
_PLACE = r"[A-Z][A-Z.'’&/-]*[A-Z.](?:\s+[A-Z][A-Z.'’&/-]*[A-Z.]){0,3}"
_REGION = r"(?:,\s*(?P<{}>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,2}}))"
_DATE = rf"(?:,?\s+(?:{_MONTH})\s*\d{{1,2}}(?:,?\s+\d{{4}})?)"
_CREDIT = r"(?:\((?P<credit>[^()\n]{1,40})\))"
DATELINE = re.compile(
    rf"(?P<place>{_PLACE}){_REGION.format('region')}?{_DATE}?\s*{_CREDIT}?\s*{_DASH}\s+"
    rf"|(?P<cplace>{_PLACE}){_REGION.format('cregion')}?{_DATE}?\s*:\s+(?=[A-Z\"“'‘])"
)
#: "(Reuters) Reuters - ", "(AP) AP - ", "(SPACE.com) SPACE.com - ", "(AFP) - ".
PAREN_CREDIT = re.compile(
    r"\((?P<name>[A-Za-z][\w.&'’ -]{0,38})\)\s*(?:(?P=name)\s*)?" + _DASH + r"\s*"
)
#: "By JOHN SMITH", "By Jane Doe, Reuters" on a line of its own or opening the text.
BYLINE = re.compile(
    r"^\s*By\s+(?:[A-Z][\w.'’-]+\s*){1,4}(?:(?:,|and)\s*(?:[A-Z][\w.'’-]+\s*){1,4})*"
    r"(?:\s*[|,]\s*[A-Z][\w .'’-]{0,40})?\s*$"
)
#: Menus and share bars: several short items separated by bars or bullets.
_MENU_SEPARATORS = re.compile(r"\s[|•·›»]\s")
_MENU_ITEMS = 4


@dataclass(frozen=True, slots=True)
class CreditData:
    """The word lists of ``shape/data/credits.yaml``."""

    agencies: frozenset[str]
    clutter: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def credit_data() -> CreditData:
    """Load and cache ``shape/data/credits.yaml``."""
    raw = resources.files("tocsin.shape").joinpath("data/credits.yaml").read_text("utf-8")
    data = yaml.safe_load(raw) or {}
    return CreditData(
        agencies=frozenset(str(a) for a in data.get("agencies") or []),
        clutter=tuple(str(c).lower() for c in data.get("clutter") or []),
    )


@functools.lru_cache(maxsize=1)
def _bare_agency() -> re.Pattern[str]:
    names = sorted(credit_data().agencies, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(n) for n in names) + r")\s*" + _DASH + r"\s+")


def opening_credit(text: str, start: int = 0) -> int:
    """End of the credits and dateline that open ``text`` at ``start`` (``start`` if none).

    Handles chains: "(SPACE.com) SPACE.com - TORONTO, Canada -- A second team ...".
    """
    pos = start
    while True:
        while pos < len(text) and text[pos] == " ":
            pos += 1
        match = (
            PAREN_CREDIT.match(text, pos)
            or dateline_at(text, pos)
            or _bare_agency().match(text, pos)
        )
        if match is None or match.end() == pos:
            return pos
        pos = match.end()


def dateline_at(text: str, pos: int) -> re.Match[str] | None:
    """A dateline starting exactly at ``pos`` (its place needs two upper-case letters)."""
    match = DATELINE.match(text, pos)
    if match is None:
        return None
    place = match.group("place") or match.group("cplace") or ""
    letters = [c for c in place if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    return match


def dateline_place(text: str) -> str | None:
    """The place of a dateline inside a credit, with its region when one is named
    ("BAGHDAD (Reuters) - " → "BAGHDAD", "(AP) AP - PUNTA GORDA, Fla. - " →
    "PUNTA GORDA, Fla."), or None."""
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos] == " ":
            pos += 1
        match = dateline_at(text, pos)
        if match is not None:
            place = (match.group("place") or match.group("cplace") or "").strip()
            region = match.group("region") or match.group("cregion")
            return f"{place}, {region}" if place and region else place or None
        step = PAREN_CREDIT.match(text, pos) or _bare_agency().match(text, pos)
        if step is None or step.end() == pos:
            return None
        pos = step.end()
    return None


def is_truncation_line(line: str) -> bool:
    """The line tocsin itself ends a cut article with (``ingest.article.TRUNCATION_MARKER``:
    "[truncated by tocsin: the first 1,000,000 of ... characters are kept]"): it tells the
    reader of the text, it is no news."""
    from tocsin.ingest.article import TRUNCATION_MARKER

    opening = TRUNCATION_MARKER.split("{", 1)[0]
    flat = line.strip()
    return flat.startswith(opening) and flat.endswith("]")


def is_clutter(line: str) -> bool:
    """A line that is page furniture: a caption, share prompt, byline, menu, or credit."""
    flat = line.strip()
    low = flat.lower()
    if not flat:
        return True
    if is_truncation_line(flat):
        return True
    if BYLINE.match(flat):
        return True
    if len(flat) < 200 and low.startswith(credit_data().clutter):
        return True
    return len(_MENU_SEPARATORS.findall(flat)) >= _MENU_ITEMS - 1
