"""Publication dates: parse metadata values, find datelines, infer missing years.

Fast paths first (ISO 8601, RFC 2822, epoch numbers, "26-FEB-1987", "March 3, 2025"), then
dateparser for the long tail. No date may lie in the future: a value later than tomorrow
(UTC; a day of slack for time zones) is refused, and a dateline without a year ("MOSCOW,
March 3 (Reuters) -") takes the year that puts it nearest a known reference date, or none.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# Month names match in any case ("MARCH 3"); a dateline's place must start upper-case.
_MONTH = (
    r"(?P<month>(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?))\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

#: A wire-service dateline opening the text: PLACE[, REGION], Month Day[, Year] [(Agency)] -
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?)\s*,\s*"
    + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?"
    + r"\s*(?:\((?P<agency>[^)]{1,30})\))?\s*[-–—:]",
)  # fmt: skip
#: A written-out date anywhere in the opening lines: "March 3, 2025", "3 March 2025".
#: (ISO dates are left out: in the opening lines of a file they are more often an export
#: or crawl timestamp than the publication date.)
_TEXT_DATES = (
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b"),
    re.compile(r"\b" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b"),
)
_DAY_MON_YEAR = re.compile(r"^\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
_EMPTY = frozenset({"", "none", "null", "nan", "n/a", "na", "-", "unknown"})
#: Characters of the text searched for a dateline or an opening date.
OPENING_CHARS = 400
_MS_EPOCH = 10**11  # epoch values above this are milliseconds


def today() -> dt.date:
    """Today's date in UTC."""
    return dt.datetime.now(dt.UTC).date()


def latest_allowed() -> dt.date:
    """The latest publication date accepted: tomorrow (UTC), allowing for time zones."""
    return today() + dt.timedelta(days=1)


def parse_date(value: object) -> dt.date | None:
    """Parse a metadata date value (string, number, date); None for an empty value.

    Raises ``ValueError`` when the value is not a date or lies in the future.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        found: dt.date | None = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, int | float):
        found = _from_epoch(float(value))
    else:
        text = str(value).strip()
        if text.casefold() in _EMPTY:
            return None
        found = _parse_text(text)
    if found is None:
        raise ValueError(f"not a date: {value!r}")
    if found > latest_allowed():
        raise ValueError(f"in the future: {value!r}")
    return found


def _parse_text(text: str) -> dt.date | None:
    for parser in (_iso, _epoch_text, _rfc2822, _day_mon_year, _written):
        found = parser(text)
        if found is not None:
            return found
    return _dateparser(text)


def _iso(text: str) -> dt.date | None:
    match = _ISO_DATE.match(text)
    if not match:
        return None
    try:
        # fromisoformat keeps the publisher's local date of a timestamp with an offset.
        return dt.datetime.fromisoformat(text.strip().replace(" ", "T", 1)).date()
    except ValueError:
        return _safe_date(*(int(g) for g in match.groups()))


def _epoch_text(text: str) -> dt.date | None:
    return _from_epoch(float(text)) if _EPOCH.match(text) else None


def _from_epoch(seconds: float) -> dt.date | None:
    if seconds > _MS_EPOCH:
        seconds /= 1000
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _rfc2822(text: str) -> dt.date | None:
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _day_mon_year(text: str) -> dt.date | None:
    """Reuters-21578 ``26-FEB-1987 15:01:01.79``."""
    match = _DAY_MON_YEAR.match(text)
    if not match:
        return None
    month = MONTHS.get(match.group(2).lower())
    return _safe_date(int(match.group(3)), month, int(match.group(1))) if month else None


def _written(text: str) -> dt.date | None:
    """A date written out in English, when it is (nearly) all of ``text``."""
    for pattern in _TEXT_DATES:
        match = pattern.fullmatch(text.strip().rstrip("."))
        if match:
            return _match_date(match, year_hint=None)
    return None


def _dateparser(text: str) -> dt.date | None:
    import dateparser

    # Only absolute dates naming a year, month and day: "2019" or "Tuesday" are not a
    # publication date, and "yesterday" would be read relative to today, not to the article.
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    }
    try:
        parsed = dateparser.parse(text[:100], languages=None, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed else None


def _safe_date(year: int, month: int | None, day: int) -> dt.date | None:
    if month is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline or date found at the start of a text."""

    text: str
    date: dt.date | None
    place: str | None = None


def find_dateline(text: str, *, year_hint: dt.date | None = None) -> Dateline | None:
    """The dateline or full date in the opening of ``text``, with its date when known.

    A dateline without a year gets the year that puts it nearest ``year_hint``; without a
    hint its date stays None. Dates after tomorrow are dropped.
    """
    opening = text[:OPENING_CHARS]
    match = _DATELINE.match(opening)
    if match:
        date = _match_date(match, year_hint=year_hint)
        raw = match.group(0).rstrip("-–—: ").strip()
        return Dateline(text=raw, date=date, place=match.group("place").strip())
    for pattern in _TEXT_DATES:
        found = pattern.search(opening)
        if found:
            return Dateline(text=found.group(0), date=_match_date(found, year_hint=None))
    return None


def _match_date(match: re.Match[str], *, year_hint: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    month = MONTHS.get(groups["month"].lower())
    day = int(groups["day"])
    if groups.get("year"):
        found = _safe_date(int(groups["year"]), month, day)
    elif year_hint is not None:
        found = _nearest(month, day, year_hint)
    else:
        return None
    return found if found is not None and found <= latest_allowed() else None


def _nearest(month: int | None, day: int, hint: dt.date) -> dt.date | None:
    """The date with ``month``/``day`` nearest ``hint`` (a December dateline on a January
    reference date belongs to the year before)."""
    options = [_safe_date(hint.year + k, month, day) for k in (-1, 0, 1)]
    valid = [d for d in options if d is not None]
    return min(valid, key=lambda d: abs((d - hint).days)) if valid else None
