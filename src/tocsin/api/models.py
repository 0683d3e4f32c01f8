"""Response bodies of the REST API, as pydantic models (they make the OpenAPI schema).

Tables whose columns belong to other stages and still grow (threats, quotes, red lines) are
served as plain JSON objects (``Row``) so that a new column appears without an API change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")
#: A row of a table whose schema belongs to another stage.
Row = dict[str, Any]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ErrorBody(_Model):
    """Every 4xx/5xx answer: the error catalogue's code, message and fix."""

    code: str = Field(examples=["A002"])
    message: str
    fix: str
    errors: list[dict[str, Any]] | None = Field(
        None, description="For A003: each invalid parameter (location and reason)."
    )


class Page(_Model, Generic[T]):
    """One page of a collection: ``total`` rows match; ``items`` from ``offset``."""

    total: int
    limit: int
    offset: int
    items: list[T]


class ArticleSummary(_Model):
    """An article without its text."""

    id: str
    published: dt.date | None
    outlet: str | None
    title: str | None
    url: str | None
    source: str
    story_id: str | None
    chars: int


class Article(ArticleSummary):
    """One article with its full text and what was found in it."""

    text: str
    language: str | None = None
    meta: Any = None
    ingested_at: dt.datetime | None = None
    counts: dict[str, int] = Field(
        default_factory=dict, description="Sentences, mentions, events, quotes, threats."
    )


class Event(_Model):
    """One PLOVER event: the columns of ``tocsin export`` and ``TocsinDB.events`` (stored
    columns, docs/data.md, with the article's outlet and URL, corroboration and place)."""

    id: str
    day: dt.date | None = Field(
        None, description="The event date, else the publication date: what events sort by."
    )
    article_id: str
    sentence_idx: int
    date: dt.date | None
    event_date: dt.date | None
    source_code: str | None
    source_sector: str | None
    source_text: str | None
    type: str
    mode: str | None
    target_code: str | None
    target_sector: str | None
    target_text: str | None
    negated: bool
    hypothetical: bool
    nuclear: bool
    confidence: float
    intensity: float | None
    event_text: str | None
    text: str
    quad_class: int | None = None
    context: str | None = None
    cameo: str | None = None
    goldstein: float | None = None
    outlet: str | None = None
    url: str | None = None
    article_title: str | None = None
    num_articles: int | None = Field(None, description="Articles reporting its event group.")
    num_sources: int | None = Field(
        None, description="Independent outlets reporting its event group."
    )
    place_code: str | None = Field(
        None, description="Country of the place its sentence names (where it happened)."
    )
    place_text: str | None = None


class Span(_Model):
    """A highlighted span: offsets into ``EventDetail.sentence.text`` (``end`` exclusive)."""

    role: str = Field(description="source, target or trigger")
    start: int
    end: int
    text: str
    actor_code: str | None = None


class SentenceOut(_Model):
    """The sentence an event came from; ``start``/``end`` are offsets in the article."""

    index: int
    start: int
    end: int
    text: str


class ArticleRef(_Model):
    """Where an event was read, with the paragraph around its sentence."""

    id: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    excerpt: str = Field(description="The paragraph holding the sentence.")
    excerpt_start: int = Field(description="Offset of the excerpt in the article text.")


class EventDetail(_Model):
    """One event with its sentence, highlighted spans, article and corroboration."""

    event: dict[str, Any]
    sentence: SentenceOut
    spans: list[Span]
    article: ArticleRef | None
    group: dict[str, Any] | None = Field(
        None, description="Its event group: num_articles, num_sources, ... (docs/monitoring.md)"
    )


class DyadRow(_Model):
    """A dyad's totals over a window, with the window before (``tocsin dyads``)."""

    source: str
    target: str
    until: dt.date | None
    last_day: dt.date | None
    events: int
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    articles: int | None
    intensity_sum: float
    intensity_mean: float | None
    escalation: float
    previous_escalation: float
    change: float


