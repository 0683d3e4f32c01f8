"""Threat structure: issuer → addressee, condition → consequence, framing, restatements.

For every THREATEN event the stage goes back to the parse at the event's trigger and finds
the two clauses a threat is made of: the *condition* ("if Guyana allows foreign troops to be
stationed in Essequibo") and the *consequence* ("Venezuela will consider it an act of war"). The
condition is coded like an event (who would do what to whom, with which weapon class), which is
what the red-line ledger matches later events against. Restatements of a threat share a
``threat_key`` (issuer, addressee and the coded condition).

Rules that keep one bad parse from drawing a false red line (docs/monitoring.md):

- one threat per statement: two THREATEN events read from one sentence (a warning verb and
  its consequence clause, or an issuer coded twice) give one threat, and a sentence the
  article repeats states nothing new;
- a condition stops at its own clause: a second "to ..." or "and will ..." clause joined to
  it ("if it faced an existential threat and to destroy any dam") is not part of it;
- "unless" keeps its direction: the condition's ``polarity`` is ``unless`` (also for "if ...
  not", "if ... fails to"), so the act it names is what *averts* the consequence;
- a consequence is never only a reporting clause ("declaring that ..."): the threatened act
  is the reported content;
- an unconditional statement is a threat of its own, never a restatement of a red line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar

from tocsin.config import Settings
from tocsin.enrich.blocks import normalise
from tocsin.events import syntax
from tocsin.events.arguments import Arguments
from tocsin.events.coder import (
    EventCoder,
    home_target,
    nominal_condition,
    nominal_roles,
    nominal_types,
)
from tocsin.events.context import Frames, analyse, in_condition
from tocsin.events.lexicon import load_yaml
from tocsin.nlp import ParsedSentence, parsed_sentences
from tocsin.records import Actor, Condition, Document, Event, Threat, WeaponMention, stable_id

Token = Any

#: Words of a consequence clause and the type of the act they threaten.
CONSEQUENCE_TYPES: dict[str, str] = {
    "war": "ASSAULT", "attack": "ASSAULT", "strike": "ASSAULT", "retaliation": "ASSAULT",
    "retaliate": "ASSAULT", "force": "ASSAULT", "target": "ASSAULT", "nuclear": "ASSAULT",
    "annihilate": "ASSAULT", "destroy": "ASSAULT", "conflict": "ASSAULT", "hit": "ASSAULT",
    "sanction": "SANCTION", "tariff": "SANCTION", "embargo": "SANCTION", "levy": "SANCTION",
    "duty": "SANCTION", "measure": "SANCTION", "arrest": "COERCE", "expel": "SANCTION",
}  # fmt: skip


@functools.lru_cache(maxsize=1)
def framing_phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Framing label → its phrases as lemma tuples (events/data/threat_framing.yaml)."""
    text = resources.files("tocsin.events").joinpath("data/threat_framing.yaml").read_text("utf-8")
    data = load_yaml(text)
    return {
        str(label): tuple(tuple(str(p).lower().split()) for p in phrases)
        for label, phrases in (data.get("phrases") or {}).items()
    }


def framing_of(span: Any) -> list[str]:
    """The framing labels whose phrases occur in ``span`` (lemma sequences, in order)."""
    lemmas = [t.lemma_.lower() for t in span]
    found = []
    for label, phrases in framing_phrases().items():
        if any(_contains(lemmas, p) for p in phrases):
            found.append(label)
    return found


def _contains(seq: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i : i + n]) == phrase for i in range(len(seq) - n + 1))


#: Dependencies of a clause joined to a condition's verb that start a clause of their own
#: ("if it faced a threat *and to destroy any dam*", "*and will* strike back").
_JOINED = frozenset({"conj", "parataxis"})
#: Auxiliaries that mark a joined clause as no longer the condition: an infinitive (a second
#: threatened act) or a future (the consequence itself).
_OWN_CLAUSE_AUX = frozenset({"to", "will", "would", "shall", "'ll"})
#: Verbs that turn their complement's act into its absence: "if Iran fails to comply".
_FAIL_VERBS = frozenset({"fail", "refuse", "decline", "neglect"})


