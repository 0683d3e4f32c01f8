"""The event coder: from each parsed sentence, who did what to whom, in PLOVER.

For every trigger (events/triggers.py) the coder reads its context (events/context.py) and
decides what the act is: coded as is, negated, hypothetical, promised (cooperation + future
= AGREE, retreat + future = CONCEDE), refused (REJECT), threatened (THREATEN, the act itself
not coded), the condition of a threat (not coded), or someone else's evaluated or requested
act (not coded). It then finds the actors (events/arguments.py), expands compound actors
into one event per actor pair, picks the mode (events/modes.py), and sets the flags.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from tocsin.actors.model import NONSTATE
from tocsin.actors.resolver import headline_list
from tocsin.enrich.dates import MONTHS, WEEKDAYS
from tocsin.events import syntax
from tocsin.events.arguments import (
    PRONOUNS,
    VICTIM_OF,
    VICTIM_TYPES,
    Arguments,
    Resolver,
    Targets,
    same_actor,
)
from tocsin.events.context import (
    Context,
    Frames,
    analyse,
    load_frames,
    negation_trap,
    nuclear_sentence,
    sports_report,
)
from tocsin.events.lexicon import Lexicon, load_lexicon, load_yaml
from tocsin.events.modes import ModeTable, assault_mode, load_modes, mode_from_words, threat_mode
from tocsin.events.triggers import Trigger, TriggerFinder
from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Actor, Document, Event

Token = Any
Pair = tuple[Actor, Actor | None]

COOPERATIVE = frozenset({"SUPPORT", "COOPERATE", "AID", "CONSULT", "AGREE"})
RETREATING = frozenset({"RETREAT", "CONCEDE"})
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})
#: Acts done in words: the speaker of a reported clause may be their doer.
SPEECH_ACTS = frozenset({"REQUEST", "ACCUSE", "THREATEN", "REJECT"})
#: Types that need a recipient (PLOVER): without one the sentence does not code them.
NEEDS_RECIPIENT = frozenset({"AID", "COOPERATE", "SANCTION", "ACCUSE"})
#: Types done against someone: subjects of a reciprocal verb who do one to a third party are
#: allies ("US and Iraqi forces battled militants").
AGAINST = (CONFLICT - {"MOBILIZE"}) | {"ACCUSE", "PROTEST"}
#: Types whose recipient may be a vague group ("Western allies", "world powers"): coded with
#: recipient null. For the others a vague recipient means no codable event ("accused European
#: governments of ..."); a request of a vague group only when it asks for something
#: ("lobbying for more weapons from its Western allies"), not when it urges the group to act
#: ("urged the international community to help calm the dispute": an exhortation; 1 of 9
#: such requests was a coder's event on the annotated training passages).
VAGUE_OK = frozenset({"THREATEN", "REQUEST", "AGREE", "CONCEDE", "MOBILIZE", "PROTEST"})
#: Types coded without a recipient: a mobilisation, a protest, an announced resignation ("said
#: he would step down") may have none. Every other act names whom it is done to; in coded
#: real news an act with no recipient found ("vowed to tell the truth", "hailed the accord",
#: an attack whose target is no actor) is almost never an event (annotated training
#: passages: 9 of 190 such events right). A threat's recipient is looked for after the fact
#: (``_threat_recipients``).
TARGETLESS_OK = frozenset({"MOBILIZE", "PROTEST", "CONCEDE", "THREATEN"})
#: Types that fall back to the source's own country when no recipient is named.
DOMESTIC = frozenset({"PROTEST", "COERCE", "CONCEDE"})
#: An attack whose object is one of these is a suicide ("killed himself"): no event.
REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself", "self", "oneself"})
#: Types whose recipient may be people named by what they are ("charged eight suspects",
#: "urged his supporters"): the country where it happened, see ``Arguments.people``.
PEOPLE_TARGETS = frozenset(
    {"ACCUSE", "COERCE", "SANCTION", "REQUEST", "THREATEN", "AID", "RETREAT", "ASSAULT"}
)


@dataclass(slots=True)
class Decision:
    """What the coder makes of one trigger in its context."""

    type: str
    mode: str | None
    negated: bool = False
    hypothetical: bool = False
    issuer: Token | None = None  # a governor whose subject is the source (threats, refusals)
    extra_targets: list[Token] = field(default_factory=list)
    rule: str = ""
    confidence: float = 0.7


class EventCoder:
    """Codes PLOVER events from parsed documents, using an actor resolver."""

    def __init__(
        self,
        resolver: Resolver,
        *,
        lexicon: Lexicon | None = None,
        frames: Frames | None = None,
        modes: ModeTable | None = None,
    ) -> None:
        self.resolver = resolver
        self.lexicon = lexicon or load_lexicon()
        self.frames = frames or load_frames()
        self.modes = modes or load_modes()
        self._args: Arguments | None = None
        self._civilians = self.lexicon.classes.get("civilians", frozenset())
        self.finder = TriggerFinder(self.lexicon, self._class_test)

    # -- public ------------------------------------------------------------------
    def code(self, doc: Document) -> list[Event]:
        """All events of a parsed document, in sentence order (none for a match report)."""
        if sports_report(doc.article.text, self.frames):
            return []
        events: list[Event] = []
        for ps in parsed_sentences(doc):
            events.extend(self.code_sentence(ps, doc))
        _fill_adversaries(doc, events)
        return _drop_own_fallbacks(events)

    def triggers(self, ps: ParsedSentence, doc: Document) -> list[Trigger]:
        """The lexicon senses matched in one sentence (whatever the coder then decides)."""
        self._args = Arguments(self.resolver, self.frames, ps, doc, civilians=self._civilians)
        return self._found(ps)

    def _found(self, ps: ParsedSentence) -> list[Trigger]:
        """The finder's triggers of the sentence, found once per coder (the event stage and
        the ranker both read them)."""
        key = ("triggers", id(self))
        if key not in ps.memo:
            ps.memo[key] = self.finder.find(ps.span)
        return list(ps.memo[key])

    def code_sentence(self, ps: ParsedSentence, doc: Document) -> list[Event]:
        """Events of one parsed sentence."""
        self._args = Arguments(self.resolver, self.frames, ps, doc, civilians=self._civilians)
        triggers = self._found(ps)
        plans = [(t, analyse(t.verb, self.frames, self._is_actor)) for t in triggers]
        absorbed = self._absorbed_governors(plans) | _restating_participles(triggers)
        nuclear = nuclear_sentence(ps.span, self.frames)
        events: list[Event] = []
        fired: set[int] = set()  # verbs a sense coded an event for
        withheld: set[int] = set()  # cooperation coded as not given ("failed to hand over")
        protesting = {t.verb.i for t in triggers if t.entry.type == "PROTEST"}
        for trig, ctx in plans:
            if trig.verb.i in absorbed or years_ago(trig.verb, doc.article.published):
                continue
            if _protest_purpose(trig.verb, protesting, self.frames):
                continue  # "blocked a border crossing to protest": one protest, the blockade
            if self._held(trig) or self._conjunction(trig.verb):
                continue
            if trig.entry.speech == "threat" and not (
                self._threat_content(trig.verb) or self._threatened_act(trig.verb)
            ):
                continue
            coded = self._events(trig, ctx, ps, doc, nuclear=nuclear)
            if coded:
                fired.add(trig.verb.i)
            if any(e.negated and e.type in _WITHHELD_TYPES for e in coded):
                withheld.add(trig.verb.i)
            events.extend(coded)
        trigger_verbs = {t.verb.i for t in triggers}
        events.extend(self._consequence_threats(ps, doc, trigger_verbs, nuclear=nuclear))
        nouns = {t.noun.i for t in triggers if t.noun is not None}
        events.extend(self._meetings(ps, doc, nouns, nuclear=nuclear))
        # a speech verb whose own senses coded nothing ("told delegates that Labour had
        # abused the public's trust") may still report an accusation
        events.extend(self._evaluations(ps, doc, fired, withheld, nuclear=nuclear))
        events.extend(self._recommendations(ps, doc, fired, nuclear=nuclear))
        return _dedupe(self._threat_recipients(events, ps))

    def _threat_recipients(self, events: list[Event], ps: ParsedSentence) -> list[Event]:
        """A threat with no named recipient is addressed to the other party of the sentence:
        the subject of its condition, else the first other actor named ("accused South Korea
        of flying drones ... and warned that any further incursion would mean war"); with
        none, to the threatener's own country, as the gold sets code a threat at home ("ETA
        threatened to set off seven bombs", "the government vowed tough measures"), unless
        the sentence names a vague group that may be its recipient ("warned Western
        allies")."""
        out = []
        for ev in events:
            other = None
            if ev.type == "THREATEN" and ev.target is None and ev.source is not None:
                other = self._other_party(
                    ps, {ev.source.code}, within=ps.token_at(ev.trigger_start)
                ) or self._home_threatened(ev.source, ps)
            if other is None:
                out.append(ev)
            else:
                out.append(
                    dataclasses.replace(ev, id="", target=other, confidence=ev.confidence * 0.85)
                )
        return out

    def _home_threatened(self, source: Actor, ps: ParsedSentence) -> Actor | None:
        """The threatener's own country, for a threat with no recipient named (None for an
        organisation, or when the sentence names a vague group)."""
        if source.kind == "igo" or not source.code or source.code == NONSTATE:
            return None
        args = self._args
        if args is not None and any(args.is_vague(t) for t in ps.span):
            return None  # "warned Western allies" (not "the government", a named actor)
        return Actor(code=source.code, kind="country")

    def _other_party(
        self, ps: ParsedSentence, codes: set[str | None], *, within: Token | None = None
    ) -> Actor | None:
        """The subject of a condition, the doer of a nominal condition in the threat's own
        clause ("warned that any further Venezuelan attack would ..."), else the first other
        actor named in that clause, else in the sentence."""
        args = self._args
        assert args is not None
        conditions = [
            t
            for t in ps.span
            if t.dep_ in ("advcl", "ccomp") and syntax.has_mark(t, *self.frames.condition_marks)
        ]
        clause = list(within.subtree) if within is not None else []
        nominal = [n for t in clause if t.pos_ in ("VERB", "AUX") and (n := nominal_condition(t))]
        doers = [a for n in nominal if (a := nominal_roles(n, args)[0]) is not None]
        for a in doers:
            if a.code not in codes:
                return Actor(code=a.code, sector=a.sector, entity_text=a.entity_text, kind=a.kind)
        # inside a condition only its subject can be the addressee: "if they continue their
        # support for Ukraine" does not address Ukraine
        in_conditions = {t.i for c in conditions for t in c.subtree}
        nouns = [
            t
            for t in ps.span
            if t.pos_ in ("PROPN", "NOUN")
            and t.dep_ not in ("compound", "poss")
            and t.i not in in_conditions
        ]
        own = {t.i for t in clause}
        candidates = (
            [_condition_doer(c) for c in conditions]
            + [t for t in nouns if t.i in own]
            + [t for t in nouns if t.i not in own]
        )
        for tok in candidates:
            for a in args.actors(tok):
                if a.code not in codes and a.kind not in ("place",):
                    return Actor(
                        code=a.code, sector=a.sector, entity_text=a.entity_text, kind=a.kind
                    )
        return None

    # -- nominal events with named parties ----------------------------------------
    def _meetings(
        self, ps: ParsedSentence, doc: Document, used: set[int], *, nuclear: bool
    ) -> list[Event]:
        """ "During recent meetings with Blinken and Lammy, Zelensky reiterated ...": CONSULT;
        "Talks between Japan and North Korea resumed", "Fierce battles between insurgents and
        US forces killed 27": the noun's type (nominal_events.yaml ``named_parties``).

        Only when the parties are named ("with X", "between X and Y") and the noun is the
        news (a subject, a headline, "during"/"at"/"in" talks): "after talks in Geneva" is
        background and not coded.
        """
        args = self._args
        assert args is not None
        table = named_party_nouns()
        out: list[Event] = []
        for tok in ps.span:
            kind = table.get(tok.lemma_.lower()) or table.get(tok.lower_)
            # "Fighting between troops and rebels erupted": a gerund subject tagged as a verb
            gerund = tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "nsubjpass")
            if kind is None or (tok.pos_ != "NOUN" and not gerund) or tok.i in used:
                continue
            if tok.dep_ not in ("pobj", "nsubj", "nsubjpass", "ROOT"):
                continue  # "proposed talks with Ukraine": the object of another act
            held = _contained_event(tok)  # "a new round of talks between A and B began"
            if tok.dep_ == "pobj" and tok.head.lower_ not in ("during", "at", "in") and not held:
                continue  # "after talks with X": background of the main act
            verb = syntax.clause_of(tok)
            if _generic_subject(tok, verb):
                continue
            ctx = analyse(verb, self.frames, self._is_actor)
            if ctx.skip or ctx.negated or ctx.hypothetical or ctx.future:
                continue
            sources, partners = self._named_parties(tok, verb)
            d = Decision(type=kind, mode=None, rule=f"{kind.lower()}.nominal", confidence=0.55)
            cameo = _CAMEO.get(kind)
            out.extend(
                self._event_at(tok, d, src, tgt, ps, doc, nuclear=nuclear, cameo=cameo)
                for src in sources
                for tgt in partners
                if (tgt.code, tgt.sector) != (src.code, src.sector)
            )
        return out

    # -- speech that blames: "the Tories say the plan is 'desperate'" -----------------
    def _evaluations(
        self,
        ps: ParsedSentence,
        doc: Document,
        used: set[int],
        withheld: set[int],
        *,
        nuclear: bool,
    ) -> list[Event]:
        """A speaker who calls another actor's act or words bad accuses that actor (ACCUSE
        disapprove): "Mr Law said McConnell's comment was ill-advised", "Blair lied, say the
        Tories". The predicate of the reported clause is a word of ``negative_evaluation``,
        or its verb one of ``blame_verbs`` (frames.yaml)."""
        out: list[Event] = []
        for speakers, comp in self._reported_clauses(ps, used):
            word = self._blame_word(comp)
            if word is None or comp.i in used or _failed_act_coded(comp, withheld):
                # "Russian drones violated Polish airspace, the military said": the act
                # reported is coded itself (X said Y did Z codes Z), no accusation besides;
                # so is cooperation reported as withheld ("Serbia has failed to hand over
                # suspects, the prosecutor said": Serbia's negated handover; "the Tories
                # failed to oppose them" stays a criticism)
                continue
            accused = self._evaluated_actors(comp, speakers)
            d = Decision(type="ACCUSE", mode="disapprove", rule="accuse.evaluation",
                         confidence=0.55)  # fmt: skip
            out.extend(
                self._event_at(word, d, s, t, ps, doc, nuclear=nuclear, cameo="111")
                for s in speakers
                for t in accused
            )
        return out

    def _reported_clauses(
        self, ps: ParsedSentence, fired: set[int]
    ) -> Iterator[tuple[list[Actor], Token]]:
        """(speakers, clause) for every clause an asserted reporting verb of the sentence
        reports ("told delegates that ... and that ..."), skipping verbs whose own senses
        coded an event (``fired``)."""
        args = self._args
        assert args is not None
        for verb in ps.span:
            if verb.lemma_.lower() not in self.frames.report_verbs or verb.i in fired:
                continue
            speakers = [a for a in args.actors(syntax.subject(verb)) if a.kind != "place"]
            if not speakers or syntax.is_negated(verb):
                continue
            for reported in syntax.children(verb, "ccomp"):
                for comp in (reported, *reported.conjuncts):
                    yield speakers, comp

    # -- speech that asks: "X should change the law, MPs said" ---------------------
    def _recommendations(
        self, ps: ParsedSentence, doc: Document, fired: set[int], *, nuclear: bool
    ) -> list[Event]:
        """A speaker who says what another party should or must do asks it to (REQUEST):
        "the government should change the law, MPs said". The reported clause has its own
        obligation ("should", "must", "ought to") and an actor as its subject; a passive
        clause with no actor ("a national body should be set up") asks the speaker's own
        country. A clause whose verb coded an event already was read by its trigger."""
        out: list[Event] = []
        for speakers, comp in self._reported_clauses(ps, fired):
            if comp.i in fired or not syntax.aux_lemmas(comp) & _OBLIGING:
                continue
            asked = self._asked_actors(comp, speakers)
            d = Decision(type="REQUEST", mode="change", rule="request.recommendation",
                         confidence=0.5)  # fmt: skip
            out.extend(
                self._event_at(comp, d, s, t, ps, doc, nuclear=nuclear, cameo="10")
                for s in speakers
                for t in asked
            )
        return out

    def _asked_actors(self, comp: Token, speakers: list[Actor]) -> list[Actor]:
        """Who a reported obligation is put on: the clause's subject, or for a passive with
        no actor the speakers' own country."""
        args = self._args
        assert args is not None
        subj = syntax.subject(comp)
        if subj is not None and subj.lower_ in PRONOUNS:
            return []  # "he should go": who "he" is, the speaker or another, is unclear
        found = [a for a in args.actors(subj) if a.kind != "place"] if subj is not None else []
        if found:
            codes = {s.code for s in speakers}
            # "France should hold a referendum, Chirac says": his own plan, not a request
            return [
                a
                for a in found
                if not same_actor(a, speakers) and not (a.kind == "country" and a.code in codes)
            ]
        if syntax.child(comp, "nsubjpass") is None:
            return []  # "prices should fall": a forecast, not a request
        # "... should be appointed, the courts minister said": the government's own view of
        # its own act asks no one
        own = [s.code for s in speakers if s.code and s.kind != "igo" and s.sector != "GOV"]
        return [Actor(code=own[0], kind="country")] if own else []

    def _blame_word(self, comp: Token) -> Token | None:
        """The word of ``comp`` that calls its subject's act bad, or None."""
        if syntax.is_negated(comp):
            return None  # "the plan was not wrong"
        if comp.lemma_.lower() in self.frames.blame_verbs:
            return comp  # "Blair lied"
        bad = self.frames.negative_evaluation
        for pred in syntax.children(comp, "acomp", "attr", "oprd"):
            for tok in pred.subtree:
                if tok.lemma_.lower() in bad or tok.lower_ in bad:
                    return tok
            if _hyphenated(pred) in bad:
                return pred  # "ill-advised", "short-sighted": one word, three tokens
        return None

    def _evaluated_actors(self, comp: Token, speakers: list[Actor]) -> list[Actor]:
        """Whose act or words the clause judges: its subject's actors, else the owner of the
        subject ("McConnell's comment", "the government's asylum policy")."""
        args = self._args
        assert args is not None
        subj = syntax.subject(comp)
        if subj is None or subj.lower_ in ("it", "this", "that", "there"):
            return []
        # "the loss of control of Iraq's nuclear sites by the US was scandalous": the doer
        doer = next(
            (o for t in subj.subtree if t.lower_ == "by" and t.dep_ in ("prep", "agent")
             for o in t.children if o.dep_ == "pobj"),
            None,
        )  # fmt: skip
        owner = doer if doer is not None else syntax.child(subj, "poss")
        found = args.actors(owner) if owner is not None else []
        found = found or [a for a in args.actors(subj) if a.kind not in ("place",)]
        return [a for a in found if not same_actor(a, speakers)]

    def _named_parties(self, noun: Token, verb: Token) -> tuple[list[Actor], list[Actor]]:
        """The parties of a nominal event: "between A and B" (A, then B), else the owner
        ("Zelensky's meetings") or the clause subject with the partners named by "with"."""
        args = self._args
        assert args is not None
        # "clashes broke out between US troops and insurgents": the parties may hang from
        # the verb the noun is the subject of
        holders = [noun, verb] if noun.dep_ == "nsubj" and noun.head.i == verb.i else [noun]
        # "killed in clashes that broke out between US troops and insurgents"
        holders += [c for c in noun.children if c.dep_ == "relcl"]
        between = [
            a
            for h in holders
            for o in syntax.prep_objects(h, "between")
            for t in (o, *o.conjuncts)
            for a in args.actors(t)
        ]
        if len(between) > 1:
            return between[:1], between[1:]
        partners = [a for o in syntax.prep_objects(noun, "with") for a in args.actors(o)]
        if not partners:
            return [], []
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        subject = owner if owner is not None else syntax.subject(verb)
        if subject is not None and subject.i == noun.i:
            return [], []  # "clashes with militants killed ...": one side only
        return args.actors(subject), partners

    # -- threats without a threat verb: "if X, that means war" ---------------------
    def _threat_content(self, verb: Token, exclude: Token | None = None) -> bool:
        """The clause (minus its subject) names a threatened consequence."""
        subj = syntax.subject(verb)
        skip = {t.i for t in subj.subtree} if subj is not None and subj.head is verb else set()
        if exclude is not None:
            skip |= {t.i for t in exclude.subtree}
        for tok in verb.subtree:
            if tok is not verb and tok.lemma_.lower() in self.frames.averting_verbs:
                skip |= {t.i for t in tok.subtree}  # "calibrated to avoid a confrontation"
            if self._own_goal(tok):
                skip |= {tok.i, tok.head.i}  # "will only hit its target for literacy if ..."
            if self._danger(tok):
                skip |= {t.i for t in tok.subtree} | {tok.head.i}  # "faces the threat of"
            if self._civil_nuclear(tok):
                skip.add(tok.i)  # "will go it alone on the nuclear energy project if ..."
        words = self.frames.threat_consequence_words
        for tok in verb.subtree:
            objects = [o.lemma_.lower() for o in syntax.prep_objects(tok, "on", "against")]
            if set(objects) & self.frames.figurative_targets:
                skip.add(tok.i)  # "would hinder the war on terrorism": a campaign
        toks = [t for t in verb.subtree if t.i not in skip]
        lemmas = {t.lemma_.lower() for t in toks}
        if lemmas & self.frames.benign_consequence_words:
            return False  # "will respond with positive gestures if ...": an offer
        pairs = {f"{a.lemma_.lower()} {b.lemma_.lower()}" for a, b in itertools.pairwise(toks)}
        return bool((lemmas | pairs) & words)

    def _threatened_act(self, verb: Token) -> bool:
        """ "Iran threatened to pull out of the NPT", "the unions threatened to cancel the
        tour": an actor who threatens to do something threatens it, whatever the act (a
        danger threatens too, "the row threatens to derail the talks", but is no actor)."""
        if verb.lemma_.lower() not in self.frames.threat_verbs:
            return False
        first = syntax.first_conjunct(verb)
        if verb.tag_ == "VBG" and first.tag_ == "VBG" and first.dep_ in ("advcl", "acl"):
            return False  # "fighters battled troops, threatening to wreck a truce": a danger
        subj = syntax.subject(verb)
        act = syntax.child(verb, "xcomp")
        return (
            subj is not None
            and self._is_actor(subj)
            and act is not None
            and syntax.to_infinitive(act)
        )

    def _own_goal(self, tok: Token) -> bool:
        """An object that is the subject's own goal ("hit its target for improving literacy",
        "meet their targets of 1.5 million"), not something struck ("hit Israeli targets")."""
        if tok.dep_ != "dobj" or tok.lemma_.lower() not in self.frames.goal_nouns:
            return False
        return any(
            (c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our"))
            or (c.dep_ == "prep" and c.lower_ in ("for", "of"))
            for c in tok.children
        )

    def _civil_nuclear(self, tok: Token) -> bool:
        """ "nuclear" on a civilian noun ("nuclear energy project", "nuclear power plant"); a
        "nuclear warning" or "Russia's nuclear sights" still threaten."""
        if tok.lemma_.lower() not in self.frames.nuclear_words or tok.dep_ not in (
            "amod",
            "compound",
        ):
            return False
        phrase = {t.lemma_.lower() for t in tok.head.subtree} | {syntax.np_phrase(tok.head)}
        return bool(phrase & self.frames.nuclear_civilian_context)

    def _danger(self, tok: Token) -> bool:
        """A danger faced or run: "faces the threat of attack", "runs the risk of war"."""
        return (
            tok.dep_ == "dobj"
            and tok.lemma_.lower() in self.frames.danger_nouns
            and tok.head.lemma_.lower() in self.frames.danger_verbs
        )

    def _consequence_threats(
        self, ps: ParsedSentence, doc: Document, trigger_verbs: set[int], *, nuclear: bool
    ) -> list[Event]:
        args = self._args
        assert args is not None
        out: list[Event] = []
        if not self._may_threaten(ps.span):
            return out
        for tok in ps.span:
            if tok.pos_ not in ("VERB", "AUX") or tok.i in trigger_verbs or not self._modal(tok):
                continue
            ctx = analyse(tok, self.frames, self._is_actor)
            if not self._is_consequence(tok, ctx):
                continue
            issuers, patients = self._threat_roles(tok, ctx)
            if not issuers:
                continue
            codes = {a.code for a in issuers}
            cond = ctx.condition
            cond_subj = syntax.subject(cond) if cond is not None else None
            doers = args.actors(cond_subj)
            if cond is not None and cond.pos_ in ("NOUN", "PROPN"):
                doer = nominal_roles(cond, args)[0]  # "any further Venezuelan attack"
                doers = [doer] if doer is not None else []
            targets = [a for a in patients + doers if a.code not in codes]
            if not targets:
                targets = self._other_actors(tok, codes, exclude=cond)
            skip = {c.i for c in cond.subtree} if cond is not None else set()
            content = [t for t in tok.subtree if t.i not in skip]
            mode = threat_mode(None, None, content, self.modes)
            d = Decision(type="THREATEN", mode=mode, rule="threaten.consequence", confidence=0.6)
            out.extend(
                self._event_at(tok, d, src, tgt, ps, doc, nuclear=nuclear, cameo="138")
                for src in issuers
                for tgt in _or_none(_unique_codes(targets))
            )
        return out

    def _may_threaten(self, span: Any) -> bool:
        """Cheap test before the clause analysis: the sentence names a consequence at all."""
        words = self.frames.threat_consequence_words | _RETALIATION
        traps = {k for k, v in self.frames.negation_traps.items() if v == "threat"}
        return any(t.lemma_.lower() in words or t.lemma_.lower() in traps for t in span)

    @staticmethod
    def _modal(tok: Token) -> bool:
        """A clause that can state a consequence: modal, "means", or with a condition."""
        if tok.lemma_.lower() in ("mean", "be", "become"):
            return True
        if syntax.aux_lemmas(tok) & (syntax.FUTURE_AUX | syntax.POSSIBLE_AUX):
            return True
        return any(c.dep_ in ("advcl", "xcomp") for c in tok.children) or tok.dep_ == "xcomp"

    def _threat_roles(self, tok: Token, ctx: Context) -> tuple[list[Actor], list[Actor]]:
        """Who threatens and who is threatened in a consequence clause.

        The clause's subject carries out the consequence ("Russia will regard Germany as a
        party") unless the verb is one undergone ("they could face consequences", "would be
        treated as an act of war"): then the subject is threatened and the speaker threatens.
        """
        args = self._args
        assert args is not None
        subj = syntax.subject(tok)
        if (
            subj is not None
            and ctx.condition is not None
            and subj.i in {t.i for t in ctx.condition.subtree}
        ):
            subj = None  # a nominal condition is the subject: "any transfer ... would be met with"
        subject_actors = (
            [a for a in args.actors(subj) if a.kind != "place"] if subj is not None else []
        )
        undergone = syntax.is_passive(tok) or tok.lemma_.lower() in _UNDERGONE
        first_person = subj is not None and subj.lower_ in ("we", "i", "our", "us")
        # "it would result in war", "they would be our enemies": a pronoun names the situation
        # or the threatened party, never the one who threatens
        other_pronoun = subj is not None and subj.pos_ == "PRON" and not first_person
        if subject_actors and not undergone and not first_person and not other_pronoun:
            return subject_actors, []
        speakers = args.speaker(ctx, at=tok)
        if not speakers and first_person:
            speakers = subject_actors
        situation = subj is not None and subj.lower_ in ("it", "this", "that")
        patients = subject_actors if (undergone or other_pronoun) and not situation else []
        return speakers, patients

    def _is_consequence(self, tok: Token, ctx: Context) -> bool:  # noqa: PLR0911 - one per form
        """A clause that states a threatened consequence without a threat verb.

        "if X, it would result in war" / "that means war" (a condition and consequence words),
        "any transfer of missiles would be met with countermeasures" (a nominal condition),
        "deployments would not go unpunished" (a threatening negation, no condition), and
        "our response will be stronger" (a retaliation announced).
        """
        if ctx.skip:
            return False
        lemma = tok.lemma_.lower()
        if lemma in ("be", "become", "remain") and not ctx.negated and self._threat_predicate(tok):
            return True  # "U.S. warships are legitimate targets"
        if negation_trap(tok, self.frames) == "threat" and (ctx.future or ctx.possible):
            return True
        if ctx.condition is None and (ctx.future or ctx.possible):
            nominal = nominal_condition(tok)
            if nominal is not None and self._threat_content(tok, exclude=nominal):
                ctx.condition = nominal
                return True
            subj = syntax.subject(tok)
            if subj is not None and subj.lemma_.lower() in _RETALIATION and not ctx.negated:
                return ctx.report is not None or subj.i != subj.head.i
        if ctx.condition is None or (ctx.negated and ctx.threat is None):
            return False
        modal = ctx.future or ctx.possible or lemma in ("mean", "be", "become")
        if not modal and ctx.report is None:
            return False
        return self._threat_content(tok, exclude=ctx.condition)

    def _threat_predicate(self, verb: Token) -> bool:
        """The copula's complement declares its subject a target ("legitimate targets"); an
        extraposed "it" declares an act fair ("it was fair game to criticise his record")."""
        subj = syntax.subject(verb)
        if subj is None or (subj.lower_ == "it" and _infinitive_in(verb)):
            return False
        for comp in verb.children:
            if comp.dep_ not in ("attr", "acomp", "oprd"):
                continue
            words = " ".join(t.lemma_.lower() for t in comp.subtree)
            if any(p in words for p in self.frames.threat_predicates):
                return True
        return False

    def _other_actors(
        self, verb: Token, codes: set[str | None], *, exclude: Token | None
    ) -> list[Actor]:
        args = self._args
        assert args is not None
        skip = {t.i for t in exclude.subtree} if exclude is not None else set()
        for tok in verb.subtree:
            if tok.i in skip or tok.pos_ not in ("PROPN", "NOUN") or tok.dep_ == "compound":
                continue
            found = [a for a in args.actors(tok) if a.code not in codes]
            if found:
                return found
        return []

    def _event_at(self, tok: Token, d: Decision, src: Actor, tgt: Actor | None, ps: ParsedSentence,
                  doc: Document, *, nuclear: bool, cameo: str | None) -> Event:  # fmt: skip
        start = ps.offset + tok.idx
        return Event(
            article_id=doc.article.id, sentence_index=ps.sentence.index, type=d.type,
            mode=d.mode, source=src, target=tgt, negated=d.negated, hypothetical=d.hypothetical,
            nuclear=nuclear, date=doc.article.published, text=ps.sentence.text,
            event_text=tok.text, trigger_start=start, trigger_end=start + len(tok.text),
            confidence=d.confidence, cameo=cameo, rule=d.rule,
        )  # fmt: skip

    # -- class tests used by the trigger finder ----------------------------------
    def _is_actor(self, tok: Token) -> bool:
        """A noun that names an actor, not a document or measure of one ("a resolution")."""
        if tok.lemma_.lower() in self.frames.document_nouns:
            return False
        return self._args is not None and bool(self._args.actors(tok))

    def _class_test(self, name: str, tok: Token) -> bool:  # noqa: PLR0911 - one test per class
        args = self._args
        if args is None:
            return False
        if tok.lemma_.lower() in self.frames.document_nouns:
            return False  # "Putin's comments", "a U.N. resolution": of an actor, not one
        actors = args.actors(tok)
        if name in _SECTOR_CLASSES:
            return any(a.sector == _SECTOR_CLASSES[name] for a in actors)
        if name in ("@actor", "@demonym"):
            return bool(actors)
        if name == "@business":
            return bool(actors) and all(a.sector == "BUS" for a in actors)
        if name == "@multi":
            return len({a.code for a in actors}) > 1
        if name == "@people":  # "a Russian", "Americans", "Gershkovich": persons, not states
            return tok.ent_type_ in ("PERSON", "NORP") or any(
                a.kind in ("person", "people") or a.sector == "CVL" for a in actors
            )
        if name == "@persons":
            return _person(tok, actors)
        if name == "@igo":
            return any(a.kind == "igo" for a in actors)
        if name == "@court":
            return any(a.sector == "JUD" for a in actors) or tok.lemma_.lower() in (
                "court",
                "judge",
            )
        if name == "@party":  # "UKIP", "Labour": a political party; an opposition leader
            return any(
                (a.kind == "group" and a.sector in ("GOV", "OPP"))
                or (a.kind == "person" and a.sector == "OPP")
                for a in actors
            )
        if name == "@country":
            return any(a.kind in ("country", "capital") for a in actors)
        if name == "@place":  # "captured Avdiivka": a named place, not a person held
            return bool(actors) and all(a.kind == "place" for a in actors)
        return False

    # -- governors whose own event gives way to the act they govern --------------
    def _absorbed_governors(self, plans: list[tuple[Trigger, Context]]) -> set[int]:
        verbs = {t.verb.i for t, _ in plans}
        absorbed: set[int] = set()
        for _trig, ctx in plans:
            if ctx.skip:
                continue
            for gov in (ctx.refuse, ctx.threat, ctx.rule_out, ctx.deny):
                if gov is not None and gov.i in verbs:
                    absorbed.add(gov.i)
            if ctx.promise is not None and ctx.promise.i in verbs and not _mutual(ctx.promise):
                absorbed.add(ctx.promise.i)
            if (
                ctx.command is not None
                and ctx.command.i in verbs
                and self._command_internal(ctx.command)
            ):
                absorbed.add(ctx.command.i)
        return absorbed

    def _command_internal(self, cmd: Token) -> bool:
        """ "ordered the Pentagon to test": the ordered party is the commander's own agent."""
        args = self._args
        assert args is not None
        party = syntax.child(cmd, "dobj")
        found = args.actors(party) if party is not None else []
        if not found:
            return True
        bosses = args.actors(syntax.subject(cmd))
        codes = {a.code for a in bosses}
        # "ordered his fighters to lay down their weapons": a leader's own men, of any sector
        own = _owned_by_pronoun(party)
        return all(
            a.code in codes and (own or a.sector in (None, "GOV", "MIL", "COP")) for a in found
        )

    # -- decisions ---------------------------------------------------------------
    def _decide(  # noqa: PLR0911, PLR0912 - a precedence ladder, clearest as early returns
        self, trig: Trigger, ctx: Context
    ) -> Decision | None:
        e = trig.entry
        d = Decision(type=e.type, mode=e.mode, rule=e.id, confidence=e.confidence)
        if ctx.skip:
            return None
        if e.negated_only:
            if not ctx.negated:
                return None
            ctx.negated = False
        if ctx.promise is not None and _mutual(ctx.promise):
            return None  # "A and B agreed to ...": the agreement itself is the event
        if ctx.command is not None:
            if not self._command_internal(ctx.command):
                return None  # "the court ordered Israel to ...": the order is the event
            d.issuer = ctx.command
        if ctx.cease is not None:
            return self._ceased(trig, d)
        if ctx.attempt and e.type not in ("ASSAULT", "COERCE"):
            return None  # "soldiers who were trying to surrender": not done
        if ctx.refuse is not None or (
            ctx.rule_out is not None and e.type in COOPERATIVE | RETREATING
        ):
            return self._refusal(trig, ctx, d)
        if ctx.rule_out is not None:
            d.negated = True
            return d
        if ctx.negated:
            if (ctx.future or ctx.possible) and e.negated_as is not None:
                d.type, d.mode = e.negated_as.type, e.negated_as.mode
                return d
            if ctx.future and e.type in RETREATING:
                # "will not apologise for the war", "will never give up its right": a
                # concession refused (PLOVER REJECT), not a concession negated
                d.type = "REJECT"
                d.mode = mode_from_words("REJECT", trig.verb.subtree, self.modes)
                return d
            d.negated = True
            return d
        if ctx.threat is not None and not _own_threat(trig):
            return self._as_threat(trig, ctx, d, issuer=ctx.threat)
        if ctx.condition is not None and (ctx.future or ctx.possible):
            if e.type in CONFLICT:
                return self._as_threat(trig, ctx, d, issuer=ctx.report)
            if e.type in COOPERATIVE | RETREATING:
                d.type, d.mode = "AGREE", None  # an offer: "will withdraw if ..."
            else:
                d.hypothetical = True  # "will condemn it if ...": neither offer nor threat
            return d
        if ctx.promise is not None:
            return self._promised(trig, ctx, d)
        if ctx.hypothetical:
            d.hypothetical = True
            return d
        if ctx.future or ctx.possible:
            return self._future(trig, ctx, d)
        return d

    def _ceased(self, trig: Trigger, d: Decision) -> Decision | None:
        """Ending cooperation is a sanction ("will stop approving arms exports to Israel");
        ending a hostile act is that act, negated ("stopped shelling the town")."""
        e = trig.entry
        if e.type in COOPERATIVE:
            d.type = "SANCTION"
            d.mode = "withdraw" if e.type == "AID" else "discontinue"
            return d
        if e.type in CONFLICT:
            d.negated = True
            return d
        return None

    def _refusal(self, trig: Trigger, ctx: Context, d: Decision) -> Decision:
        e = trig.entry
        d.type = "REJECT"
        d.mode = e.negated_as.mode if e.negated_as else None
        if d.mode is None:
            d.mode = mode_from_words("REJECT", trig.verb.subtree, self.modes)
        d.issuer = ctx.refuse or ctx.rule_out
        return d

    def _as_threat(
        self, trig: Trigger, ctx: Context, d: Decision, *, issuer: Token | None
    ) -> Decision:
        skip = {t.i for t in ctx.condition.subtree} if ctx.condition is not None else set()
        content = [t for t in trig.verb.subtree if t.i not in skip]
        d.mode = threat_mode(trig.entry.type, trig.entry.mode, content, self.modes)
        d.type, d.issuer = "THREATEN", issuer
        if ctx.condition is not None:
            d.extra_targets.append(ctx.condition)
        if ctx.threat is not None:
            d.extra_targets.extend(_objects_of(ctx.threat))
            # "threatened to hand her over ... if the British government refuses": the
            # condition hung on the threat verb
            d.extra_targets.extend(
                c
                for c in ctx.threat.children
                if c.dep_ == "advcl" and syntax.has_mark(c, *self.frames.condition_marks)
            )
        return d

    def _promised(self, trig: Trigger, ctx: Context, d: Decision) -> Decision:
        e = trig.entry
        d.issuer = ctx.promise if ctx.promise is not None and ctx.promise.pos_ != "ADJ" else None
        offered = d.issuer is not None and d.issuer.lemma_.lower() in self.frames.offer_verbs
        if e.type in ("ASSAULT", "COERCE") and not offered:
            return self._as_threat(trig, ctx, d, issuer=d.issuer)
        if ctx.condition is not None and e.type in COOPERATIVE | RETREATING:
            # "is prepared to halt operations if rebels withdraw": a conditional offer, made
            # to the party the condition names when the act names none
            d.type, d.mode = "AGREE", None
            d.extra_targets.append(ctx.condition)
        elif e.type in RETREATING and e.future != "AGREE":
            d.type, d.mode = "CONCEDE", None
        elif e.type in COOPERATIVE or offered or e.future == "AGREE":
            # "agreed to exchange prisoners": a mutual act promised is an agreement
            d.type, d.mode = "AGREE", None  # "offered to jail deported criminals": cooperation
        return d

    def _future(self, trig: Trigger, ctx: Context, d: Decision) -> Decision:
        e = trig.entry
        if ctx.possible and not ctx.future:
            if e.type == "ASSAULT" and ctx.report is not None:
                return self._as_threat(trig, ctx, d, issuer=ctx.report)  # "Moscow could strike"
            d.hypothetical = True  # "the EU could impose tariffs": only possible
            return d
        if e.future == "keep":
            return d
        if e.future:
            d.type, d.mode = e.future, None
        elif e.type in COOPERATIVE:
            d.type, d.mode = "AGREE", None
        elif e.type in RETREATING:
            d.type, d.mode = "CONCEDE", None
        elif e.type == "ASSAULT":
            return self._as_threat(trig, ctx, d, issuer=ctx.report)
        return d

    # -- events ------------------------------------------------------------------
    def _events(
        self, trig: Trigger, ctx: Context, ps: ParsedSentence, doc: Document, *, nuclear: bool
    ) -> list[Event]:
        decision = self._decide(trig, ctx)
        if decision is None:
            return []
        if trig.entry.speaker_source:
            if ctx.future or ctx.possible or decision.type != trig.entry.type:
                return []  # "that step would cross a dangerous line": a warning, not an accusation
            return self._speaker_events(trig, ctx, decision, ps, doc, nuclear=nuclear)
        parties = self._demand(trig, ctx, decision) or self._parties(trig, ctx, decision)
        if parties is None:
            return []
        if self._unvoiced_obligation(trig, ctx, decision, ps):
            decision.hypothetical = True
        sources, targets = parties
        self._retype_by_destination(trig, decision, targets)
        if decision.type in ("CONSULT", "AID") and self._private_trip(trig):
            return []  # "Arafat flew for treatment in France": no visit
        if decision.type == "REQUEST" and self._demonstrators(trig):
            # demands made by demonstrators are protests (PLOVER REQUEST vs PROTEST)
            decision.type, decision.mode = "PROTEST", "demo"
        if decision.type == "ASSAULT" and _in_words(trig, sources):
            # "UKIP MEP attacked German 'empire'": parties and lawmakers attack in words
            decision.type, decision.mode, decision.rule = "ACCUSE", "disapprove", "accuse.verbal"
        mode = self._mode(trig, decision)
        pairs = self._pairs(trig, decision, sources, targets.actors)
        if decision.type in COOPERATIVE:
            pairs = [(s, t) for s, t in pairs if not _business_deal(s, t)]
        if not (targets.vague or decision.negated or decision.hypothetical) and (
            decision.type not in TARGETLESS_OK
        ):
            # no recipient found (a vague one, "its Western allies", is coded as null)
            pairs = [(s, t) for s, t in pairs if t is not None]
        if decision.type in NEEDS_RECIPIENT or decision.type == "CONSULT":
            pairs = [
                (s, t)
                for s, t in pairs
                if t is not None or (trig.entry.self_target and s.kind != "igo")
            ]
        if decision.type == "CONSULT":
            mode, pairs = self._consult_mode(trig, mode, pairs)
        if trig.entry.both_directions and decision.type == trig.entry.type:
            pairs += [(t, s) for s, t in pairs if t is not None]
        events = [
            self._event(trig, decision, mode, s, t, ps, doc, nuclear=nuclear) for s, t in pairs
        ]
        return events + self._also(trig, decision, pairs, ps, doc, nuclear=nuclear)

    def _held(self, trig: Trigger) -> bool:
        """ "militants holding three UN workers", "have been held by the US for almost three
        years", "are being held in Belmarsh": a keeping verb (frames ``keeping_verbs``) in the
        progressive or the passive is a captivity that goes on, not an arrest ("police held
        two men on Monday" is the act)."""
        verb = trig.verb
        if trig.entry.type != "COERCE" or trig.noun is not None:
            return False
        if verb.lemma_.lower() not in self.frames.keeping_verbs:
            return False
        passive = syntax.aux_lemmas(verb) & {"being", "been", "is", "are", "am", "'s", "'re"}
        return verb.tag_ == "VBG" or bool(passive)

    def _conjunction(self, verb: Any) -> bool:
        """ "would not oppose accession talks provided Turkey met European standards": the
        parser gives "provided" a subject and an object, but it joins a condition, no aid
        (frames ``conjunction_participles``)."""
        return (
            verb.lower_ in self.frames.conjunction_participles
            and verb.tag_ in ("VBN", "VBG")
            and verb.dep_ not in ("acl", "amod", "relcl", "ROOT")
            and syntax.child(verb, "nsubj") is not None
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        )

    def _unvoiced_obligation(
        self, trig: Trigger, ctx: Context, d: Decision, ps: ParsedSentence
    ) -> bool:
        """ "Turkey will have to recognise Cyprus if it wants to begin talks, according to a
        draft": an obligation no speaker in the sentence puts on the actor is a condition
        stated, not an act done or promised. A speaker's demand is a REQUEST (``_demand``);
        an obligation a speaker takes on, or one credited after a colon ("India, Russia must
        work together: Putin"), stays as it is."""
        args = self._args
        assert args is not None
        if not ctx.deontic or d.type == "REQUEST":
            return False
        if ctx.speech_governors:
            return False
        return args.quote_speaker(trig.verb) is None and not _credited(trig.verb, ps)

    def _demand(
        self, trig: Trigger, ctx: Context, d: Decision
    ) -> tuple[list[Actor], Targets] | None:
        """ "X said Y would have to leave": an obligation put on another party is X's demand."""
        args = self._args
        assert args is not None
        if not ctx.deontic or ctx.report is None or d.negated or d.type == "REQUEST":
            return None
        speakers = args.speaker(ctx)
        obliged = args.source(trig, ctx)
        if not speakers or not obliged or self._own_obligation(trig.verb, obliged, speakers):
            return None  # "Israel said it would have to respond": its own plan, not a demand
        d.type = "REQUEST"
        d.mode = mode_from_words("REQUEST", trig.verb.subtree, self.modes)
        d.rule = f"{d.rule}+demand"
        return speakers, Targets(obliged)

    def _own_obligation(self, verb: Token, obliged: list[Actor], speakers: list[Actor]) -> bool:
        """The speaker puts the obligation on itself: "Israel said it would have to respond",
        "Britain must act, Blair said". Another office of the same state is another party
        ("Blair says the mayor should apologise": both GBR GOV, a demand all the same)."""
        subj = syntax.subject(verb)
        if subj is None or subj.lower_ in PRONOUNS:
            return any(same_actor(o, speakers) for o in obliged)
        words = {s.entity_text for s in speakers}
        return any(
            same_actor(o, speakers) and (o.kind in ("country", "igo") or o.entity_text in words)
            for o in obliged
        )

    def _reporter_of_conjunct(
        self, trig: Trigger, sources: list[Actor], targets: Targets
    ) -> list[Actor]:
        """ "China's ministry said a Philippine vessel had rammed a Chinese ship and urged
        Manila to stop": the parser joins the second act to the reported clause, so it takes
        the reported subject and the act turns on its own side; the speaker does it."""
        verb = trig.verb
        if verb.dep_ != "conj" or syntax.child(verb, "nsubj", "nsubjpass") is not None:
            return []
        reported, reporter = verb.head, verb.head.head
        if reported.dep_ != "ccomp" or reporter.lemma_.lower() not in self.frames.report_verbs:
            return []
        codes = {a.code for a in sources}
        if not targets.actors or any(t.code not in codes for t in targets.actors):
            return []
        args = self._args
        assert args is not None
        speakers = [a for a in args.actors(syntax.subject(reporter)) if a.kind != "place"]
        return speakers if speakers and all(a.code not in codes for a in speakers) else []

    def _parties(
        self, trig: Trigger, ctx: Context, d: Decision
    ) -> tuple[list[Actor], Targets] | None:
        """Sources and targets of a trigger, or None when the act has no codable actor.

        Most acts: subject → recipient by the entry's slots. "Received X from Y": the giver
        (``source_slots``) is the source and the subject the recipient. "A truce between A
        and B took effect": the parties (``parties_slots``) are source and recipient.
        """
        args = self._args
        assert args is not None
        e = trig.entry
        if e.source_slots:
            givers = [
                a for tok in self._slot_tokens(e.source_slots, trig) for a in args.actors(tok)
            ]
            takers = args.source(trig, ctx)
            if not givers and "own" in e.source_slots:
                # "Saddam Hussein will go on trial": no court named, so his own country's
                codes = [t.code for t in takers if t.kind != "igo" and t.code]
                givers = [Actor(code=codes[0], kind="country")] if codes else []
            return (givers, Targets(takers)) if givers and takers else None
        owner = args.nominal_owner(trig)
        # "Doug Smith's departure was announced by Alan Johnson": the one departing
        sources = args.actors(owner) if owner is not None else args.source(trig, ctx)
        if not sources and e.parties_slots:
            parties = [
                a for tok in self._slot_tokens(e.parties_slots, trig) for a in args.actors(tok)
            ]
            return (parties[:1], Targets(parties[1:])) if len(parties) > 1 else None
        if d.issuer is not None:
            sources = args.actors(syntax.subject(d.issuer)) or sources
        if not sources:
            return None
        targets = self._targets(trig, d, sources)
        if targets is None:
            return None
        reporter = (
            self._reporter_of_conjunct(trig, sources, targets) if d.type in SPEECH_ACTS else []
        )
        if reporter:
            sources = reporter
            targets = self._targets(trig, d, sources) or targets
        if not targets.actors and d.type in DOMESTIC and d.type == e.type and trig.obj is not None:
            # "arrested two army generals", "suspended the main opposition party": at home;
            # a halt only pledged ("will halt nuclear work") is a concession to no one named
            own = [Actor(code=s.code, kind="country") for s in sources if s.kind != "igo"]
            targets = Targets(own[:1])
        if d.type in ("CONSULT", "AGREE"):
            sources = _rebels_of(sources, targets)
        return sources, targets

    def _slot_tokens(self, specs: tuple[str, ...], trig: Trigger) -> list[Token]:
        args = self._args
        assert args is not None
        out: list[Token] = []
        for spec in specs:
            slot, _, rest = spec.partition(":")
            prep = rest.split(":")[0] or None
            out.extend(args._slot_tokens(slot, prep, trig))
        return out

    def _also(
        self, trig: Trigger, d: Decision, pairs: list[Pair], ps: ParsedSentence, doc: Document,
        *, nuclear: bool,
    ) -> list[Event]:  # fmt: skip
        """The second event some acts imply: a prison sentence is also an arrest."""
        also = trig.entry.also
        if also is None or d.type != trig.entry.type:
            return []
        if also.when_words and not _said_of(trig.verb, also.when_words):
            return []  # "sentenced to death ... last year": no prison term
        if also.unless_words and self._words_in(trig.verb, also.unless_words):
            return []  # "sentenced to death in absentia": no one in custody
        extra = Decision(
            type=also.type, mode=also.mode, rule=f"{d.rule}+also", confidence=d.confidence
        )
        return [
            self._event(trig, extra, also.mode, s, t, ps, doc, nuclear=nuclear) for s, t in pairs
        ]

    def _speaker_events(self, trig: Trigger, ctx: Context, d: Decision, ps: ParsedSentence,
                        doc: Document, *, nuclear: bool) -> list[Event]:  # fmt: skip
        """ "X said Y crossed a red line": X accuses Y (Y may be a vague group: recipient null)."""
        args = self._args
        assert args is not None
        speakers = args.speaker(ctx)
        if not speakers:
            return []
        accused = [
            a
            for a in args.actors(syntax.subject(trig.verb))
            if a.code not in {s.code for s in speakers}
        ]
        return [
            self._event(trig, d, trig.entry.mode, s, t, ps, doc, nuclear=nuclear)
            for s in speakers
            for t in _or_none(accused)
        ]

    @staticmethod
    def _words_in(verb: Token, words: Iterable[str]) -> bool:
        wanted = set(words)
        return any(t.lemma_.lower() in wanted for t in verb.subtree)

    def _retype_by_destination(self, trig: Trigger, d: Decision, targets: Targets) -> None:
        """ "sent troops to Russia" is AID; "to waters off Venezuela", "to its border" stay."""
        e, tok, args = trig.entry, targets.token, self._args
        if not e.to_actor_type or d.type != e.type or tok is None or args is None:
            return
        named = tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "ORG", "NORP")
        if (
            named
            and tok.dep_ == "pobj"
            and tok.head.lower_ in ("to", "into")
            and any(a.kind in ("country", "igo", "capital") for a in args.actors(tok))
        ):
            d.type, d.mode = e.to_actor_type, None

    def _consult_mode(
        self, trig: Trigger, mode: str | None, pairs: list[Pair]
    ) -> tuple[str | None, list[Pair]]:
        """Meeting place decides visit (visitor as source) or third-party; phones are phone."""
        if mode is not None or self._args is None:
            return mode, pairs
        heads = [trig.verb] + ([trig.noun] if trig.noun is not None else [])
        lemmas = {t.lemma_.lower() for h in heads for t in h.subtree}
        if lemmas & {"phone", "telephone", "video", "videoconference", "virtually"}:
            return "phone", pairs
        places = [p for h in heads for p in syntax.prep_objects(h, "in", "at")]
        codes = [pl.code for pl in (self._args.place(p) for p in places) if pl is not None]
        if not codes:
            return None, pairs
        where = codes[0]
        out: list[Pair] = []
        kinds: set[str] = set()
        for src, tgt in pairs:
            if tgt is not None and src.code == where and tgt.code != where:
                out.append((tgt, src))  # the host was named first: the visitor is the source
                kinds.add("visit")
            elif tgt is not None and tgt.code == where:
                out.append((src, tgt))
                kinds.add("visit")
            else:
                out.append((src, tgt))
                kinds.add("third-party")
        return ("visit" if kinds == {"visit"} else "third-party"), out

    def _targets(  # noqa: PLR0911, PLR0912 - one return per fallback, tried in order
        self, trig: Trigger, d: Decision, sources: list[Actor]
    ) -> Targets | None:
        args = self._args
        assert args is not None
        if d.type == "ASSAULT" and trig.obj is not None and trig.obj.lower_ in REFLEXIVES:
            return None  # "the hostage-taker killed himself": a suicide, no attack on anyone
        if _each_other(trig) and len({(a.code, a.sector) for a in sources}) > 1:
            return Targets(list(sources), token=trig.obj)  # paired both ways in ``_pairs``
        if d.type == "THREATEN" and trig.entry.type in COOPERATIVE:
            # "threatened to turn her over to an al-Qaida group if the British government
            # refuses ...": a threat made of a handover is addressed to the condition's
            # party, not to whoever would receive
            addressed = self._extra_targets(d, sources)
            if addressed is not None:
                return addressed
        found = args.targets(trig, sources)
        if trig.entry.reciprocal and d.type in ("CONSULT", "AGREE") and not _partner_named(trig):
            found = _rebels_counterpart(found, sources)
        if not found.actors:
            addressed = self._extra_targets(d, sources)
            if addressed is not None:
                return addressed
        if trig.entry.target_kinds:
            kept = [a for a in found.actors if a.kind in trig.entry.target_kinds]
            if not kept:
                return None  # "withdrawal from ECOWAS" is a sanction; from a country it is not
            found = Targets(kept, token=found.token)
        if found.vague and (d.type not in VAGUE_OK or _exhortation(trig, d)):
            return None
        if not found.actors and d.type in PEOPLE_TARGETS:
            who = args.people(
                trig.obj if trig.noun is None else found.token,
                sources,
                victims=d.type in VICTIM_TYPES,
            )
            if who is not None:
                return Targets([who], token=trig.obj)
        if not found.actors and d.type in ("ASSAULT", "COERCE"):
            victims = self._victims_place(trig)
            if victims is not None:
                return Targets([victims], token=None)
        if not found.actors and d.type in NEEDS_RECIPIENT and not trig.entry.reciprocal:
            return None if not trig.entry.self_target else found
        return found

    def _extra_targets(self, d: Decision, sources: list[Actor]) -> Targets | None:
        """The first actors named by the decision's extra target phrases (a condition's
        subject, the warned party), or None."""
        args = self._args
        assert args is not None
        for tok in d.extra_targets:
            subj = syntax.subject(tok) if tok.pos_ in ("VERB", "AUX") else tok
            extra = [a for a in args.actors(subj) if not same_actor(a, sources)]
            if extra:
                return Targets(extra, token=subj)
        return None

    def _victims_place(self, trig: Trigger) -> Actor | None:
        """ "shelled a camp near El Fasher, killing 40 people": the country where it happened,
        civilians when the victims are people."""
        args = self._args
        assert args is not None
        place = args.clause_place(trig.verb) or args.sentence_place() or args.home()
        if place is None:
            return None
        objects = [trig.obj] + [
            syntax.direct_object(c) for c in trig.verb.children if c.dep_ == "advcl"
        ]
        victims = any(o is not None and args.is_civilian(o) for o in objects)
        return Actor(code=place.code, sector="CVL" if victims else None, kind="country")

    def _mode(self, trig: Trigger, d: Decision) -> str | None:
        if d.type != trig.entry.type or d.mode is not None:
            return d.mode
        e = trig.entry
        obj = trig.noun if trig.noun is not None else trig.obj
        if e.mode_by_object and obj is not None:
            for mode, words in e.mode_by_object.items():
                if obj.lemma_.lower() in words:
                    return mode
        if d.type == "ASSAULT":
            return assault_mode(trig.words, trig.verb.subtree, obj, self.modes)
        if d.type in ("THREATEN", "REQUEST", "REJECT", "PROTEST", "COERCE", "MOBILIZE", "ACCUSE"):
            return mode_from_words(d.type, trig.verb.subtree, self.modes)
        return None

    def _named_with(self, trig: Trigger, sources: list[Actor]) -> list[Actor]:
        """Parties other than the subjects named as the object or with "with"/"against":
        "battled militants", "clashed with militants", "held talks with Turkey" (not
        "exchanged artillery fire")."""
        args = self._args
        if args is None:
            return []
        heads = [trig.verb] if trig.noun is None else [trig.verb, trig.noun]
        phrases = [
            o
            for h in heads
            for o in syntax.prep_objects(h, "with", "against")
            # "with Trump as a witness": a role, no party
            if next(syntax.prep_objects(o, "as"), None) is None
        ]
        if trig.obj is not None:
            phrases.append(trig.obj)
        found = [a for p in phrases for t in (p, *p.conjuncts) for a in args.actors(t)]
        return [a for a in found if a.code and not same_actor(a, sources)]

    def _unnamed_foe(self, trig: Trigger) -> bool:
        """The object names fighters or people no actor code fits ("battled insurgents"
        with no place named): a third party, so the subjects did not fight each other."""
        obj = trig.obj
        if obj is None or (trig.noun is not None and obj.i == trig.noun.i):
            return False
        lemma = obj.lemma_.lower()
        return lemma in self.frames.unidentified or lemma in self.frames.people_nouns

    def _violent_act(self, trig: Trigger) -> bool:
        """The object is a violent act ("condemned the beheading of an American hostage"):
        one done by someone the text leaves unnamed, not by the speaker's own government."""
        obj = trig.obj
        if obj is None or self._args is None or (trig.noun is not None and obj.i == trig.noun.i):
            return False  # "launched an attack on spending plans": the attack is the trigger
        return self._args.attack_noun(obj) or obj.lower_ in VICTIM_OF

    def _grievance(self, trig: Trigger) -> bool:
        """For an entry with ``self_target_preps``: the subject names what it is against
        ("demonstrations over poor public services spread": at the government; "riots broke
        out in Monrovia": at no one named)."""
        preps = trig.entry.self_target_preps
        if not preps:
            return True
        subj = syntax.subject(trig.verb)
        return subj is not None and any(
            c.dep_ == "prep" and c.lower_ in preps for c in subj.children
        )

    def _private_trip(self, trig: Trigger) -> bool:
        """A trip for treatment or a holiday ("flew for treatment in France",
        "was transferred to a hospital in Cairo"), or a body moved ("Arafat's body arrived
        in Cairo"): no visit, no aid."""
        if trig.noun is not None:
            return False
        subj = syntax.subject(trig.verb)
        if subj is not None and subj.lemma_.lower() in self.frames.remains_nouns:
            return True
        return any(
            t.lemma_.lower() in self.frames.private_purposes
            for c in trig.verb.children
            if c.dep_ in ("prep", "advcl", "xcomp", "npadvmod")
            for t in c.subtree
        )

    def _demonstrators(self, trig: Trigger) -> bool:
        """The subject of ``trig`` names people in the street ("protesters demanded")."""
        subj = syntax.subject(trig.verb)
        head = syntax.content_noun(subj) if subj is not None else None
        return head is not None and head.lemma_.lower() in self.frames.demonstrators

    def _pairs(
        self, trig: Trigger, d: Decision, sources: list[Actor], targets: list[Actor]
    ) -> list[Pair]:
        e = trig.entry
        if _each_other(trig) and not e.reciprocal and len(targets) > 1:
            # "Georgian and South Ossetian forces accused each other": each of the other
            return [
                (s, t) for s in sources for t in targets if (s.code, s.sector) != (t.code, t.sector)
            ]
        if e.reciprocal and len({(s.code, s.sector) for s in sources}) > 1:
            # "Congo and Rwanda signed a U.S.-brokered deal", "the government and the ELN
            # agreed": the parties are the subjects, the first of them the source, and so
            # are partners named with "with" ("Israel and Syria held talks with Turkey"). A
            # third party fought ("US and Iraqi forces battled militants") makes the
            # subjects allies, each acting on it.
            others = self._named_with(trig, sources)
            if d.type in AGAINST and not others and self._unnamed_foe(trig):
                return []  # "US and Iraqi forces battled insurgents": allies, foe unnamed
            if not (d.type in AGAINST and others):
                first = sources[0]
                return [
                    (first, o)
                    for o in (*sources[1:], *others)
                    if (o.code, o.sector) != (first.code, first.sector)
                ]
        if (
            not targets
            and e.self_target
            and d.type == e.type
            and not self._violent_act(trig)
            and self._grievance(trig)
        ):
            # an organisation has no own country: "the U.N. launched an appeal" asks no one
            sector = None if e.self_target == "country" else e.self_target
            return [
                (s, None if s.kind == "igo" else Actor(code=s.code, sector=sector, kind="country"))
                for s in sources
            ]
        if e.host and d.type in ("CONSULT", "AGREE") and targets:
            return [(t, s) for s in sources for t in targets]  # the visitor is the source
        pairs: list[Pair] = []
        for s in sources:
            for t in _or_none(targets):
                same = t is not None and same_actor(t, [s])
                if not same or d.type in DOMESTIC:
                    pairs.append((s, t))
        return pairs

    def _event(self, trig: Trigger, d: Decision, mode: str | None, src: Actor, tgt: Actor | None,
               ps: ParsedSentence, doc: Document, *, nuclear: bool) -> Event:  # fmt: skip
        words = sorted(trig.words, key=lambda t: t.i)
        start = ps.offset + words[0].idx
        end = ps.offset + words[-1].idx + len(words[-1].text)
        return Event(
            article_id=doc.article.id,
            sentence_index=ps.sentence.index,
            type=d.type,
            mode=mode,
            source=src,
            target=tgt,
            negated=d.negated,
            hypothetical=d.hypothetical,
            nuclear=nuclear,
            date=doc.article.published,
            text=ps.sentence.text,
            event_text=doc.article.text[start:end],
            trigger_start=start,
            trigger_end=end,
            confidence=d.confidence,
            cameo=trig.entry.cameo if d.type == trig.entry.type else None,
            rule=d.rule,
        )


@functools.lru_cache(maxsize=1)
def _nominal_data() -> dict[str, Any]:
    text = resources.files("tocsin.events").joinpath("data/nominal_events.yaml").read_text("utf-8")
    data = load_yaml(text)
    return data if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=1)
