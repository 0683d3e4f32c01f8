"""The actor layer's own records: dictionary entries, date-bounded roles, phrase matches.

An ``Entry`` is one thing a phrase can name: a country, a country adjective, a capital or
seat of power, an IGO, a person, an armed group or organisation, an agent word (a sector
noun such as "troops"), a place, or a region that is deliberately *not* codable. Every
data file (packaged YAML, analyst YAML, PETRARCH dictionaries) is loaded into ``Entry``
objects; the matcher and the composition rules only ever see these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

#: PLOVER sectors used by the tocsin gold set (``COP`` police, ``MED`` medical).
SECTORS: frozenset[str] = frozenset(
    {"GOV", "MIL", "LEG", "JUD", "OPP", "REB", "CVL", "MED", "BUS", "NGO", "COP"}
)

#: Code for transnational groups and organisations without a country (name kept).
NONSTATE = "NONSTATE"


class Kind(StrEnum):
    """What an entry names; decides how it combines with the rest of a noun phrase."""

    COUNTRY = "country"  # "Russia", "the United States"
    ADJ = "adj"  # "Russian", "South Korean" (also "a Russian")
    PEOPLE = "people"  # "Russians", "Venezuelans": citizens (CVL)
    CAPITAL = "capital"  # "Moscow", "the Kremlin", "Brussels" (EU): metonym candidates
    IGO = "igo"  # "NATO", "the U.N. Security Council"
    PERSON = "person"  # "Vladimir Putin", "Putin"
    GROUP = "group"  # "Hamas", "Islamic State", "Rosneft", "Amnesty International"
    AGENT = "agent"  # "troops", "health workers", "Congress" (with a default country)
    PLACE = "place"  # "Nairobi", "Gaza", "Crimea": where, not who
    REGION = "region"  # "the West", "European": never codable


#: Kinds that name an actor by themselves (a head of these kinds wins over modifiers).
NAMED_KINDS: frozenset[Kind] = frozenset({Kind.PERSON, Kind.GROUP, Kind.IGO})

#: Nouns of a line between countries ("the Cameroon border"): neither an actor nor a place
#: on one side of it.
BORDER_WORDS: frozenset[str] = frozenset({"border", "frontier", "boundary", "borderland"})
#: Nouns of a war named by where it is fought ("the Iraq war", "the Darfur conflict"): the
#: place names no party to it, unless it is a possessor ("Russia's war").
WAR_WORDS: frozenset[str] = frozenset({"war", "conflict"})
#: Kinds that give a country when they modify an agent noun ("Russian troops").
COUNTRY_KINDS: frozenset[Kind] = frozenset(
    {Kind.COUNTRY, Kind.ADJ, Kind.PEOPLE, Kind.CAPITAL, Kind.PLACE}
)


@dataclass(frozen=True, slots=True)
class Role:
    """A code and sector held from ``start`` to ``end``, both days inclusive.

    ``start``/``end`` of None mean open-ended; a role with neither is the *default*,
    used only when no dated role covers the date (PETRARCH's undated code).
    ``group`` names the organisation for ``NONSTATE`` roles ("Islamic State").
    """

    code: str
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    group: str | None = None
    title: str | None = None  # "President", "Foreign Minister": what "the president" recalls

    @property
    def dated(self) -> bool:
        """True when the role has a start or an end date."""
        return self.start is not None or self.end is not None

    def covers(self, date: dt.date) -> bool:
        """True when ``date`` falls inside this role's dates."""
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One dictionary entry. ``code``/``sector`` are fixed unless ``roles`` are given.

    ``generic`` agents ("officials", "spokesman", "personnel") take the sector of an agent
    modifier ("army spokesman" → MIL); ``definite`` agents ("the government", "the army")
    refer to the country in focus when they have no owner; ``alone`` is False for agents
    too vague to code even with a country ("people" in "Russian people" stays codable as
    CVL, but "officials" alone, with no country, is never an actor); ``person`` marks
    singular human agents ("the president") that ``he``/``she`` can refer back to.
    ``anaphor`` names the antecedent class a definite "the <word>" refers to; ``nouns``
    are the common nouns that refer back to an IGO ("the alliance" → NATO);
    ``relational`` agents ("allies") never denote their possessor; ``acts_where`` agents
    (unnamed insurgents, gunmen) with no owner take the country where they act, never the
    last country mentioned; ``domestic`` agents of a sector that may be anywhere (workers,
    unions, civil servants among civilians) take the country in focus, as state agents do.
    """

    kind: Kind
    name: str
    code: str | None = None
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    generic: bool = False
    definite: bool = False
    person: bool = False
    alone: bool = True
    relational: bool = False
    acts_where: bool = False
    domestic: bool = False
    anaphor: str | None = None
    nouns: frozenset[str] = frozenset()
    source: str = ""

    def role_at(self, date: dt.date | None) -> Role | None:
        """The role held on ``date`` (latest role when ``date`` is None); None if no role.

        When no dated role covers ``date``, the undated default role applies; failing
        that, a role that ended before ``date`` gives its code with sector None (an
        ex-official, PLOVER ``ELI``, which the tocsin gold codes as null).
        """
        if not self.roles:
            return Role(self.code, self.sector) if self.code else None
        if date is None:
            return _latest(self.roles)
        covering = [r for r in self.roles if r.dated and r.covers(date)]
        if covering:  # on a handover day the newer role wins
            return max(covering, key=lambda r: r.start or dt.date.min)
        for role in self.roles:
            if not role.dated:
                return role
        past = [r for r in self.roles if r.end is not None and r.end < date]
        if past:
            last = max(past, key=lambda r: r.end or dt.date.min)
            return Role(last.code, None, group=last.group)
        first = min(self.roles, key=lambda r: r.start or dt.date.min)
        return Role(first.code, None, group=first.group)

    def in_office(self, date: dt.date | None) -> bool:
        """True when a dated role covers ``date`` (or the entry has an open current role)."""
        if date is None:
            return any(r.end is None for r in self.roles) or not self.roles
        return any(r.covers(date) for r in self.roles if r.dated) or not self.roles


def _latest(roles: tuple[Role, ...]) -> Role:
    open_roles = [r for r in roles if r.end is None]
    pool = open_roles or list(roles)
    return max(pool, key=lambda r: r.start or dt.date.min)


@dataclass(slots=True)
class Match:
    """A phrase found in a sentence: token positions ``[start, end)`` and its entries."""

    start: int
    end: int
    entries: tuple[Entry, ...]
    drop: bool = False  # an owner-less hyphen compound ("U.S.-brokered"): not an actor

    def first(self, *kinds: Kind) -> Entry | None:
        """The first entry of one of ``kinds``, in priority order of ``kinds``."""
        for kind in kinds:
            for entry in self.entries:
                if entry.kind is kind:
                    return entry
        return None

    @property
    def kinds(self) -> frozenset[Kind]:
        """The kinds of this match's entries."""
        return frozenset(e.kind for e in self.entries)


@dataclass(slots=True)
class ActorData:
    """Everything the resolver knows: phrases with their entries, and the rules' word lists.

    ``phrases`` pairs a surface phrase ("the Kremlin", "Putin") with the entry it names;
    one phrase may name several entries (a capital is a place and a metonym).
    """

    phrases: list[tuple[str, Entry]] = field(default_factory=list)
    containers: frozenset[str] = frozenset()
    owner_suffixes: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    list_markers: frozenset[str] = frozenset()
    vague_groups: frozenset[str] = frozenset()
    place_acts: frozenset[str] = frozenset()
    #: regions that only a dateline names by abbreviation ("Fla.", "B.C."), key → country code
    dateline_regions: dict[str, str] = field(default_factory=dict)
    #: words of one country's domestic news, as written ("MPs", "chief constable") → its code:
    #: the article's country when it names none
    home_markers: dict[str, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def add(self, phrase: str, entry: Entry) -> None:
        """Register ``phrase`` as a name of ``entry``."""
        self.phrases.append((phrase, entry))

    def extend(self, other: ActorData) -> None:
        """Add another data set's phrases and word lists to this one."""
        self.phrases.extend(other.phrases)
        self.containers |= other.containers
        self.owner_suffixes |= other.owner_suffixes
        self.titles |= other.titles
        self.list_markers |= other.list_markers
        self.vague_groups |= other.vague_groups
        self.place_acts |= other.place_acts
        self.dateline_regions.update(other.dateline_regions)
        self.home_markers.update(other.home_markers)
        self.sources.extend(other.sources)