@dataclass(slots=True)
class Parts:
    """The clauses of one threat: heads of the condition and of the consequence."""

    condition: Token | None
    consequence: Token | None
    aside: Token | None = None  # a reporting clause parsed inside the consequence


class ThreatExtractor:
    """Builds ``Threat`` records from a parsed document's THREATEN events."""

    def __init__(self, coder: EventCoder) -> None:
        self.coder = coder

    def extract(self, doc: Document) -> list[Threat]:
        """Threats of ``doc`` (one per THREATEN event), restatements keyed together."""
        sentences = {ps.sentence.index: ps for ps in parsed_sentences(doc)}
        repeats = _repeated_sentences(doc)
        threats = []
        for ev in doc.events:
            if ev.type != "THREATEN" or ev.negated or ev.hypothetical:
                continue
            if ev.sentence_index in repeats:
                continue  # the article repeats a sentence it stated earlier: one statement
            ps = sentences.get(ev.sentence_index)
            trigger = ps.token_at(ev.trigger_start) if ps is not None else None
            if ps is None or trigger is None:
                continue
            threats.append(self._threat(ev, trigger, ps, doc))
        threats = one_per_statement(_drop_empty_doubles(threats), doc)
        _link_restatements(threats)
        return threats

    # -- one threat -------------------------------------------------------------
    def _threat(self, ev: Event, trigger: Token, ps: ParsedSentence, doc: Document) -> Threat:
        parts = self._parts(trigger, ev)
        concessive = None
        if parts.condition is not None and _concessive(parts.condition):
            # "even if smallpox campaigns trumped all others": granted, not a condition
            concessive, parts.condition = parts.condition, None
        cond_span = (
            _clause_span(parts.condition, drop_mark=True, exclude=_own_clauses(parts.condition))
            if parts.condition
            else None
        )
        if cond_span is None:
            parts.condition = None
        cons_span = self._consequence_span(parts, concessive)
        condition = self._condition(cond_span, ps, doc) if cond_span is not None else None
        if condition is not None and parts.condition is not None:
            condition.polarity = _polarity(parts.condition)
        return Threat(
            article_id=doc.article.id,
            sentence_index=ev.sentence_index,
            event_id=ev.id,
            issuer=ev.source,
            addressee=None if home_target(ev) else ev.target,  # coded at home: none named
            condition_text=cond_span.text if cond_span is not None else None,
            condition_start=ps.offset + cond_span.start_char if cond_span is not None else None,
            condition_end=ps.offset + cond_span.end_char if cond_span is not None else None,
            condition=condition,
            consequence_text=cons_span.text if cons_span is not None else None,
            consequence_start=ps.offset + cons_span.start_char if cons_span is not None else None,
            consequence_end=ps.offset + cons_span.end_char if cons_span is not None else None,
            consequence_type=_consequence_type(cons_span, ev),
            consequence_mode=ev.mode,
            nuclear=ev.nuclear,
            framing=framing_of(ps.span),
            text=ps.sentence.text,
            date=ev.event_date or ev.date,
        )

    def _consequence_span(self, parts: Parts, concessive: Token | None = None) -> Any:
        """The consequence clause without the condition (or a concessive clause), the aside
        and any reporting clause joined to it ("..., declaring that the alliance was playing
        with fire"); None when nothing but reporting words would be left."""
        if parts.consequence is None:
            return None
        head = self._reported_content(parts.consequence, parts.condition)
        asides = [c for c in head.children if c.dep_ in _ASIDE_DEPS and self._reporting(c)]
        if concessive is not None:
            asides.append(concessive)
        span = _clause_span(head, exclude=parts.condition, aside=parts.aside, also=asides)
        if span is None or all(t.is_punct or t.is_stop or self._reporting(t) for t in span):
            return None  # "declaring that": a reporting clause threatens nothing
        return span

    def _reported_content(self, head: Token, condition: Token | None) -> Token:
        """ "declaring that it would result in war" → "it would result in war": a reporting
        verb heading the consequence hands over to what it reports (its clause, else its
        object: "suggesting the possibility of nuclear retaliation"), never to the
        condition."""
        for _ in range(4):
            if not self._reporting(head):
                return head
            content = syntax.child(head, "ccomp") or syntax.child(head, "dobj", "xcomp")
            if content is None or (condition is not None and content.i == condition.i):
                return head
            head = content
        return head

    def _parts(self, trigger: Token, ev: Event) -> Parts:
        verb = syntax.clause_of(trigger)
        ctx = analyse(verb, self.coder.frames)
        if ctx.condition is not None:
            threat_sense = _threat_sense(ev, trigger, self.coder.frames)
            content = self._content_holding(verb, ctx.condition) if threat_sense else None
            if content is None and threat_sense:
                # "threatened to close the strait unless ...": the threatened act is the
                # complement, not the threatening
                content = _complement(verb, trigger, skip=ctx.condition)
            # "issued a warning, suggesting nuclear retaliation if they continue": what is
            # threatened is the content clause, not the issuing
            return Parts(ctx.condition, content or verb)
        if ev.rule == "threaten.consequence":
            # "any transfer would be met with ...", "deployments would not go unpunished";
            # with no condition, "our response will be stronger" is all consequence
            nominal = nominal_condition(verb, loose=syntax.is_negated(verb))
            return Parts(nominal, verb)
        content = _complement(verb, trigger)
        if (
            content is not None
            and self._reporting(content)
            and not _threat_sense(ev, trigger, self.coder.frames)
        ):
            # "his country would use its nuclear weapons if attacked, state media reported":
            # the act is the consequence; the report parsed under it is neither part
            cond = _condition_in(content, self.coder) or _condition_in(verb, self.coder)
            return Parts(cond, verb, aside=content)
        if content is None:
            return Parts(None, None)
        cond = _condition_in(content, self.coder)
        if cond is None:
            nominal = nominal_condition(content) if content.pos_ in ("VERB", "AUX") else None
            return Parts(nominal, content)
        return Parts(cond, content if content.i != cond.i else cond.head)

    @staticmethod
    def _content_holding(verb: Token, condition: Token) -> Token | None:
        """The clause under a threat verb that holds ``condition``, when it is not the
        condition itself."""
        for c in verb.children:
            inside = any(t.i == condition.i for t in c.subtree)
            if c.dep_ in ("ccomp", "xcomp", "advcl", "acl") and c.i != condition.i and inside:
                return c
        return None

    def _reporting(self, tok: Token) -> bool:
        return self.coder.frames.category.get(tok.lemma_.lower()) == "report"

    def _condition(self, span: Any, ps: ParsedSentence, doc: Document) -> Condition:
        """Code the condition clause: actor, act type and target, weapon class and systems."""
        args = Arguments(self.coder.resolver, self.coder.frames, ps, doc)
        self.coder._args = args  # the trigger finder's class tests read the sentence's actors
        triggers = self.coder.finder.find(span)
        cond = Condition(text=span.text)
        if triggers:
            trig = triggers[0]
            subj = syntax.subject(trig.verb)
            actors = args.actors(subj)
            cond.actor = actors[0] if actors else None
            cond.type, cond.mode = trig.entry.type, trig.entry.mode
            found = args.targets(trig, actors).actors
            cond.target = found[0] if found else None
        else:
            _code_nominal(cond, span.root, args)
        if cond.target is None:  # "foreign troops are stationed in our Essequibo"
            verb = triggers[0].verb if triggers else span.root
            cond.target = args.clause_place(verb) or args.clause_place(span.root)
        if cond.actor is None:
            cond.actor = _foreign_actor(span)
        start, end = ps.offset + span.start_char, ps.offset + span.end_char
        weapons = [w for w in doc.weapons if start <= w.start and w.end <= end]
        cond.weapon_class = _weapon_class(weapons)
        cond.weapon_systems = sorted({w.system for w in weapons if w.system})
        return cond


