"""Find trigger candidates in a parsed sentence and pick one sense per trigger word.

A candidate is a verb (or a light verb with its nominal object) whose lemma is in the
lexicon and whose sense constraints hold: object words, prepositions, subject class,
complement words, particles. When several senses of one verb match, the most specific wins
(constrained senses before general ones), then the lexicon's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tocsin.events import syntax
from tocsin.events.lexicon import Entry, Lexicon

Token = Any
ClassTest = Callable[[str, Token], bool]

_JOINT_WORDS = frozenset(
    {"joint", "combined", "bilateral", "trilateral", "multilateral", "multinational"}
)


#: Civilian words that may name an attacker as well ("masked men beat an opposition leader").
_ANYONE = frozenset({"man", "woman"})

#: Linking verbs whose predicate adjective carries the event ("are unhappy about").
_COPULAS = frozenset({"be", "remain", "seem", "appear", "become", "grow", "feel"})


@dataclass(slots=True)
class Trigger:
    """A matched sense: the clause verb, the entry, and the words that carry it."""

    verb: Token  # the clause head the act belongs to
    entry: Entry
    noun: Token | None  # the nominal of a light-verb construction ("talks" in "held talks")
    words: list[Token]  # trigger words, for event_text and offsets
    specificity: int

    @property
    def obj(self) -> Token | None:
        """The logical direct object of the trigger verb (through "dozens of", "a package of")."""
        return syntax.content_noun(syntax.direct_object(self.verb))


def _claim(noun: Token) -> bool:
    """A noun with a "that" clause of its own states a claim ("a suggestion that his
    government was lax"), not a proposal one could refuse ("a proposal that it halt
    enrichment", "that it should halt": a base form or "should")."""
    return any(
        c.dep_ in ("acl", "ccomp")
        and syntax.has_mark(c, "that")
        and syntax.child(c, "nsubj", "nsubjpass") is not None
        and not _subjunctive(c)
        for c in noun.children
    )


def _subjunctive(verb: Token) -> bool:
    """ "that it halt", "that Islam be kept out", "that it should halt": a proposal."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    first = auxes[0] if auxes else verb
    return first.tag_ in ("VB", "MD")


def _match_multiword(
    verb: Token, words: tuple[str, ...], is_time: Callable[[Token], bool]
) -> list[Token] | None:
    """Match "pull out", "call on", "come into force": the extra words after the verb.

    Each further word must be a child of the verb or appear in order within a few tokens
    after it ("come into force": "force" is the object of "into"). A preposition whose object
    is a time (``is_time``) is no particle: "turned on Thursday" is not "turn on".
    """
    if len(words) == 1:
        return [verb]
    found = [verb]
    kids = {c.i: c for c in verb.children}
    doc, pos = verb.doc, verb.i

    def fits(t: Token, word: str) -> bool:
        return (t.lower_ == word or t.lemma_.lower() == word) and not _before_time(t, is_time)

    for word in words[1:]:
        hit = next((c for c in kids.values() if fits(c, word)), None)
        if hit is None:
            window = doc[pos + 1 : min(pos + 4, len(doc))]
            hit = next((t for t in window if fits(t, word)), None)
        if hit is None:
            return None
        found.append(hit)
        pos = max(pos, hit.i)
    return found


def _before_time(prep: Token, is_time: Callable[[Token], bool]) -> bool:
    """A preposition whose objects are all times ("on Thursday")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return prep.dep_ == "prep" and bool(objects) and all(is_time(o) for o in objects)


def _struck_goal(obj: Token) -> bool:
    """A "target" that is someone's or somewhere, so struck, not reached: a modifier before it
    that is no possessive pronoun ("Houthi targets", "military targets") or a place after it
    ("targets in Yemen"), or bare plural targets ("struck targets across the city"); "its
    target", "the target for literacy", "hit the target" are goals."""
    if any(c.dep_ == "prep" and c.lower_ in ("for", "of") for c in obj.children):
        return False
    named = any(
        c.dep_ in ("amod", "compound", "poss") and c.i < obj.i and c.tag_ != "PRP$"
        for c in obj.children
    )
    placed = any(c.dep_ == "prep" and c.lower_ in ("in", "near", "across") for c in obj.children)
    bare_plural = obj.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in obj.children)
    return named or placed or bare_plural


