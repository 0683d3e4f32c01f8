"""Fixtures for the actor layer: one resolver per session, and a parse-and-annotate helper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tocsin.actors.resolver import ActorResolver
from tocsin.nlp import ParsedSentence, parse_documents, parsed_sentences
from tocsin.records import Actor, Article, Document

Annotated = Callable[..., Document]


@pytest.fixture(scope="session")
def resolver() -> ActorResolver:
    """The resolver over the packaged dictionaries."""
    return ActorResolver.from_files()


@pytest.fixture(scope="session")
def annotate(nlp: Any, resolver: ActorResolver) -> Annotated:
    """Parse ``text`` as one article published on ``date`` and annotate it."""

    def run(text: str, date: dt.date | None = dt.date(2025, 6, 1)) -> Document:
        doc = Document(article=Article(id="t", text=text, source="test", published=date))
        parse_documents([doc], nlp=nlp)
        resolver.annotate(doc)
        return doc

    return run


def find(doc: Document, word: str, nth: int = 0) -> tuple[Any, ParsedSentence]:
    """The ``nth`` token whose text is ``word``, with its sentence."""
    hits = [(t, ps) for ps in parsed_sentences(doc) for t in ps.span if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {doc.article.text!r}"
    return hits[nth]


def pairs(actors: list[Actor]) -> list[tuple[str | None, str | None]]:
    """``(code, sector)`` of each actor, in order."""
    return [(a.code, a.sector) for a in actors]
