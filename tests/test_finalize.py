"""Crash-safe finalizers: a run killed anywhere (kill -9, inside a finalizer's transaction
included) and run again ends exactly where a clean run ends; stale derived tables are
rebuilt; ``tocsin rebuild`` rebuilds on demand.

The corpus is the red-line story of tests/data/redlines (a ledger with a crossing and a
followed consequence), analysed in batches of three articles, each written in its own
transaction, so that a run has batches to be killed between, and clustered into stories
three articles at a time so that the stories finalizer has committed chunks to be killed
between.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tocsin.cli import app
from tocsin.config import Settings, load_settings
from tocsin.records import Article, Document
from tocsin.runner import analyze
from tocsin.store import Database, write_documents
from tocsin.store.fingerprint import TableFingerprint, differences, fingerprints

STORY = ROOT / "tests" / "data" / "redlines" / "story.jsonl"
CONFIG = (
    "[pipeline]\nbatch_articles = 3\n[dedup]\nchunk_articles = 3\n[store]\nwrite_articles = 1\n"
)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("finalize") / "tocsin.toml"
    path.write_text(CONFIG, "utf-8")
    return path


@pytest.fixture(scope="module")
def small_batches(config: Path) -> Settings:
    return load_settings(config_file=config)


@pytest.fixture(scope="module")
def clean(
    tmp_path_factory: pytest.TempPathFactory, small_batches: Settings
) -> tuple[Path, dict[str, TableFingerprint]]:
    """The database of one uninterrupted run, and its fingerprints."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    summary = analyze([str(STORY)], db=db, settings=small_batches)
    assert summary.articles_added == 8
    with Database(db, read_only=True) as database:
        prints = fingerprints(database)
    assert prints["redlines"].rows > 0
    assert prints["redline_crossings"].rows > 0
    return db, prints


def _fingerprints(db: Path) -> dict[str, TableFingerprint]:
    with Database(db, read_only=True) as database:
        return fingerprints(database)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("target", "nth"),
    [
        ("tocsin.finalize:run_finalizers", 1),  # after the last batch: the probe's case
        ("tocsin.dedup:_store_stories", 2),  # the second chunk of stories, the first committed
        ("tocsin.dedup:_replace_groups", 1),  # inside the stories finalizer's transaction
        ("tocsin.monitor.redlines:_redline_row", 2),  # inside the ledger's transaction
        ("tocsin.store.writer:insert_rows", 12),  # inside the second batch's transaction
    ],
)
def test_a_run_killed_anywhere_ends_like_a_clean_run_when_run_again(
    tmp_path: Path,
    config: Path,
    small_batches: Settings,
    clean: tuple[Path, dict[str, TableFingerprint]],
    target: str,
    nth: int,
) -> None:
    db = tmp_path / "killed.duckdb"
    killed = subprocess.run(
        [sys.executable, "-m", "tests.killpoint", target, str(nth), "--", "analyze",
         str(STORY), "--db", str(db), "--config", str(config), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    assert _fingerprints(db) != clean[1]  # the kill left something undone
    summary = analyze([str(STORY)], db=db, settings=small_batches)
    assert len(summary.recovered_runs) == 1
    assert summary.rebuilt == list(small_batches.pipeline.finalizers)
    assert differences(_fingerprints(db), clean[1]) == []
    again = analyze([str(STORY)], db=db, settings=small_batches)
    assert again.recovered_runs == []
    assert again.rebuilt == []
    with Database(db, read_only=True) as database:
        statuses = sorted(r[0] for r in database.query("SELECT status FROM runs"))
    assert statuses == ["done", "done", "interrupted"]


def test_tables_left_stale_by_another_writer_are_rebuilt(
    tmp_path: Path, small_batches: Settings, clean: tuple[Path, dict[str, TableFingerprint]]
) -> None:
    db = tmp_path / "stale.duckdb"
    shutil.copy(clean[0], db)
    extra = Article(id="extra", text="Talks on the strait resumed on Monday.", source="plugin")
    with Database(db) as database:
        write_documents(database, [Document(article=extra)])  # no finalizer after it
    summary = analyze([str(STORY)], db=db, settings=small_batches)
    assert summary.articles_added == 0
    assert set(summary.rebuilt) == set(small_batches.pipeline.finalizers)
    with Database(db, read_only=True) as database:
        story = database.query("SELECT story_id FROM articles WHERE id = 'extra'")[0][0]
    assert story is not None


def test_rebuild_restores_every_derived_table(
    tmp_path: Path, clean: tuple[Path, dict[str, TableFingerprint]], config: Path
) -> None:
    db = tmp_path / "damaged.duckdb"
    shutil.copy(clean[0], db)
    with Database(db) as database, database.transaction() as con:
        for table in ("redlines", "redline_statements", "redline_crossings",
                      "redline_consequences", "event_groups", "event_group_members",
                      "article_signatures"):  # fmt: skip
            con.execute(f"DELETE FROM {table}")
        con.execute("UPDATE articles SET story_id = NULL")
    assert _fingerprints(db) != clean[1]
    result = CliRunner().invoke(app, ["rebuild", "--db", str(db), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "redlines:" in result.output
    assert differences(_fingerprints(db), clean[1]) == []


def test_rebuild_of_a_missing_database_is_s003(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["rebuild", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert getattr(result.exception, "code", None) == "S003"
