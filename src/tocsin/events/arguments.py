"""Who did it and to whom: source and target actors of a trigger.

The source is the logical subject (through xcomp/conj chains and passives); the target is
found by the entry's ordered target slots (docs/data-files.md "Trigger lexicon"). The actor
resolver turns each noun phrase into actors; this module only decides *which* phrases.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from tocsin.actors.model import BORDER_WORDS
from tocsin.events import context, syntax
from tocsin.events.context import Context, Frames
from tocsin.events.lexicon import PREP_SLOTS
from tocsin.events.triggers import Trigger
from tocsin.nlp import ParsedSentence
from tocsin.records import Actor, Document

Token = Any

_PLACE_PREPS = ("in", "across", "outside", "near", "at", "throughout", "around", "through", "on")
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "its", "his", "her", "their", "our"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})


#: Types whose passive patient is a victim: its owner is never the doer.
VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})


class Resolver(Protocol):
    """The part of ``tocsin.actors.ActorResolver`` the coder uses."""

    def resolve_text(self, text: str, *, date: Any = None) -> Actor | None:
        """One actor for a phrase ("German", "the Kremlin")."""
        ...

    def actors_for(self, token: Token, ps: ParsedSentence, doc: Document) -> list[Actor]:
        """Actors denoted by the noun phrase headed by ``token``."""
        ...

    def country_of_place(self, text: str) -> str | None:
        """ISO-3 code of the country a place name lies in."""
        ...

    def dateline_country(self, dateline: str) -> str | None:
        """ISO-3 code of the country of a dateline's place or region."""
        ...


@dataclass(slots=True)
class Targets:
    """Recipients found for a trigger; ``vague`` when the recipient is an uncodable group."""

    actors: list[Actor]
    vague: bool = False
    token: Token | None = None


#: Pronouns that name the speaker inside a quotation.
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "i", "me", "my"})


