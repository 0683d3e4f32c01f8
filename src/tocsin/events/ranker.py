"""The learned event ranker: rules and a trained model decide together which events stand.

The rule coder (``events.coder``) proposes events; ``events.candidates`` turns every pair of
actors of every sentence into a candidate whose features include what the rules proposed.
A logistic model per PLOVER type (``tocsin/models/events``, trained by ``make train`` on
coded real-news passages) scores each candidate; a candidate whose calibrated score clears
the model's threshold becomes an event, and its score is the event's ``confidence``: the
share of events at that score that were right on held-out training data (see the model card
and docs/eval.md for the reliability table).

Events the rules proposed keep their trigger, mode and flags; events only the model found
are anchored on the word where source and target meet in the parse, with flags from that
clause's modality (``events.context``).
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, ClassVar

from tocsin.config import Settings
from tocsin.errors import DataFileError
from tocsin.events import syntax
from tocsin.events.arguments import VICTIM_TYPES
from tocsin.events.candidates import Candidate, candidates, pair_keys
from tocsin.events.coder import EventCoder, years_ago
from tocsin.events.context import analyse, load_frames, sports_report
from tocsin.events.modes import assault_mode, mode_from_words
from tocsin.nlp import parsed_sentences
from tocsin.records import Actor, Document, Event

#: Types whose pair is unordered (as ``tocsin eval`` scores them).
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
#: What a type's events are: the rules' alone, or the rules' and the model's additions.
POLICIES = frozenset({"rules", "both"})
#: A place is where, not who: the model adds no event with a capital or place as its source
#: ("Briton, two Americans kidnapped in Baghdad"); the rules code capitals that speak.
PLACE_KINDS = frozenset({"capital", "place"})
Key = tuple[str | None, str | None]  # a candidate's (source code, target code)
#: Feature kinds that name a type ("rule=ASSAULT"): for a row of type T they are also
#: given as "<kind>_this" when they name T, so evidence is learned across types.
CUE_KINDS = ("rule", "rulef", "rules", "rulea", "lex", "lexa", "lexr", "lexra", "lexrs", "lexrt")
#: Features shared by all types as they are (how the pair and the clause stand).
GENERIC = (
    "ctx_", "kind=", "sidx=", "sdep=", "tdep=", "skind=", "tkind=", "ssec=", "tsec=",
    "pair_sec=", "same_code", "tnone", "s_first", "t_first", "lcapos=", "same_gov", "path=",
    "adep=", "atag=", "aaux=", "aneg", "ahedge", "aback", "ayear", "quoted", "keyn=",
    "key_head", "src_head",
)  # fmt: skip


def may_add(features: dict[str, float], type_: str) -> bool:
    """Whether the model may add an event of ``type_`` to this candidate's sentence: only
    where the rules coded none of that type (where they did, plain wire copy shows the
    rules right and the model's extra pairs wrong). Pairs of one country stay: the score
    key has no sector, and coded real news holds many ("Tory MPs attacked the government")."""
    return not (features.get(f"rulea={type_}") or features.get("rulea_this"))


def cue_types(features: dict[str, float], only: Callable[[str], bool] | None = None) -> list[str]:
    """The types, in order, that the candidate has a cue for (those ``only`` accepts)."""
    types = {
        value
        for kind, eq, value in (k.partition("=") for k in features)
        if eq and kind in CUE_KINDS and value in PLOVER_TYPES
    }
    return sorted(t for t in types if only is None or only(t))


def type_rows(
    features: dict[str, float], only: Callable[[str], bool] | None = None
) -> dict[str, dict[str, float]]:
    """One feature row per type the candidate has any cue for (a rule event, a lexicon
    sense or word of that type; those ``only`` accepts): generic features, "<kind>_this"
    cues, and every feature conjoined with the type ("ACCUSE|a=criticise")."""
    rows: dict[str, dict[str, float]] = {}
    for t in cue_types(features, only):
        row = {f"type={t}": 1.0}
        for k, v in features.items():
            kind, _, value = k.partition("=")
            if kind in CUE_KINDS and value == t:
                row[f"{kind}_this"] = v
            if k.startswith(GENERIC):
                row[k] = v
            row[f"{t}|{k}"] = v
        rows[t] = row
    return rows


@dataclass(frozen=True, slots=True)
class TypeModel:
    """One logistic model over (candidate, type) rows: weights by row feature."""

    bias: float
    weights: dict[str, float]
    _by_type: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # "ACCUSE|a=criticise" under "ACCUSE", then "a=criticise": what ``type_score``
        # looks up instead of building each row's conjoined names
        by_type: dict[str, dict[str, float]] = {}
        for name, w in self.weights.items():
            t, bar, rest = name.partition("|")
            if bar:
                by_type.setdefault(t, {})[rest] = w
        object.__setattr__(self, "_by_type", by_type)

    def score(self, features: dict[str, float]) -> float:
        """The probability of a row built by ``type_rows``."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return _sigmoid(z)

    def type_score(self, features: dict[str, float], type_: str) -> float:
        """``score(type_rows(features)[type_])`` without building the row: the same terms
        added in the row's order (a term of weight 0 adds nothing), so the same float."""
        weights, conj = self.weights, self._by_type.get(type_, {})
        total = 0.0
        w = weights.get(f"type={type_}", 0.0)
        if w:
            total += w
        for k, v in features.items():
            kind, _, value = k.partition("=")
            if value == type_ and kind in CUE_KINDS:
                w = weights.get(f"{kind}_this", 0.0)
                if w:
                    total += w * v
            if k.startswith(GENERIC):
                w = weights.get(k, 0.0)
                if w:
                    total += w * v
            w = conj.get(k, 0.0)
            if w:
                total += w * v
        return _sigmoid(self.bias + total)


def _sigmoid(z: float) -> float:
    import math

    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


@dataclass(frozen=True, slots=True)
class EventModel:
    """The packaged ranker: one logistic model over (candidate, type) rows, the decision
    threshold, and the calibration table."""

    model: TypeModel
    threshold: float
    calibration: tuple[tuple[float, float], ...]
    policy: dict[str, str]  # type → "rules" (the rules' events only) or "both" (and the model's)

    def scores(
        self, features: dict[str, float], only: Callable[[str], bool] | None = None
    ) -> dict[str, float]:
        """The score of each type the candidate has a cue for (those ``only`` accepts)."""
        return {t: self.model.type_score(features, t) for t in cue_types(features, only)}

    def decides(self, features: dict[str, float], type_: str) -> bool:
        """Whether a candidate's score for ``type_`` can change anything: a type the model
        adds to, in a sentence where the rules coded none of it."""
        return self.policy.get(type_) == "both" and may_add(features, type_)

    def calibrated(self, score: float) -> float:
        """The observed precision at ``score`` (linear between calibration points)."""
        xs = [x for x, _ in self.calibration]
        if not xs:
            return score
        i = bisect.bisect_left(xs, score)
        if i == 0:
            return self.calibration[0][1]
        if i >= len(xs):
            return self.calibration[-1][1]
        (x0, y0), (x1, y1) = self.calibration[i - 1], self.calibration[i]
        return y0 + (y1 - y0) * (score - x0) / (x1 - x0) if x1 > x0 else y1


@functools.lru_cache(maxsize=1)
def load_event_model() -> EventModel | None:
    """The packaged model (``tocsin/models/events/weights.json.gz``), or None when absent."""
    path = resources.files("tocsin.models").joinpath("events/weights.json.gz")
    if not path.is_file():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    policies = set((data.get("policy") or {}).values())
    if not policies <= POLICIES:
        raise DataFileError(
            "D001",
            path="tocsin/models/events/weights.json.gz",
            reason=f"policy {sorted(policies - POLICIES)} is not one of {sorted(POLICIES)}",
        )
    return EventModel(
        model=TypeModel(
            float(data["bias"]), {str(k): float(v) for k, v in data["weights"].items()}
        ),
        threshold=float(data["threshold"]),
        calibration=tuple((float(x), float(y)) for x, y in data.get("calibration") or []),
        policy={str(k): str(v) for k, v in (data.get("policy") or {}).items()},
    )


class CandidateBuilder:
    """Candidates of a parsed document whose rule events are already coded."""

    def __init__(self, coder: EventCoder) -> None:
        self.coder = coder

    @classmethod
    def from_settings(cls, settings: Settings) -> CandidateBuilder:
        from tocsin.events.stage import build_coder

        return cls(build_coder(settings))

    def candidates(self, doc: Document, addable: frozenset[str] | None = None) -> list[Candidate]:
        """Every candidate of ``doc`` (its rule events in ``doc.events``), with what the
        whole article says of its pair: in how many sentences the pair stands, whether the
        headline names it, whether the headline names the source.

        With ``addable`` (the types the model may add), a sentence is skipped when it has no
        cue of such a type that the rules left uncoded there: no candidate of it could
        change the output."""
        found: list[Candidate] = []
        skipped: list[tuple[Key, int, str]] = []  # still counted by the article features
        for ps in parsed_sentences(doc):
            triggers = self.coder.triggers(ps, doc)
            if addable is not None and not self._may_add_to(ps, doc, triggers, addable):
                where = (ps.sentence.index, ps.sentence.kind)
                skipped += [(k, *where) for k in pair_keys(ps, doc.mentions)]
                continue
            found += candidates(
                ps, doc.mentions, frames=self.coder.frames, lexicon=self.coder.lexicon,
                triggers=triggers, rule_events=doc.events,
            )  # fmt: skip
        _article_features(found, skipped)
        return found

    def _may_add_to(
        self, ps: Any, doc: Document, triggers: list[Any], addable: frozenset[str]
    ) -> bool:
        """Whether the sentence has a cue (a rule event, a lexicon sense, a word's loose
        type) of an ``addable`` type of which the rules coded no event in it."""
        coded = {
            e.type for e in doc.events
            if e.sentence_index == ps.sentence.index and e.source is not None
        }  # fmt: skip
        wanted = addable - coded
        if not wanted:
            return False
        if {t.entry.type for t in triggers} & wanted:
            return True
        lexicon = self.coder.lexicon
        return any(lexicon.loose_types(tok.lemma_.lower()) & wanted for tok in ps.span)

    def flagged(self, cand: Candidate, type_: str) -> bool:
        """Whether an event of ``type_`` read from ``cand`` would be negated/hypothetical."""
        rule = cand.rules.get(type_)
        if rule is not None:
            return rule.negated or rule.hypothetical
        neg, hyp = self.modality(cand)
        return neg or hyp

    def modality(self, cand: Candidate) -> tuple[bool, bool]:
        """(negated, hypothetical) of the clause the candidate is read from."""
        ctx = analyse(cand.anchor, self.coder.frames)
        return ctx.negated, ctx.hypothetical or ctx.possible


def _article_features(found: list[Candidate], skipped: list[tuple[Key, int, str]]) -> None:
    sentences: dict[Key, set[int]] = {}
    in_headline: set[Key] = set()
    headline_codes: set[str | None] = set()
    pairs = [(c.key, c.ps.sentence.index, c.ps.sentence.kind) for c in found]
    for key, index, kind in [*pairs, *skipped]:
        sentences.setdefault(key, set()).add(index)
        if kind == "headline":
            in_headline.add(key)
            headline_codes.update(key)
    for c in found:
        c.features[f"keyn={min(len(sentences[c.key]), 3)}"] = 1.0
        if c.key in in_headline:
            c.features["key_head"] = 1.0
        if c.key[0] in headline_codes:
            c.features["src_head"] = 1.0


class RankStage:
    """Replaces ``doc.events`` with the events the ranker accepts (rules + model)."""

    name: ClassVar[str] = "rank"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "sentences", "mentions", "events")
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def __init__(self, builder: CandidateBuilder, model: EventModel | None) -> None:
        self.builder = builder
        self.model = model

    @classmethod
    def from_settings(cls, settings: Settings) -> RankStage:
        return cls(CandidateBuilder.from_settings(settings), load_event_model())

    def __call__(self, doc: Document) -> Document:
        """Add the model's events to the rules' for each type whose policy is ``both`` (the
        rules' events always stand, with the rules' confidence)."""
        model = self.model
        if model is None or sports_report(doc.article.text, self.builder.coder.frames):
            return doc  # no packaged model, or a match report: the rules' events stand
        scored: dict[tuple[Any, ...], tuple[float, Candidate]] = {}
        addable = frozenset(t for t, p in model.policy.items() if p == "both")
        for cand in self.builder.candidates(doc, addable):
            decides = functools.partial(model.decides, cand.features)
            for type_, score in model.scores(cand.features, decides).items():
                key = (cand.ps.sentence.index, *_key(cand, type_))
                if key not in scored or score > scored[key][0]:
                    scored[key] = (score, cand)
        # the rules' events all stand, each with its own confidence (its sense's real-news
        # precision, set by the events stage), two of one key included ("sanctions and a
        # travel ban"): the model adds events, it does not re-score or merge the rules'
        coded = {_event_key(ev) for ev in doc.events}
        added: list[Event] = []
        for key, (score, cand) in scored.items():
            type_ = key[1]
            if key in coded or score < model.threshold or model.policy.get(type_) != "both":
                continue
            if (
                may_add(cand.features, type_)
                and not barred_source(cand, type_)
                and not _background(cand, doc)
            ):
                added.append(self._event(doc, cand, type_, score))
        events = sorted([*doc.events, *added], key=lambda ev: _order(_event_key(ev)))
        doc.events = _drop_untargeted(events)
        return doc

    def _event(self, doc: Document, cand: Candidate, type_: str, score: float) -> Event:
        assert self.model is not None
        confidence = round(self.model.calibrated(score), 3)
        rule = cand.rules.get(type_)
        source = _actor(cand.source.actor)
        target = _actor(cand.target.actor) if cand.target else None
        if rule is not None:
            return Event(
                article_id=rule.article_id, sentence_index=rule.sentence_index, type=type_,
                source=source, target=target, mode=rule.mode, negated=rule.negated,
                hypothetical=rule.hypothetical, nuclear=rule.nuclear, date=rule.date,
                text=rule.text, event_text=rule.event_text, trigger_start=rule.trigger_start,
                trigger_end=rule.trigger_end, confidence=confidence, cameo=rule.cameo,
                weapons=list(rule.weapons), rule=f"{rule.rule}+model",
            )  # fmt: skip
        negated, hypothetical = self.builder.modality(cand)
        anchor, ps = cand.anchor, cand.ps
        start = ps.offset + anchor.idx
        return Event(
            article_id=doc.article.id, sentence_index=ps.sentence.index, type=type_,
            source=source, target=target, mode=_mode(type_, anchor),
            negated=negated, hypothetical=hypothetical,
            nuclear=any(e.nuclear for e in doc.events if e.sentence_index == ps.sentence.index),
            date=doc.article.published, text=ps.sentence.text,
            event_text=doc.article.text[start : start + len(anchor.text)],
            trigger_start=start, trigger_end=start + len(anchor.text), confidence=confidence,
            rule="model",
        )  # fmt: skip