#: "if foreign troops are stationed ...": the condition's actor is anyone from outside.
_FOREIGN_WORDS = frozenset({"foreign", "outside", "external", "overseas"})


def _foreign_actor(span: Any) -> Actor | None:
    """ "foreign troops", "outside forces": an actor of kind ``foreign`` (no code): any
    party but the issuer and the country where the act would happen."""
    for tok in span:
        if tok.lower_ in _FOREIGN_WORDS and tok.dep_ == "amod" and tok.head.pos_ == "NOUN":
            return Actor(code=None, kind="foreign", entity_text=f"{tok.text} {tok.head.text}")
    return None


def _threat_sense(ev: Event, trigger: Token, frames: Frames) -> bool:
    """The event was coded from a threat verb or noun ("warned", "issued a warning"), not
    from the threatened act itself or a consequence clause."""
    rule = ev.rule or ""
    if rule.startswith("threaten.") and rule != "threaten.consequence":
        return True
    lemma = trigger.lemma_.lower()
    return frames.category.get(lemma) == "threat" or lemma in ("threat", "warning", "ultimatum")


def _drop_empty_doubles(threats: list[Threat]) -> list[Threat]:
    """ "Pakistan warned India that any attempt ... would be treated as an act of war": the
    warning verb and the consequence clause both code the threat; the one with no parts
    goes when the other, with the same issuer and addressee, has them."""

    def who(t: Threat) -> tuple[Any, ...]:
        return (
            t.sentence_index,
            t.issuer.code if t.issuer else None,
            t.addressee.code if t.addressee else None,
        )

    full = {who(t) for t in threats if t.condition_text or t.consequence_text}
    return [t for t in threats if t.condition_text or t.consequence_text or who(t) not in full]