class Arguments:
    """Resolve source and target actors for triggers of one sentence (cached per token)."""

    def __init__(
        self,
        resolver: Resolver,
        frames: Frames,
        ps: ParsedSentence,
        doc: Document,
        *,
        civilians: frozenset[str] = frozenset(),
    ) -> None:
        self.resolver, self.frames, self.ps, self.doc = resolver, frames, ps, doc
        self.civilians = civilians
        self._cache: dict[int, list[Actor]] = {}

    def actors(self, tok: Token | None) -> list[Actor]:
        """Actors of the phrase headed by ``tok`` and of its conjuncts (empty for None)."""
        if tok is None:
            return []
        if tok.i not in self._cache:
            speaker = self.quote_speaker(tok) if tok.lower_ in FIRST_PERSON else None
            if speaker is not None:  # "we will answer", inside the speaker's own quotation
                self._cache[tok.i] = [speaker]
                return self._cache[tok.i]
            found = list(self.resolver.actors_for(tok, self.ps, self.doc))
            for conj in tok.conjuncts if tok.dep_ != "conj" else ():
                if self._stranded_speaker(conj):
                    continue
                found += self.resolver.actors_for(conj, self.ps, self.doc) or [
                    a
                    for ap in self._misplaced_appositions(tok, conj)
                    for a in self.resolver.actors_for(ap, self.ps, self.doc)
                ]
            found += self._listed_appositions(tok, found)
            if not found and tok.lemma_.lower() in self.frames.role_nouns:
                found = self._role_of(tok)
            found = found or self._name_after_descriptor(tok)
            self._cache[tok.i] = _unique(found)
        return self._cache[tok.i]

    def _stranded_texts(self, tok: Token) -> str:
        """The words of ``tok``'s conjuncts that are a reporting verb's stranded speakers."""
        spans = [
            c.doc[c.left_edge.i : c.right_edge.i + 1].text
            for c in tok.conjuncts
            if self._stranded_speaker(c)
        ]
        return " | ".join(spans)

    def _stranded_speaker(self, conj: Token) -> bool:
        """ "tearing down 35 homes, witnesses and a U.N. official said": the parser joins the
        speakers of a reporting verb that has no subject to the object before them; they
        said it, nothing was done to them."""
        if conj.dep_ != "conj":
            return False
        after = conj.right_edge.i + 1
        if after >= len(conj.doc):
            return False
        verb = conj.doc[after]
        return verb.lemma_.lower() in self.frames.report_verbs and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children
        )

    def _name_after_descriptor(self, tok: Token) -> list[Actor]:
        """ "Media watchdog Reporters Without Borders has condemned ...": the parser hangs
        the name off the descriptor in front of it (as its object or a compound), or off the
        verb ("a partnership with old ally India"); a name right after a descriptor that
        names no one is who the phrase is."""
        if tok.i + 1 >= len(tok.doc) or tok.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj"):
            return []
        name = tok.doc[tok.i + 1]
        if not name.text[:1].isupper():
            return []
        # "a partnership with old ally India": after an object the name may hang anywhere
        # (the verb's npadvmod), so long as it opens no clause of its own
        detached = (
            tok.dep_ in ("pobj", "dobj")
            and tok.pos_ == "NOUN"
            and name.pos_ == "PROPN"
            and name.dep_ not in ("nsubj", "nsubjpass", "conj")
        )
        if name.head.i != tok.i and not detached:
            return []
        named = ("group", "nonstate", "igo", "person") + (("country",) if detached else ())
        return [a for a in self.resolver.actors_for(name, self.ps, self.doc) if a.kind in named]

    def _misplaced_appositions(self, tok: Token, conj: Token) -> list[Token]:
        """ "Bush and his rival, Senator John Kerry, clashed": the parser hangs the
        apposition naming the second conjunct on the first; it names the conjunct it follows
        after a comma."""
        doc = tok.doc
        return [
            ap
            for ap in tok.children
            if ap.dep_ == "appos"
            and ap.left_edge.i == conj.right_edge.i + 2
            and doc[conj.right_edge.i + 1].text == ","
        ]

    def _listed_appositions(self, tok: Token, found: list[Actor]) -> list[Actor]:
        """ "Mali, Burkina Faso and Niger" parsed as Mali + an apposition "Burkina Faso and
        Niger": a coordinated apposition of states after a state continues the list."""
        states = ("country", "igo")
        if not found or any(a.kind not in states for a in found):
            return []
        out: list[Actor] = []
        for ap in tok.children:
            if ap.dep_ != "appos" or not any(c.dep_ == "conj" for c in ap.children):
                continue
            listed = [
                a
                for t in (ap, *ap.conjuncts)
                for a in self.resolver.actors_for(t, self.ps, self.doc)
            ]
            if listed and all(a.kind in states for a in listed):
                out += listed
        return out

    def _role_of(self, tok: Token) -> list[Actor]:
        """ "his Turkish counterpart": the officials of the country its adjective names."""
        date = self.doc.article.published
        for mod in tok.children:
            if mod.dep_ in ("amod", "compound", "poss") and mod.i < tok.i:
                found = self.resolver.resolve_text(mod.text, date=date)
                if found is not None and found.kind in ("country", "adj", "capital"):
                    return [
                        Actor(code=found.code, sector="GOV", entity_text=tok.text, kind="agent")
                    ]
        return []

    def place(self, tok: Token) -> Actor | None:
        """The country of a place phrase ("Sumy", "the Gaza Strip", "waters off Venezuela's
        coast"), sector null; none for a border ("near the Cameroon border": either side)."""
        if tok.lemma_.lower() in BORDER_WORDS:
            return None
        code = self.resolver.country_of_place(_words(tok)) or self.resolver.country_of_place(
            tok.text
        )
        if code is None:
            found = [a for a in self.actors(tok) if a.kind in ("capital", "country", "place")]
            code = found[0].code if found else None
        if code is None:  # "the Australian embassy in Jakarta": where it stands, first
            bearings = [
                c for c in tok.children if c.dep_ == "advmod" and c.lower_ in self.frames.bearings
            ]
            for inner in itertools.chain(
                syntax.prep_objects(tok, "off", "of", "near", "in", "along"),
                *(syntax.prep_objects(b, "of") for b in bearings),  # "a village south of X"
            ):
                nested = self.place(inner)
                if nested is not None:
                    return nested
        if code is None:  # "the Essequibo region", "Kaduna state"; not "Latin American"
            code = next(
                (c for m in tok.children if m.dep_ in ("compound", "amod") and m.i < tok.i
                 and (c := self.resolver.country_of_place(_words(m)))),
                None,
            )  # fmt: skip
        if code is None:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None:
                return self.place(owner)
        return Actor(code=code, entity_text=tok.text, kind="place") if code else None

    # -- source ------------------------------------------------------------------
    def source(self, trig: Trigger, ctx: Context) -> list[Actor]:
        """The actors who did the act (empty when none is identifiable)."""
        verb = trig.verb
        subj = syntax.subject(verb)
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in self.frames.enacting_heads:
            subj = syntax.subject(verb.head.head)  # "signed a decree calling up": the signer
        author = context.message_author(verb, self.frames)
        if author is not None:
            subj = author  # "issued a statement condemning": the statement's author
        announcer = context.announced_intention(verb, self.frames)
        if announcer is not None:
            owner = syntax.child(verb.head, "poss")  # "Poland's plans", else who announced them
            subj = owner if owner is not None else syntax.subject(announcer)
        if subj is None and syntax.is_passive(verb):
            for spec in trig.entry.passive_source:  # "was summoned to the foreign ministry"
                found = self._passive_source(spec, verb)
                if found:
                    return found
            if trig.entry.type in VICTIM_TYPES:
                # "killed in an Israeli airstrike": the attack's owner; "British couple shot
                # dead": a victim's country did nothing
                return self._attack_owner(verb)
            return self._theme_owner(syntax.passive_subject(verb))
        head = syntax.content_noun(subj)
        if self._non_agent(head) or self._unowned_attack(head) or self._measure(trig, head):
            return []  # "the earthquake killed 13 people", "car bombings killed 5": no actor
        if (
            verb.tag_ == "VBG"
            and verb.dep_ in ("advcl", "conj")
            and (verb.head.lemma_.lower() in self.frames.accident_verbs)
        ):
            return []  # "the plane crashed, killing 32": the crash killed them
        found = self.actors(subj)
        if not found and head is not None and subj is not None and head.i != subj.i:
            found = self.actors(head)  # "the first of about 300 U.S. soldiers arrived"
        if not found and subj is not None and subj.lower_ in PRONOUNS:
            found = self.speaker(ctx, at=verb)
        if not found and subj is not None and head is not None:
            found = self._located(subj, head, verb)
        return found

    def nominal_owner(self, trig: Trigger) -> Token | None:
        """The named owner of a light verb's act noun when it is not the verb's subject:
        "X's resignation was announced by Y" (a retreat or concession is its owner's)."""
        noun = trig.noun
        if noun is None or trig.entry.type not in ("RETREAT", "CONCEDE"):
            return None
        owner = syntax.child(noun, "poss")
        if owner is None or owner.lower_ in PRONOUNS or owner.pos_ != "PROPN":
            return None
        subj = syntax.subject(trig.verb)
        return owner if subj is None or owner.i not in {t.i for t in subj.subtree} else None

    def _attack_owner(self, verb: Token) -> list[Actor]:
        """Who made the attack a passive's victims fell in: the actors of the attack noun's
        modifiers or of its "by" phrase ("killed in an Israeli airstrike", "during an air
        raid by Ivorian bombers"), or the subject of a "when" clause that attacks ("were
        killed when militants blew up a tunnel")."""
        for noun in syntax.prep_objects(verb, "in", "during"):
            if self.attack_noun(noun):
                owners = [m for m in noun.children if m.i < noun.i and _owner_modifier(m)]
                owners += syntax.prep_objects(noun, "by")
                return [a for m in owners for a in self.actors(m) if a.kind != "place"]
        for clause in syntax.children(verb, "advcl"):
            doer = syntax.subject(clause)
            when = any(c.dep_ in ("mark", "advmod") and c.lower_ == "when" for c in clause.children)
            owner = syntax.child(doer, "poss") if doer is not None else None
            if owner is not None and owner.lower_ in PRONOUNS:
                continue  # "when his car hit a mine": the victim's own
            if doer is not None and when and self._attacks(clause):
                return [a for a in self.actors(doer) if a.kind != "place"]
        return []

    def _attacks(self, verb: Token) -> bool:
        """The verb (with its particle: "blew up") is one of the frames' ``attack_verbs``."""
        particle = syntax.child(verb, "prt")
        lemma = verb.lemma_.lower()
        words = self.frames.attack_verbs
        return lemma in words or (particle is not None and f"{lemma} {particle.lower_}" in words)

    def _unowned_attack(self, head: Token | None) -> bool:
        """An attack named with no one's mark ("a series of car bombings killed"): no
        perpetrator, not the country of its place; "an Israeli airstrike killed" has one."""
        if head is None or head.pos_ != "NOUN" or not self.attack_noun(head):
            return False
        return not any(m.i < head.i and _owner_modifier(m) for m in head.children)

    def attack_noun(self, noun: Token) -> bool:
        """ "airstrike", "car bombing": the noun (or its phrase) names an attack."""
        return syntax.named_in(noun, self.frames.attack_nouns)

    def _measure(self, trig: Trigger, head: Token | None) -> bool:
        """A policy or measure as the doer: "the open door approach is hitting workers",
        "their decision will end the boycott" (not a named body: "the World Food Programme")."""
        if head is None or not syntax.named_in(head, self.frames.measure_nouns):
            return False
        return trig.entry.type == "ASSAULT" or head.ent_type_ not in ("ORG", "PERSON", "GPE")

    def _non_agent(self, head: Token | None) -> bool:
        """A force of nature or an event, unless a weapon fires it ("tank fire")."""
        if head is None or head.lemma_.lower() not in self.frames.non_agents:
            return False
        return not any(
            c.dep_ in ("compound", "amod") and c.lemma_.lower() in self.frames.weapon_modifiers
            for c in head.lefts
        )

    def _passive_source(self, spec: str, verb: Token) -> list[Actor]:
        """The doer of an agentless passive by an entry's ``passive_source`` spec:
        ``prep:X`` ("summoned to the foreign ministry"); ``patient``, the authorities of the
        patient's own country ("three Russian police officers have been charged"); ``place``,
        those of the country where it happened ("four men are arrested in Jakarta")."""
        if spec.startswith("prep:"):
            prep = spec.split(":", 1)[1]
            return [a for tok in syntax.prep_objects(verb, prep) for a in self.actors(tok)]
        if verb.dep_ in ("acl", "relcl", "amod") and not syntax.headline_participle(verb):
            return []  # "Venezuelans accused of gang membership": a description, not news
        patient = syntax.passive_subject(verb)
        if spec == "place":
            # "The Jakarta bombing was blamed on Malaysian fugitives": where the act was
            act = syntax.content_noun(patient) if patient is not None else None
            place = (
                (self._modifier_place(act) if act is not None else None)
                or self.clause_place(verb)
                or self.sentence_place()
                or self.home()
            )
            return [Actor(code=place.code, kind="country")] if place else []
        if patient is None:
            return []
        codes = [a.code for a in self.actors(patient) if a.code and a.kind != "igo"]
        return [Actor(code=codes[0], kind="country")] if codes else []

    def _located(self, subj: Token, head: Token, verb: Token) -> list[Actor]:
        """Civilians and unidentified perpetrators take the country where they acted:
        "thousands of people marched across France", "gunmen opened fire on a bus in
        Nigeria's Plateau state", "Antwerp dockworkers walked off the job"."""
        lemma = head.lemma_.lower()
        if lemma in self.frames.unidentified:
            sector = "REB" if lemma in self.frames.unidentified_rebels else None
        elif lemma in self.civilians or lemma in self.frames.street_acts:
            sector = "CVL"  # ("protests flared across Germany": its people protested)
        else:
            return []
        place = (
            self._modifier_place(head)
            or self.clause_place(verb)
            or self.sentence_place(exclude=subj)
            or self.home()
        )
        return (
            [Actor(code=place.code, sector=sector, entity_text=subj.text, kind="agent")]
            if place
            else []
        )

    def people(
        self, tok: Token | None, sources: list[Actor], *, victims: bool = False
    ) -> Actor | None:
        """People named by what they are ("eight terror suspects", "his supporters", "a man")
        as an actor: the possessor's country, else where it happened (in its clause, else in
        the clause it adds to: "bombed targets in Falluja, killing two people"; for victims
        of an attack or arrest, anywhere in the sentence: "a missile strike on Kyiv killed
        23 people"), else the sources' own country; sector CVL, REB or none by the noun
        (frames ``people_nouns``)."""
        head = syntax.content_noun(tok)
        if head is None or head.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = head.lemma_.lower()
        frames = self.frames
        if lemma not in frames.people_nouns and lemma not in frames.unidentified:
            return None
        if lemma in frames.unidentified_rebels:
            sector: str | None = "REB"
        elif lemma in frames.people_civilian or lemma in self.civilians:
            sector = "CVL"
        else:
            sector = None
        owner = syntax.child(head, "poss")
        owned = [a for a in self.actors(owner) if a.code] if owner is not None else []
        code = owned[0].code if owned else None
        if code is None:
            place = (
                self._modifier_place(head)
                or self.clause_place(head.head)
                or self._governing_place(head.head)
                or self.home()
                or (self.sentence_place() if victims else None)
            )
            code = place.code if place is not None else None
        if code is None:
            code = next((s.code for s in sources if s.kind != "igo" and s.code), None)
        return (
            Actor(code=code, sector=sector, entity_text=head.text, kind="people") if code else None
        )

    def _governing_place(self, verb: Token) -> Actor | None:
        """The place of the clause a participle adds to ("bombed targets in Falluja, killing
        two people"), not of any other clause of the sentence."""
        if verb.dep_ not in ("advcl", "conj") or verb.tag_ != "VBG":
            return None
        return self.clause_place(verb.head)

    def sentence_place(self, *, exclude: Token | None = None) -> Actor | None:
        """The first place named anywhere in the sentence ("... near a crowd waiting for jobs
        in the northern city of Kirkuk"), outside ``exclude``'s phrase."""
        skip = {t.i for t in exclude.subtree} if exclude is not None else set()
        for tok in self.ps.span:
            if tok.i in skip or tok.dep_ != "pobj" or tok.head.lower_ not in _PLACE_PREPS:
                continue
            place = self.place(tok)
            if place is not None:
                return place
        return None

    def home(self) -> Actor | None:
        """The country of the story's dateline ("KIRKUK, Iraq (Reuters) -"), if any."""
        dateline = self.doc.dateline
        if not dateline:
            return None
        code = self.resolver.dateline_country(dateline)
        return Actor(code=code, entity_text=dateline, kind="place") if code else None

    def _modifier_place(self, head: Token) -> Actor | None:
        for mod in head.children:
            if mod.dep_ in ("compound", "amod", "nmod") and mod.i < head.i:
                code = self.resolver.country_of_place(_words(mod))
                if code:
                    return Actor(code=code, entity_text=mod.text, kind="place")
        return None

    def is_civilian(self, tok: Token) -> bool:
        """The phrase names ordinary people ("tens of thousands of people", "protesters")."""
        head = syntax.content_noun(tok)
        return head is not None and head.lemma_.lower() in self.civilians

    def clause_place(self, verb: Token) -> Actor | None:
        """The country of a place the clause happens in ("in Kinshasa", "across France").

        Looks below the verb through objects and prepositional phrases only ("set fire to the
        parliament building in the city of Makassar"), never into the subject or into other
        clauses ("hours before polls opened in the U.S.").
        """
        for tok in _phrase_tokens(verb, self.frames.bearings):
            bearing = tok.lower_ == "of" and tok.head.lower_ in self.frames.bearings  # "south of X"
            if tok.dep_ != "prep" or not (tok.lower_ in _PLACE_PREPS or bearing):
                continue
            for pobj in (c for c in tok.children if c.dep_ == "pobj"):
                place = self.place(pobj)
                if place is not None:
                    return place
        return None

    def speaker(self, ctx: Context, at: Token | None = None) -> list[Actor]:
        """The actors of the nearest reporting or threatening verb's subject; else, for a
        clause inside a direct quotation (``at``), the quotation's speaker ('"Our response
        will be stronger than before." ... Karimi said' in the next sentence)."""
        for gov in ctx.speech_governors:
            found = self.actors(syntax.subject(gov))
            if found:
                return found
        speaker = self.quote_speaker(at) if at is not None else None
        return [speaker] if speaker is not None else []

    def quote_speaker(self, tok: Token) -> Actor | None:
        """The speaker's actor of the direct or partial quotation ``tok`` stands in, when the
        quotes stage ran before this one."""
        offset = self.ps.offset + tok.idx
        for quote in self.doc.quotes:
            actor = quote.speaker_actor
            if quote.kind == "indirect" or actor is None or not actor.code:
                continue
            if quote.start <= offset < quote.end:
                return Actor(
                    code=actor.code,
                    sector=actor.sector,
                    entity_text=tok.text,
                    name=actor.name,
                    kind=actor.kind,
                    confidence=min(actor.confidence, 0.8),
                )
        return None

    def _theme_owner(self, theme: Token | None) -> list[Actor]:
        """ "U.N. sanctions were reimposed", "German-made tanks were delivered": the owner.

        Only for inanimate themes: a passive person ("Haniyeh was killed") has no agent here.
        """
        if theme is None or theme.ent_type_ == "PERSON":
            return []
        if theme.pos_ == "PROPN" and theme.ent_type_ in ("GPE", "ORG", "NORP"):
            return []  # "the United Nations has been warned": the addressee, not the doer
        own = self.actors(theme)
        if any(a.kind in ("person", "agent", "group") for a in own):
            return []
        date = self.doc.article.published
        for mod in theme.children:
            if mod.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and mod.i < theme.i:
                found = self.resolver.resolve_text(_modifier_text(mod), date=date)
                if found is not None and found.kind in ("country", "igo", "capital", "adj"):
                    return [Actor(code=found.code, entity_text=mod.text, kind=found.kind)]
        return [Actor(code=a.code, entity_text=a.entity_text, kind=a.kind) for a in own]

    # -- target ------------------------------------------------------------------
    def targets(self, trig: Trigger, sources: list[Actor]) -> Targets:
        """The recipients by the entry's target slots; the first slot that yields wins.

        A phrase naming the source itself ("restated Tokyo's pledge to defend Manila") is
        passed over; the source's own country in another sector ("expelled
        diplomats" read as Venezuela's own) is kept only when no other recipient is found,
        unless it is the other side of a civil conflict (rebels and their government).
        """
        codes = {a.code for a in sources}
        first_token: Token | None = None
        fallback: Targets | None = None
        for spec in trig.entry.target:
            slot, *rest = spec.split(":")
            prep = rest[0] if slot in PREP_SLOTS else None
            filters = set(rest[1:] if prep else rest)
            for tok in self._slot_tokens(slot, prep, trig):
                if self._stranded_speaker(tok):
                    continue
                first_token = first_token or tok
                speakers = self._stranded_texts(tok)
                found = [
                    a
                    for a in self._filtered(tok, filters, codes)
                    if not same_actor(a, sources)
                    and not (speakers and a.entity_text and a.entity_text in speakers)
                ]
                # another country, or the other side of a civil conflict ("rebels agreed
                # to talks with the Sudanese government"): a party of its own
                foreign = [a for a in found if a.code not in codes or _rivals(a, sources)]
                if foreign:
                    return Targets(foreign, token=tok)
                if slot in _NAMING_SLOTS and _rival_person(found, sources):
                    return Targets(found, token=tok)
                if found and fallback is None:
                    fallback = Targets(found, token=tok)
        if fallback is not None:
            return fallback
        return Targets([], vague=self.is_vague(first_token), token=first_token)

    def _filtered(
        self, tok: Token, filters: set[str], source_codes: set[str | None]
    ) -> list[Actor]:
        if "place" in filters or "foreign" in filters:
            found = (
                [a for a in self.actors(tok) if a.kind != "place"] if "place" not in filters else []
            )
            if not found or all(a.kind == "capital" for a in found):
                place = self.place(tok)
                found = [place] if place else []
        else:
            # a place is where, not who: "talks in Geneva" give no recipient
            found = [
                a for a in self.actors(tok)
                if a.kind != "place" and ("actor" not in filters or a.kind != "capital")
            ]  # fmt: skip
        if "foreign" in filters:
            found = [a for a in found if a.code not in source_codes]
        return found

    def is_vague(self, tok: Token | None) -> bool:
        """The phrase is an uncodable group ("Western allies", "world powers")."""
        if tok is None or self.actors(tok):
            return False
        return tok.lemma_.lower() in self.frames.vague_heads

    def _slot_tokens(self, slot: str, prep: str | None, trig: Trigger) -> Iterator[Token]:
        """The phrases a target slot points at (docs/data-files.md, "Trigger lexicon")."""
        verb = trig.verb
        obj = trig.noun if trig.noun is not None else trig.obj
        finder = _SLOTS.get(slot)
        if finder is not None:
            yield from finder(verb, obj, trig, prep or "")