def nominal_types() -> tuple[dict[str, str], dict[str, str]]:
    """Noun → act type and participle → act type (events/data/nominal_events.yaml)."""
    data = _nominal_data()
    nouns = {str(w).lower(): t for t, words in (data.get("types") or {}).items() for w in words}
    parts = {
        str(w).lower(): t for t, words in (data.get("participles") or {}).items() for w in words
    }
    return nouns, parts


@functools.lru_cache(maxsize=1)
def named_party_nouns() -> dict[str, str]:
    """Nouns that are events when their parties are named → type (nominal_events.yaml)."""
    data = _nominal_data().get("named_parties") or {}
    return {str(w).lower(): t for t, words in data.items() for w in words}


def _contained_event(noun: Token) -> bool:
    """ "A new round of talks between A and B began", "a series of clashes ... killed": the
    event noun inside a container (nominal_events.yaml ``containers``) that is the subject."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of":
        return False
    container = prep.head
    return container.lemma_.lower() in event_containers() and container.dep_ in (
        "nsubj",
        "nsubjpass",
        "ROOT",
    )


@functools.lru_cache(maxsize=1)
def event_containers() -> frozenset[str]:
    """Nouns that hold an event noun ("round", "series": nominal_events.yaml)."""
    return frozenset(str(w).lower() for w in _nominal_data().get("containers") or [])


#: CAMEO code of a nominal event by type (Goldstein value).
_CAMEO = {"CONSULT": "040", "ASSAULT": "190"}
#: auxiliaries that put an obligation on a reported clause's subject
_OBLIGING = frozenset({"should", "must", "ought"})


@functools.lru_cache(maxsize=1)
def generic_acts() -> frozenset[str]:
    """Nouns naming an act of no type of their own ("any attempt to divert the river")."""
    return frozenset(str(w).lower() for w in _nominal_data().get("generic") or [])


def nominal_condition(verb: Token, *, loose: bool = False) -> Token | None:
    """The subject of ``verb`` when it states a condition as a noun phrase ("any further
    incursion would be treated as ...", "foreign troops stationed in Essequibo would ...").

    ``loose`` accepts any act noun ("troop rotations by the alliance would not go unpunished").
    """
    subj = syntax.subject(verb) or syntax.child(verb, "nsubjpass")  # "... would be met with"
    if subj is None or subj.pos_ not in ("NOUN", "PROPN") or subj.head.i != verb.i:
        return None
    nouns, parts = nominal_types()
    any_det = any(
        c.lower_ in ("any", "further") for c in subj.children if c.dep_ in ("det", "amod")
    )
    act_noun = subj.lemma_.lower() in nouns or (any_det and subj.lemma_.lower() in generic_acts())
    participle = any(c.dep_ == "acl" and c.lemma_.lower() in parts for c in subj.children)
    return subj if ((any_det or loose) and act_noun) or participle else None


def nominal_roles(head: Token, args: Arguments) -> tuple[Actor | None, Actor | None]:
    """Who would act, and on whom, in a nominal condition: "any further Venezuelan attack"
    (VEN, none), "any transfer of U.S. missiles to the Philippines" (USA, PHL)."""
    recipients: list[Actor] = []
    for tok in head.subtree:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "into", "in"):
            place = args.place(tok)
            recipients += args.actors(tok) or ([place] if place else [])
    taken = {a.code for a in recipients}
    for tok in head.subtree:
        found = [a for a in args.actors(tok) if a.code not in taken and a.kind != "place"]
        if tok.dep_ in ("compound", "amod", "poss", "pobj", "nsubj") and found:
            return found[0], recipients[0] if recipients else None
    return None, recipients[0] if recipients else None


def _exhortation(trig: Trigger, d: Decision) -> bool:
    """A request that urges its addressee to act ("urged the world to unite")."""
    return d.type == "REQUEST" and syntax.child(trig.verb, "xcomp", "ccomp") is not None


def _credited(verb: Any, ps: ParsedSentence) -> bool:
    """A colon after the act followed by a name credits the words before it to that name
    (the headline "India, Russia must work together: Putin")."""
    toks = list(ps.span)
    return any(
        t.text == ":" and t.i > verb.i and t.i + 1 <= toks[-1].i and t.doc[t.i + 1].pos_ == "PROPN"
        for t in toks
    )


def _own_threat(trig: Trigger) -> bool:
    """ "30,000 Sudanese have threatened to cross into Chad, the U.N. agency warned": a threat
    verb with a subject of its own is that subject's threat; the warning reports it."""
    return trig.entry.type == "THREATEN" and syntax.child(trig.verb, "nsubj") is not None


def _this_week(verb: Any) -> bool:
    """The act is dated by a weekday, "today" or "yesterday" of its own ("on Monday")."""
    for c in verb.children:
        words = [c] if c.dep_ in ("npadvmod", "advmod", "tmod") else []
        if c.dep_ == "prep" and c.lower_ == "on":
            words = [o for o in c.children if o.dep_ == "pobj"]
        if any(w.lower_ in WEEKDAYS or w.lower_ in ("today", "yesterday") for w in words):
            return True
    return False


def years_ago(verb: Any, published: dt.date | None) -> bool:  # noqa: PLR0911 - one per kind
    """ "The EU imposed its arms ban on China in 1989", "MPs grilled him three months ago",
    "resigned last year": an act dated months or years back is history the article
    recalls, not its news. (Only a past form: "it was fair game to criticise Kerry's protests
    three decades ago" dates the protests.)"""
    for mod in verb.children if verb.tag_ in ("VBD", "VBN") else ():
        if mod.lower_ == "ago" and any(
            c.dep_ == "npadvmod" and c.lemma_.lower() in _LONG_AGO for c in mod.children
        ):
            return True  # "three months ago", "two years ago"
        if (
            mod.dep_ == "npadvmod"
            and mod.lemma_.lower() in ("year", "decade")
            and any(c.lower_ == "last" for c in mod.children)
            and not _this_week(verb)
        ):
            return True  # "last year" (not "sentenced her on Monday over protests last year")
    if _habitual_perfect(verb):
        return True
    if published is None:
        return False
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "during"):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if _DECADE.match(obj.text):
                return True  # "fought two wars in the 1990s"
            if syntax.is_year(obj):
                return 1900 < int(obj.text) < published.year
            month = MONTHS.get(obj.lower_.rstrip("."))
            dated = next((c for c in obj.children if syntax.is_year(c)), None)
            if month and dated is not None:  # "invaded the country in March 2003"
                back = (published.year - int(dated.text)) * 12 + published.month - month
                return back >= _HISTORY_MONTHS
    return False


