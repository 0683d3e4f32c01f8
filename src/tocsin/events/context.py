"""What governs a trigger: negation, modality, conditions, reported speech, promises, refusals.

``Frames`` holds the word lists of events/data/frames.yaml; ``analyse`` walks up from a
trigger's clause and returns a ``Context``: whether the act is negated, only considered,
promised, refused, threatened, the condition or the consequence of a condition, requested or
merely evaluated by someone else, and which speech verb reports it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from tocsin.errors import DataFileError
from tocsin.events import syntax
from tocsin.events.lexicon import load_yaml

Token = Any

#: Frame categories in precedence order (a lemma in two lists takes the first).
CATEGORIES = (
    "evaluate", "deny", "refuse", "rule_out", "prevent", "threat", "command", "request",
    "promise", "hypothetical", "fail", "cease", "attempt", "intent", "aspect", "report",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Frames:
    """The word lists of frames.yaml, as frozensets."""

    category: dict[str, str]  # lemma → category (first in precedence)
    own_intent_verbs: frozenset[str]
    promise_adjectives: frozenset[str]
    hypothetical_adjectives: frozenset[str]
    hypothetical_adverbs: frozenset[str]
    condition_marks: frozenset[str]
    purpose_heads: frozenset[str]
    threat_consequence_words: frozenset[str]
    benign_consequence_words: frozenset[str]
    averting_verbs: frozenset[str]
    threat_predicates: frozenset[str]
    danger_nouns: frozenset[str]
    danger_verbs: frozenset[str]
    negation_traps: dict[str, str]
    trap_complements: dict[str, frozenset[str]]
    nuclear_words: frozenset[str]
    nuclear_weapon_context: frozenset[str]
    nuclear_civilian_context: frozenset[str]
    vague_heads: frozenset[str]
    content_heads: frozenset[str]
    enacting_heads: frozenset[str]
    extraposed_judgements: frozenset[str]
    threat_verbs: frozenset[str]
    means_verbs: frozenset[str]
    goal_nouns: frozenset[str]
    occasion_nouns: frozenset[str]
    message_heads: frozenset[str]
    message_stoppers: frozenset[str]
    poll_words: frozenset[str]
    street_acts: frozenset[str]
    private_purposes: frozenset[str]
    remains_nouns: frozenset[str]
    public_shares: frozenset[str]
    public_words: frozenset[str]
    intention_heads: frozenset[str]
    attack_nouns: frozenset[str]
    attack_verbs: frozenset[str]
    announcing_verbs: frozenset[str]
    enacting_verbs: frozenset[str]
    enacted_purposes: frozenset[str]
    punishing_verbs: frozenset[str]
    non_agents: frozenset[str]
    measure_nouns: frozenset[str]
    bearings: frozenset[str]
    keeping_verbs: frozenset[str]
    conjunction_participles: frozenset[str]
    sports_words: frozenset[str]
    weapon_modifiers: frozenset[str]
    accident_verbs: frozenset[str]
    unidentified: frozenset[str]
    unidentified_rebels: frozenset[str]
    people_nouns: frozenset[str]
    negative_evaluation: frozenset[str]
    blame_verbs: frozenset[str]
    offer_verbs: frozenset[str]
    #: every verb of the ``report`` frame, also those another frame claims first ("tell")
    report_verbs: frozenset[str]
    figurative_targets: frozenset[str]
    people_civilian: frozenset[str]
    document_nouns: frozenset[str]
    role_nouns: frozenset[str]
    demonstrators: frozenset[str]
    future_times: frozenset[str]
    next_units: frozenset[str]


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


@functools.lru_cache(maxsize=1)
def load_frames() -> Frames:
    """Load and validate the packaged frames.yaml (cached)."""
    text = resources.files("tocsin.events").joinpath("data/frames.yaml").read_text("utf-8")
    data = load_yaml(text)
    frames = data.get("frames") if isinstance(data, dict) else None
    if not isinstance(frames, dict) or set(frames) - {
        *CATEGORIES,
        "promise_adjectives",
        "hypothetical_adjectives",
        "hypothetical_adverbs",
    }:
        raise DataFileError(
            "D001", path="frames.yaml", reason="unknown or missing frame categories"
        )
    category: dict[str, str] = {}
    for name in CATEGORIES:
        for lemma in frames.get(name) or []:
            category.setdefault(str(lemma).lower(), name)
    nuclear = data.get("nuclear") or {}
    return Frames(
        category=category,
        # "wants to abdicate": a request verb whose subject does the act itself states an intent
        own_intent_verbs=_words(frames, "request") & _words(frames, "intent"),
        report_verbs=_words(frames, "report"),
        figurative_targets=_words(data, "figurative_targets"),
        promise_adjectives=_words(frames, "promise_adjectives"),
        hypothetical_adjectives=_words(frames, "hypothetical_adjectives"),
        hypothetical_adverbs=_words(frames, "hypothetical_adverbs"),
        condition_marks=_words(data, "condition_marks"),
        purpose_heads=_words(data, "purpose_heads"),
        threat_consequence_words=_words(data, "threat_consequence_words"),
        benign_consequence_words=_words(data, "benign_consequence_words"),
        averting_verbs=_words(data, "averting_verbs"),
        threat_predicates=_words(data, "threat_predicates"),
        danger_nouns=_words(data, "danger_nouns"),
        danger_verbs=_words(data, "danger_verbs"),
        negation_traps={str(k): str(v) for k, v in (data.get("negation_traps") or {}).items()},
        trap_complements={
            str(k): frozenset(str(w) for w in v)
            for k, v in (data.get("trap_complements") or {}).items()
        },
        nuclear_words=_words(nuclear, "words"),
        nuclear_weapon_context=_words(nuclear, "weapon_context"),
        nuclear_civilian_context=_words(nuclear, "civilian_context"),
        vague_heads=_words(data, "vague_heads"),
        content_heads=_words(data, "content_heads"),
        enacting_heads=_words(data, "enacting_heads"),
        extraposed_judgements=_words(data, "extraposed_judgements"),
        threat_verbs=_words(data, "threat_verbs"),
        means_verbs=_words(data, "means_verbs"),
        goal_nouns=_words(data, "goal_nouns"),
        occasion_nouns=_words(data, "occasion_nouns"),
        message_heads=_words(data, "message_heads"),
        message_stoppers=_words(data, "message_stoppers"),
        poll_words=_words(data, "poll_words"),
        street_acts=_words(data, "street_acts"),
        private_purposes=_words(data, "private_purposes"),
        remains_nouns=_words(data, "remains_nouns"),
        public_shares=_words(data, "public_shares"),
        public_words=_words(data, "public_words"),
        demonstrators=_words(data, "demonstrators"),
        future_times=_words(data, "future_times"),
        next_units=_words(data, "next_units"),
        intention_heads=_words(data, "intention_heads"),
        attack_nouns=_words(data, "attack_nouns"),
        attack_verbs=_words(data, "attack_verbs"),
        announcing_verbs=_words(data, "announcing_verbs"),
        enacting_verbs=_words(data, "enacting_verbs"),
        enacted_purposes=_words(data, "enacted_purposes"),
        punishing_verbs=_words(data, "punishing_verbs"),
        non_agents=_words(data, "non_agents"),
        measure_nouns=_words(data, "measure_nouns"),
        bearings=_words(data, "bearings"),
        keeping_verbs=_words(data, "keeping_verbs"),
        conjunction_participles=_words(data, "conjunction_participles"),
        sports_words=_words(data, "sports_words"),
        weapon_modifiers=_words(data, "weapon_modifiers"),
        accident_verbs=_words(data, "accident_verbs"),
        unidentified=_words(data, "unidentified"),
        unidentified_rebels=_words(data, "unidentified_rebels"),
        people_nouns=_words(data, "people_nouns"),
        negative_evaluation=_words(data, "negative_evaluation"),
        blame_verbs=_words(data, "blame_verbs"),
        offer_verbs=_words(data, "offer_verbs"),
        people_civilian=_words(data, "people_civilian"),
        document_nouns=_words(data, "document_nouns"),
        role_nouns=_words(data, "role_nouns"),
    )


@dataclass(slots=True)
class Context:
    """How the clause around a trigger qualifies the act it names."""

    skip: str | None = None  # why the act is not an event of its own
    negated: bool = False
    hypothetical: bool = False
    future: bool = False  # will/would/plans to/is set to: announced or intended
    possible: bool = False  # could/may/might without a condition
    condition: Token | None = None  # head of the if-clause when the act is its consequence
    promise: Token | None = None  # agree/pledge/offer/ready governing the act
    refuse: Token | None = None
    rule_out: Token | None = None
    threat: Token | None = None  # warn/threaten governing the act
    command: Token | None = None
    request: Token | None = None
    deny: Token | None = None
    cease: Token | None = None  # "will stop approving exports": the act is ended
    attempt: bool = False  # "trying to surrender": only attempted
    deontic: bool = False  # "would have to leave", "must withdraw": an obligation
    report: Token | None = None  # nearest speech verb reporting the act
    governors: list[Token] = field(default_factory=list)

    @property
    def speech_governors(self) -> tuple[Token, ...]:
        """The governors whose subject speaks for the act, nearest kind first: a threat, a
        report, a promise, a denial, a refusal."""
        found = (self.threat, self.report, self.promise, self.deny, self.refuse)
        return tuple(g for g in found if g is not None)


#: A match score ("16-16", "89-81"): not a year range ("2004-05"), a longer number or a
#: range of percentages, ages or distances ("10-15 percent").
_SCORE = re.compile(
    r"(?<![\d,.-])\d{1,3}\s?-\s?\d{1,3}(?![\d,.-])"
    r"(?!\s*(?:%|per|percent|years?|months?|weeks?|days?|hours?|km|miles?|met(?:re|er)s?))"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


#: A winning margin: "beat New Zealand by four wickets", "won by 12 runs".
_MARGIN = re.compile(
    r"\bby (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|an innings) "
    r"(?:wickets?|runs?|goals?|strokes?|lengths?)\b"
)


def sports_report(text: str, frames: Frames) -> bool:
    """The text reports a game: a sentence with a score or a winning margin and a sports
    word ("New Zealand hold Australia 16-16 in the first game of the Tri-Nations series",
    "India beat New Zealand by four wickets to win the Champions Trophy"). Teams named by
    their country beat, hold and attack one another without any event to code."""
    if not (_SCORE.search(text) or _MARGIN.search(text)):
        return False
    for sentence in _SENTENCE_END.split(text):
        if _SCORE.search(sentence) or _MARGIN.search(sentence):
            words = set(re.findall(r"[a-z]+(?:-[a-z]+)?", sentence.lower()))
            if words & frames.sports_words:
                return True
    return False


def _obliged(verb: Token) -> bool:
    """ "would have to leave", "needs to withdraw": the act under have/need + to."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_.lower() in ("have", "need")
        and syntax.to_infinitive(verb)
    )