def _dobj_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    return _present(trig.obj if trig.noun is None else syntax.child(verb, "dobj"))


def _prep_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    yield from syntax.prep_objects(verb, prep)
    if obj is None:  # "lobbying for more weapons from its allies": the asked thing's source
        for pobj in syntax.prep_objects(verb, "for"):
            yield from syntax.prep_objects(pobj, prep)
    for extra in verb.children:  # "approved a ceasefire deal with Hamas": a second object
        if extra.dep_ == "dobj" and (obj is None or extra.i != obj.i):
            yield from syntax.prep_objects(extra, prep)
    if obj is not None:
        yield from syntax.prep_objects(obj, prep)
        for tok in obj.subtree:  # "provide $1.2 billion in loans to the Philippines"
            if tok.i != obj.i and tok.pos_ in _NOMINAL:
                yield from syntax.prep_objects(tok, prep)


def _verb_prep_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    """The preposition on the trigger itself, verb or noun ("called on Iran", "renewed its
    call on Israel"), not on what it asks for ("urged sanctions on Iran")."""
    yield from syntax.prep_objects(verb, prep)
    if trig.noun is not None:
        yield from syntax.prep_objects(trig.noun, prep)


def _prep_subtree_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    skip = _OBJECT_SKIP_PREPS.get(trig.entry.type, frozenset())
    for pobj in syntax.prep_objects(verb, prep):
        yield from _heads_in(pobj, skip_preps=skip)