_DECADE = re.compile(r"^(?:1[89]|20)\d0s$")
#: Words of frequency that make a perfect a habit: "have traded fire almost daily".
_HABITUAL_ADVERBS = frozenset({"daily", "regularly", "repeatedly", "routinely", "frequently"})


def _habitual_perfect(verb: Any) -> bool:
    """ "have exchanged fire almost daily since October": a perfect with a word of frequency
    states a habit, not the news of the day. (An ongoing act is news: "Ukraine has long been
    lobbying for more weapons" is a request; so is a tally, "police have killed 30
    protesters since the election".)"""
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return False
    return any(c.dep_ == "advmod" and c.lower_ in _HABITUAL_ADVERBS for c in verb.children)


def _condition_doer(condition: Token) -> Token | None:
    """Who would act in a condition: its subject, or the "by" phrase of a participle ("if
    attacked by South Korea", where the subject the parser lends is the threatener)."""
    if condition.tag_ == "VBN" and not syntax.child(condition, "nsubjpass", "nsubj"):
        agent = syntax.agent_phrase(condition)
        if agent is not None:
            return agent
    return syntax.subject(condition)


#: Actor classes that a sector of one of the phrase's actors makes.
_SECTOR_CLASSES = {
    "@military": "MIL",
    "@legislature": "LEG",
    "@leaders": "GOV",
    "@civilian": "CVL",  # "indigenous groups", "a farmers' federation": civilians by sector
}

