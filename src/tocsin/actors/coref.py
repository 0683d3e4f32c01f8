"""Within-article coreference: what "he", "it", "the group", "the two countries" refer to.

``Discourse`` keeps the actors mentioned so far in an article, most recent last, and
answers the questions the resolver asks: the last person ("he", "the president"), the
country in focus ("the army" with no country named), the last group ("the militants"),
the last IGO a noun fits ("the alliance" → NATO), the last pair or list of actors ("the
two sides", "they"). It is deliberately simple — salience by recency, filtered by kind and
number — which is what wire copy needs: an antecedent is rarely more than a sentence back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tocsin.actors.model import NONSTATE
from tocsin.records import Actor

#: How far back (in antecedents) a pronoun may look.
WINDOW = 40

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS


@dataclass(slots=True)
class Antecedent:
    """Actors mentioned together by one noun phrase (several for "Britain and France")."""

    actors: list[Actor]
    person: bool = False
    plural: bool = False

    @property
    def compound(self) -> bool:
        """True when the phrase named two or more distinct actors."""
        return len({(a.code, a.sector) for a in self.actors}) >= 2


@dataclass(slots=True)
class Discourse:
    """The antecedents of one article, in order of mention."""

    items: list[Antecedent] = field(default_factory=list)
    home: list[Actor] = field(default_factory=list)  # the dateline's country ("MOSCOW -")
    #: the article's main country (``ActorResolver.annotate``, from its names): the owner of a
    #: domestic agent named before any country ("MPs criticised Tony Blair")
    main: list[Actor] = field(default_factory=list)
    #: the country of the places the article names most: where unnamed insurgents act when
    #: no place is named before them ("battles between US troops and militants")
    main_place: list[Actor] = field(default_factory=list)
    #: the one country the article names, by any word but a person's name (``only_country``):
    #: where unnamed insurgents act when the story names no place ("Afghan officials")
    only: list[Actor] = field(default_factory=list)

    def push(self, actors: list[Actor], *, person: bool = False, plural: bool = False) -> None:
        """Record a mention (ignored when it names nobody)."""
        real = [a for a in actors if a.code]
        if real:
            self.items.append(Antecedent(real, person, plural or len(real) > 1))

    def push_vague(self) -> None:
        """Record an uncodable plural group ("Western nations"): "they" may mean it."""
        self.items.append(Antecedent([], plural=True))

    def _last(self, test: Callable[[Antecedent], bool]) -> Antecedent | None:
        for item in reversed(self.items[-WINDOW:]):
            if test(item):
                return item
        return None

    def pronoun(self, word: str) -> list[Actor]:
        """The actors ``word`` ("he", "its", "they") refers to, or [] when unclear."""
        word = word.lower()
        if word in PERSON_PRONOUNS:
            found = self._last(lambda a: a.person)
        elif word in THING_PRONOUNS:
            found = self._last(lambda a: not a.person and not a.plural and _not_place(a))
        elif word in PLURAL_PRONOUNS:
            found = self._last(lambda a: a.plural and (not a.actors or _not_place(a)))
        else:
            found = None
        return list(found.actors) if found else []

    def person(self, titled: Callable[[Actor], bool] | None = None) -> list[Actor]:
        """The last person mentioned; with ``titled``, the last one that test accepts ("the
        chancellor" is not the spokeswoman quoted before)."""
        found = self._last(
            lambda a: a.person and (titled is None or any(titled(x) for x in a.actors))
        )
        return list(found.actors) if found else []

    def named(self) -> set[str]:
        """Names of the persons the article has mentioned so far ("Michael Howard")."""
        return {a.name for item in self.items for a in item.actors if a.kind == "person" and a.name}

    def compound(self) -> list[Actor]:
        """The last pair or list of actors ("the two countries", "both sides")."""
        found = self._last(lambda a: a.compound)
        return list(found.actors) if found else []

    def country(self) -> list[Actor]:
        """The country in focus: the last actor with a country code (not an IGO, nor a group
        other than a political party: "The Tories say ministers must respond" names
        Britain's ministers)."""
        return _country_of(
            self.matching(
                lambda a: (
                    (a.kind not in ("igo", "group", "nonstate") or _party(a))
                    and bool(a.code)
                    and a.code != NONSTATE
                )
            )
        )

    def place(self) -> list[Actor]:
        """The place in focus: the last country, capital or place named as such (not an
        agent such as "US troops", nor the adjective of "the French tanker")."""
        return _country_of(
            self.matching(
                lambda a: (
                    bool(a.code)
                    and (
                        a.kind in ("capital", "place")
                        or (a.kind == "country" and a.confidence >= 1.0)
                    )
                )
            )
        )

    def matching(self, test: Callable[[Actor], bool]) -> list[Actor]:
        """The most recent actor passing ``test`` (the group, the court, the company)."""
        for item in reversed(self.items[-WINDOW:]):
            for actor in reversed(item.actors):
                if test(actor):
                    return [actor]
        return []


def _country_of(found: list[Actor]) -> list[Actor]:
    """The country of an actor in focus, as a weak owner."""
    return [Actor(code=a.code, kind="country", confidence=0.8) for a in found]


def _not_place(item: Antecedent) -> bool:
    return any(a.kind != "place" for a in item.actors)


def _party(actor: Actor) -> bool:
    """A political party (a group in government or opposition)."""
    return actor.kind == "group" and actor.sector in ("GOV", "OPP")


def only_country(codes: Iterable[str]) -> list[Actor]:
    """The one country an article names, however often, as a weak owner; [] when it names
    none or several ("Thai police said ..." in a story naming no other country)."""
    found = {c for c in codes if len(c) == 3 and c.isupper() and c != NONSTATE}
    return [Actor(code=found.pop(), kind="country", confidence=0.7)] if len(found) == 1 else []


def main_country(codes: Iterable[str]) -> list[Actor]:
    """The country an article is mostly about, from the codes its names give: the country
    code named at least twice and more often than any other, as a weak owner; [] when none
    stands out (IGOs and ``NONSTATE`` never count)."""
    counts: dict[str, int] = {}
    for code in codes:
        if len(code) == 3 and code.isupper() and code != NONSTATE:
            counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return []
    return [Actor(code=ranked[0][0], kind="country", confidence=0.7)]