def _complement_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    # not a reason or time ("vowed to crush extremists, after an election condemned by
    # Washington"): the same skips as an object's phrase
    for comp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        yield from (t for t in _heads_in(comp) if t.pos_ in _NOMINAL)


#: What a concern is for, not about anyone's act: "concerned about the safety of its citizens".
_WELFARE = frozenset(
    {"safety", "fate", "welfare", "wellbeing", "well-being", "plight", "health", "life", "lives",
     "whereabouts", "condition", "security"}
)  # fmt: skip


def _content_subject_slot(
    verb: Token, obj: Token | None, trig: Trigger, prep: str
) -> Iterator[Token]:
    """ "expressed concern that Japan was expanding its military role": the subject of the
    that-clause the noun carries."""
    noun = trig.noun if trig.noun is not None else obj
    if noun is None:
        return
    for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp")):
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
            agent = syntax.agent_phrase(clause) if syntax.is_passive(clause) else None
            subj = agent if agent is not None else syntax.child(clause, "nsubj", "nsubjpass")
            if subj is not None and _party_word(subj):
                yield subj  # not "concern that its citizens were in danger", nor "doubt
                # that the Iraqi elections will be held on time" (an event, not a party);
                # "claims that Arafat was poisoned by Israel" are about Israel


#: Common nouns that name a party a concern may be about ("that the government was ...").
_PARTY_NOUNS = frozenset(
    {"government", "regime", "authority", "administration", "army", "military", "police",
     "force", "ministry", "leadership", "rebel", "militant", "insurgent", "junta", "party",
     "opposition", "president", "minister", "leader", "official", "side"}
)  # fmt: skip