#: Months back from publication from which a dated act is history ("in March 2003").
_HISTORY_MONTHS = 3
#: Spans of time long enough that an act that far back is history ("three months ago").
_LONG_AGO = frozenset({"month", "year", "decade", "century"})


def _restating_participles(triggers: list[Trigger]) -> set[int]:
    """ "shelled the camp, killing 40 people": the participle restates the attack."""
    attacks = {t.verb.i for t in triggers if t.entry.type == "ASSAULT"}
    return {
        t.verb.i
        for t in triggers
        if t.entry.type == "ASSAULT"
        and t.verb.dep_ == "advcl"
        and t.verb.tag_ == "VBG"
        and t.verb.head.i in attacks
        and syntax.child(t.verb, "mark") is None
    }


#: Subjects that announce a retaliation: "our response will be stronger than before".
_RETALIATION = frozenset(
    {"response", "retaliation", "reaction", "punishment", "revenge", "reprisal", "answer"}
)


def _person(tok: Token, actors: list[Actor]) -> bool:
    """A person: "he"/"she" ("the judge has revealed he has clashed with ministers"), a
    name the tagger took for a person unless it is a known place, a person actor."""
    if tok.lower_ in ("he", "she"):
        return True
    places = any(a.kind in ("place", "capital", "country") for a in actors)
    return (tok.ent_type_ == "PERSON" and not places) or any(a.kind == "person" for a in actors)


