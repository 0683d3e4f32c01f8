"""Analyse a submitted article (text or URL) inside the server, which owns the database.

The same steps as ``tocsin.analyze`` (ingest → NLP and stages → store → finalizers) but on
the server's open ``Database``: DuckDB allows one writer, and the server is it. The model
and stages are built once, on the first submission, and reused.
"""

from __future__ import annotations

import functools
from typing import Any

from tocsin.api.context import ApiContext
from tocsin.api.errors import RecordedError
from tocsin.api.models import SubmitIn
from tocsin.config import Settings
from tocsin.errors import TocsinError
from tocsin.finalize import run_finalizers
from tocsin.ingest import read_sources
from tocsin.ingest.article import build_article
from tocsin.pipeline import Processor
from tocsin.records import Article, IngestError
from tocsin.runner import ingest_options
from tocsin.store import existing_article_ids, record_errors, write_documents

#: ``Article.source`` of pasted texts (URLs keep their URL).
SUBMITTED_SOURCE = "api"


def submit(ctx: ApiContext, body: SubmitIn) -> dict[str, Any]:
    """Read, analyse and store ``body``; return the ``SubmitOut`` body.

    Raises ``TocsinError``: the ingest error (I0xx) when nothing could be read.
    """
    articles, errors = _read(ctx.settings, body)
    if not articles:
        raise errors[0] if errors else TocsinError("I004", source=body.url or SUBMITTED_SOURCE)
    with ctx.write_lock:
        stored = existing_article_ids(ctx.database, (a.id for a in articles))
        fresh = [a for a in articles if a.id not in stored]
        added: dict[str, int] = {}
        if fresh:
            docs = _processor(ctx.settings).process(fresh)
            added = dict(write_documents(ctx.database, docs).added)
            # Recorded like a run's, so the next run does not take the tables for stale.
            run_finalizers(ctx.database, ctx.settings, [a.id for a in fresh], run_id="api")
        record_errors(ctx.database, [_as_record(e, body) for e in errors])
    return {
        "article_ids": [a.id for a in articles],
        "added": added,
        "skipped": len(stored),
        "errors": [e.to_dict() for e in errors],
    }


def _read(settings: Settings, body: SubmitIn) -> tuple[list[Article], list[TocsinError]]:
    """The articles in ``body`` and the errors met reading it."""
    options = ingest_options(settings)
    if body.text is not None:
        article = build_article(
            text=body.text, source=SUBMITTED_SOURCE, options=options, title=body.title,
            outlet=body.outlet, published=body.published,
        )  # fmt: skip
        return [article], []
    assert body.url is not None
    articles: list[Article] = []
    errors: list[TocsinError] = []
    for item in read_sources([body.url], options):
        if isinstance(item, IngestError):
            errors.append(RecordedError(item.code, item.message))
        else:
            articles.append(item)
    return articles, errors


def _as_record(exc: TocsinError, body: SubmitIn) -> IngestError:
    return IngestError(source=body.url or SUBMITTED_SOURCE, code=exc.code, message=exc.message)


@functools.cache
def _processor(settings: Settings) -> Processor:
    """The NLP model and stages, built once per settings (settings are frozen, hashable)."""
    return Processor(settings)
