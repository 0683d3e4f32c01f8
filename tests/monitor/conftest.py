"""Hand-built events for the monitoring tests: one compact row per event."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from tocsin.records import Actor, Article, Document, Event
from tocsin.store import Database, write_documents


@dataclass(kw_only=True)
class Ev:
    """One event to store: ``day`` is the publication date; the article is created once."""

    day: dt.date
    source: str | None
    target: str | None
    type: str
    intensity: float | None = None
    article: str = ""
    story: str | None = None
    outlet: str | None = None
    sector: str | None = None
    event_date: dt.date | None = None
    negated: bool = False
    hypothetical: bool = False
    nuclear: bool = False
    goldstein: float | None = None
    sentence: int = 0
    extra: dict[str, object] = field(default_factory=dict)


_UNNAMED = itertools.count()


def store_events(db: Database, events: list[Ev]) -> None:
    """Write ``events``, one article per distinct ``article`` name (default: one per event)."""
    docs: dict[str, Document] = {}
    for ev in events:
        name = ev.article or f"art{next(_UNNAMED)}"
        if name not in docs:
            meta = {"story_id": ev.story} if ev.story else {}
            article = Article(
                id=name, text=f"text of {name}", source=f"{name}.txt", outlet=ev.outlet,
                published=ev.day, meta=meta,
            )  # fmt: skip
            docs[name] = Document(article=article)
        docs[name].events.append(
            Event(
                article_id=name,
                sentence_index=ev.sentence or len(docs[name].events),
                type=ev.type,
                source=Actor(code=ev.source, sector=ev.sector) if ev.source else None,
                target=Actor(code=ev.target) if ev.target else None,
                date=ev.day,
                event_date=ev.event_date,
                intensity=ev.intensity,
                goldstein=ev.goldstein,
                negated=ev.negated,
                hypothetical=ev.hypothetical,
                nuclear=ev.nuclear,
            )
        )
    write_documents(db, docs.values())


@pytest.fixture
def add_events(db: Database) -> Callable[[list[Ev]], None]:
    """Store events in the test database."""
    return lambda events: store_events(db, events)


def day(n: int, start: dt.date = dt.date(2025, 1, 1)) -> dt.date:
    """The ``n``-th day after ``start``."""
    return start + dt.timedelta(days=n)