# ---------------------------------------------------------------- clause helpers
def _complement(verb: Token, trigger: Token, skip: Token | None = None) -> Token | None:
    """What a threat verb or noun announces: "warned that ...", "a warning that/of ...";
    ``skip``: a clause that is not it (the condition)."""
    for head in (trigger, verb):
        for c in head.children:
            if c.dep_ in ("ccomp", "xcomp", "acl", "advcl") and (skip is None or c.i != skip.i):
                return c
        for obj in syntax.prep_objects(head, "of", "against", "with"):
            return obj  # "warned of war", "threatened Cyprus with military action"
    return None


def _condition_in(content: Token, coder: EventCoder) -> Token | None:
    """The outermost if/unless clause inside ``content``."""
    for tok in content.subtree:
        if in_condition(tok, coder.frames) and not in_condition(tok.head, coder.frames):
            return tok
    return None


def _clause_span(
    head: Token,
    *,
    drop_mark: bool = False,
    exclude: Token | list[Token] | None = None,
    aside: Token | None = None,
    also: list[Token] | None = None,
) -> Any:
    """The text span of the clause headed by ``head``: without the subtrees of ``exclude``,
    ``aside`` and ``also``, the unbroken run of it that holds ``head``."""
    toks = list(head.subtree)
    excluded = exclude if isinstance(exclude, list) else [exclude]
    for left_out in (*excluded, aside, *(also or [])):
        if left_out is not None:
            skip = {t.i for t in left_out.subtree}
            toks = [t for t in toks if t.i not in skip]
    if drop_mark:
        toks = [t for t in toks if not _condition_mark(t, head)]
    toks = _run_with(toks, head)
    if not toks:
        return None
    while toks and (toks[0].is_punct or toks[0].lower_ in ("that", "then")):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if not toks:
        return None
    start, end = min(t.i for t in toks), max(t.i for t in toks) + 1
    return head.doc[start:end]


def _run_with(toks: list[Token], head: Token) -> list[Token]:
    """The unbroken run of ``toks`` (in text order) that holds ``head``: a condition left out
    of the middle of a consequence does not come back with what follows it ("it would
    become a target if NATO stationed nuclear weapons there, after reports that ...")."""
    toks = sorted(toks, key=lambda t: t.i)
    runs: list[list[Token]] = []
    for tok in toks:
        if runs and tok.i == runs[-1][-1].i + 1:
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return next((run for run in runs if any(t.i == head.i for t in run)), toks)


