"""Pipeline stage: PLOVER events from parsed sentences and resolved actors."""

from __future__ import annotations

import functools
from typing import ClassVar

from tocsin.config import Settings
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

    def __init__(self, coder: EventCoder, *, min_confidence: float = 0.0) -> None:
        self.coder = coder
        self.min_confidence = min_confidence

    @classmethod
    def from_settings(cls, settings: Settings) -> EventStage:
        """Build the coder with the packaged lexicon plus ``extract.lexicon_files``."""
        return cls(build_coder(settings), min_confidence=settings.extract.min_confidence)

    def __call__(self, doc: Document) -> Document:
        """Add the document's events (those at or above the confidence threshold)."""
        events = self.coder.code(doc)
        doc.events = [e for e in events if e.confidence >= self.min_confidence]
        link_weapons(doc)
        return doc


#: Event types for which the weapons of their sentence are worth keeping on the event.
WEAPON_TYPES = frozenset(
    {"AID", "ASSAULT", "MOBILIZE", "THREATEN", "COOPERATE", "SUPPORT", "REQUEST", "REJECT", "AGREE"}
)


def link_weapons(doc: Document) -> None:
    """Put on each event the weapon systems (or classes) named in its sentence.

    ``Event.weapons`` holds system ids ("storm_shadow") and, for unnamed classes, the class
    ("long-range missile"); the red-line ledger matches conditions against them.
    """
    by_sentence: dict[int, list[str]] = {}
    for w in doc.weapons:
        name = w.system or w.weapon_class
        if name:
            by_sentence.setdefault(w.sentence_index, []).append(name)
    for ev in doc.events:
        if ev.type in WEAPON_TYPES and not ev.weapons:
            ev.weapons = sorted(set(by_sentence.get(ev.sentence_index, [])))