class TriggerFinder:
    """Match lexicon senses against a sentence's tokens."""

    def __init__(self, lexicon: Lexicon, class_test: ClassTest) -> None:
        self.lexicon = lexicon
        self._order = {id(e): i for i, e in enumerate(lexicon.entries)}
        self.class_test = class_test  # resolves "@actor", "@persons", ... against a token

    # -- word tests ------------------------------------------------------------
    def _in(self, items: tuple[str, ...], tok: Token | None) -> bool:
        if tok is None or not items:
            return False
        words = self.lexicon.words(items)
        lemma, phrase = tok.lemma_.lower(), syntax.np_phrase(tok)
        if "*" in words or lemma in words or tok.lower_ in words or phrase in words:
            return True
        if phrase in self.lexicon.spaced(items):
            return True  # "a sit-in"
        if any(w.endswith(lemma) and w in phrase for w in words if " " in w):
            return True
        return any(self.class_test(w, tok) for w in words if w.startswith("@"))

    def _objects_ok(self, e: Entry, obj: Token | None, verb: Token | None = None) -> bool:
        military_subject = (
            e.subject_military
            and verb is not None
            and self.class_test("@military", syntax.subject(verb) or verb)
        )
        if (
            e.objects
            and not military_subject
            and not (self._in(e.objects, obj) or self._conj_in(e.objects, obj))
        ):
            return False
        ruled_out = e.not_objects and obj is not None and self._in(e.not_objects, obj)
        if ruled_out and not (self._in(("@goals",), obj) and _struck_goal(obj)):
            return False
        if e.type == "REJECT" and obj is not None and _claim(obj):
            return False  # "rejected a suggestion that his government was lax": a denial
        return not (e.no_object and obj is not None)

    def _conj_in(self, items: tuple[str, ...], obj: Token | None) -> bool:
        return obj is not None and any(self._in(items, c) for c in obj.conjuncts)

    def _subject_ok(self, e: Entry, verb: Token) -> bool:
        if e.subject_not_civilian and not self._armed_or_state(verb):
            return False
        if not e.subject:
            return True
        subj = syntax.subject(verb)
        head = syntax.content_noun(subj)  # "the first of 300 U.S. soldiers arrived"
        return subj is not None and (self._in(e.subject, subj) or self._in(e.subject, head))

    def _armed_or_state(self, verb: Token) -> bool:
        """The subject is no civilian crowd and no company ("protesters clashed with police"
        is a protest; "a Turkish company halted its operations in Iraq" no ceasefire)."""
        subj = syntax.subject(verb)
        if subj is None:
            return True
        head = syntax.content_noun(subj)
        crowd = (
            head is not None
            and head.lemma_.lower() not in _ANYONE
            and (self._in(("@civilians",), head) or self.class_test("@civilian", subj))
        )
        if crowd and not self.class_test("@military", subj):
            return False
        return not self.class_test("@business", subj)

    def _preps_ok(self, e: Entry, verb: Token, noun: Token | None = None) -> bool:
        if not e.preps:
            return True
        # a prepositional phrase of time ("on Thursday") is not an argument; a light verb's
        # nominal carries its own ("launched an attack on the government's plans")
        # and the parser often hangs the verb's prepositional phrase on its object ("warned
        # Singapore officials against visiting")
        # "blasted a vessel and a boat with water cannon": on the last of several objects too
        objects = [
            c for o in syntax.children(verb, "dobj") for x in (o, *o.conjuncts) for c in x.children
        ]
        heads = [*syntax.attached(verb), *(noun.children if noun is not None else ()), *objects]
        found = [
            c
            for c in heads
            if c.dep_ in ("prep", "prt", "agent", "dative")
            and c.lower_ in e.preps
            and not any(self._time(o) for o in c.children)
            and not (c.i > 0 and c.nbor(-1).text == ",")  # ", as the UN met": a clause, not "as"
        ]
        if not e.prep_objects:
            return bool(found)
        # "fired missiles at Kyiv", not "into the sea"
        return any(self._in(e.prep_objects, o) for c in found for o in c.children)

    def _not_preps_ok(self, e: Entry, verb: Token) -> bool:
        """No preposition of the verb has an object that rules the sense out ("to stand down
        as an MP": a seat given up, no office), nor a particle ("the rocket blasts off")."""
        # a particle, or the parser's preposition right after the verb ("called on the
        # junta to": a request, no phone call)
        if any(
            c.lower_ in e.not_particles
            and (c.dep_ == "prt" or (c.dep_ == "prep" and c.i == verb.i + 1))
            for c in verb.children
        ):
            return False
        if not e.not_prep_objects:
            return True
        return not any(
            self._in(e.not_prep_objects, o)
            for c in syntax.attached(verb)
            if c.dep_ == "prep"
            for o in c.children
            if o.dep_ == "pobj"
        )

    def _time(self, tok: Token) -> bool:
        """A time expression ("on Thursday"), not a place the tagger swept into one ("at Kyiv
        overnight" read as TIME)."""
        return tok.ent_type_ in ("DATE", "TIME") and not self.class_test("@actor", tok)

    def _complement_ok(self, e: Entry, verb: Token) -> bool:
        if e.active_only and syntax.is_passive(verb):
            return False
        deps = {c.dep_ for c in verb.children}
        if e.no_complement and deps & {"oprd", "xcomp", "ccomp", "acomp"}:
            return False  # "calling them delusional" is no phone call
        if e.requires_argument and not (
            deps & {"dobj", "dative", "xcomp", "ccomp"}
            # "was condemned by Washington" (a request's passive, "is being challenged by
            # rivals", is seldom one)
            or (e.type == "ACCUSE" and {"nsubjpass", "agent"} <= deps)
            or any(
                c.dep_ == "prep" and c.lower_ in ("on", "upon", "for", "to") for c in verb.children
            )
        ):
            return False  # "press on with the war" requests nothing of anyone
        if e.xcomp_objects:
            comps = [c for c in verb.children if c.dep_ in ("xcomp", "oprd")]
            if not any(
                c.lemma_.lower() in e.xcomp_objects or ("*" in e.xcomp_objects and _ordered(c))
                for c in comps
            ):
                return False
        if e.complement_words:
            scope = {
                t.lemma_.lower()
                for c in verb.children
                if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "prep", "advcl", "dobj")
                for t in c.subtree
            }
            if not scope & self.lexicon.words(e.complement_words):
                return False
        return True

    def _joint_ok(self, e: Entry, verb: Token, noun: Token | None) -> bool:
        """Joint exercises: "joint" or a partner named ("with India", "Russia and Belarus");
        "a patrol mission with frigates and drones" has no partner."""
        if e.joint is None:
            return True
        joint = noun is not None and any(c.lower_ in _JOINT_WORDS for c in noun.children)
        subj = syntax.subject(verb)
        joint = joint or (subj is not None and bool(subj.conjuncts))
        joint = joint or (subj is not None and self.class_test("@multi", subj))
        partners = syntax.prep_objects(noun if noun is not None else verb, "with")
        joint = joint or any(self.class_test("@actor", p) for p in partners)
        return joint if e.joint == "required" else not joint

    def _sense_ok(self, e: Entry, verb: Token, obj: Token | None, noun: Token | None) -> bool:
        return (
            self._objects_ok(e, obj, verb)
            and self._subject_ok(e, verb)
            and self._preps_ok(e, verb, noun)
            and self._not_preps_ok(e, verb)
            and self._complement_ok(e, verb)
            and self._joint_ok(e, verb, noun)
        )

    @staticmethod
    def _specificity(e: Entry, words: int) -> int:
        return (
            3 * bool(e.objects or e.nouns)
            + 2 * bool(e.subject)
            + 2 * bool(e.preps)
            + 2 * bool(e.xcomp_objects or e.complement_words)
            + bool(e.joint)
            + 2 * (words - 1)
        )

    # -- candidates ------------------------------------------------------------
    def _verb_senses(self, tok: Token) -> Iterator[Trigger]:
        obj = syntax.content_noun(syntax.direct_object(tok))
        for entry, words in self.lexicon.by_verb.get(tok.lemma_.lower(), ()):
            matched = _match_multiword(tok, words, self._time)
            if matched is None or not self._sense_ok(entry, tok, obj, None):
                continue
            spec = self._specificity(entry, len(words)) + self._explicit(entry.objects, obj)
            if tok.lemma_.lower() in _COPULAS and entry.complement_words:
                # "are unhappy about": the adjective says what happened, not "are"
                matched = [*matched, *(c for c in tok.children if c.dep_ == "acomp")]
            yield Trigger(tok, entry, None, matched, spec)

    def _explicit(self, items: tuple[str, ...], tok: Token | None) -> int:
        """1 when ``tok`` matches ``items`` by a listed word, not only by "@actor"-like classes:
        "handed over Israeli hostages" is a release (hostage is listed) before an aid delivery
        (the hostages are merely actors)."""
        if tok is None or not items:
            return 0
        words = {w for w in self.lexicon.words(items) if not w.startswith("@")}
        lemma, phrase = tok.lemma_.lower(), syntax.np_phrase(tok)
        if lemma in words or tok.lower_ in words or phrase in words:
            return 1
        # "an unmanned reconnaissance plane" names "reconnaissance plane"
        return int(any(w.endswith(lemma) and w in phrase for w in words if " " in w))

    def _light_senses(self, tok: Token) -> Iterator[Trigger]:
        obj = syntax.direct_object(tok)
        content = syntax.content_noun(obj)
        nouns = [obj, *obj.conjuncts] if obj is not None else []
        if content is not None and content is not obj:
            nouns.insert(0, content)
        # "go on strike", "take part in": the noun is a prepositional object
        nouns += list(syntax.prep_objects(tok, "on", "in", "into", "for"))
        for entry, words in self.lexicon.by_light.get(tok.lemma_.lower(), ()):
            matched = _match_multiword(tok, words, self._time)
            if matched is None:
                continue
            for noun in nouns:
                if self._in(entry.nouns, noun) and self._sense_ok(entry, tok, None, noun):
                    spec = self._specificity(entry, len(words)) + 1
                    yield Trigger(tok, entry, noun, [*matched, noun], spec)
                    break

    def find(self, span: Any) -> list[Trigger]:
        """One trigger (the most specific sense) per verb token of ``span``."""
        out: list[Trigger] = []
        by_verb, by_light = self.lexicon.by_verb, self.lexicon.by_light
        for tok in span:
            if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
                continue
            lemma = tok.lemma_.lower()
            if lemma not in by_verb and lemma not in by_light:
                continue  # most verbs of a sentence name no event: skip the parse work
            senses = [*self._verb_senses(tok), *self._light_senses(tok)]
            if senses:
                senses.sort(key=lambda t: (-t.specificity, self._order[id(t.entry)]))
                out.append(senses[0])
        return out


def _ordered(comp: Token) -> bool:
    """Whether an order's complement is an act asked for: "told the army to withdraw",
    "ordered the prisoners released". A bare verb is a misparse of reported speech ("told
    the BBC's Breakfast with Frost show the money would not ...": "show" is no order)."""
    if comp.tag_ != "VB":
        return True
    return syntax.to_infinitive(comp)