def _condition_mark(tok: Token, head: Token) -> bool:
    """ "if"/"unless"/inverted "should" opening the condition clause ``head``."""
    return (
        tok.dep_ in ("mark", "aux")
        and tok.head.i == head.i
        and tok.i < head.i
        and tok.lower_ in ("if", "unless", "should")
    )


#: Clauses joined to a consequence that only report it ("..., declaring that ...").
_ASIDE_DEPS = frozenset({"advcl", "conj", "parataxis"})


def _own_clauses(condition: Token) -> list[Token]:
    """Clauses joined to the condition's verb that are not part of the condition: "if it
    faced an existential threat *and to destroy any dam*" (an infinitive: a second
    threatened act), "if they attack, *and we will respond*" (a future: the consequence)."""
    out = []
    for c in condition.children:
        if c.dep_ not in _JOINED:
            continue
        aux = {a.lower_ for a in c.children if a.dep_ in ("aux", "auxpass")}
        if aux & _OWN_CLAUSE_AUX or (c.tag_ == "VB" and not aux):
            out.append(c)
    return out


def _concessive(condition: Token) -> bool:
    """ "even if ...", "even though ...": a concession, not the condition of a threat."""
    marks = [c for c in condition.children if c.dep_ == "mark" and c.lower_ in ("if", "though")]
    return any(
        t.lower_ == "even" and t.i == m.i - 1 for m in marks for t in condition.doc[m.i - 1 : m.i]
    )


def _polarity(condition: Token) -> str:
    """ "unless" when the condition names the act whose *absence* triggers the consequence:
    "unless US forces withdraw", "if Iran does not comply", "if Iran fails to comply"."""
    if any(c.dep_ == "mark" and c.lower_ == "unless" for c in condition.children):
        return "unless"
    if syntax.is_negated(condition) or condition.lemma_.lower() in _FAIL_VERBS:
        return "unless"
    return "if"


def _repeated_sentences(doc: Document) -> set[int]:
    """Indexes of sentences whose text the article already carried earlier."""
    seen: set[str] = set()
    repeats = set()
    for s in doc.sentences:
        key = normalise(s.text)
        if key in seen:
            repeats.add(s.index)
        seen.add(key)
    return repeats


def one_per_statement(threats: list[Threat], doc: Document) -> list[Threat]:
    """One threat per statement: threats of one sentence with the same condition and
    consequence are one statement coded twice (a warning verb and its consequence clause,
    an issuer or addressee read two ways). The kept one names, by preference, an addressee
    the consequence speaks of, then the one coded from the threat verb. A statement made by
    or to coordinated parties ("warned Britain and the United States") stays one threat per
    party, as compound actors are everywhere else."""
    groups: dict[tuple[Any, ...], list[Threat]] = {}
    for t in threats:
        key = (t.sentence_index, t.condition_start, t.consequence_start, t.consequence_end)
        groups.setdefault(key, []).append(t)
    sentences = {ps.sentence.index: ps for ps in parsed_sentences(doc)}
    kept = []
    for group in groups.values():
        best = max(group, key=lambda t: _statement_rank(t, doc))
        ps = sentences.get(best.sentence_index)
        kept += [
            t for t in group
            if t is best or (ps is not None and _coordinated(t, best, ps, doc))
        ]  # fmt: skip
    return kept


def _coordinated(t: Threat, best: Threat, ps: ParsedSentence, doc: Document) -> bool:
    """The two threats differ only in parties the sentence coordinates ("Britain and the
    United States", "Poland or Lithuania")."""
    pairs = [(t.issuer, best.issuer), (t.addressee, best.addressee)]
    differing = [(a, b) for a, b in pairs if (a and a.code) != (b and b.code)]
    return bool(differing) and all(
        a is not None and b is not None and _conjoined(a.code, b.code, ps, doc)
        for a, b in differing
    )


