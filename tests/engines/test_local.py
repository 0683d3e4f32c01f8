"""The local engine and what every engine shares (tocsin.engines)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tocsin.cli import app
from tocsin.config import Settings
from tocsin.engines import available_cores, in_order, worker_count
from tocsin.pipeline import chunked, process_batches
from tocsin.records import Article, Document
from tocsin.runner import analyze

STORIES = [
    "Russian forces fired missiles at Kyiv on Monday, Ukrainian officials said.",
    "The European Union condemned the attack and promised more aid to Ukraine.",
    "Iran warned Israel that any strike on its nuclear sites would mean war.",
    "Protesters in Nairobi clashed with police over rising food prices.",
    "China and Brazil signed a trade agreement in Beijing on Tuesday.",
]


def articles() -> list[Article]:
    return [Article(id=f"s{i}", text=t, source="test") for i, t in enumerate(STORIES)]


def processed(settings: Settings, *, workers: int, engine: str = "local") -> list[Document]:
    """The documents of ``articles()`` in batches of two, through ``process_batches``."""
    batches = process_batches(
        chunked(articles(), 2), settings=settings, workers=workers, engine=engine
    )
    return [d for batch in batches for d in batch.documents]


def test_workers_default_to_the_available_cores(settings: Settings) -> None:
    assert settings.nlp.workers == 0
    assert worker_count(0) == worker_count(None) == available_cores() >= 1
    assert worker_count(3) == 3


def test_results_come_in_input_order_with_a_bounded_number_in_flight() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for n in range(20):
            pulled.append(n)
            yield n

    out = []
    for result in in_order(source(), lambda n: lambda: n * 10, limit=3):
        assert len(pulled) - len(out) <= 3  # read ahead of what was handed on
        out.append(result)
    assert out == [n * 10 for n in range(20)]


@pytest.mark.slow
def test_worker_processes_give_the_same_documents_as_one_process(settings: Settings) -> None:
    small = settings.model_copy(
        update={"pipeline": settings.pipeline.model_copy(update={"batch_articles": 2})}
    )
    here = [
        d
        for b in process_batches(chunked(articles(), 2), settings=small, workers=1)
        for d in b.documents
    ]
    there = [
        d
        for b in process_batches(chunked(articles(), 2), settings=small, workers=2)
        for d in b.documents
    ]
    assert [d.article.id for d in there] == [d.article.id for d in here]
    assert [e.id for d in there for e in d.events] == [e.id for d in here for e in d.events]
    assert [e.id for d in here for e in d.events]


def test_analyze_reports_how_much_was_parsed(tmp_path: Path, settings: Settings) -> None:
    source = tmp_path / "news.txt"
    source.write_text(STORIES[0] + "\n\nThe weather was mild, with temperatures near 12 degrees.")
    summary = analyze([str(source)], db=tmp_path / "t.duckdb", settings=settings, workers=2)
    assert summary.sentences == 2
    assert summary.sentences_parsed == 1
    assert summary.parsed_share == 0.5


def test_an_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(STORIES[0])
    args = ["analyze", str(source), "--db", str(tmp_path / "t.duckdb"), "--engine", "spark"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "local, ray" in result.output
    assert not (tmp_path / "t.duckdb").exists()


def test_the_cli_prints_the_share_parsed(tmp_path: Path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(STORIES[0] + "\n\nThe weather was mild, with temperatures near 12 degrees.")
    args = ["analyze", str(source), "--db", str(tmp_path / "t.duckdb"), "-j", "1", "--quiet"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "parsed 1 of 2 sentences (50%" in result.output
