"""Assemble the stages from settings and run them over articles, in batches, into the store.

The flow (docs/architecture.md): ingest → NLP (spaCy, batched) → stages (actors, events,
quotes, threats, weapons, dates, intensity, ...) → store (one writer) → finalizers (story
clusters, red-line ledger, alerts). A stage declares what it ``requires`` and ``assigns``
(names of ``Document`` fields); ``build_stages`` checks the chain before any article is read.

With ``workers > 1`` each worker process loads the model and stages once and parses whole
batches; the main process stays the only database writer.

An article that breaks the parser or a stage (a bug, a text nobody foresaw) fails alone:
``process_batches`` retries a failed batch one article at a time and reports the culprit
as an N010 error; the rest of the batch is stored.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from tocsin.config import Settings
from tocsin.errors import ConfigError, TocsinError
from tocsin.records import Article, Document, IngestError

if TYPE_CHECKING:
    from tocsin.minhash import DedupParams

#: Built-in stages and finalizers, registered exactly as a plugin registers its own
#: (entry point groups ``tocsin.stages`` and ``tocsin.finalizers``: ``name = module:attr``).
BUILTIN_STAGES: dict[str, str] = {
    "actors": "tocsin.actors.stage:ActorStage",
    "weapons": "tocsin.enrich.weapons:WeaponStage",
    "events": "tocsin.events.stage:EventStage",
    "rank": "tocsin.events.ranker:RankStage",
    "quotes": "tocsin.events.quotes:QuoteStage",
    "threats": "tocsin.events.threats:ThreatStage",
    "dates": "tocsin.enrich.dates:DateStage",
    "intensity": "tocsin.enrich.intensity:IntensityStage",
}
BUILTIN_FINALIZERS: dict[str, str] = {
    "stories": "tocsin.dedup:cluster_stories",
    "redlines": "tocsin.monitor.redlines:update_ledger",
    "alerts": "tocsin.monitor.alerts:evaluate_alerts",
}

#: Fields the NLP stage sets before any configured stage runs.
NLP_ASSIGNS: tuple[str, ...] = ("spacy_doc", "sentences")


class Stage(Protocol):
    """A per-document stage: built once from settings, called on every document."""

    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    assigns: ClassVar[tuple[str, ...]]

    def __call__(self, doc: Document) -> Document:
        """Add what this stage finds to ``doc`` and return it."""
        ...


class Finalizer(Protocol):
    """A step run once over the database after a run stored new articles."""

    def __call__(self, db: Any, settings: Settings, article_ids: Sequence[str]) -> dict[str, Any]:
        """Update derived tables; return a small summary for the run report."""
        ...


def register_stage(name: str, target: str) -> None:
    """Register a built-in stage factory ``module:attr`` under ``name``."""
    BUILTIN_STAGES[name] = target


def register_finalizer(name: str, target: str) -> None:
    """Register a built-in finalizer ``module:attr`` under ``name``."""
    BUILTIN_FINALIZERS[name] = target


def _resolve(name: str, builtin: dict[str, str], group: str) -> Any:
    target = builtin.get(name)
    if target is None:
        for ep in entry_points(group=group):
            if ep.name == name:
                return ep.load()
        known = sorted(set(builtin) | {ep.name for ep in entry_points(group=group)})
        raise ConfigError("C002", reason=f"unknown {group} entry {name!r} (known: {known})")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def build_stages(settings: Settings) -> list[Stage]:
    """Instantiate the configured stages and check their requires/assigns chain."""
    stages: list[Stage] = []
    available = set(NLP_ASSIGNS)
    for name in settings.pipeline.stages:
        factory = _resolve(name, BUILTIN_STAGES, "tocsin.stages")
        stage: Stage = factory.from_settings(settings)
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise ConfigError(
                "C002",
                reason=f"stage {name!r} requires {missing}, which no earlier stage assigns",
            )
        available.update(stage.assigns)
        stages.append(stage)
    return stages


def build_finalizers(settings: Settings) -> list[tuple[str, Finalizer]]:
    """Resolve the configured finalizers."""
    return [
        (name, _resolve(name, BUILTIN_FINALIZERS, "tocsin.finalizers"))
        for name in settings.pipeline.finalizers
    ]


class Processor:
    """NLP plus stages, built once per process: ``process(articles) -> documents``."""

    def __init__(self, settings: Settings) -> None:
        from tocsin.cascade import Cascade, ParseCache
        from tocsin.nlp import load_model
        from tocsin.parse_repairs import HeadlineRepair

        self.settings = settings
        self.nlp = load_model(settings.nlp.model)
        self.stages = build_stages(settings)
        enabled = settings.cascade.enabled
        self.cascade = Cascade.from_settings(settings, self.nlp) if enabled else None
        self.cache = ParseCache(settings.cascade.cache_texts)
        self.headline_repair = HeadlineRepair.from_settings(settings, self.nlp)
        self.dedup = _dedup_params(settings)

    def process(self, articles: Sequence[Article], *, keep_parse: bool = False) -> list[Document]:
        """Parse and run every stage on ``articles``, sign them for the ``stories`` finalizer
        (``tocsin.minhash.sign_documents``) when it will run; drop the spaCy parse unless asked."""
        from tocsin.nlp import parse_documents

        docs = [Document(article=a) for a in articles]
        parse_documents(
            docs,
            nlp=self.nlp,
            batch_size=self.settings.nlp.batch_size,
            max_chars=self.settings.nlp.max_chars,
            cascade=self.cascade,
            cache=self.cache,
            headline_repair=self.headline_repair,
        )
        for stage in self.stages:
            docs = [stage(d) for d in docs]
        if self.dedup is not None:
            from tocsin.minhash import sign_documents

            sign_documents(docs, self.dedup)
        if not keep_parse:
            for d in docs:
                d.spacy_doc = None
        return docs

    def process_isolated(self, articles: Sequence[Article]) -> ProcessedBatch:
        """``process`` that never raises for an article: when the batch fails, each article
        is processed alone and the ones that fail become N010 errors."""
        try:
            return ProcessedBatch(documents=self.process(articles))
        except Exception as exc:  # noqa: BLE001 - find the article at fault, below
            if len(articles) == 1:
                return ProcessedBatch(errors=[_analysis_error(articles[0], exc)])
        batch = ProcessedBatch()
        for article in articles:
            try:
                batch.documents.extend(self.process([article]))
            except Exception as exc:  # noqa: BLE001 - the article fails alone, the batch goes on
                batch.errors.append(_analysis_error(article, exc))
        return batch


def _dedup_params(settings: Settings) -> DedupParams | None:
    """The ``stories`` finalizer's parameters when it will run (documents are then signed
    where they are analysed), else None."""
    if "stories" not in settings.pipeline.finalizers:
        return None
    from tocsin.minhash import DedupParams

    return DedupParams.from_settings(settings)


@dataclass(slots=True)
class ProcessedBatch:
    """The documents of one processed batch, and the articles that could not be analysed."""

    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)


def _analysis_error(article: Article, exc: BaseException) -> IngestError:
    if isinstance(exc, RecursionError):
        reason = "nested too deeply to analyse"
    else:
        text = " ".join(str(exc).split())[:300]
        reason = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    err = TocsinError("N010", source=article.source, reason=reason)
    return IngestError(source=article.source, code=err.code, message=err.message)


def process_batches(
    batches: Iterable[list[Article]],
    *,
    settings: Settings,
    workers: int | None = None,
    engine: str | None = None,
    address: str | None = None,
) -> Iterator[ProcessedBatch]:
    """Yield processed batches in input order, with a bounded number in flight; an article
    that cannot be analysed is an N010 error of its batch (``ProcessedBatch``).

    ``engine`` (default ``pipeline.engine``): ``local`` runs here or in ``workers`` spawned
    processes (0 or None: one per available core), ``ray`` in one Ray actor per worker
    (``address``, default ``pipeline.ray_address``; see ``tocsin.engines``).
    """
    from tocsin.engines import worker_count

    if (engine or settings.pipeline.engine) == "ray":
        from tocsin.engines.ray import ray_batches

        wanted = workers or settings.nlp.workers or None
        where = settings.pipeline.ray_address if address is None else address
        yield from ray_batches(batches, settings=settings, workers=wanted, address=where)
        return
    from tocsin.engines.local import local_batches

    count = worker_count(workers or settings.nlp.workers)
    yield from local_batches(batches, settings=settings, workers=count)


# ---------------------------------------------------------------- a run
@dataclass(slots=True)
class RunSummary:
    """What one ``analyze`` run did; printed by the CLI, returned by the Python API."""

    run_id: str
    sources: list[str]
    articles_read: int = 0
    articles_added: int = 0
    articles_skipped: int = 0
    words: int = 0
    sentences: int = 0
    sentences_parsed: int = 0
    errors: list[IngestError] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    finalizers: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    model: str = ""
    #: Files a directory walk left out as not news: ``(path, reason)`` (ingest/skip.py).
    files_skipped: list[tuple[str, str]] = field(default_factory=list)
    #: True when the run was asked to stop (``tocsin watch`` on Ctrl-C) before the end.
    stopped: bool = False
    #: What the run is doing now ("reading", "finalizing stories", ...), for progress.
    state: str = ""
    #: Sources listed and read, pages fetched (``tocsin.ingest.ReadProgress``).
    reading: Any = None
    #: Runs found unfinished at the start (their derived tables were rebuilt) and the
    #: finalizers that rebuilt over every article.
    recovered_runs: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)

    @property
    def articles_per_s(self) -> float:
        """Articles processed (added) per second of wall time."""
        return self.articles_added / self.seconds if self.seconds else 0.0

    @property
    def parsed_share(self) -> float:
        """Share of the added articles' sentences that were parsed (the rest the cascade
        judged to hold nothing to code)."""
        return self.sentences_parsed / self.sentences if self.sentences else 0.0

    @property
    def words_per_s(self) -> float:
        """Words of added articles per second of wall time."""
        return self.words / self.seconds if self.seconds else 0.0


ProgressCallback = Callable[[RunSummary], None]


def chunked(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Group ``items`` into lists of ``size`` (the last one shorter)."""
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def now() -> float:
    """Monotonic seconds (one place to read the clock)."""
    return time.perf_counter()