def _party_word(tok: Token) -> bool:
    """A name, a pronoun or a party noun: the parties a that-clause may be about."""
    return tok.pos_ in ("PROPN", "PRON") or tok.lemma_.lower() in _PARTY_NOUNS


def _acomp_prep_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    """ "are unhappy about Labour's plans", "were concerned the government had not consulted":
    the party in a predicate adjective's complement (never a welfare: "the safety of")."""
    for adj in (c for c in verb.children if c.dep_ == "acomp"):
        for pobj in syntax.prep_objects(adj, prep):
            if pobj.lemma_.lower() not in _WELFARE:
                yield from _heads_in(pobj)
        for comp in (c for c in adj.children if c.dep_ == "ccomp"):
            yield from _present(syntax.subject(comp))


def _obj_prep_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    return syntax.prep_objects(obj, prep) if obj is not None else iter(())


def _subj_prep_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    subj = syntax.subject(verb)
    return syntax.prep_objects(subj, prep) if subj is not None else iter(())


def _poss_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    return (c for c in obj.children if c.dep_ == "poss") if obj is not None else iter(())


def _owner_slot(verb: Token, obj: Token | None, trig: Trigger, prep: str) -> Iterator[Token]:
    """Whose the object is: "Egypt's request", "US demands", "an Egyptian request"."""
    if obj is None:
        return iter(())
    return (c for c in obj.children if c.i < obj.i and _owner_modifier(c))


