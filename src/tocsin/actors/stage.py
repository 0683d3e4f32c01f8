"""The ``actors`` pipeline stage: actor mentions for every parsed sentence.

Runs after the NLP stage; fills ``Document.mentions`` (with within-article coreference)
and leaves per-token results on the spaCy docs for the event coder's ``actors_for``.
"""

from __future__ import annotations

from typing import ClassVar

from tocsin.actors.resolver import ActorResolver
from tocsin.config import Settings
from tocsin.records import Document


class ActorStage:
    """Resolve actor mentions with ``ActorResolver`` (built once per process)."""

    name: ClassVar[str] = "actors"
    requires: ClassVar[tuple[str, ...]] = ("spacy_doc", "sentences")
    assigns: ClassVar[tuple[str, ...]] = ("mentions",)

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver

    @classmethod
    def from_settings(cls, settings: Settings) -> ActorStage:
        """Build the stage; the resolver loads packaged and ``extract.actor_files`` data once.

        Raises ``DataFileError`` when an actor file is invalid.
        """
        return cls(ActorResolver.from_settings(settings))

    def __call__(self, doc: Document) -> Document:
        """Fill ``doc.mentions`` and return ``doc``."""
        self.resolver.annotate(doc)
        return doc
