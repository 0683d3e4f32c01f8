"""Combine the phrases of one noun phrase into actors: the PLOVER coding rules in code.

A noun phrase is a *head* (the match on its head noun, or nothing) plus *modifiers*
(matches before the head: "Russian", "Nigeria's", "NATO", "army"), *of*-objects ("the
government of Sudan"), locatives ("protesters in Nairobi") and anaphoric owners ("its
army"). ``compose`` applies the rules of shared/eval/README.md §1.4:

* a named head (person by date, group, IGO, country, capital) is the actor;
* an agent head takes its country from modifiers, then its default country (institutions),
  then the *of*-object, then locatives: "Russian troops" → RUS MIL, "Congress" → USA LEG;
* a generic agent ("official", "spokesman", "personnel") takes the sector of an agent
  modifier ("army spokesman" → MIL) and the actor of a group modifier ("Hamas official");
* IGOs keep sector null except for MIL, JUD and LEG organs ("NATO aircraft" → NATO MIL);
* regions ("European", "the West") give no actor; relational nouns ("allies") never
  denote their possessor;
* an unknown head with a country modifier ("Ukraine's energy grid") is the country with
  sector null and low confidence — a target, rarely a source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tocsin.actors.model import NONSTATE, Entry, Kind, Match, Role
from tocsin.records import Actor

#: Organs of an IGO whose sector is kept ("NATO aircraft" MIL, "the U.N.'s top court" JUD).
IGO_SECTORS = frozenset({"MIL", "JUD", "LEG"})
#: Head priority when a phrase names several kinds of thing.
HEAD_ORDER: tuple[Kind, ...] = (
    Kind.PERSON, Kind.GROUP, Kind.IGO, Kind.COUNTRY, Kind.PEOPLE, Kind.ADJ, Kind.CAPITAL,
    Kind.AGENT, Kind.PLACE, Kind.REGION,
)  # fmt: skip
#: Modifier priority: what a modifier contributes to the phrase it modifies.
MOD_ORDER: tuple[Kind, ...] = (
    Kind.PERSON, Kind.GROUP, Kind.IGO, Kind.COUNTRY, Kind.ADJ, Kind.PEOPLE, Kind.CAPITAL,
    Kind.PLACE, Kind.AGENT, Kind.REGION,
)  # fmt: skip
#: Confidence of the weaker readings.
CONF_CAPITAL, CONF_PLACE, CONF_FALLBACK, CONF_PARTIAL = 0.8, 0.6, 0.5, 0.3


@dataclass(slots=True)
class Piece:
    """One modifier's contribution: an owner actor, an agent sector, or a region."""

    entry: Entry
    text: str
    start: int  # article offset where this modifier's words begin
    owner: Actor | None = None  # the actor it names (country, group, person, IGO)


@dataclass(slots=True)
class Phrase:
    """Everything ``compose`` needs about one noun phrase."""

    text: str  # the noun phrase's words
    start: int  # article offset of its first word
    head: Match | None
    head_text: str
    mods: list[Piece] = field(default_factory=list)
    of_actors: list[Actor] = field(default_factory=list)
    locatives: list[Actor] = field(default_factory=list)
    anaphoric: list[Actor] = field(default_factory=list)  # "the army" → the country in focus
    context: list[Actor] = field(
        default_factory=list
    )  # the clause's place, the arresting police's country
    definite: bool = False  # "the" / "this": may refer back
    person_name: bool = False  # the head is an unknown PERSON entity ("Mayor Ekrem X")


def resolve_persons(entries: Sequence[Entry], date: dt.date | None) -> Entry | None:
    """Pick one person among namesakes: the one in office on ``date``, if unambiguous."""
    if len(entries) == 1:
        return entries[0]
    current = [e for e in entries if e.in_office(date)]
    pool = current or list(entries)
    keys = {(r.code, r.sector) for e in pool if (r := e.role_at(date))}
    return pool[0] if len(keys) == 1 else None