#: Phrases inside an object that name no party to the event, by type: a request's "in"/"to"
#: phrases say where or what its object is, not of whom it is asked ("funding for the wars
#: in Iraq", "a points system similar to Australia's"; "a request for an invitation to join
#: NATO" still asks NATO), its "on"/"against" phrases whom the asked act is aimed at
#: ("called for sanctions on Iran"); what talks are about is not who holds them ("crisis
#: talks on the fate of two French journalists").
_OBJECT_SKIP_PREPS: dict[str, frozenset[str]] = {
    "REQUEST": frozenset({"in", "to", "on", "against"}),
    "CONSULT": frozenset({"on", "about", "over", "regarding", "concerning"}),
}


def _object_subtree_slot(
    verb: Token, obj: Token | None, trig: Trigger, prep: str
) -> Iterator[Token]:
    if obj is None:
        return iter(())
    return _heads_in(
        obj,
        skip_preps=_OBJECT_SKIP_PREPS.get(trig.entry.type, frozenset()),
        # "condemned the attack on peacekeepers": the attacked are not the accused
        attacked=trig.entry.type == "ACCUSE",
    )


def _ccomp_subject_slot(
    verb: Token, obj: Token | None, trig: Trigger, prep: str
) -> Iterator[Token]:
    comp = syntax.child(verb, "ccomp")
    if comp is not None and any(c.tag_ in ("WRB", "WP", "WDT") for c in comp.children):
        return iter(())  # asked: "How can they fight crime ...?": a question, no request
    subj = syntax.child(comp, "nsubj", "nsubjpass") if comp is not None else None
    return _heads_in(subj) if subj is not None else iter(())


