"""``tocsin.analyze``: read sources, process new articles, store them, run finalizers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tocsin import __version__
from tocsin.config import Settings, load_settings
from tocsin.ingest import IngestOptions, read_sources
from tocsin.pipeline import (
    ProgressCallback,
    RunSummary,
    build_finalizers,
    chunked,
    now,
    process_batches,
)
from tocsin.records import Article, IngestError, stable_id
from tocsin.store import (
    Database,
    delete_derived,
    existing_article_ids,
    record_errors,
    write_documents,
)


def ingest_options(settings: Settings, **overrides: Any) -> IngestOptions:
    """``IngestOptions`` from the ``[ingest]`` settings, with non-None ``overrides`` applied."""
    ing = settings.ingest
    base = IngestOptions(
        timeout_s=ing.timeout_s,
        max_redirects=ing.max_redirects,
        max_bytes=ing.max_bytes,
        user_agent=ing.user_agent,
        fetch_entries=ing.fetch_entries,
        min_chars=ing.min_chars,
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
    ``workers`` (default ``nlp.workers``; 0 = one per core), ``engine`` and ``address``
    choose where batches are processed (``pipeline.process_batches``).
    """
    settings = settings or load_settings(config_file=config_file)
    opts = options or ingest_options(settings)
    summary = RunSummary(run_id=stable_id("run", dt.datetime.now(dt.UTC)), sources=list(sources))
    started, t0 = dt.datetime.now(dt.UTC).replace(tzinfo=None), now()
    new_ids: list[str] = []
    with Database(db or settings.store.path) as database:
        articles = _unique_articles(read_sources(sources, opts), summary)
        batches = _new_batches(articles, database, settings, summary, reprocess=reprocess)
        for docs in process_batches(
            batches, settings=settings, workers=workers, engine=engine, address=address
        ):
            stats = write_documents(database, docs)
            for table, count in stats.added.items():
                summary.added[table] = summary.added.get(table, 0) + count
            summary.articles_added += stats["articles"]
            new_ids.extend(d.article.id for d in docs)
            summary.words += sum(len(d.article.text.split()) for d in docs)
            summary.sentences += sum(len(d.sentences) for d in docs)
            summary.sentences_parsed += sum(s.parsed for d in docs for s in d.sentences)
            summary.seconds = now() - t0
            if progress:
                progress(summary)
        record_errors(database, summary.errors)
        for name, finalizer in build_finalizers(settings):
            summary.finalizers[name] = finalizer(database, settings, new_ids)
        summary.seconds = now() - t0
        summary.model = _model_name(settings)
        _record_run(database, summary, started)
    return summary


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


def _record_run(database: Database, summary: RunSummary, started: dt.datetime) -> None:
    with database.transaction() as con:
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                summary.run_id,
                started,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                summary.sources,
                summary.articles_read,
                summary.articles_added,
                summary.articles_skipped,
                summary.added.get("events", 0),
                len(summary.errors),
                __version__,
                summary.model,
            ],
        )
