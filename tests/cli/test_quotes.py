"""``tocsin quotes`` and ``TocsinDB.quotes``: filters, formats, the pipeline's own rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tocsin.cli import app
from tocsin.query import QuoteFilter
from tocsin.query import open as open_db
from tocsin.records import Actor, Article, Document, Quote
from tocsin.store import Database
from tocsin.store.writer import write_documents

TEXT_A = (
    '"If they cross the line, we will answer," President Vladimir Putin said. '
    "Putin's spokesman said the talks were over."
)
TEXT_B = 'Foreign Minister Ana Putina called the plan "a 100% disaster".'


def _quote(article: str, text: str, start: int, **fields: object) -> Quote:
    return Quote(article_id=article, sentence_index=0, start=start, end=start + len(text),
                 text=text, **fields)  # type: ignore[arg-type]  # fmt: skip


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    """A database holding two articles and their quotes, written by the real writer."""
    rus = Actor(code="RUS", sector="GOV", name="Vladimir Putin", kind="person")
    a = Document(
        article=Article(id="a", text=TEXT_A, source="t", published=dt.date(2025, 3, 1)),
        quotes=[
            _quote("a", "If they cross the line, we will answer", 1, kind="direct",
                   speaker="Vladimir Putin", speaker_actor=rus, cue="say", confidence=0.9),
            _quote("a", "the talks were over", TEXT_A.index("the talks"), kind="indirect",
                   speaker="Putin's spokesman", speaker_actor=Actor(code="RUS", sector="GOV"),
                   cue="say", confidence=0.8),
        ],
    )  # fmt: skip
    b = Document(
        article=Article(id="b", text=TEXT_B, source="t", published=dt.date(2025, 3, 2)),
        quotes=[
            _quote("b", "a 100% disaster", TEXT_B.index("a 100%"), kind="partial",
                   speaker="Ana Putina", speaker_actor=Actor(code="SRB", sector="GOV"),
                   cue="call", confidence=0.7),
        ],
    )  # fmt: skip
    path = tmp_path / "q.duckdb"
    with Database(path) as db:
        write_documents(db, [a, b])
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, ["quotes", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _jsonl(*args: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in _run(*args, "--format", "jsonl").splitlines()]


@pytest.mark.parametrize(
    ("speaker", "texts"),
    [
        ("putin", ["If they cross the line, we will answer"]),  # a surname alone, any case
        ("VLADIMIR PUTIN", ["If they cross the line, we will answer"]),
        ("Putina", ["a 100% disaster"]),  # a word, not a prefix: "putin" does not find her
        ("spokesman", ["the talks were over"]),
        ("put", []),
        ("%", []),  # LIKE wildcards are taken literally
    ],
)
def test_speaker_matches_whole_words(dbfile: Path, speaker: str, texts: list[str]) -> None:
    rows = _jsonl("--db", str(dbfile), "--speaker", speaker)
    assert [r["text"] for r in rows] == texts


def test_filters_and_order(dbfile: Path) -> None:
    rows = _jsonl("--db", str(dbfile))
    assert [r["article_id"] for r in rows] == ["b", "a", "a"]  # newest article first
    assert rows[0]["published"] == "2025-03-02"
    assert {r["kind"] for r in _jsonl("--db", str(dbfile), "--actor", "rus")} == {
        "direct",
        "indirect",
    }
    assert [r["kind"] for r in _jsonl("--db", str(dbfile), "--kind", "partial")] == ["partial"]
    assert [
        r["article_id"] for r in _jsonl("--db", str(dbfile), "--article", "a", "--limit", "1")
    ] == ["a"]
    assert len(_jsonl("--db", str(dbfile), "--min-confidence", "0.75")) == 2


def test_csv_and_table(dbfile: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("--db", str(dbfile), "--format", "csv"))))
    assert rows[0]["speaker_code"] == "SRB"
    assert set(rows[0]) >= {"text", "kind", "speaker", "speaker_code", "speaker_sector", "cue"}
    table = _run("--db", str(dbfile), "--speaker", "putin")
    assert "Putin" in table
    assert "direct" in table
    assert "Putina" not in table


def test_bad_kind_is_a_usage_error(dbfile: Path) -> None:
    result = CliRunner().invoke(app, ["quotes", "--db", str(dbfile), "--kind", "rumour"])
    assert result.exit_code == 2


def test_query_api(dbfile: Path) -> None:
    with open_db(dbfile) as tdb:
        assert tdb.count_quotes() == 3
        assert tdb.count_quotes(QuoteFilter(speaker="putin", kind="direct,indirect")) == 1
        table = tdb.quotes(QuoteFilter(actor="srb"))
        assert [r["speaker"] for r in table] == ["Ana Putina"]
        assert table.records()[0]["article_title"] is None


def test_pipeline_rows_through_the_cli(tmp_path: Path) -> None:
    """``tocsin analyze`` with the packaged stages, then ``tocsin quotes``."""
    source = tmp_path / "a.txt"
    source.write_text(
        "Russian President Vladimir Putin spoke on Tuesday.\n\n"
        '"We will not allow this," Putin told reporters.\n',
        encoding="utf-8",
    )
    db = tmp_path / "p.duckdb"
    result = CliRunner().invoke(app, ["analyze", "--quiet", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = _jsonl("--db", str(db), "--speaker", "PUTIN", "--kind", "direct")
    assert [(r["text"], r["speaker"], r["speaker_code"]) for r in rows] == [
        ("We will not allow this", "Vladimir Putin", "RUS")
    ]
