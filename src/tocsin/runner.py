"""``tocsin.analyze``: read sources, process new articles, store them, run finalizers.

A run is recorded when it starts and when it ends (``store/runs.py``); when an earlier run
never finished, or a finalizer's tables are stale, this run's finalizers rebuild them
(``finalize.py``), so a run killed at any point loses nothing for good.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tocsin.config import Settings, load_settings
from tocsin.finalize import recovery_plan, run_finalizers
from tocsin.ingest import IngestOptions, ReadProgress, read_sources
from tocsin.pipeline import (
    ProgressCallback,
    RunSummary,
    chunked,
    now,
    process_batches,
)
from tocsin.records import Article, Document, IngestError, stable_id
from tocsin.store import (
    Database,
    delete_derived,
    existing_article_ids,
    record_errors,
    write_documents,
)
from tocsin.store.runs import RunTotals, finish_run, mark_run, start_run


def ingest_options(settings: Settings, **overrides: Any) -> IngestOptions:
    """``IngestOptions`` from the ``[ingest]`` settings, with non-None ``overrides`` applied."""
    ing = settings.ingest
    base = IngestOptions(
        timeout_s=ing.timeout_s,
        max_redirects=ing.max_redirects,
        max_bytes=ing.max_bytes,
        user_agent=ing.user_agent,
        fetch_entries=None if ing.fetch_entries == "auto" else bool(ing.fetch_entries),
        min_chars=ing.min_chars,
        max_article_chars=ing.max_article_chars,
        allow_hosts=ing.allow_hosts,
        host_failures=ing.host_failures,
        network_failures=ing.network_failures,
    )
    return dataclasses.replace(base, **{k: v for k, v in overrides.items() if v is not None})


def analyze(
    sources: Sequence[str],
    *,
    db: str | Path | None = None,
    settings: Settings | None = None,
    config_file: str | Path | None = None,
    options: IngestOptions | None = None,
    workers: int | None = None,
    reprocess: bool = False,
    progress: ProgressCallback | None = None,
    engine: str | None = None,
    address: str | None = None,
) -> RunSummary:
    """Analyse ``sources`` (paths, directories, URLs, feeds, ``-``) into the database ``db``.

    Articles already stored are skipped (``reprocess=True`` re-analyses them instead), so
    re-running the same input adds nothing. Bad sources and records are recorded in
    ``ingest_errors`` and in the returned ``RunSummary``; the run goes on past them.
    Raises ``StoreError`` (S010 disk full, S011, S012 failed checkpoint) when the database
    cannot be written; what was committed before stays, and the next run completes it.
    ``workers`` (default ``nlp.workers``; 0 = one per core), ``engine`` and ``address``
    choose where batches are processed (``pipeline.process_batches``).
    """
    settings = settings or load_settings(config_file=config_file)
    with (
        Database(db or settings.store.path, memory_limit=settings.store.memory_limit) as database,
        database.releasing(),
    ):
        return analyze_into(
            database, sources, settings=settings, options=options, workers=workers,
            reprocess=reprocess, progress=progress, engine=engine, address=address,
        )  # fmt: skip


def analyze_into(
    database: Database,
    sources: Sequence[str],
    *,
    settings: Settings,
    options: IngestOptions | None = None,
    workers: int | None = None,
    reprocess: bool = False,
    progress: ProgressCallback | None = None,
    stop: Callable[[], bool] | None = None,
    skip_if_nothing_new: bool = False,
    engine: str | None = None,
    address: str | None = None,
) -> RunSummary:
    """``analyze`` on a database this process already holds open for writing (``tocsin
    watch`` polls through the server's own ``Database``).

    ``stop()`` is asked between batches; when it answers True the run ends early, runs the
    finalizers over what it stored and sets ``RunSummary.stopped``. With
    ``skip_if_nothing_new`` a run that stored nothing and met no error runs no finalizer
    and records no run (a poll that found nothing new), unless an earlier run left derived
    tables to rebuild (``finalize.recovery_plan``). Within ``database.releasing()``
    DuckDB's memory is handed back after each write of the run and each chunk of the
    ``stories`` finalizer, so that the process does not grow with the database
    (``analyze`` and the CLI run so; ``tocsin watch``, whose server reads the same
    connection all the time, does not).
    """
    opts = options or ingest_options(settings)
    summary = RunSummary(run_id=stable_id("run", dt.datetime.now(dt.UTC)), sources=list(sources))
    t0 = now()
    report = _reporter(summary, progress, t0)
    summary.reading = ReadProgress(on_change=report)
    new_ids: list[str] = []
    plan = recovery_plan(database, settings)
    summary.recovered_runs = list(plan.unfinished)
    record = _RunRecord(database, summary.run_id, summary.sources)
    if not skip_if_nothing_new or plan:
        record.start()
    summary.state = "reading"
    items = read_sources(
        sources, opts, on_skip=lambda path, why: summary.files_skipped.append((path, why)),
        known_url=None if reprocess else _stored_url(database), progress=summary.reading,
    )  # fmt: skip
    articles = _unique_articles(items, summary)
    batches = _new_batches(articles, database, settings, summary, reprocess=reprocess)
    pending = _Pending(settings.store.write_articles, settings.store.write_seconds)
    for batch in process_batches(
        batches, settings=settings, workers=workers, engine=engine, address=address
    ):
        summary.errors.extend(batch.errors)
        pending.add(batch.documents)
        stopping = stop is not None and stop()
        if pending.due() or stopping:
            _write(database, pending.take(), summary, record, new_ids)
        report()
        if stopping:
            summary.stopped = True
            break
    _write(database, pending.take(), summary, record, new_ids)
    if summary.errors:
        record.start()
    record_errors(database, summary.errors)
    if not record.started:  # a poll that found nothing new and had nothing to recover
        summary.seconds = now() - t0
        return summary
    mark_run(database, summary.run_id, "finalizing")

    def on_step(name: str) -> None:
        summary.state = f"finalizing: {name}"
        report()

    summary.finalizers = run_finalizers(
        database, settings, new_ids, run_id=summary.run_id, plan=plan, on_step=on_step
    )
    summary.rebuilt = [n for n in settings.pipeline.finalizers if plan.rebuilds(n)]
    summary.seconds = now() - t0
    summary.model = _model_name(settings)
    finish_run(database, summary.run_id, _totals(summary))
    summary.state = "done"
    return summary


def _write(
    database: Database,
    documents: list[Document],
    summary: RunSummary,
    record: _RunRecord,
    new_ids: list[str],
) -> None:
    """Store analysed ``documents`` in one transaction and count them in ``summary``."""
    if not documents:
        return
    record.start()
    stats = write_documents(database, documents)
    database.written()
    for table, count in stats.added.items():
        summary.added[table] = summary.added.get(table, 0) + count
    summary.articles_added += stats["articles"]
    new_ids.extend(d.article.id for d in documents)
    summary.words += sum(len(d.article.text.split()) for d in documents)
    summary.sentences += sum(len(d.sentences) for d in documents)
    summary.sentences_parsed += sum(s.parsed for d in documents for s in d.sentences)


@dataclasses.dataclass(slots=True)
class _Pending:
    """Analysed documents waiting to be written: a transaction has a fixed cost, so batches
    are written together once ``articles`` have come back or, when the next batch comes
    back, the oldest has waited ``seconds`` (``store.write_articles``,
    ``store.write_seconds``); what is left is written when the input ends."""

    articles: int
    seconds: float
    documents: list[Document] = dataclasses.field(default_factory=list)
    since: float | None = None

    def add(self, documents: list[Document]) -> None:
        if self.since is None:
            self.since = now()
        self.documents.extend(documents)

    def due(self) -> bool:
        waited = self.since is not None and now() - self.since >= self.seconds
        return len(self.documents) >= self.articles or waited

    def take(self) -> list[Document]:
        out, self.documents, self.since = self.documents, [], None
        return out


@dataclasses.dataclass(slots=True)
class _RunRecord:
    """The ``runs`` row of one run, written (status ``running``) before the run's first
    write, so that a run killed after it is found unfinished by the next one. A poll of
    ``tocsin watch`` that finds nothing new never calls ``start`` and leaves no row."""

    database: Database
    run_id: str
    sources: list[str]
    started: bool = False

    def start(self) -> None:
        """Record the run as ``running`` (once)."""
        if not self.started:
            started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            start_run(self.database, self.run_id, self.sources, started_at)
            self.started = True


def _stored_url(database: Database) -> Callable[[str], bool]:
    """Whether the article at a URL is stored (its id is the URL's; ``ingest/ids.py``)."""
    from tocsin.ingest.ids import article_id

    def stored(url: str) -> bool:
        return bool(existing_article_ids(database, [article_id(text="", url=url)]))

    return stored


def _reporter(
    summary: RunSummary, progress: ProgressCallback | None, t0: float
) -> Callable[[], None]:
    """A no-argument callback that refreshes ``summary.seconds`` and calls ``progress``."""

    def report() -> None:
        summary.seconds = now() - t0
        if progress is not None:
            progress(summary)

    return report


def _unique_articles(
    items: Iterable[Article | IngestError], summary: RunSummary
) -> Iterator[Article]:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, IngestError):
            summary.errors.append(item)
            continue
        summary.articles_read += 1
        if item.id in seen:
            summary.articles_skipped += 1
            continue
        seen.add(item.id)
        yield item


def _new_batches(
    articles: Iterable[Article],
    database: Database,
    settings: Settings,
    summary: RunSummary,
    *,
    reprocess: bool,
) -> Iterator[list[Article]]:
    for batch in chunked(articles, settings.pipeline.batch_articles):
        stored = existing_article_ids(database, (a.id for a in batch))
        if reprocess:
            delete_derived(database, stored)
        else:
            summary.articles_skipped += len(stored)
        fresh = batch if reprocess else [a for a in batch if a.id not in stored]
        if fresh:
            yield fresh


def _model_name(settings: Settings) -> str:
    from tocsin.nlp import resolve_model_name

    return resolve_model_name(settings.nlp.model)


def _totals(summary: RunSummary) -> RunTotals:
    return RunTotals(
        articles_read=summary.articles_read,
        articles_added=summary.articles_added,
        articles_skipped=summary.articles_skipped,
        events_added=summary.added.get("events", 0),
        errors=len(summary.errors),
        model=summary.model,
    )