_DURATIONS = frozenset({"week", "month", "year", "decade", "weeks", "months", "years", "decades"})


def _habitual(verb: Token, aux: set[str]) -> bool:
    """ "have been mediating between Israel and Hamas for months": background, not an event."""
    if verb.tag_ != "VBG" or "been" not in aux:
        return False
    return any(obj.lemma_.lower() in _DURATIONS for obj in syntax.prep_objects(verb, "for"))


def _headline_infinitive(verb: Token) -> bool:
    """ "Iraq to widen arms amnesty", "Blair, Bush to Meet": an infinitive that governs the
    whole headline (or hangs from its only noun), or follows "is" ("is to address"),
    announces the act."""
    if verb.dep_ == "ROOT":
        return True
    head = verb.head
    if verb.dep_ == "conj" and syntax.child(verb, "nsubj", "nsubjpass") is None:
        # "is to address Congress as well as meeting Bush": the second act is announced too
        return "to" in syntax.aux_lemmas(head) and _headline_infinitive(head)
    if verb.dep_ == "xcomp" and head.lemma_ == "be" and not syntax.is_negated(head):
        return True  # "Allawi is to address Congress": scheduled, not yet done
    if verb.dep_ not in ("relcl", "acl"):
        return False
    # "Blair, Bush to meet as Mideast issues loom": a name's infinitive is the headline's act
    return bool(head.pos_ == "PROPN" or (head.dep_ == "ROOT" and head.pos_ == "NOUN"))