def _infinitive_in(verb: Token) -> bool:
    """The clause holds a "to"-infinitive (on the verb or on its complement)."""
    return any(
        t.dep_ in ("xcomp", "ccomp", "advcl", "acl") and t.tag_ == "VB"
        and syntax.to_infinitive(t)
        for t in verb.subtree
    )  # fmt: skip


#: Verbs whose subject undergoes a consequence ("they could face consequences").
_UNDERGONE = frozenset(
    {"face", "pay", "suffer", "regret", "become", "be", "bear", "receive", "get", "meet"}
)


def _unique_codes(actors: list[Actor]) -> list[Actor]:
    seen: set[str | None] = set()
    out = []
    for a in actors:
        if a.code not in seen:
            seen.add(a.code)
            out.append(a)
    return out


def _or_none(actors: list[Actor]) -> list[Actor | None]:
    """``actors``, or ``[None]`` (one event without a recipient) when there are none."""
    return list(actors) if actors else [None]


def home_target(ev: Event) -> bool:
    """The target is the source's own country given for want of a named one
    (``self_target``, a threat coded at home): no words of the text name it."""
    return (
        ev.source is not None
        and ev.target is not None
        and ev.target.code == ev.source.code
        and not ev.target.entity_text
    )


def _own_fallback(ev: Event) -> bool:
    """A home target that gives way to a named one: arrests and protests are at home by
    nature (another arrest with a foreign target is as likely another act); a threat at
    home is another threat (its record stands)."""
    return home_target(ev) and ev.type not in ("COERCE", "PROTEST", "THREATEN")