def barred_source(cand: Candidate, type_: str) -> bool:
    """A pair the model may not add an event for: a place as the source ("Briton, two
    Americans kidnapped in Baghdad"); for an attack or arrest, the victim of one as the
    source ("the bombings killed two Iraqi policemen and injured scores": the policemen
    attacked nobody; "two Americans and a Briton were abducted": the Briton abducted no
    one), or a victim whose attacker the sentence does not name as the target ("two
    Americans were abducted ..., the interior ministry said": the ministry only reports
    it; conventions §5.3 code no unnamed kidnapper), or the owner of a force of nature or
    of a war ("Sudan's war has killed tens of thousands": no perpetrator, as the rules read
    it)."""
    if cand.source.actor.kind in PLACE_KINDS:
        return True
    if type_ not in VICTIM_TYPES:
        return False
    if _patient(cand.source.head, agentless=False) or _owns_non_agent(cand.source.head):
        return True
    return cand.target is not None and _patient(cand.target.head, agentless=True)


def _background(cand: Candidate, doc: Document) -> bool:
    """What the rules read as no event of the day: an act dated months or years back
    ("MPs grilled the minister three months ago"), or one done to "it", which in an object
    is a thing more often than a state ("ratified the pact and sent it on to Putin")."""
    if years_ago(cand.anchor, doc.article.published):
        return True
    target = cand.target.head if cand.target is not None else None
    return target is not None and target.lower_ == "it" and target.dep_ in ("dobj", "pobj")


