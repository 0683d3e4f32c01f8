"""The event filter shared by ``tocsin events``, ``tocsin export``, the Python API and the REST
API, and the checks that turn a mistyped code into an error naming the closest valid ones.

Values are normalised once, when the filter is made: codes upper-cased, comma-separated
lists split, ISO date strings parsed. ``EventFilter.where()`` is the SQL; ``check_*`` look a
value up and raise ``ConfigError`` C015 ("unknown actor code 'RUSS' (closest: RUS, RSA)")
instead of answering an empty table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from tocsin.errors import ConfigError
from tocsin.records import PLOVER_TYPES

#: How many close matches an unknown-value error suggests.
SUGGESTIONS = 3
#: Words of a text search: "quoted phrases" stay whole.
_WORDS = re.compile(r'"([^"]+)"|(\S+)')

Codes = str | Sequence[str] | None


class UnknownFilterError(ConfigError, TypeError):
    """A keyword that is no event filter: a ``TypeError`` as Python expects of a bad keyword,
    and catalogue error C015 for the edges (CLI, API)."""


def as_codes(value: Codes) -> tuple[str, ...]:
    """``"rus, ukr"`` or ``["rus", "UKR"]`` → ``("RUS", "UKR")``; None → ``()``."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    return tuple(dict.fromkeys(str(v).strip().upper() for v in items if str(v).strip()))


def as_date(value: dt.date | str | None, *, what: str = "date") -> dt.date | None:
    """A ``datetime.date`` from a date, a datetime or an ISO ``YYYY-MM-DD`` string.

    Raises ``ConfigError`` C016 for a string that is not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise ConfigError("C016", what=what, value=value, reason="not YYYY-MM-DD") from exc


def search_terms(text: str | None) -> tuple[str, ...]:
    """The words (and ``"quoted phrases"``) of a text search, lower-cased."""
    if not text:
        return ()
    terms = (a or b for a, b in _WORDS.findall(text))
    return tuple(" ".join(t.lower().split()) for t in terms if t.strip())


@dataclass(slots=True, kw_only=True)
class EventFilter:
    """Which events to read; every field is optional and they combine with AND.

    ``actor`` matches either side, ``source``/``target`` one side; each takes one code or
    several (a list, or ``"RUS,BLR"``). ``type`` is one PLOVER type or several. ``since`` and
    ``until`` bound the event's day (its event date, else its publication date), inclusive,
    as dates or ISO strings. ``text`` keeps events whose sentence holds every word (any
    case; ``"quoted phrases"`` whole). ``include_negated=False`` leaves out negated and
    hypothetical events.
    """

    actor: Codes = None
    source: Codes = None
    target: Codes = None
    type: Codes = None
    since: dt.date | str | None = None
    until: dt.date | str | None = None
    article_id: str | None = None
    text: str | None = None
    include_negated: bool = True

    def __post_init__(self) -> None:
        self.actor, self.source, self.target, self.type = (
            as_codes(self.actor) or None, as_codes(self.source) or None,
            as_codes(self.target) or None, as_codes(self.type) or None,
        )  # fmt: skip
        self.since = as_date(self.since, what="since date")
        self.until = as_date(self.until, what="until date")

    @classmethod
    def from_kwargs(cls, values: dict[str, Any]) -> EventFilter:
        """A filter from keyword arguments. Raises ``UnknownFilterError`` (a ``TypeError``,
        C015) naming an unknown keyword and the closest known one."""
        known = {f.name for f in fields(cls)}
        wrong = sorted(set(values) - known)
        if wrong:
            closest = difflib.get_close_matches(wrong[0], known, n=1)
            hint = f" (did you mean {closest[0]!r}?)" if closest else ""
            raise UnknownFilterError(
                "C015", what="event filter", value=wrong[0], closest=hint,
                known=", ".join(sorted(known)),
            )  # fmt: skip
        return cls(**values)

    def codes(self) -> tuple[str, ...]:
        """Every actor code the filter names."""
        return tuple(c for group in (self.actor, self.source, self.target) for c in group or ())

    def where(self, alias: str = "") -> tuple[str, list[Any]]:
        """SQL condition over ``events`` (columns prefixed by ``alias``) and its parameters."""
        col = f"{alias}." if alias else ""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        if self.actor:
            clauses.append(
                f"(list_contains(?, {col}source_code) OR list_contains(?, {col}target_code))"
            )
            params += [list(self.actor), list(self.actor)]
        for column, value in (("source_code", self.source), ("target_code", self.target)):
            if value:
                clauses.append(f"list_contains(?, {col}{column})")
                params.append(list(value))
        if self.type:
            clauses.append(f"list_contains(?, {col}type)")
            params.append(list(self.type))
        day = f"coalesce({col}event_date, {col}date)"
        if self.since:
            clauses.append(f"{day} >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{day} <= ?")
            params.append(self.until)
        if self.article_id:
            clauses.append(f"{col}article_id = ?")
            params.append(self.article_id)
        for term in search_terms(self.text):
            clauses.append(f"lower({col}text) LIKE ? ESCAPE '\\'")
            params.append(f"%{like_escape(term)}%")
        if not self.include_negated:
            clauses.append(f"NOT {col}negated AND NOT {col}hypothetical")
        return " AND ".join(clauses), params


def like_escape(text: str) -> str:
    """``text`` with the LIKE wildcards (and the escape character) escaped by a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def unknown(
    what: str, value: str, known: Iterable[str], *, listed: Iterable[str] | None = None
) -> ConfigError:
    """C015 for ``value``, suggesting the closest of ``known`` (by spelling); the fix lists
    ``listed`` (default: ``known``; for actor codes, those the database holds)."""
    options = sorted(set(known))
    upper = {o.upper(): o for o in options}
    closest = difflib.get_close_matches(value.upper(), list(upper), n=SUGGESTIONS, cutoff=0.5)
    hint = f" (closest: {', '.join(upper[c] for c in closest)})" if closest else ""
    shown = sorted(set(listed)) if listed is not None else options
    text = ", ".join(shown[:24]) + (f", … ({len(shown)} in all)" if len(shown) > 24 else "")
    return ConfigError("C015", what=what, value=value, closest=hint, known=text or "none yet")


def check_types(types: Iterable[str] | None) -> None:
    """Raise C015 for the first value that is not a PLOVER type."""
    for t in types or ():
        if t not in PLOVER_TYPES:
            raise unknown("PLOVER type", t, PLOVER_TYPES)


def check_codes(codes: Iterable[str], stored: Iterable[str]) -> None:
    """Raise C015 for the first code neither ``stored`` (codes in the database) nor in the
    actor data (countries, IGOs, ``NONSTATE``) knows."""
    have = set(stored)
    for code in codes:
        if code not in have and code not in packaged_codes():
            raise unknown("actor code", code, have | packaged_codes(), listed=have)


@functools.cache
def packaged_codes() -> frozenset[str]:
    """The actor codes of the packaged actor data: countries, IGOs and ``NONSTATE``."""
    from tocsin.actors.loader import load_packaged
    from tocsin.actors.model import NONSTATE

    _, known = load_packaged()
    return frozenset(known.countries | known.igos | {NONSTATE})


def check_choice(what: str, value: str | None, known: Iterable[str]) -> None:
    """Raise C015 when ``value`` is given and not one of ``known``."""
    options = set(known)
    if value is not None and value not in options:
        raise unknown(what, value, options)