def entry_actor(entry: Entry, text: str, date: dt.date | None) -> Actor | None:
    """The actor a named entry denotes on ``date`` (None for agents, places, regions)."""
    if entry.kind in (Kind.PERSON, Kind.GROUP):
        role = entry.role_at(date)
        return _role_actor(entry, role, text) if role is not None else None
    build = _NAMED.get(entry.kind)
    return build(entry, text) if build else None


def _igo_actor(entry: Entry, text: str) -> Actor:
    return Actor(
        code=entry.code, sector=entry.sector, entity_text=text, name=entry.name, kind="igo"
    )


def _country_actor(entry: Entry, text: str) -> Actor:
    return Actor(code=entry.code, entity_text=text, kind="country")


def _capital_actor(entry: Entry, text: str) -> Actor:
    return Actor(
        code=entry.code,
        sector=entry.sector,
        entity_text=text,
        name=entry.name,
        kind="capital",
        confidence=CONF_CAPITAL,
    )


def _place_actor(entry: Entry, text: str) -> Actor:
    return Actor(
        code=entry.code, entity_text=text, name=entry.name, kind="place", confidence=CONF_PLACE
    )


_NAMED: dict[Kind, Callable[[Entry, str], Actor]] = {
    Kind.IGO: _igo_actor,
    Kind.COUNTRY: _country_actor,
    Kind.ADJ: _country_actor,
    Kind.PEOPLE: _country_actor,
    Kind.CAPITAL: _capital_actor,
    Kind.PLACE: _place_actor,
}


def _role_actor(entry: Entry, role: Role, text: str) -> Actor:
    if entry.kind is Kind.PERSON:
        return Actor(
            code=role.code, sector=role.sector, entity_text=text, name=entry.name, kind="person"
        )
    kind = "nonstate" if role.code == NONSTATE else "group"
    name = role.group or entry.name
    return Actor(code=role.code, sector=role.sector, entity_text=text, name=name, kind=kind)


def head_entry(match: Match, phrase: Phrase, date: dt.date | None) -> Entry | None:
    """The entry a head match stands for (persons disambiguated by date)."""
    persons = [e for e in match.entries if e.kind is Kind.PERSON]
    if persons:
        chosen = resolve_persons(persons, date)
        if chosen is not None:
            return chosen
    has_country = any(
        p.owner is not None and p.owner.kind in ("country", "capital", "place") for p in phrase.mods
    )
    if has_country and match.first(Kind.IGO) and match.first(Kind.AGENT):
        return match.first(Kind.AGENT)  # "Russia's Security Council" is not the U.N.'s
    return match.first(*[k for k in HEAD_ORDER if k is not Kind.PERSON])


#: Words that make a people named by nationality its fighters ("armed Palestinians").
_ARMED = frozenset({"armed", "masked", "gun-toting"})


def compose(phrase: Phrase, date: dt.date | None, *, partial: bool = False) -> list[Actor]:
    """The actors of one noun phrase (not expanded over conjuncts or lists)."""
    entry = head_entry(phrase.head, phrase, date) if phrase.head else None
    if entry is None:
        return _unknown_head(phrase, date, partial=partial)
    if entry.kind is Kind.AGENT:
        return _agent_head(entry, phrase, partial=partial)
    if entry.kind is Kind.REGION:
        return []
    if entry.kind is Kind.IGO:
        return [_igo(entry, phrase)]
    actor = entry_actor(entry, phrase.text, date)
    if actor is None:
        return []
    if entry.kind is Kind.PEOPLE and not phrase.definite:
        # "Venezuelans", not "the Russians"; "five armed Palestinians" are fighters
        armed = _ARMED & set(phrase.text.lower().split())
        actor.sector, actor.kind = ("REB" if armed else "CVL"), "agent"
    return [_other_countrys_party(actor, phrase) or actor]


