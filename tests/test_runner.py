"""The run's writes: analysed batches are gathered into transactions of
``store.write_articles`` (or written after ``store.write_seconds``), and a run stopped early
writes what it holds first."""

from __future__ import annotations

import json
from pathlib import Path

from tocsin.config import Settings
from tocsin.pipeline import RunSummary
from tocsin.runner import analyze, analyze_into
from tocsin.store import Database

TEXTS = [
    "The foreign ministers of Veloria and Marenta met in Ostrava Nova on {day}.",
    "Protesters marched through the capital of Veloria on {day}, police said.",
    "Marenta's parliament approved a new budget on {day} after a long debate.",
]
DAYS = ("Monday", "Tuesday")


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "news.jsonl"
    rows = [
        {"id": f"a{n}", "text": text.format(day=day)}
        for n, (text, day) in enumerate((t, d) for d in DAYS for t in TEXTS)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def _settings(settings: Settings, *, batch: int, write: int, seconds: float) -> Settings:
    return settings.model_copy(
        update={
            "pipeline": settings.pipeline.model_copy(update={"batch_articles": batch}),
            "store": settings.store.model_copy(
                update={"write_articles": write, "write_seconds": seconds}
            ),
        }
    )


def _stored_counts(tmp_path: Path, settings: Settings) -> list[int]:
    """The run's stored-article count each time it reported progress (distinct, in order)."""
    seen: list[int] = []

    def progress(summary: RunSummary) -> None:
        if not seen or seen[-1] != summary.articles_added:
            seen.append(summary.articles_added)

    summary = analyze(
        [str(_corpus(tmp_path))], db=tmp_path / "t.duckdb", settings=settings,
        workers=1, progress=progress,
    )  # fmt: skip
    assert summary.articles_added == 6
    return seen


def test_batches_are_written_together_up_to_the_configured_articles(
    tmp_path: Path, settings: Settings
) -> None:
    quiet = _settings(settings, batch=2, write=4, seconds=3600.0)
    assert _stored_counts(tmp_path, quiet) == [0, 4, 6]


def test_a_batch_never_waits_longer_than_the_configured_seconds(
    tmp_path: Path, settings: Settings
) -> None:
    eager = _settings(settings, batch=2, write=100, seconds=0.0)
    assert _stored_counts(tmp_path, eager) == [0, 2, 4, 6]


def test_a_stopped_run_writes_what_it_holds_first(tmp_path: Path, settings: Settings) -> None:
    held = _settings(settings, batch=2, write=100, seconds=3600.0)
    with Database(tmp_path / "s.duckdb") as database:
        summary = analyze_into(
            database, [str(_corpus(tmp_path))], settings=held, workers=1, stop=lambda: True
        )
        stored = database.count("articles")
    assert summary.stopped
    assert summary.articles_added == stored == 2