def _conjoined(code_a: str | None, code_b: str | None, ps: ParsedSentence, doc: Document) -> bool:
    """Some mention of ``code_a`` in the sentence is a conjunct of a mention of ``code_b``."""

    def tokens(code: str | None) -> set[int]:
        spans = [
            (m.start - ps.offset, m.end - ps.offset)
            for m in doc.mentions
            if m.sentence_index == ps.sentence.index and m.actor is not None
            and m.actor.code == code
        ]  # fmt: skip
        return {t.i for t in ps.span if any(a <= t.idx < b for a, b in spans)}

    a, b = tokens(code_a), tokens(code_b)
    doc_ = ps.span.doc
    return any(c.i in b for i in a for c in doc_[i].conjuncts)


def _statement_rank(t: Threat, doc: Document) -> tuple[int, int, int]:
    addressed = 0
    if t.addressee is not None and t.consequence_start is not None:
        addressed = int(
            any(
                m.actor is not None and m.actor.code == t.addressee.code
                and t.consequence_start <= m.start < (t.consequence_end or 0)
                for m in doc.mentions
            )
        )  # fmt: skip
    issuer = int(t.issuer is not None)
    verb = int(t.event_id is not None and _from_threat_verb(t, doc))
    return addressed, issuer, verb


def _from_threat_verb(t: Threat, doc: Document) -> bool:
    ev = next((e for e in doc.events if e.id == t.event_id), None)
    rule = (ev.rule or "") if ev else ""
    return rule.startswith("threaten.") and rule != "threaten.consequence"


def _code_nominal(cond: Condition, head: Token, args: Arguments) -> None:
    """ "any transfer of U.S. long-range missiles to the Philippines": AID, USA → PHL."""
    nouns, parts = nominal_types()
    cond.type = nouns.get(head.lemma_.lower())
    for c in head.children:
        if cond.type is None and c.dep_ == "acl":
            cond.type = parts.get(c.lemma_.lower())
    cond.actor, cond.target = nominal_roles(head, args)


def _consequence_type(span: Any, ev: Event) -> str | None:
    if span is None:
        return None
    for tok in span:
        found = CONSEQUENCE_TYPES.get(tok.lemma_.lower())
        if found:
            return found
    return "ASSAULT" if ev.mode == "violence" else None


def _weapon_class(weapons: list[WeaponMention]) -> str | None:
    """The most specific weapon class named in a condition (a system's first class)."""
    for w in weapons:
        if w.weapon_class:
            return w.weapon_class
    return None


def threat_key(issuer: Actor | None, addressee: Actor | None, condition: Condition | None) -> str:
    """Restatements share this key: issuer, addressee and the coded condition."""
    cond = condition or Condition()
    parts: list[Any] = [
        "threat",
        issuer.code if issuer else None,
        addressee.code if addressee else None,
        cond.type,
        cond.target.code if cond.target else None,
        cond.weapon_class,
    ]
    if condition is None:
        parts.append("unconditional")  # never the key of a red line
    elif not (cond.type or cond.target or cond.weapon_class):
        parts.append(normalise(cond.text))  # an uncoded condition is only its own words
    if cond.polarity != "if":  # keys of "if" lines stay as they were
        parts.append(cond.polarity)
    return stable_id(*parts)


def _link_restatements(threats: list[Threat]) -> None:
    """Key each threat: restatements share issuer, addressee and coded condition.

    An unconditional statement keeps a key of its own: "the deep state will fight to the
    death" from the same issuer restates no red line, whatever words it shares with one.
    """
    for t in threats:
        t.threat_key = threat_key(t.issuer, t.addressee, t.condition if t.conditional else None)


class ThreatStage:
    """Pipeline stage: ``Threat`` records for the document's THREATEN events."""

    name: ClassVar[str] = "threats"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "events")
    assigns: ClassVar[tuple[str, ...]] = ("threats",)

    def __init__(self, extractor: ThreatExtractor) -> None:
        self.extractor = extractor

    @classmethod
    def from_settings(cls, settings: Settings) -> ThreatStage:
        """Build the extractor over the same coder as the event stage."""
        from tocsin.events.stage import build_coder

        return cls(ThreatExtractor(build_coder(settings)))

    def __call__(self, doc: Document) -> Document:
        """Set ``doc.threats``."""
        doc.threats = self.extractor.extract(doc)
        return doc