def _future_time(verb: Token, frames: Frames) -> bool:
    """A time phrase of the verb's own that lies ahead: "next week", "tomorrow" (a present
    tense with one states a plan; frames.yaml ``future_times``, ``next_units``)."""
    for c in verb.children:
        if c.dep_ not in ("npadvmod", "advmod", "tmod", "prep"):
            continue
        if c.lower_ in frames.future_times:
            return True
        words = [t.lower_ for t in c.subtree]
        if "next" in words and any(w in frames.next_units for w in words):
            return True
    return False


def _own_modality(verb: Token, ctx: Context, frames: Frames) -> None:
    aux = syntax.aux_lemmas(verb)
    if _habitual(verb, aux):
        ctx.skip = "habitual"
    if aux & syntax.FUTURE_AUX:
        ctx.future = True
    if aux & syntax.POSSIBLE_AUX:
        ctx.possible = True
    if any(a in ("going",) for a in aux):
        ctx.future = True
    if verb.dep_ == "xcomp" and verb.head.lower_ == "going" and "to" in aux:
        ctx.future = True  # "is going to be stopping in El Salvador"
    if ("to" in aux or verb.dep_ == "conj") and _headline_infinitive(verb):
        ctx.future = True  # headline "British Minister to Visit North Korea": announced
    if verb.tag_ in ("VBZ", "VBP", "VBG") and _future_time(verb, frames):
        ctx.future = True  # "Bush visits Canada next week", "is meeting Putin tomorrow"
    if aux & {"must", "should", "ought"} or _obliged(verb):
        ctx.deontic = True
    if syntax.is_negated(verb):
        ctx.negated = True
    if any(c.dep_ == "advmod" and c.lower_ in frames.hypothetical_adverbs for c in verb.children):
        ctx.hypothetical = True  # "a civilian allegedly killed by UK troops": not asserted
    for c in verb.children:
        if c.dep_ == "advcl" and syntax.has_mark(c, *frames.condition_marks):
            ctx.condition = c
        # "should Russia resume": inverted conditional (aux "should" first in its clause)
        if c.dep_ == "advcl" and any(
            a.dep_ == "aux" and a.lower_ == "should" and a.i < c.i and a.i == c.left_edge.i
            for a in c.children
        ):
            ctx.condition = c