def _owns_non_agent(head: Any) -> bool:
    """ "Sudan's war", "the country's violence": a non-agent (frames.yaml) or its owner."""
    non_agents = load_frames().non_agents
    if head.dep_ == "poss":
        head = head.head
    return head.lemma_.lower() in non_agents


def _patient(head: Any, *, agentless: bool) -> bool:
    """Whether ``head`` (or the list it is part of) is what an attack or arrest was done to;
    with ``agentless``, only when the passive names no doer ("were abducted" with no "by")."""
    head = syntax.first_conjunct(head)
    verb = head.head
    if head.dep_ not in ("dobj", "nsubjpass") or verb.lemma_.lower() not in syntax.TRANSITIVE_ONLY:
        return False
    if not agentless:
        return True
    return head.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in verb.children)


def _actor(a: Actor) -> Actor:
    return Actor(code=a.code, sector=a.sector, entity_text=a.entity_text, name=a.name,
                 kind=a.kind, confidence=a.confidence)  # fmt: skip


def _key(cand: Candidate, type_: str) -> tuple[str, str | None, str | None]:
    s, t = cand.key
    return type_, s, t


def _event_key(ev: Event) -> tuple[Any, ...]:
    """The (sentence, type, source, target) of a rule event, as candidates are keyed."""
    return (
        ev.sentence_index, ev.type, ev.source.code if ev.source else None,
        ev.target.code if ev.target else None,
    )  # fmt: skip


def _order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    return key[0], str(key[1]), str(key[2]), str(key[3])


def _mode(type_: str, anchor: Any) -> str | None:
    from tocsin.events.modes import load_modes

    modes = load_modes()
    if type_ == "ASSAULT":
        return assault_mode([anchor], anchor.subtree, None, modes)
    if type_ in ("THREATEN", "REQUEST", "REJECT", "PROTEST", "COERCE", "MOBILIZE", "ACCUSE"):
        return mode_from_words(type_, anchor.subtree, modes)
    return None


def _drop_untargeted(events: list[Event]) -> list[Event]:
    """An event without a recipient gives way to the same source and type with one, in the
    same sentence ("X accused Y" and "X accused")."""
    targeted = {
        (e.sentence_index, e.source.code if e.source else None, e.type)
        for e in events
        if e.target is not None
    }
    return [
        e
        for e in events
        if e.target is not None
        or (e.sentence_index, e.source.code if e.source else None, e.type) not in targeted
    ]
