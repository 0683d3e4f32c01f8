"""Who said it: the speaker behind a cue, as a name (or description) and an actor.

``cue_subject`` finds the subject of a cue verb (climbing conjuncts, participles and "was
quoted as saying"); ``SpeakerResolver.speaker`` reads it: a person's name is expanded to its
fullest form in the article ("Putin" → "Vladimir Putin", the resolver's canonical name when
the article gives only the surname); "he"/"she" is the last person named before it; "it" and
"they" the last speaker that is not a person; a bare definite description ("the minister
added") the last speaker or person the article gave that title; anything else is the
description itself ("Analysts", "India's foreign ministry"). The actor is the actor stage's
mention at the subject (``doc.mentions``), else ``ActorResolver.actors_for``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tocsin.events.quote_cues import QuoteCues
from tocsin.events.quote_marks import Paragraph
from tocsin.nlp import ParsedSentence
from tocsin.records import Actor, Document, Mention

_PERSON_PRONOUNS = frozenset({"he", "she", "i"})
_OTHER_PRONOUNS = frozenset({"it", "they", "we"})
#: Relations climbed from a cue without a subject up to the verb that has one.
_CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acl", "dobj", "pobj"})
_NP_DROP_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "punct", "parataxis"})
_NAME_POS = frozenset({"PROPN"})
_NOT_PERSON_ENTS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "LAW"})


@dataclass(slots=True)
class Speaker:
    """Who said it: a name or description, the actor, and what pronouns it can be."""

    name: str
    actor: Actor | None
    person: bool
    plural: bool = False
    words: frozenset[str] = frozenset()  # how the article described it ("spokeswoman", ...)
    named: bool = False  # a name, not a description


@dataclass(frozen=True, slots=True)
class _Named:
    """A person named in the article: where, the name, its actor and title words."""

    offset: int
    name: str
    actor: Actor | None
    sure: bool  # a resolved person or a titled name, not a lone word that may be a place
    titles: frozenset[str]


class SpeakerContext:
    """Per article: mentions by sentence, the persons named, the speakers so far."""

    def __init__(
        self, doc: Document, paras: list[Paragraph], cues: QuoteCues, resolver: Any | None
    ) -> None:
        self.doc = doc
        self.cues = cues
        self.resolver = resolver
        self.paras = paras
        self.mentions: dict[int, list[Mention]] = defaultdict(list)
        for m in doc.mentions:
            self.mentions[m.sentence_index].append(m)
        self.names: list[str] = []  # person names seen (cleaned)
        self.known: dict[str, Actor] = {}  # fullest name -> actor
        self.persons: list[tuple[int, str]] = []  # (article offset, fullest name), sorted
        self.history: list[Speaker] = []
        self.titles: dict[str, frozenset[str]] = {}  # person -> title words ("minister")
        self._collect_person_names()

    # -- names ------------------------------------------------------------------
    def _collect_person_names(self) -> None:
        """PERSON entities outside quotations, for "he", titles and full names."""
        found = [
            named
            for para in self.paras
            for ps in para.sents
            for ent in ps.span.ents
            if (named := self._person_entity(para, ps, ent)) is not None
        ]
        self.names.extend(n.name for n in found if n.sure or " " in n.name)
        for named in found:
            # a lone word tagged PERSON ("Torbay") is often a place: only a word of a fuller
            # name, a titled one ("Mr Blair") or a resolved person counts
            if named.sure or " " in named.name or self.is_person(named.name):
                full = self.fullest(named.name, named.actor)
                self.add_person(named.offset, full, named.actor)
                self.titles[full] = self.titles.get(full, frozenset()) | named.titles

    def _person_entity(self, para: Paragraph, ps: ParsedSentence, ent: Any) -> _Named | None:
        if ent.label_ != "PERSON" or para.quoted[ent.start]:
            return None
        actor = self.actor_at(ent.root, ps)
        if actor is not None and actor.kind not in ("person", "agent"):
            return None  # "Kyiv" tagged PERSON, resolved as a capital
        name = self.clean_name(list(ent))
        if not name:
            return None
        sure = (actor is not None and actor.kind == "person") or _titled(ent, self.cues.honorifics)
        return _Named(ps.offset + ent.start_char, name, actor, sure, _title_words(ent))

    def clean_name(self, tokens: list[Any]) -> str:
        """A name without leading titles, determiners and trailing possessives."""
        toks = [t for t in tokens if t.tag_ != "POS"]
        while toks and (toks[0].lower_ in self.cues.titles or toks[0].pos_ in ("DET", "PUNCT")):
            toks = toks[1:]
        while toks and toks[-1].pos_ == "PUNCT":
            toks = toks[:-1]
        if not toks:
            return ""
        return str(toks[0].doc[toks[0].i : toks[-1].i + 1].text)  # not doc.text: joined per call

    def fullest(self, name: str, actor: Actor | None = None) -> str:
        """The longest name in the article that contains ``name`` ("Putin" → "Vladimir Putin")."""
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        best = max((n for n in self.names if pattern.search(n)), key=len, default=name)
        # only the surname in the text: the resolver's canonical name is the fullest
        canonical = actor.name if actor is not None and actor.kind == "person" else None
        if " " not in best and canonical and pattern.search(canonical):
            return canonical
        return best

    def add_person(self, offset: int, name: str, actor: Actor | None) -> None:
        """Record that person ``name`` is mentioned at ``offset``."""
        bisect.insort(self.persons, (offset, name))
        if name not in self.names:
            self.names.append(name)
        if actor is not None and actor.code and name not in self.known:
            self.known[name] = actor

    def is_person(self, name: str) -> bool:
        """Whether ``name`` is (part of) a person's name seen in the article ("Volkova")."""
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        return bool(name) and any(pattern.search(n) for n in self.names)

    def described(self, name: str) -> frozenset[str]:
        """The words earlier speakers called ``name`` by ("spokeswoman", "minister", ...)."""
        return frozenset().union(*(s.words for s in self.history if s.name == name))

    def titled_before(self, noun: str, offset: int) -> str | None:
        """The last person before ``offset`` the article gave the title ``noun``."""
        i = bisect.bisect_left(self.persons, (offset, ""))
        return next(
            (n for _, n in reversed(self.persons[:i]) if noun in self.titles.get(n, ())), None
        )

    def person_before(self, offset: int) -> str | None:
        """The last person named before ``offset`` (for "he said")."""
        i = bisect.bisect_left(self.persons, (offset, ""))
        return self.persons[i - 1][1] if i else None

    # -- actors ------------------------------------------------------------------
    def actor_at(
        self, token: Any, ps: ParsedSentence, lo: int | None = None, hi: int | None = None
    ) -> Actor | None:
        """The actor the actor stage resolved for ``token`` (or for the phrase lo..hi): a
        person's before a longer phrase's; else what the resolver reads there, if there is one."""
        at = ps.offset + token.idx
        here = [m for m in self.mentions.get(ps.sentence.index, []) if m.actor and m.actor.code]
        hits = [m for m in here if m.start <= at < m.end]
        if not hits and lo is not None and hi is not None:
            hits = [m for m in here if lo <= m.start < hi]
        if hits:
            return max(hits, key=_mention_rank).actor
        if self.resolver is not None:
            actors = self.resolver.actors_for(token, ps, self.doc)
            return next((a for a in actors if a.code), None)
        return None