def _is_condition_clause(tok: Token, frames: Frames) -> bool:
    """A clause introduced by if/unless/whether (any attachment), or an inverted "should"."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if syntax.has_mark(tok, *frames.condition_marks):
        return bool(tok.dep_ != "ROOT")
    return tok.dep_ == "advcl" and any(
        a.dep_ == "aux" and a.lower_ == "should" and a.i == tok.left_edge.i for a in tok.children
    )


def _is_purpose(tok: Token, head: Token, frames: Frames) -> bool:
    """ "went on strike to demand pay", "deployed troops to quell protests" (not "marched
    to protest": a protest done by marching)."""
    to_inf = syntax.to_infinitive(tok)
    if to_inf and head.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in frames.enacted_purposes:
        return False
    if tok.dep_ == "advcl" and to_inf:
        return head.lemma_.lower() not in frames.means_verbs  # "braved the cold to protest"
    if tok.dep_ == "xcomp" and to_inf and head.pos_ in ("VERB", "AUX"):
        # "began a hunger strike to press Egypt": an infinitive after the object is a purpose,
        # unless the verb takes object + infinitive ("urged Iran to", "ordered troops to").
        obj = child_dobj(head)
        takes_object_inf = frames.category.get(head.lemma_.lower()) in (
            "request",
            "command",
            "promise",
            "threat",
            "refuse",
        )
        if obj is not None and obj.i < tok.i and not takes_object_inf:
            return not _means_used(head, obj, frames)
    if tok.dep_ in ("acl", "relcl") and head.lemma_.lower() in frames.purpose_heads:
        return True
    return tok.dep_ == "xcomp" and to_inf and head.pos_ in ("NOUN", "PROPN")


def _means_used(verb: Token, obj: Token, frames: Frames) -> bool:
    """ "used a Christmas message to denounce the war", "braved the cold to protest", "took
    the opportunity to criticise": the means or the occasion of an act that was done, not
    the purpose of another act (frames ``means_verbs``, ``occasion_nouns``)."""
    return verb.lemma_.lower() in frames.means_verbs or obj.lemma_.lower() in frames.occasion_nouns


def announced_intention(verb: Token, frames: Frames) -> Token | None:
    """The verb announcing the plan or decision that ``verb`` (its infinitive) states:
    "announced plans to cut", "is proceeding with plans to prosecute"; None otherwise."""
    head = verb.head
    if (
        verb.dep_ != "acl"
        or head.lemma_.lower() not in frames.intention_heads
        or not syntax.to_infinitive(verb)
    ):
        return None
    governor = head.head
    if head.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head  # "proceeding with plans to"
    elif head.dep_ != "dobj":
        return None
    if governor.pos_ in ("VERB", "AUX") and governor.lemma_.lower() in frames.announcing_verbs:
        return governor
    return None


def _take_announced(current: Token, ctx: Context, frames: Frames) -> Token | None:
    """The announcing verb above an announced plan's act, its modality applied to ``ctx``."""
    announcer = announced_intention(current, frames)
    if announcer is None:
        return None
    ctx.future = True  # "announced plans to cut its forces": the act announced
    if any(c.dep_ == "det" and c.lower_ == "no" for c in current.head.children):
        ctx.negated = True  # "has no plans to send troops"
    _own_modality(announcer, ctx, frames)
    return announcer


def child_dobj(verb: Token) -> Token | None:
    """The direct object of ``verb``, if any."""
    return syntax.child(verb, "dobj")


def negation_trap(gov: Token, frames: Frames) -> str | None:
    """ "would not hesitate to", "could not rule out": negation that is not the act's. A
    trap that needs a complement has one ("would not go unpunished", not "did not go
    unnoticed")."""
    if not syntax.is_negated(gov):
        return None
    lemma = gov.lemma_.lower()
    needed = frames.trap_complements.get(lemma)
    if needed is not None and not any(c.lower_ in needed for c in gov.children):
        return None
    return frames.negation_traps.get(lemma)


def _apply_governor(  # noqa: PLR0911 - each kind of governor ends the walk differently
    gov: Token, dep: str, ctx: Context, frames: Frames, act: Token
) -> bool:
    """Apply one governor; return False to stop walking further up."""
    lemma = gov.lemma_.lower()
    trap = negation_trap(gov, frames)
    if trap == "positive":
        # "would not hesitate to annihilate ... if provoked": the act takes the governor's
        # modality and condition, not its negation.
        negated = ctx.negated
        _own_modality(gov, ctx, frames)
        ctx.negated = negated
        return True
    if trap == "hypothetical" or (lemma == "rule" and syntax.is_negated(gov)):
        ctx.hypothetical = True
        return True
    if trap == "threat":
        ctx.threat = gov
        return False
    category = frames.category.get(lemma)
    if dep in ("conj", "advcl", "parataxis"):
        # A coordinated or adjunct clause ("..., rejecting a demand", "denied X and blamed
        # Y") is an act of its own: only a reporting verb above it carries over.
        if category == "report" and ctx.report is None:
            ctx.report = gov
        if (
            dep == "advcl"
            and any(c.dep_ in ("mark", "advmod") and c.lower_ in _TIME_MARKS for c in act.children)
            and syntax.aux_lemmas(gov) & syntax.FUTURE_AUX
        ):
            ctx.future = True  # "will top the agenda when Zapatero welcomes Chirac": not yet
        return category in ("report", "aspect", None) or dep == "advcl"
    if gov.pos_ == "ADJ":
        if lemma in frames.promise_adjectives:
            ctx.promise = gov
            if syntax.is_negated(gov) or (gov.dep_ == "acomp" and syntax.is_negated(gov.head)):
                ctx.negated = not ctx.negated  # "are not ready to launch attacks"
            return False
        if lemma in frames.hypothetical_adjectives:
            ctx.hypothetical = True
        return True
    if category is None:
        return dep in ("conj", "xcomp", "prep", "pcomp", "pobj")
    if syntax.is_negated(gov) and category in ("promise", "intent", "aspect", "command"):
        ctx.negated = not ctx.negated  # "did not agree to send" → the sending is negated
    accusation = frames.category.get(act.lemma_.lower()) == "evaluate"
    if category == "deny" and accusation and act.i < gov.i:
        # "Russia accused Ukraine of shelling the plant, a charge Kyiv denied", "...; the
        # Kremlin denied any involvement": the reply to an accusation, not its denial
        return False
    if lemma in frames.own_intent_verbs and dep == "xcomp" and not _own_subject_differs(gov, act):
        ctx.future = True  # "Cambodia's king wants to abdicate": not done yet
    return _apply_category(category, gov, dep, ctx, act)


_TIME_MARKS = frozenset({"when", "once", "while"})


def _own_subject_differs(gov: Token, act: Token) -> bool:
    """The governed act has a subject of its own ("urged Iran to", "called on Israel to")."""
    if act.dep_ == "ccomp":
        return syntax.child(act, "nsubj", "nsubjpass") is not None
    obj = syntax.child(gov, "dobj")
    if obj is not None and obj.i < act.i:
        return True
    return any(o.i < act.i for o in syntax.prep_objects(gov, "on", "upon"))


def _evaluate(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    if dep in ("pcomp", "pobj", "prep", "xcomp", "ccomp", "advcl"):
        ctx.skip = "evaluated"
    return False


def _deny(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    ctx.deny = gov
    ctx.negated = not ctx.negated
    return False


def _rule_out(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    if any(c.dep_ == "prt" and c.lower_ == "out" for c in gov.children):
        ctx.rule_out = gov
        return False
    if dep == "ccomp":
        ctx.skip = "evaluated"  # "the court ruled that the deployment violated the law"
        return False
    return True


def _prevent(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    """ "barred him from entering": only a prevented act ("from" + gerund) is skipped."""
    # ``act`` is the link below the governor: the gerund, or "from" itself when the walk
    # came up through it ("blocked the administration from deploying troops")
    if (dep in ("pcomp", "pobj") and act.head.lower_ == "from") or (
        dep == "prep" and act.lower_ == "from"
    ):
        ctx.skip = "prevented"
        return False
    if gov.lemma_.lower() in ("stop", "end"):  # plain "stopped shelling": a cessation
        return _cease(gov, dep, ctx, act)
    return True


def _cease(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    ctx.cease = gov
    return True  # "urged Washington to stop selling": the request above still counts


def _request(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    if gov.lemma_.lower() == "tell" and dep != "xcomp":
        # "told reporters Washington will send ...": a report, not an order
        if ctx.report is None:
            ctx.report = gov
        return True
    if _own_subject_differs(gov, act):
        ctx.request = gov
        ctx.skip = "requested"
        return False
    return True


def _setter(attr: str, *, stop: bool) -> Any:
    """A handler that records ``gov`` as ``ctx.<attr>`` (first one wins for reports)."""

    def handler(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
        if getattr(ctx, attr) is None:
            setattr(ctx, attr, gov)
        return not stop

    return handler


def _flag(attr: str, *, toggle: bool = False) -> Any:
    """A handler that sets (or toggles) a boolean flag and lets the walk go on."""

    def handler(gov: Token, dep: str, ctx: Context, act: Token) -> bool:
        setattr(ctx, attr, not getattr(ctx, attr) if toggle else True)
        return True

    return handler


#: What each frame category does to the context; False stops the upward walk.
_HANDLERS: dict[str, Any] = {
    "evaluate": _evaluate,
    "deny": _deny,
    "refuse": _setter("refuse", stop=True),
    "rule_out": _rule_out,
    "threat": _setter("threat", stop=True),
    "command": _setter("command", stop=True),
    "request": _request,
    "promise": _setter("promise", stop=True),
    "prevent": _prevent,
    "hypothetical": _flag("hypothetical"),
    "fail": _flag("negated", toggle=True),
    "cease": _cease,
    "attempt": _flag("attempt"),
    "intent": _flag("future"),
    # the speech verb's own modality ("would say") does not pass down
    "report": _setter("report", stop=False),
}


def _apply_category(category: str, gov: Token, dep: str, ctx: Context, act: Token) -> bool:
    ctx.governors.append(gov)
    handler = _HANDLERS.get(category)
    return True if handler is None else bool(handler(gov, dep, ctx, act))  # aspect: transparent


def _background_participle(current: Token, head: Token) -> bool:
    """A passive participle on a noun of a clause with its own verb tells what had been
    done to it before the news: "the two men charged with the plot were convicted",
    "prisoners held by the US are to be freed". In a verbless headline ("Four soldiers
    killed in ambush") the participle is the news."""
    if current.dep_ != "acl" or current.tag_ != "VBN":
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in current.children):
        return False
    return head.dep_ in ("nsubj", "nsubjpass", "dobj")


def _grounds(current: Token, head: Token, frames: Frames) -> bool:
    """A "who" clause on the person a verb punishes or tries tells what they are punished
    for ("sentenced another militant who plotted to kill the US ambassador"): the grounds,
    not the news."""
    if current.dep_ != "relcl" or not any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that") for c in current.children
    ):
        return False
    verb = head.head
    if head.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    return (
        head.dep_ in ("dobj", "nsubjpass", "pobj")
        and verb.pos_ in ("VERB", "AUX")
        and verb.lemma_.lower() in frames.punishing_verbs
    )


def _within_grounds(verb: Token, frames: Frames) -> bool:
    """The act is told inside the grounds of a punishment, below a verb that ended the walk
    ("sentenced a militant who plotted to kill the ambassador": "plotted" frames "kill")."""
    current = verb
    for _ in range(4):
        if current.dep_ not in ("xcomp", "ccomp", "conj"):
            break
        current = current.head
    return current.i != verb.i and _grounds(current, _antecedent(current, current.head), frames)


def _described_people(current: Token, head: Token, frames: Frames) -> str | None:
    """A present participle on the people an act is aimed at describes them: "an offensive
    aimed at stopping militants firing rockets" (the firing is what is to be prevented),
    "the deadliest attack on Iraqis cooperating with U.S. forces" (the victims, not an act
    of the day)."""
    if current.dep_ != "acl" or current.tag_ != "VBG":
        return None
    governor = head.head
    if head.dep_ == "dobj" and frames.category.get(governor.lemma_.lower()) == "prevent":
        return "prevented"
    attacked = (
        head.dep_ == "pobj"
        and governor.lower_ in ("on", "against")
        and syntax.named_in(governor.head, frames.attack_nouns)
    )
    return "background" if attacked else None


def message_author(verb: Token, frames: Frames) -> Token | None:
    """The author of a message a participle is on: "Russia issued a statement condemning",
    "Moscow's note protesting", "the ministry said in a statement calling for" (the
    possessor, or the subject of the verb that put the message out); None otherwise."""
    noun = _message_of(verb, frames)
    if noun is None:
        return None
    owner = syntax.child(noun, "poss") or _named_owner(noun)
    if owner is not None:
        return owner  # "Moscow's note protesting", "an EU statement criticising"
    governor = noun.head
    if noun.dep_ == "pobj" and governor.dep_ == "prep" and governor.lower_ in ("in", "through"):
        governor = governor.head
    elif noun.dep_ != "dobj":
        return None
    # "Hungary blocked a statement criticising China": who stops a message is not its author
    putting_out = governor.pos_ in ("VERB", "AUX")
    if not putting_out or governor.lemma_.lower() in frames.message_stoppers:
        return None
    return syntax.subject(governor)


def _message_of(verb: Token, frames: Frames) -> Token | None:
    """The message noun a participle with no clause of its own is on ("a statement
    condemning"; not "reports that Brown is preparing to ...": what the report says)."""
    if verb.dep_ != "acl" or verb.tag_ != "VBG":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in verb.children):
        return None
    return verb.head if syntax.named_in(verb.head, frames.message_heads) else None


def _named_owner(noun: Token) -> Token | None:
    """A name before a message noun is its author ("an EU statement", "a Kremlin note")."""
    return next(
        (
            c
            for c in noun.children
            if c.dep_ in ("compound", "amod") and c.i < noun.i and c.pos_ == "PROPN"
        ),
        None,
    )


def _antecedent(clause: Token, head: Token) -> Token:
    """The noun a relative clause describes: the one right before its relative pronoun when
    the parser hung the clause higher up ("an analysis by the FBI ... of the siege that
    killed 340 people" describes the siege, not the FBI)."""
    if clause.dep_ != "relcl" or clause.left_edge.i == 0:
        return head
    before = clause.doc[clause.left_edge.i - 1]
    if before.pos_ == "NOUN" and before.i > head.i and head.i in {t.i for t in before.ancestors}:
        return before
    return head


def _dated_aside(clause: Token) -> bool:
    """ "Mr Hague, who stepped down after his party's 2001 election defeat, ...": a clause set
    off by a comma that names a year describes its noun's past, it is not the news."""
    if clause.dep_ != "relcl":
        return False
    before = clause.doc[clause.left_edge.i - 1] if clause.left_edge.i > 0 else None
    if before is None or before.text != ",":
        return False
    return any(t.ent_type_ == "DATE" and syntax.is_year(t) for t in clause.subtree)


def _habitual_clause(clause: Token) -> bool:
    """A relative clause in the simple present ("gangs who attack convoys")."""
    return (
        clause.dep_ == "relcl" and clause.tag_ in ("VBP", "VBZ") and not syntax.aux_lemmas(clause)
    )


def _pluperfect_clause(clause: Token) -> bool:
    """A relative clause in the past perfect ("a student who had led protests")."""
    return (
        clause.dep_ == "relcl"
        and clause.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children)
    )


def _noun_clause_skip(  # noqa: PLR0911 - one return per kind of noun clause
    current: Token, head: Token, frames: Frames, actor_test: Any
) -> str | None:
    """A clause on a noun: "protesters who stormed" is an act; "a deal that allowed" is not.

    A participle on an order or decree states what it enacts when the document was put in
    force ("signed a decree calling up 160,000 men"), not when it was vetoed or debated; an
    infinitive on a noun is an intention ("volunteers to fight", "a request to fire").
    """
    if current.dep_ == "acl" and syntax.to_infinitive(current):
        # "took the opportunity to criticise France": the act was done on that occasion
        taken = head.dep_ == "dobj" and head.lemma_.lower() in frames.occasion_nouns
        return None if taken else "purpose"
    if _habitual_clause(current) or _pluperfect_clause(current):
        # "street gangs who attack food convoys": what they do; "a student who had led
        # protests": what was done before the news
        return "background"
    if current.dep_ == "acl" and message_author(current, frames) is not None:
        return None  # "issued a statement condemning the raid": the author's own words
    enacting = syntax.named_in(head, frames.enacting_heads)
    if enacting and current.dep_ == "acl":
        governor = head.head
        enacted = (
            head.dep_ in ("dobj", "nsubjpass") and governor.lemma_.lower() in frames.enacting_verbs
        )
        return None if enacted else "background"
    if _background_participle(current, head) or _grounds(current, head, frames):
        return "background"
    described = _described_people(current, head, frames)
    if described is not None:
        return described
    if _dated_aside(current):
        return "background"
    if current.dep_ == "relcl" and syntax.named_in(head, frames.attack_nouns):
        return "background"  # "an analysis of the siege that killed 340 people"
    if actor_test is not None and actor_test(head):
        return None
    if syntax.headline_participle(current):
        return None  # "Jakarta bombing blamed on Malaysian fugitives": a headline's news
    if current.dep_ == "relcl" and (head.ent_type_ or head.pos_ == "PRON"):
        return None
    first = current.left_edge
    if current.dep_ == "relcl" and first.dep_ == "prep" and first.i < current.i:
        return None  # "a prisoner swap in which Germany released a Russian": an act of its own
    if current.dep_ == "relcl" and any(c.lower_ in ("where", "when") for c in current.children):
        return None  # "state media channels, where broadcasters claimed ...": an act of its own
    return "background"


_LONG_AGO = frozenset({"year", "decade", "century", "month"})


def _historical(clause: Token) -> bool:
    """ "Two years after Russia launched its invasion": background from long ago."""
    if clause.dep_ not in ("advcl", "pcomp"):
        return False
    anchors = [c for c in clause.children if c.dep_ == "mark"]
    if clause.head.dep_ == "prep":
        anchors.append(clause.head)
    return any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in _LONG_AGO
        for a in [*anchors, clause]
        for c in a.children
    )


def _whole_clause_skipped(verb: Token, ctx: Context, frames: Frames) -> bool:
    """Whether the act is no event whatever governs it (``ctx.skip`` says why): the
    condition of a threat ("if NATO agrees to provide missiles"), or a judgement of it ("it
    was fair to criticise")."""
    if in_condition(verb, frames):
        ctx.skip = "condition"
    elif _extraposed(verb, frames):
        ctx.skip = "opinion"
    else:
        return False
    return True


def _extraposed(verb: Token, frames: Frames) -> bool:
    """ "it was fair to criticise the timing", "it would be a mistake to invade", "it is time
    to impose sanctions": an infinitive after an expletive "it" and a word of judgement
    (frames ``extraposed_judgements``) is an opinion about the act, not the act. "It was ready
    to resume talks" ("it" a country, "ready" no judgement) is not."""
    if not syntax.to_infinitive(verb):
        return False
    head = verb.head
    if (verb.dep_ == "xcomp" and head.pos_ == "ADJ") or verb.dep_ in ("relcl", "acl"):
        copula, judged = head.head, [head]  # "fair to criticise", "a mistake to invade"
    elif verb.dep_ == "xcomp" and head.lemma_ == "be":
        copula, judged = head, [c for c in head.children if c.dep_ in ("acomp", "attr")]
    else:
        return False
    subj = syntax.child(copula, "nsubj")
    return (
        copula.lemma_ == "be"
        and subj is not None
        and subj.lower_ == "it"
        and any(j.lemma_.lower() in frames.extraposed_judgements for j in judged)
    )


def _not_yet(clause: Token) -> bool:
    """A present-tense clause after "before"/"until": the act has not happened yet."""
    return (
        clause.dep_ == "advcl"
        and syntax.has_mark(clause, "before", "until", "till")
        and clause.tag_ in ("VBP", "VBZ")
    )


def _content_participle(current: Token, head: Token, frames: Frames) -> bool:
    """ "signed a free trade agreement ..., cutting tariffs": the agreement's content."""
    if (
        current.dep_ != "advcl"
        or current.tag_ != "VBG"
        or syntax.child(current, "mark") is not None
    ):
        return False
    if frames.category.get(current.lemma_.lower()) in ("evaluate", "report"):
        return False  # "suspended its partnership with Georgia, accusing ...": its own words
    obj = syntax.child(head, "dobj")
    return obj is not None and obj.lemma_.lower() in frames.content_heads


def in_condition(tok: Token, frames: Frames) -> bool:
    """True when ``tok`` lies inside an if/unless clause (at any depth)."""
    current = tok
    for _ in range(12):
        if _is_condition_clause(current, frames):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def analyse(  # noqa: PLR0912 - one branch per kind of link to the governor
    verb: Token, frames: Frames | None = None, actor_test: Any = None
) -> Context:
    """The ``Context`` of the act whose clause is headed by ``verb``.

    ``actor_test(token)`` tells whether a noun names an actor; clauses on actor nouns
    ("protesters who stormed parliament") are acts, clauses on other nouns are background.
    """
    frames = frames or load_frames()
    ctx = Context()
    _own_modality(verb, ctx, frames)
    if _whole_clause_skipped(verb, ctx, frames):
        return ctx
    current = verb
    for _ in range(10):
        head, dep = current.head, current.dep_
        if head.i == current.i:
            break
        if _is_condition_clause(current, frames):
            ctx.skip = "condition"
            break
        announcer = _take_announced(current, ctx, frames)
        if announcer is not None:
            current = announcer
            continue
        if _is_purpose(current, head, frames):
            ctx.skip = "purpose"
            break
        if dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            near = _antecedent(current, head)
            ctx.skip = ctx.skip or _noun_clause_skip(current, near, frames, actor_test)
            if ctx.skip or head.lemma_.lower() not in frames.enacting_heads:
                break
            current = head.head if head.dep_ in ("dobj", "nsubjpass") else head
            continue
        if _content_participle(current, head, frames):
            ctx.skip = "content"
            break
        if _historical(current):
            ctx.skip = "historical"
            break
        if _not_yet(current):
            ctx.hypothetical = True  # "before U.S. troops arrive": it has not happened
            break
        if dep in ("pcomp", "pobj") and current.tag_ == "VBG":
            prep = head if head.dep_ == "prep" else None
            if prep is not None and prep.lower_ in ("despite", "without", "instead", "against"):
                ctx.skip = "background"
                break
        if dep not in (*syntax.CLAUSE_LINKS, "pcomp", "pobj", "prep", "acomp", "oprd"):
            break
        if head.pos_ in ("VERB", "AUX", "ADJ") and not _apply_governor(
            head, dep, ctx, frames, current
        ):
            break
        current = head
    ctx.skip = ctx.skip or _framed_away(verb, ctx, frames)
    return ctx


def _framed_away(verb: Token, ctx: Context, frames: Frames) -> str | None:
    """Frames found after the walk: the grounds of a punishment, the content of a charge,
    a poll's finding."""
    if _within_grounds(verb, frames):
        return "background"
    if _charge_content(verb, frames):
        return "evaluated"
    if _poll_finding(verb, ctx, frames):
        return "poll"
    return None


def _poll_finding(verb: Token, ctx: Context, frames: Frames) -> bool:
    """What an opinion poll found, not what anyone did: "two-thirds of Britons support the
    decision, a poll suggests", "most voters want a ban, according to a survey"."""
    if ctx.report is not None and _poll_noun(syntax.subject(ctx.report), frames):
        return True
    for anchor in (verb, ctx.report):
        for prep in syntax.prep_objects(anchor, "to") if anchor is not None else ():
            if prep.head.head.lower_ == "according" and _poll_noun(prep, frames):
                return True
    subj = syntax.subject(verb)
    if subj is None or subj.lemma_.lower() not in frames.public_shares:
        return False
    public = [t for t in subj.subtree if t.i != subj.i and t.pos_ in ("NOUN", "PROPN")]
    return any(
        t.lemma_.lower() in frames.public_words
        or t.ent_type_ in ("NORP", "GPE")
        or t.tag_ == "NNPS"
        for t in public
    )


def _poll_noun(tok: Token | None, frames: Frames) -> bool:
    head = syntax.content_noun(tok) if tok is not None else None
    return head is not None and syntax.named_in(head, frames.poll_words)


def _charge_content(verb: Token, frames: Frames) -> bool:
    """The act is what someone is charged with or accused of, however deep: "charged eight
    suspects with conspiring to commit murder" (a frame such as "conspire" on the way stops
    the walk of ``analyse`` before it reaches the charge)."""
    current = verb
    for _ in range(8):
        head, dep = current.head, current.dep_
        if head.i == current.i or dep not in (*syntax.CLAUSE_LINKS, "pcomp", "pobj", "prep"):
            return False
        charge = frames.category.get(head.lemma_.lower()) == "evaluate"
        if charge and dep == "prep" and current.lower_ in ("with", "of", "for"):
            return True
        current = head
    return False


def nuclear_sentence(span: Any, frames: Frames | None = None) -> bool:
    """True when the sentence is about nuclear weapons (not civilian nuclear power)."""
    frames = frames or load_frames()
    lemmas = [t.lemma_.lower() for t in span]
    hits = [
        i for i, lemma in enumerate(lemmas) if lemma in frames.nuclear_words or "nuclear" in lemma
    ]
    if not hits:
        return False

    def civilian(i: int) -> bool:
        after = lemmas[i + 1 : i + 3]
        phrases = [*after, " ".join(after)]
        return any(p in frames.nuclear_civilian_context for p in phrases)

    weapon = any(lemma in frames.nuclear_weapon_context for lemma in lemmas)
    return weapon and not all(civilian(i) for i in hits)
