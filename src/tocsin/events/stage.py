"""Pipeline stage: PLOVER events from parsed sentences and resolved actors."""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from tocsin.config import Settings
from tocsin.events import syntax
from tocsin.events.calibration import Calibration, calibrate, load_calibration
from tocsin.events.coder import EventCoder
from tocsin.events.lexicon import load_lexicon
from tocsin.records import Document


@functools.lru_cache(maxsize=4)
def build_coder(settings: Settings) -> EventCoder:
    """One coder per process and settings (shared by the event and threat stages)."""
    from tocsin.actors import ActorResolver

    resolver = ActorResolver.from_settings(settings)
    return EventCoder(resolver, lexicon=load_lexicon(tuple(settings.extract.lexicon_files)))


class EventStage:
    """Codes events into ``doc.events`` (needs the actor stage's resolver and mentions)."""

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "sentences", "mentions")
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def __init__(
        self,
        coder: EventCoder,
        *,
        min_confidence: float = 0.0,
        calibration: Calibration | None = None,
    ) -> None:
        self.coder = coder
        self.min_confidence = min_confidence
        self.calibration = calibration

    @classmethod
    def from_settings(cls, settings: Settings) -> EventStage:
        """Build the coder with the packaged lexicon plus ``extract.lexicon_files``; with
        ``extract.calibrate``, the packaged real-news calibration of its confidence."""
        return cls(
            build_coder(settings),
            min_confidence=settings.extract.min_confidence,
            calibration=load_calibration() if settings.extract.calibrate else None,
        )

    def __call__(self, doc: Document) -> Document:
        """Add the document's events (those at or above the confidence threshold)."""
        events = self.coder.code(doc)
        if self.calibration is not None:
            events = calibrate(events, self.calibration)
        doc.events = [e for e in events if e.confidence >= self.min_confidence]
        link_weapons(doc)
        return doc


#: Event types for which the weapons of their sentence are worth keeping on the event.
WEAPON_TYPES = frozenset(
    {"AID", "ASSAULT", "MOBILIZE", "THREATEN", "COOPERATE", "SUPPORT", "REQUEST", "REJECT", "AGREE"}
)


def link_weapons(doc: Document) -> None:
    """Put on each event the weapon systems (or classes) named in its own clause.

    ``Event.weapons`` holds system ids ("storm_shadow") and, for unnamed classes, the class
    ("long-range missile"); the red-line ledger matches conditions against them. Only
    weapons inside the trigger's clause count: in "approved patrol boats and Javelins, and
    said it was studying a request for HIMARS" the approval carries no HIMARS.
    """
    from tocsin.nlp import parsed_sentences

    sentences = {ps.sentence.index: ps for ps in parsed_sentences(doc)}
    for ev in doc.events:
        if ev.type not in WEAPON_TYPES or ev.weapons:
            continue
        starts = _clause_starts(sentences.get(ev.sentence_index), ev.trigger_start)
        ev.weapons = sorted(
            {
                w.system or w.weapon_class or ""
                for w in doc.weapons
                if w.sentence_index == ev.sentence_index and w.start in starts
            }
            - {""}
        )


def _clause_starts(ps: Any, trigger_start: int | None) -> set[int]:
    """Article offsets of the tokens of the trigger's clause, without coordinated clauses."""
    if ps is None or trigger_start is None:
        return set()
    tok = ps.token_at(trigger_start)
    if tok is None:
        return {ps.offset + t.idx for t in ps.span}
    verb = syntax.clause_of(tok)
    return {ps.offset + t.idx for t in verb.subtree if not _in_other_clause(t, verb)}


def _in_other_clause(tok: Any, verb: Any) -> bool:
    """``tok`` belongs to a clause coordinated with ``verb`` ("..., and said it was ...")."""
    node = tok
    while node.i != verb.i:
        if (
            node.dep_ in ("conj", "parataxis")
            and node.head.i == verb.i
            and node.pos_ in ("VERB", "AUX")
        ):
            return True
        node = node.head
    return False