def _drop_own_fallbacks(events: list[Event]) -> list[Event]:
    """An act given its source's own country for want of a target gives way to the same
    act (source, type) told with a named foreign target elsewhere in the article: the
    headline "Israel apologizes for killing Egyptian officers" is the body's apology to
    Egypt, not an apology to Israel."""
    named = {
        (ev.source.code, ev.type)
        for ev in events
        if ev.source is not None
        and ev.target is not None
        and ev.target.entity_text
        and ev.target.code != ev.source.code
        and not (ev.negated or ev.hypothetical)
    }
    return [
        ev
        for ev in events
        if not (_own_fallback(ev) and (ev.source.code, ev.type) in named)  # type: ignore[union-attr]
    ]


def _fill_adversaries(doc: Document, events: list[Event]) -> None:
    """An attack with no named target in an article about one conflict hits the other side.

    "Ukrainian troops launched two counter-attacks" in an article whose actors are
    Ukraine and Russia: the target is Russia (its forces, when the attacker is a military).
    The other side is the country other than the attacker named most often in the article,
    and only when it is named at least twice.
    """
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if (
            m.actor is not None
            and m.actor.code
            and m.actor.kind in ("country", "capital", "person", "agent", "adj")
        ):
            counts[m.actor.code] = counts.get(m.actor.code, 0) + 1
    for i, ev in enumerate(events):
        if ev.type != "ASSAULT" or ev.target is not None or ev.source is None:
            continue
        others = [(n, code) for code, n in counts.items() if code != ev.source.code and n >= 2]
        if others:
            _, code = max(others)
            sector = "MIL" if ev.source.sector == "MIL" else None
            target = Actor(code=code, sector=sector, entity_text=None, kind="country")
            events[i] = dataclasses.replace(
                ev, id="", target=target, confidence=round(ev.confidence * 0.8, 3)
            )