class SpeakerResolver:
    """Reads the subject of a cue as a ``Speaker`` (see the module docstring)."""

    def __init__(self, cues: QuoteCues) -> None:
        self.cues = cues

    def speaker(self, subject: Any, para: Paragraph, art: SpeakerContext) -> Speaker | None:
        """The speaker a cue's subject token (in ``para``) stands for, or None."""
        ps = para.sentence_at(subject.idx)
        low = subject.lower_
        if low in _PERSON_PRONOUNS:
            return self._person_pronoun(subject, ps, art)
        if low in _OTHER_PRONOUNS:
            return self._other_pronoun(subject, ps, art)
        tokens = _noun_phrase(subject)
        lo, hi = ps.offset + tokens[0].idx, ps.offset + tokens[-1].idx + len(tokens[-1])
        actor = art.actor_at(subject, ps, lo, hi)
        words = _words(subject, tokens)
        name, person = self._name(subject, ps, art, actor)
        if not name:
            return self._description(subject, ps, actor, art, words)
        full = art.fullest(name, actor) if person else name
        actor = actor if actor is not None else art.known.get(full)
        if person:
            art.add_person(ps.offset + subject.idx, full, actor)
        speaker = Speaker(full, actor, person=person, words=words | art.described(full), named=True)
        if _bare_definite(subject):  # "the minister, Andres Valderrama": named at last
            _rename(art.history, subject.lemma_.lower(), speaker)
        return speaker

    def _name(
        self, subject: Any, ps: ParsedSentence, art: SpeakerContext, actor: Actor | None
    ) -> tuple[str, bool]:
        """The name a subject gives its speaker, and whether it is a person's.

        A PERSON entity, an apposed name ("the head of the mission, Katrin Holm"; "NATO's
        force in Kosovo, KFOR"), or a proper noun the article or the resolver knows as a person.
        """
        for cand in (subject, *_appositions(subject)):
            if cand.ent_type_ == "PERSON":
                return art.clean_name(list(_entity(cand))), True
            if cand is not subject and (cand.pos_ in _NAME_POS or cand.ent_type_ == "ORG"):
                chain = art.clean_name(_name_chain(cand))
                return chain, self._apposed_person(subject, cand, chain, art)
        if subject.pos_ in _NAME_POS:
            chain = art.clean_name(_name_chain(subject))
            if (actor is not None and actor.kind == "person") or art.is_person(chain):
                return chain, True
        return "", False

    def _apposed_person(self, subject: Any, cand: Any, name: str, art: SpeakerContext) -> bool:
        """Whether an apposed name is a person's: "the chief scientist, X" is, "the force,
        KFOR" is not; a name not tagged as an organisation or place is taken for a person's."""
        if subject.lemma_.lower() in self.cues.person_nouns:
            return True
        return cand.ent_type_ not in _NOT_PERSON_ENTS or art.is_person(name)

    def _description(
        self,
        subject: Any,
        ps: ParsedSentence,
        actor: Actor | None,
        art: SpeakerContext,
        words: frozenset[str],
    ) -> Speaker:
        """A description ("Analysts", "the court").

        A bare definite one ("the minister", "the official") is the last speaker the article
        described with that noun ("Defence Minister Tariq Hameed"), when there is one.
        """
        head = subject.lemma_.lower()
        person = head in self.cues.person_nouns
        if _bare_definite(subject):
            prior = _last(art.history, lambda s: head in s.words and _compatible(s.actor, actor))
            if prior is not None:
                return prior
            # "Deputy Foreign Minister Lina Sato met ... the minister added": named, not quoted
            name = art.titled_before(head, ps.offset + subject.idx) if person else None
            if name is not None:
                known = art.known.get(name, actor)
                return Speaker(name, known, person=True, words=art.titles[name], named=True)
        tokens = _noun_phrase(subject)
        text = subject.doc[tokens[0].i : tokens[-1].i + 1].text
        return Speaker(
            text, actor, person=person, plural=subject.tag_ in ("NNS", "NNPS"), words=words
        )

    def _person_pronoun(
        self, subject: Any, ps: ParsedSentence, art: SpeakerContext
    ) -> Speaker | None:
        """ "he said": the last person named before (the actor: theirs, else the pronoun's)."""
        name = art.person_before(ps.offset + subject.idx)
        actor = art.actor_at(subject, ps)
        if name is not None:
            known = art.known.get(name)
            actor = known if known is not None else actor
            return Speaker(name, actor, person=True, words=art.described(name))
        prior = _last(art.history, lambda s: s.person)
        if prior is not None:
            return prior
        if actor is not None and actor.kind == "person" and actor.name:
            return Speaker(actor.name, actor, person=True)
        return None

    def _other_pronoun(
        self, subject: Any, ps: ParsedSentence, art: SpeakerContext
    ) -> Speaker | None:
        """ "it added", "they said": the last speaker that is not a person."""
        plural = subject.lower_ in ("they", "we")
        prior = _last(art.history, lambda s: not s.person and (s.plural == plural or not plural))
        if prior is not None:
            return prior
        actor = art.actor_at(subject, ps)
        if actor is not None:
            return Speaker(actor.name or actor.entity_text or subject.text, actor, person=False)
        return None