def _other_countrys_party(actor: Actor, phrase: Phrase) -> Actor | None:
    """ "Israel's opposition Labour party" is not Britain's Labour: a party named with
    another country's name is that country's (OPP with an "opposition" modifier)."""
    if actor.kind != "group" or actor.sector not in ("GOV", "OPP"):
        return None
    countries = [
        p.owner
        for p in phrase.mods
        if p.owner is not None and p.owner.kind in ("country", "capital") and p.owner.code
    ]
    if not countries or any(c.code == actor.code for c in countries):
        return None
    opposition = any(p.entry.kind is Kind.AGENT and p.entry.sector == "OPP" for p in phrase.mods)
    return Actor(
        code=countries[-1].code,
        sector="OPP" if opposition else None,
        entity_text=phrase.text,
        kind="group",
    )


def _igo(entry: Entry, phrase: Phrase) -> Actor:
    sector = entry.sector
    agents = [
        p.entry.sector
        for p in phrase.mods
        if p.entry.kind is Kind.AGENT and p.entry.sector in IGO_SECTORS
    ]
    if agents:
        sector = agents[-1]
    return Actor(
        code=entry.code, sector=sector, entity_text=phrase.text, name=entry.name, kind="igo"
    )


def _agent_sector(entry: Entry, phrase: Phrase) -> str | None:
    if not entry.generic:
        return entry.sector
    mods = [
        p.entry
        for p in phrase.mods
        if p.entry.kind is Kind.AGENT and p.entry.sector and not p.entry.relational
    ]
    return mods[-1].sector if mods else entry.sector


def _agent_head(entry: Entry, phrase: Phrase, *, partial: bool) -> list[Actor]:
    if entry.relational:
        return []
    sector = _agent_sector(entry, phrase)
    owners = _owners(phrase)
    if owners:
        return [_owned(o, sector, phrase, entry) for o in owners]
    if entry.code:  # an institution named without a country: its own
        return [
            Actor(
                code=entry.code,
                sector=sector,
                entity_text=phrase.text,
                name=entry.name,
                kind="agent",
            )
        ]
    if any(p.entry.kind is Kind.REGION for p in phrase.mods):
        return []  # "European governments": a region, not codable
    fallback = _fallback_owners(entry, phrase, sector)
    if fallback or not (partial and entry.alone):
        return fallback
    return [
        Actor(
            code=None, sector=sector, entity_text=phrase.text, kind="agent", confidence=CONF_PARTIAL
        )
    ]


def _owners(phrase: Phrase) -> list[Piece]:
    """Owner modifiers, most specific kind first: groups, persons, IGOs, then countries (a
    diplomat posted to an IGO is his country's: "France's UN envoy")."""
    pieces = [p for p in phrase.mods if p.owner is not None]
    posted = phrase.head_text.lower().rstrip("s") in _POSTED
    for kinds in (("group", "nonstate"), ("person",), ("igo",)):
        chosen = [p for p in pieces if p.owner is not None and p.owner.kind in kinds]
        if (
            kinds == ("igo",)
            and posted
            and any(p.owner is not None and p.owner.kind == "country" for p in pieces)
        ):
            continue
        if chosen:
            return chosen[-1:]
    countries = [
        p for p in pieces if p.owner is not None and p.owner.kind in ("country", "capital", "place")
    ]
    return _distinct(_hyphenated_americans(countries, phrase))


#: Heads of a phrase that names someone posted somewhere ("Nigeria's UN ambassador").
_POSTED = frozenset(
    {"ambassador", "envoy", "diplomat", "representative", "delegate", "delegation", "mission"}
)


def _hyphenated_americans(pieces: list[Piece], phrase: Phrase) -> list[Piece]:
    """ "a Lebanese-American contractor", "Indian-Americans": an American of that origin,
    not two nationalities (unlike "US-Iraqi forces", two parties)."""
    return [
        p
        for n, p in enumerate(pieces)
        if not (
            n + 1 < len(pieces)
            and pieces[n + 1].text.lower() in ("american", "americans")
            and f"{p.text}-{pieces[n + 1].text}" in phrase.text
        )
    ]