SlotFinder = Callable[[Token, Token | None, Trigger, str], Iterator[Token]]

#: Target slot name → the phrases it points at.
_SLOTS: dict[str, SlotFinder] = {
    "dobj": _dobj_slot,
    "dative": lambda verb, obj, trig, prep: _present(syntax.dative(verb)),
    "agent": lambda verb, obj, trig, prep: _present(syntax.agent_phrase(verb)),
    "nsubjpass": lambda verb, obj, trig, prep: _present(syntax.passive_subject(verb)),
    "prep": _prep_slot,
    "verb-prep": _verb_prep_slot,
    "prep-subtree": _prep_subtree_slot,
    "complement": _complement_slot,
    "acomp-prep": _acomp_prep_slot,
    "content-subject": _content_subject_slot,
    "obj-prep": _obj_prep_slot,
    "subj-prep": _subj_prep_slot,
    "poss": _poss_slot,
    "owner": _owner_slot,
    "object-subtree": _object_subtree_slot,
    "ccomp-subject": _ccomp_subject_slot,
    "xcomp-subject": lambda verb, obj, trig, prep: _present(syntax.child(verb, "dobj")),
    # any place named in the sentence: "arrived at the airstrip ..., as the exercise began in
    # the Essequibo region" (use with the :place filter)
    "sentence-place": lambda verb, obj, trig, prep: (
        t for t in verb.sent if t.dep_ == "pobj" and t.pos_ in ("PROPN", "NOUN")
    ),
}


def _owner_modifier(mod: Token) -> bool:
    """A modifier that says whose an attack was ("an Israeli airstrike", "a US raid",
    "Israel's strike"), not where it was ("a Baghdad rocket attack", "an Iraq attack")."""
    if mod.dep_ == "poss":
        return True
    if mod.dep_ not in ("amod", "compound"):
        return False
    letters = mod.text.replace(".", "")
    return mod.tag_ == "JJ" or mod.ent_type_ == "NORP" or (letters.isupper() and len(letters) <= 3)


#: Slots that name the recipient itself (the object, its owner), where a named compatriot
#: of another sector is the answer ("challenging Bush's credibility on ... the war in
#: Iraq": Kerry challenges Bush, not Iraq).
_NAMING_SLOTS = frozenset({"dobj", "poss"})


def _rival_person(found: list[Actor], sources: list[Actor]) -> bool:
    """A named person of the sources' country but of a sector none of them holds."""
    return bool(sources) and any(
        a.kind == "person"
        and a.name
        and a.sector
        and all(s.sector and s.sector != a.sector for s in sources)
        for a in found
    )


#: Sectors on the two sides of a civil conflict: rebels against the state's government
#: and forces.
_STATE_SECTORS = frozenset({"GOV", "MIL"})


def _rivals(actor: Actor, sources: list[Actor]) -> bool:
    """``actor`` is on the other side of a civil conflict from a source of its country:
    rebels and the government or army."""
    return any(
        s.code == actor.code
        and "REB" in {s.sector, actor.sector}
        and bool({s.sector, actor.sector} & _STATE_SECTORS)
        for s in sources
    )


def _agent_and_place(a: Actor, b: Actor) -> bool:
    kinds = {a.kind, b.kind}
    return "agent" in kinds and bool(kinds & {"country", "place", "capital"})


