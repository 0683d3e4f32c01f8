"""``tocsin extract`` and ``tocsin eval``: events as PLOVER JSON records, and their scores.

Extraction runs the same ingest readers and the same pipeline stages as ``tocsin analyze``,
without a database: each input record's events are written with ``doc_id`` = the record's own
id (``--id-field``), the contract in DESIGN.md ("Contracts").
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tocsin.config import Settings, load_settings
from tocsin.ingest import read_sources
from tocsin.pipeline import chunked, process_batches
from tocsin.records import Article, Event, IngestError
from tocsin.runner import ingest_options


@dataclass(slots=True)
class ExtractSummary:
    """Counts of one extraction run."""

    records: int = 0
    events: int = 0
    errors: list[IngestError] = field(default_factory=list)


def _articles(items: Iterator[Article | IngestError], summary: ExtractSummary) -> Iterator[Article]:
    for item in items:
        if isinstance(item, IngestError):
            summary.errors.append(item)
        else:
            summary.records += 1
            yield item


def iter_events(
    source: str | Path,
    *,
    text_field: str = "text",
    date_field: str | None = None,
    id_field: str | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
    summary: ExtractSummary | None = None,
) -> Iterator[tuple[str, list[Event]]]:
    """Yield ``(doc_id, events)`` per input record of ``source`` (a JSONL/CSV file or ``-``).

    Bad records are skipped and appended to ``summary.errors``.
    """
    settings = settings or load_settings()
    summary = summary if summary is not None else ExtractSummary()
    # Sentence-level inputs are short: keep every record with any text at all.
    opts = ingest_options(settings, text_field=text_field, date_field=date_field, id_field=id_field)
    opts = dataclasses.replace(opts, min_chars=1, fetch_entries=False)
    articles = _articles(read_sources([str(source)], opts), summary)
    batches = chunked(articles, settings.pipeline.batch_articles)
    for batch in process_batches(
        batches, settings=settings, workers=workers or settings.nlp.workers
    ):
        summary.errors.extend(batch.errors)
        for doc in batch.documents:
            doc_id = doc.article.meta.get("record_id") or doc.article.id
            summary.events += len(doc.events)
            yield doc_id, doc.events


def extract(
    source: str | Path,
    out: TextIO,
    *,
    text_field: str = "text",
    date_field: str | None = None,
    id_field: str | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
) -> ExtractSummary:
    """Write one PLOVER JSON record per event of ``source`` to ``out``; return the counts."""
    summary = ExtractSummary()
    for doc_id, events in iter_events(
        source, text_field=text_field, date_field=date_field, id_field=id_field,
        settings=settings, workers=workers, summary=summary,
    ):  # fmt: skip
        for ev in events:
            out.write(json.dumps(ev.to_plover(doc_id=doc_id), ensure_ascii=False) + "\n")
    return summary


def evaluate_file(
    gold: str | Path,
    *,
    system: str | Path | None = None,
    settings: Settings | None = None,
    on_system: Callable[[list[dict[str, Any]]], None] | None = None,
) -> tuple[dict[str, Any], list[Any]]:
    """Score ``system`` (or tocsin's own extraction of the gold texts) against ``gold``.

    Returns the metrics dict and the scored sentences (for ``evaluate.errors``).
    """
    from tocsin import evaluate

    sentences = evaluate.load_gold(gold)
    if system is not None:
        records: list[dict[str, Any]] = list(evaluate.read_jsonl(system))
    else:
        records = [
            ev.to_plover(doc_id=doc_id)
            for doc_id, events in iter_events(
                gold, text_field="text", date_field="pub_date", id_field="id", settings=settings
            )
            for ev in events
        ]
    if on_system is not None:
        on_system(records)
    evaluate.attach_system(sentences, records)
    return evaluate.score(sentences), sentences


def check_gate(
    result: dict[str, Any], baseline: dict[str, float], *, tolerance: float
) -> list[str]:
    """Metrics below ``baseline - tolerance``, as messages (empty when the gate passes)."""
    failures = []
    for metric, pinned in baseline.items():
        value = float(result[metric]["f1"])
        if value < pinned - tolerance:
            failures.append(f"{metric} F1 {value:.3f} < baseline {pinned:.3f} - {tolerance:.3f}")
    return failures


def read_baseline(path: str | Path, name: str) -> dict[str, float]:
    """The pinned baseline for eval set ``name`` from a JSON file ``{name: {metric: f1}}``."""
    data = json.loads(Path(path).read_text("utf-8"))
    return {k: float(v) for k, v in data[name].items() if k in ("event", "type")}