#: Types whose negation is cooperation withheld ("failed to hand over suspects"): a report
#: of such a failure codes the negated act, no accusation besides.
_WITHHELD_TYPES = frozenset({"COOPERATE", "AID", "AGREE", "CONCEDE", "RETREAT", "SUPPORT"})

#: Sectors that fight with words only: opposition parties and lawmakers.
_WORDS_ONLY = frozenset({"OPP", "LEG"})
#: Assault verbs that English also uses for words ("attacked", "hit out", "blasted").
_VERBAL_ATTACKS = frozenset(
    {"attack", "hit", "slam", "blast", "hammer", "savage", "assail", "lash", "strike", "target"}
)


def _in_words(trig: Trigger, sources: list[Actor]) -> bool:
    """An attack verb whose doers are all parties or lawmakers: a verbal attack."""
    return (
        bool(sources)
        and trig.verb.lemma_.lower() in _VERBAL_ATTACKS
        and all(s.sector in _WORDS_ONLY for s in sources)
    )


def _business_deal(source: Actor, target: Actor | None) -> bool:
    """A company's deal, merger or investment with another company or with a country as a
    market ("Renault will invest $570m in South Korea"): commerce, not a political event.
    A company's dealings with a government, an army or a party still count."""
    if source.sector == "BUS":
        other = target
    elif target is not None and target.sector == "BUS":
        other = source
    else:
        return False
    return other is None or other.sector == "BUS" or (other.sector is None and other.kind != "igo")