def cue_subject(cue: Any, floor: int = 0) -> Any:
    """The speaker's head token: the cue's subject, else the subject of the verb it hangs on.

    Climbs conjuncts ("thanked X and said"), participles ("Putin said, stressing"), gerunds
    ("by framing ...") and "was quoted as saying"; the agent of a passive cue counts too.
    Tokens before ``floor`` (a dateline) are never subjects.
    """
    # "..., calling the claims 'a campaign'": a participle after a comma describes the
    # main clause's subject, not that of a clause inside a noun phrase it may hang on.
    participle = cue.tag_ == "VBG" and cue.dep_ == "advcl" and after_comma(cue)
    cur = cue
    for step in range(8):
        nested = participle and step > 0 and cur.dep_ in ("acl", "relcl")
        found = None if nested else _own_subject(cur, cue, floor, climbed=step > 0)
        if found is not None:
            return found
        if (cur.dep_ not in _CLIMB_DEPS and not nested) or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _own_subject(verb: Any, cue: Any, floor: int, *, climbed: bool) -> Any:
    """The subject of ``verb`` nearest the cue; passive subjects only above the cue."""
    deps = ("nsubj", "nsubjpass") if climbed else ("nsubj",)
    subjects = [c for c in verb.children if c.dep_ in deps and c.i >= floor]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - cue.i))
    if not climbed:  # "it was announced by the ministry"
        for agent in (c for c in verb.children if c.dep_ == "agent"):
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def _noun_phrase(head: Any) -> list[Any]:
    """The subject phrase: the head with its modifiers, without clauses and appositions."""
    keep: set[int] = set()
    stack = [head]
    while stack:
        tok = stack.pop()
        keep.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ not in _NP_DROP_DEPS)
    lo = hi = head.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    tokens = list(head.doc[lo : hi + 1])
    while len(tokens) > 1 and tokens[0].is_punct:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _entity(token: Any) -> Any:
    """The named-entity span containing ``token``."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _name_chain(token: Any) -> list[Any]:
    """The proper-noun run ending at ``token`` ("Col. Lee Jun-ho", "Amara Okafor")."""
    doc = token.doc
    start = token.i
    while start > 0 and (doc[start - 1].pos_ in _NAME_POS or doc[start - 1].tag_ == "HYPH"):
        start -= 1
    return list(doc[start : token.i + 1])


def _title_words(ent: Any) -> frozenset[str]:
    """Lemmas of the title before a name and of its apposition ("Deputy Foreign Minister")."""
    root = ent.root
    words = {t.lemma_.lower() for t in root.doc[root.left_edge.i : ent.start] if t.is_alpha}
    for appos in (c for c in root.children if c.dep_ == "appos"):
        words.update(t.lemma_.lower() for t in appos.subtree if t.is_alpha)
    return frozenset(words)


def _titled(ent: Any, honorifics: frozenset[str]) -> bool:
    """ "Mr Blair", "President Biden": a name right after a title."""
    before = ent.doc[ent.start - 1] if ent.start else None
    return before is not None and before.lower_.rstrip(".") in honorifics


def _bare_definite(subject: Any) -> bool:
    """ "the minister", "the official, who spoke on condition of anonymity": nothing but "the"."""
    mods = [c for c in subject.children if c.dep_ not in ("punct", "relcl", "acl", "appos")]
    return bool(mods) and all(c.dep_ == "det" and c.lower_ == "the" for c in mods)


def _rename(history: list[Speaker], noun: str, named: Speaker) -> None:
    """Give the name to the description it resolves ("Colombia's defence minister")."""
    match = _last(
        history, lambda s: not s.named and noun in s.words and _compatible(s.actor, named.actor)
    )
    if match is None:
        return
    for prior in [s for s in history if s.name == match.name and not s.named]:
        prior.name, prior.person, prior.named = named.name, named.person, True
        prior.actor = prior.actor or named.actor


def _appositions(head: Any) -> list[Any]:
    """Appositions of a phrase, also one preposition down ("the head of the mission, X")."""
    out = [c for c in head.children if c.dep_ == "appos"]
    for prep in (c for c in head.children if c.dep_ == "prep"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            out.extend(c for c in obj.children if c.dep_ == "appos")
    return out


def _mention_rank(mention: Mention) -> tuple[bool, int]:
    return (
        mention.actor is not None and mention.actor.kind == "person",
        mention.end - mention.start,
    )


def _words(subject: Any, tokens: list[Any]) -> frozenset[str]:
    """Lower-case lemmas of a speaker's phrase and appositions ("a defence ministry spokesman")."""
    out = {t.lemma_.lower() for t in tokens if t.is_alpha}
    for child in _appositions(subject):
        out.update(t.lemma_.lower() for t in child.subtree if t.is_alpha)
    return frozenset(out)


def _last(history: list[Speaker], test: Callable[[Speaker], bool]) -> Speaker | None:
    return next((s for s in reversed(history) if test(s)), None)


def _compatible(known: Actor | None, described: Actor | None) -> bool:
    """A description may refer back to a speaker unless their countries differ."""
    if known is None or described is None or not known.code or not described.code:
        return True
    return known.code == described.code


def after_comma(verb: Any) -> bool:
    """A parenthetical report: ", state media reported" (its own words, not its clause)."""
    own = [verb.i] + [c.left_edge.i for c in verb.lefts if c.dep_ not in ("ccomp", "punct")]
    first = min(own)
    return bool(first > 0 and verb.doc[first - 1].text == ",")
