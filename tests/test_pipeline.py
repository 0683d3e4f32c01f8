"""The pipeline's failure isolation: an article that breaks a stage fails alone (N010);
the rest of its batch is analysed and stored, and the run goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from tocsin.config import Settings
from tocsin.pipeline import BUILTIN_STAGES, Processor, process_batches, register_stage
from tocsin.records import Article, Document
from tocsin.runner import analyze
from tocsin.store import Database

TEXT = "The foreign ministers of Veloria and Marenta met in Ostrava Nova on Tuesday."


class FragileStage:
    """A stage with a bug: any article that mentions a glitch crashes it."""

    name: ClassVar[str] = "fragile"
    requires: ClassVar[tuple[str, ...]] = ("sentences",)
    assigns: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> FragileStage:
        return cls()

    def __call__(self, doc: Document) -> Document:
        if "glitch" in doc.article.text:
            raise RecursionError("maximum recursion depth exceeded")
        if "bug" in doc.article.text:
            raise ZeroDivisionError("division by zero")
        return doc


@pytest.fixture
def fragile(settings: Settings) -> Iterator[Settings]:
    register_stage("fragile", f"{__name__}:FragileStage")
    stages = (*settings.pipeline.stages, "fragile")
    yield settings.model_copy(
        update={"pipeline": settings.pipeline.model_copy(update={"stages": stages})}
    )
    BUILTIN_STAGES.pop("fragile", None)


def _articles() -> list[Article]:
    texts = [TEXT, TEXT + " A glitch was reported.", TEXT + " Nobody saw a bug.", TEXT + " Again."]
    return [Article(id=f"a{n}", text=t, source=f"s{n}.txt") for n, t in enumerate(texts)]


def test_a_broken_article_fails_alone(fragile: Settings) -> None:
    batch = Processor(fragile).process_isolated(_articles())
    assert [d.article.id for d in batch.documents] == ["a0", "a3"]
    assert [(e.source, e.code) for e in batch.errors] == [("s1.txt", "N010"), ("s2.txt", "N010")]
    assert "nested too deeply" in batch.errors[0].message
    assert "ZeroDivisionError: division by zero" in batch.errors[1].message


def test_batches_carry_their_errors(fragile: Settings) -> None:
    batches = list(process_batches([_articles()[:2], _articles()[2:]], settings=fragile, workers=1))
    assert [len(b.documents) for b in batches] == [1, 1]
    assert [len(b.errors) for b in batches] == [1, 1]


def test_the_run_stores_the_others_and_lists_the_failure(tmp_path: Path, fragile: Settings) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for article in _articles():
        (folder / article.source).write_text(f"Headline\n\n{article.text}", "utf-8")
    db = tmp_path / "run.duckdb"
    summary = analyze([str(folder)], db=db, settings=fragile)
    assert summary.articles_added == 2
    assert sorted(e.code for e in summary.errors) == ["N010", "N010"]
    with Database(db, read_only=True) as database:
        assert database.count("articles") == 2
        codes = database.query("SELECT code FROM ingest_errors ORDER BY source")
    assert codes == [("N010",), ("N010",)]


def test_documents_are_signed_where_they_are_analysed(full_processor: Processor) -> None:
    # The stories finalizer's MinHash is computed by the worker that analyses the article,
    # not by the one writer; without that finalizer nothing is signed.
    from tocsin.config import load_settings
    from tocsin.minhash import DedupParams, signatures

    article = Article(id="s", text=TEXT, source="s.txt")
    (doc,) = full_processor.process([article])
    params = DedupParams.from_settings(full_processor.settings)
    assert doc.signature is not None
    assert doc.signature == signatures([TEXT], params)[0]
    plain = load_settings(config_file=None, overrides={"pipeline.finalizers": []})
    (unsigned,) = Processor(plain).process([article])
    assert unsigned.signature is None