class SeriesPoint(_Model):
    """One period of a dyad series (``tocsin series``)."""

    period: dt.date
    events: int
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    articles: int | None
    intensity_sum: float
    intensity_mean: float | None
    escalation: float


class Series(_Model):
    """The series of one dyad, oldest period first."""

    dyad: str
    source: str
    target: str
    undirected: bool
    freq: str
    items: list[SeriesPoint]


class Story(_Model):
    """A cluster of duplicate articles."""

    story_id: str
    articles: int
    outlets: int
    first_published: dt.date | None
    last_published: dt.date | None
    first_article_id: str
    title: str | None


class AlertOut(_Model):
    """A stored alert with its evidence (event ids)."""

    id: str
    rule: str
    kind: str
    severity: str
    date: dt.date | None
    source_code: str | None
    target_code: str | None
    value: float | None
    message: str
    reason: str | None = Field(None, description="Why it fired: its evidence in words.")
    confidence: float | None = Field(
        None, description="How sure it is (0..1): 1 - Π(1 - c) over its independent sources."
    )
    sources: int | None = Field(None, description="Independent sources behind it.")
    quoted: bool | None = Field(None, description="A direct quotation carries it.")
    evidence: list[str] | None
    created_at: dt.datetime
    delivery_status: str
    delivery_attempts: int
    delivered_at: dt.datetime | None
    delivery_error: str | None


class CountryActivity(_Model):
    """One actor's (or place's) activity over the map window."""

    code: str
    events: int
    conflict_events: int
    escalation: float
    intensity_mean: float | None
    places: list[str] | None = Field(None, description="Places named (by=place).")


class MapData(_Model):
    """Per-actor or per-place activity over ``days`` up to ``until`` (the world map)."""

    until: dt.date | None
    days: int
    by: str = Field("actor", description="actor: either side of the events; place: where.")
    items: list[CountryActivity]


class Marker(_Model):
    """Something to mark on a dyad's timeline: a threat, a red line stated or crossed, an
    alert (``TocsinDB.markers``)."""

    kind: str = Field(description="threat, redline_stated, redline_crossed or alert")
    date: dt.date
    id: str
    label: str | None
    event_id: str | None
    redline_id: str | None
    source_code: str | None
    target_code: str | None


class WatchStatus(_Model):
    """What ``tocsin watch`` is doing: its sources and schedule, the poll under way, the
    last poll and the next (``watching`` is false for a plain ``tocsin serve``)."""

    watching: bool
    sources: list[str] = Field(default_factory=list)
    interval_s: float | None = None
    state: str | None = Field(None, description="idle, polling or stopping")
    polls: int = 0
    started_at: dt.datetime | None = None
    current: dict[str, Any] | None = Field(None, description="Progress of the poll under way.")
    last_poll: dict[str, Any] | None = None
    last_new: dict[str, Any] | None = Field(None, description="The last poll that added articles.")
    next_poll_at: dt.datetime | None = None
    totals: dict[str, int] = Field(default_factory=dict)


class Stats(_Model):
    """Row counts, date range and server mode."""

    tables: dict[str, int]
    first_published: dt.date | None
    last_published: dt.date | None
    first_event: dt.date | None
    last_event: dt.date | None
    schema_version: int
    writable: bool


class SubmitIn(_Model):
    """An article to analyse: either its ``text`` (with optional metadata) or a ``url``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, min_length=1, max_length=1_000_000)
    url: str | None = Field(None, min_length=8, max_length=2048, pattern=r"^https?://")
    title: str | None = Field(None, max_length=300)
    outlet: str | None = Field(None, max_length=200)
    published: dt.date | None = None


class SubmitOut(_Model):
    """What a submission stored."""

    article_ids: list[str]
    added: dict[str, int]
    skipped: int = Field(description="Articles already stored (nothing re-analysed).")
    errors: list[dict[str, Any]]
