"""``tocsin analyze`` over real inputs: stored counts, idempotent re-runs, exit status."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tests.conftest import shared_path
from tests.ingest.test_sgml import SAMPLE
from tocsin.cli import app


def analyze(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["analyze", "--quiet", *args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def stored(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
    assert row is not None
    return int(row[0])


def test_reuters_sgml_through_the_cli(tmp_path: Path) -> None:
    source = tmp_path / "reut2-999.sgm"
    source.write_bytes(SAMPLE)
    db = tmp_path / "r.duckdb"
    code, output = analyze(str(source), "--db", str(db))
    assert code == 0, output
    assert stored(db) == 3
    renamed = tmp_path / "wire.dump"
    renamed.write_bytes(SAMPLE)
    code, output = analyze(str(renamed), "--format", "sgml", "--db", str(db))
    assert code == 0, output
    assert stored(db) == 3  # same NEWIDs: nothing new
    assert "added 0" in output


def test_stdin_through_the_cli(tmp_path: Path) -> None:
    records = (
        b'{"id": "a1", "text": "Marenta recalled its ambassador to Veloria on Friday.", '
        b'"date": "2025-03-07", "outlet": "Test Desk"}\n'
        b'{"id": "a2", "text": "Kestria offered to mediate between its two neighbours."}\n'
        b"{broken\n"
    )
    db = tmp_path / "s.duckdb"
    code, output = analyze("-", "--id-field", "id", "--db", str(db), stdin=records)
    assert code == 0, output
    assert stored(db) == 2
    assert "I006" in output
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "SELECT source, outlet, published FROM articles ORDER BY source"
        ).fetchone()
    assert row is not None
    assert row[0] == "-#L1"
    assert row[1] == "Test Desk"
    assert str(row[2]) == "2025-03-07"


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    code, output = analyze(str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.duckdb"))
    assert code == 1
    assert "I001" in output


@pytest.mark.shared
@pytest.mark.slow
def test_bbc_politics_stores_417_articles_and_a_rerun_adds_none(tmp_path: Path) -> None:
    folder = shared_path("corpora", "bbc-news-raw", "politics")
    db = tmp_path / "bbc.duckdb"
    # Parse only: this checks reading and storing, and stays ~1 min as stages are added.
    config = tmp_path / "tocsin.toml"
    config.write_text("[pipeline]\nstages = []\nfinalizers = []\n")
    options = ("--db", str(db), "--config", str(config))
    code, output = analyze(str(folder), *options)
    assert code == 0, output
    assert stored(db) == 417
    code, output = analyze(str(folder), *options)
    assert code == 0, output
    assert "added 0" in output
    assert "skipped 417 already stored" in output
    assert stored(db) == 417