def same_actor(actor: Actor, others: list[Actor]) -> bool:
    """``actor`` is one of ``others``: same code and sector, and not two different named
    persons or groups ("Republicans urged President Bush": both USA GOV, two actors)."""
    return any(
        o.code == actor.code
        and o.sector == actor.sector
        and not (actor.name and o.name and actor.name != o.name)
        and (actor.kind == "people") == (o.kind == "people")  # "released its prisoners"
        # "gunmen blew up a pipeline in Iraq": unnamed doers are not the country they acted in
        and not _agent_and_place(actor, o)
        for o in others
    )


def _words(tok: Token) -> str:
    """The words of ``tok``'s phrase, without articles, punctuation and "'s": a modifier is
    looked up whole ("Latin American" is a region, not the United States)."""
    return " ".join(t.text for t in tok.subtree if t.dep_ not in ("det", "punct", "case"))


def _modifier_text(mod: Token) -> str:
    """ "German" for "German-made", else the text of a compound or possessive modifier."""
    if mod.dep_ == "amod":
        inner = next((c for c in mod.children if c.dep_ in ("npadvmod", "compound")), None)
        if inner is not None:
            return str(inner.text)
    return " ".join(t.text for t in mod.subtree if t.dep_ != "case")


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for a in actors:
        if (a.code, a.sector) not in seen:
            seen.add((a.code, a.sector))
            out.append(a)
    return out


#: Participles whose modifiers describe an accusation, not a party.
_EVALUATIVE = frozenset(
    {"suspect", "accuse", "convict", "charge", "link", "allege", "tie", "blame", "connect",
     "associate", "brand", "label", "call", "describe", "know"}
)  # fmt: skip


#: Acts done to people: their "of" phrase names the victims ("condemned the beheading of
#: American hostage Eugene Armstrong"), who are no party to an act about it.
#: Attack nouns whose "on"/"against" phrase names the attacked ("the strikes on Syria").
ATTACKS_ON = frozenset(
    {"attack", "strike", "airstrike", "raid", "bombing", "shelling", "assault", "ambush",
     "offensive", "invasion", "incursion", "crackdown", "bombardment", "onslaught"}
)  # fmt: skip
VICTIM_OF = frozenset(
    {"killing", "murder", "beheading", "assassination", "kidnapping", "abduction", "execution",
     "massacre", "death", "torture", "abuse", "shooting", "slaying", "rape", "detention",
     "arrest", "imprisonment", "mistreatment", "ill-treatment", "persecution", "deportation"}
)  # fmt: skip


_REASON_PREPS = frozenset(
    {"over", "after", "amid", "despite", "following", "since", "because", "due", "during"}
)


def _phrase_tokens(verb: Token, bearings: frozenset[str]) -> Iterator[Token]:
    """Tokens reached from ``verb`` through objects and prepositional phrases only."""
    stack = [c for c in verb.children if c.dep_ in ("prep", "dobj", "dative", "npadvmod", "advmod")]
    while stack:
        tok = stack.pop(0)
        yield tok
        stack.extend(
            c
            for c in tok.children
            if c.dep_ in ("prep", "pobj", "conj", "appos", "dobj")
            or (c.dep_ == "advmod" and c.lower_ in bearings)  # "a village south of X"
        )


def _present(tok: Token | None) -> Iterator[Token]:
    if tok is not None:
        yield tok
        yield from tok.conjuncts


def _heads_in(
    root: Token, skip_preps: frozenset[str] = frozenset(), *, attacked: bool = False
) -> Iterator[Token]:
    """Noun-phrase heads in ``root``'s subtree, outermost first (the root itself first).

    Skipped: participial modifiers that state an accusation ("people suspected of links to
    Islamic State"), a person's deeds in a "who" clause, the victims of a violent act ("the
    beheading of an American hostage"), and phrases giving a reason or
    time ("over a bombing that killed Chinese engineers", "after talks with ..."): the
    actors in them are not parties to the event.
    """
    yield root
    skip: set[int] = set()
    skipped_preps = _REASON_PREPS | skip_preps
    for tok in root.subtree:
        evaluative = tok.dep_ in ("acl", "relcl") and tok.lemma_.lower() in _EVALUATIVE
        reason = tok.dep_ == "prep" and tok.lower_ in skipped_preps
        # "sentenced another militant who plotted to kill the US ambassador": what a person
        # did, told in a "who" clause, names no party to this act
        deeds = tok.dep_ == "relcl" and any(
            c.dep_ == "nsubj" and c.lower_ == "who" for c in tok.children
        )
        victims = tok.dep_ == "prep" and (
            (tok.lower_ == "of" and tok.head.lower_ in VICTIM_OF)
            or (attacked and tok.lower_ in ("on", "against") and tok.head.lemma_ in ATTACKS_ON)
        )
        if evaluative or reason or deeds or victims:
            skip |= {t.i for t in tok.subtree}
        if tok.i in skip:
            continue
        if tok.i != root.i and tok.pos_ in _NOMINAL and tok.dep_ not in ("compound", "det"):
            yield tok