def _distinct(pieces: list[Piece]) -> list[Piece]:
    seen: set[str | None] = set()
    out: list[Piece] = []
    for p in pieces:
        code = p.owner.code if p.owner else None
        if code not in seen:
            seen.add(code)
            out.append(p)
    return out


def _owned(piece: Piece, sector: str | None, phrase: Phrase, head: Entry) -> Actor:
    owner = piece.owner
    assert owner is not None
    text = phrase.text if piece.start <= phrase.start else phrase.text[piece.start - phrase.start :]
    if owner.kind in ("group", "nonstate"):
        own_sector = owner.sector
        if owner.sector == "GOV" and not head.generic and sector not in (None, "GOV"):
            # "Labour MPs criticised Blair": a governing party's MPs act as legislators
            own_sector = sector
        return Actor(
            code=owner.code, sector=own_sector, entity_text=text, name=owner.name, kind=owner.kind
        )
    if owner.kind == "igo":
        igo_sector = sector if sector in IGO_SECTORS else owner.sector
        return Actor(
            code=owner.code, sector=igo_sector, entity_text=text, name=owner.name, kind="igo"
        )
    if owner.kind == "person":
        return Actor(
            code=owner.code,
            sector=sector if sector else owner.sector,
            entity_text=text,
            kind="agent",
        )
    return Actor(code=owner.code, sector=sector, entity_text=text, name=head.name, kind="agent")


def _fallback_owners(entry: Entry, phrase: Phrase, sector: str | None) -> list[Actor]:
    """Owners named after the head: "of Sudan", "in Nairobi", or the country in focus."""
    if phrase.of_actors:
        if entry.generic:
            return [_with_sector(a, a.sector or sector, phrase) for a in phrase.of_actors]
        return [_with_sector(a, sector, phrase) for a in phrase.of_actors if a.code]
    if phrase.locatives:
        return [_with_sector(a, sector, phrase) for a in phrase.locatives]
    if phrase.anaphoric:
        return [_with_sector(a, sector, phrase, confidence=0.8) for a in phrase.anaphoric]
    return [_with_sector(a, sector, phrase, confidence=a.confidence) for a in phrase.context]


def _with_sector(
    actor: Actor, sector: str | None, phrase: Phrase, confidence: float = 1.0
) -> Actor:
    if actor.kind == "igo":
        sector = sector if sector in IGO_SECTORS else actor.sector
    keep_group = actor.kind in ("group", "nonstate")
    return Actor(
        code=actor.code,
        sector=actor.sector if keep_group else sector,
        entity_text=phrase.text,
        name=actor.name if keep_group or actor.kind == "igo" else None,
        kind=actor.kind if keep_group or actor.kind == "igo" else "agent",
        confidence=min(
            confidence, actor.confidence if actor.kind not in ("place", "capital") else 1.0
        ),
    )


def _unknown_head(phrase: Phrase, date: dt.date | None, *, partial: bool) -> list[Actor]:
    """No dictionary word on the head: use the modifiers, weakly ("Ukraine's grid")."""
    agents = [p.entry for p in phrase.mods if p.entry.kind is Kind.AGENT and not p.entry.relational]
    if phrase.person_name and agents:
        # "Istanbul Mayor Ekrem X": an unlisted person named with a title
        return _agent_head(agents[-1], phrase, partial=partial)
    owners = [
        p
        for p in _owners(phrase)
        if p.owner is not None and p.owner.kind not in ("place", "capital")
    ]
    sector = next((a.sector for a in reversed(agents) if a.sector), None)
    if not owners:
        return [_with_sector(a, None, phrase, confidence=CONF_PLACE) for a in phrase.of_actors]
    out = []
    for piece in owners:
        actor = _owned(piece, sector, phrase, piece.entry)
        if actor.kind == "agent" and sector is None:
            actor.kind = "country"
        actor.confidence = CONF_FALLBACK
        out.append(actor)
    return out