def _each_other(trig: Trigger) -> bool:
    """The act's object is the doers themselves: "accused each other", "fired on one another"."""
    objects = [
        trig.obj,
        *(c for c in trig.verb.children if c.dep_ in ("dobj", "pobj")),
        *syntax.prep_objects(trig.verb, "at", "on", "against", "with", "of"),
    ]
    pairs = {("other", "each"), ("another", "one"), ("one", "another")}
    return any(
        o is not None and any((o.lower_, c.lower_) in pairs for c in o.children) for o in objects
    )


def _partner_named(trig: Trigger) -> bool:
    """The meeting names a partner, resolved or not ("talks with AU mediators")."""
    heads = [trig.verb] + ([trig.noun] if trig.noun is not None else [])
    return any(next(syntax.prep_objects(h, "with", "between"), None) is not None for h in heads)


def _rebels_counterpart(found: Targets, sources: list[Actor]) -> Targets:
    """Rebels' talks are with their own government unless the text names another party:
    "Afghan militants hold talks on hostages" → AFG REB → AFG GOV; the place of the talks
    is no party ("Sudanese rebels agree to take part in peace talks in Abuja")."""
    if not sources or any(s.sector != "REB" or not s.code for s in sources):
        return found
    tok = found.token
    venue = (
        tok is not None
        and tok.dep_ == "pobj"
        and tok.head.lower_ in ("in", "at")
        and all(a.kind in ("capital", "place", "country") for a in found.actors)
    )
    if found.actors and not venue:
        return found
    return Targets([Actor(code=sources[0].code, sector="GOV", kind="country")])


def _rebels_of(sources: list[Actor], targets: Targets) -> list[Actor]:
    """Unnamed rebels in talks with one government are that country's: "rebel groups agreed
    to peace talks with the Sudanese government in Abuja" (the venue is no home of theirs)."""
    govs = {t.code for t in targets.actors if t.sector == "GOV" and t.kind != "igo"}
    if len(govs) != 1 or not all(s.sector == "REB" and s.kind == "agent" for s in sources):
        return sources
    code = govs.pop()
    return [dataclasses.replace(s, code=code) if s.name is None else s for s in sources]


def _hyphenated(pred: Token) -> str:
    """The hyphenated word ``pred`` ends ("ill-advised" from "ill", "-", "advised")."""
    i = pred.i
    doc = pred.doc
    if i >= 2 and doc[i - 1].text == "-" and not doc[i - 2].whitespace_:
        return f"{doc[i - 2].lower_}-{pred.lower_}"
    return str(pred.lower_)


def _protest_purpose(verb: Token, protesting: set[int], frames: Frames) -> bool:
    """ "to protest" after an act that is itself a protest names its purpose only."""
    return (
        verb.lemma_.lower() in frames.enacted_purposes
        and verb.dep_ in ("advcl", "xcomp")
        and verb.head.i != verb.i
        and verb.head.i in protesting
    )


def _said_of(verb: Token, words: Iterable[str]) -> bool:
    """The verb or one of the objects in its clause is one of ``words`` ("jailed ...",
    "sentenced ... to prison terms", "for 10 years"; not a time phrase, "last year")."""
    wanted = set(words)
    return any(
        t.lemma_.lower() in wanted and (t.i == verb.i or t.dep_ in ("pobj", "dobj", "conj"))
        for t in verb.subtree
    )


def _owned_by_pronoun(noun: Token | None) -> bool:
    """ "his fighters", "their supporters": a group owned by the subject."""
    return noun is not None and any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their") for c in noun.children
    )


def _generic_subject(noun: Token, verb: Token) -> bool:
    """ "Dialogue between China and France is conducive to world peace": a bare noun said in
    the present tense to be something is a kind of act, no act that happened."""
    return (
        noun.dep_ == "nsubj"
        and verb.lemma_ == "be"
        and verb.tag_ in ("VBZ", "VBP")
        and any(c.dep_ in ("acomp", "attr") for c in verb.children)
        and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)
    )


def _failed_act_coded(comp: Token, withheld: set[int]) -> bool:
    """The reported clause says its subject failed to do an act coded as withheld."""
    return any(t.i in withheld for c in syntax.children(comp, "xcomp") for t in c.subtree)


def _mutual(promise: Token) -> bool:
    """ "A and B agreed", "agreed with B": a mutual agreement, coded as AGREE itself."""
    if promise.pos_ == "ADJ":
        return False
    subj = syntax.subject(promise)
    if subj is not None and (subj.conjuncts or headline_list(subj)):
        return True  # (also "Sharon, Abbas agree to end violence")
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in promise.children)


def _objects_of(verb: Token) -> list[Token]:
    """Direct and indirect objects of ``verb`` ("warned NATO", "warned Tehran of")."""
    return [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]


def _dedupe(events: Iterable[Event]) -> list[Event]:
    """One event per (source, type, target, flags) in a sentence; the first (trigger order) wins.

    An event without a recipient gives way to the same source and type with one
    ("issued a warning" and "... would mean war with NATO" are one threat).
    """
    events = list(events)
    targeted = {
        (ev.source.code if ev.source else None, ev.type)
        for ev in events
        if ev.target is not None and not (ev.negated or ev.hypothetical)
    }
    seen: set[tuple[Any, ...]] = set()
    out: list[Event] = []
    for ev in events:
        if ev.target is None and (ev.source.code if ev.source else None, ev.type) in targeted:
            continue
        key = (
            ev.source.code if ev.source else None, ev.source.sector if ev.source else None,
            ev.type, ev.target.code if ev.target else None,
            ev.target.sector if ev.target else None, ev.negated, ev.hypothetical,
        )  # fmt: skip
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out
