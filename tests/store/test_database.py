"""The DuckDB store: migrations, idempotent writes, errors upserted, one clear lock error."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from tocsin.errors import StoreError
from tocsin.records import Actor, Article, Document, Event, IngestError, Sentence
from tocsin.store import Database, latest_version, record_errors, write_documents
from tocsin.store.database import migrations
from tocsin.store.export import export_table


def _doc(article_id: str = "a1") -> Document:
    art = Article(id=article_id, text="Russia struck Kyiv.", source="x.txt",
                  published=dt.date(2025, 1, 2))  # fmt: skip
    ev = Event(article_id=article_id, sentence_index=0, type="ASSAULT",
               source=Actor(code="RUS"), target=Actor(code="UKR"), date=art.published)  # fmt: skip
    sent = Sentence(article_id=article_id, index=0, start=0, end=19, text=art.text)
    return Document(article=art, sentences=[sent], events=[ev])


def test_new_file_is_migrated(db: Database) -> None:
    assert db.schema_version == latest_version()
    assert db.count("articles") == 0


def _file_with_migrations(path: Path, versions: set[int]) -> None:
    """A database file as an older (or parallel-branch) tocsin left it: only ``versions``
    of the packaged migrations applied, in order."""
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    for version, name, sql in migrations():
        if version in versions:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    con.close()


@pytest.mark.parametrize(
    "applied",
    [
        pytest.param({1, 2, 3}, id="before-every-merged-branch"),
        # written by a tocsin with the alert-evidence and sentence-kind migrations but not
        # the run state (0010): a lower number than the file's version is still applied
        pytest.param({1, 2, 3, 30, 40}, id="without-a-lower-numbered-migration"),
        pytest.param({1, 2, 3, 10}, id="with-run-state-only"),
    ],
)
def test_older_files_get_every_missing_migration(tmp_path: Path, applied: set[int]) -> None:
    path = tmp_path / "old.duckdb"
    _file_with_migrations(path, applied)
    with Database(path, read_only=True) as old:  # read-only: shown as it is, not migrated
        assert old.pending_migrations()
    with Database(path) as db:
        assert not db.pending_migrations()
        versions = [r[0] for r in db.query("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == [m[0] for m in migrations()]
        assert db.schema_version == latest_version()
        # what 0010, 0030 and 0040 add is there, and the run bookkeeping works
        assert db.count("finalizer_state") == 0
        write_documents(db, [_doc()])
        assert db.query("SELECT kind FROM sentences") == [("body",)]
        assert {r[0] for r in db.query("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_name = 'runs'")} >= {"status"}  # fmt: skip


def test_writes_are_idempotent(db: Database) -> None:
    first = write_documents(db, [_doc(), _doc("a2")])
    assert first["articles"] == 2
    assert first["events"] == 2
    again = write_documents(db, [_doc()])
    assert again["articles"] == 0
    assert again["events"] == 0
    assert db.count("events") == 2


def test_failed_transaction_rolls_back(db: Database) -> None:
    write_documents(db, [_doc()])

    def fail() -> None:
        with db.transaction() as con:
            con.execute("DELETE FROM articles")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        fail()
    assert db.count("articles") == 1
    assert db.count("schema_version") >= 1


def test_ingest_errors_are_upserted(db: Database) -> None:
    err = IngestError(source="bad.json", record="L3", code="I006", message="malformed")
    record_errors(db, [err])
    record_errors(db, [err])
    assert db.count("ingest_errors") == 1


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    Database(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version, name) VALUES (999, '9999_future.sql')")
    con.close()
    with pytest.raises(StoreError) as exc:
        Database(path)
    assert exc.value.code == "S002"


def test_missing_database_read_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as exc:
        Database(tmp_path / "none.duckdb", read_only=True)
    assert exc.value.code == "S003"


def test_memory_limit_caps_duckdb(tmp_path: Path) -> None:
    path = tmp_path / "capped.duckdb"
    with Database(path, memory_limit="64MB") as db:
        assert db.query("SELECT current_setting('memory_limit')") == [("61.0 MiB",)]
        write_documents(db, [_doc()])
    with Database(path, read_only=True, memory_limit="1.5GiB") as db:
        assert db.query("SELECT current_setting('memory_limit')") == [("1.5 GiB",)]
    with pytest.raises(ValueError, match="memory size"):
        Database(path, memory_limit="64MB'; DROP TABLE articles; --")
    with Database(path, read_only=True) as db:
        assert db.count("articles") == 1


def _duckdb_mb(db: Database) -> float:
    rows = db.query("SELECT sum(memory_usage_bytes) FROM duckdb_memory()")
    return float(rows[0][0] or 0) / 1e6


def _long_docs(prefix: str, n: int = 6000) -> list[Document]:
    """Articles with 3 KB of text each that DuckDB cannot compress much: ~18 MB in all."""
    docs = []
    for i in range(n):
        text = " ".join(hashlib.sha256(f"{prefix}{i}/{k}".encode()).hexdigest() for k in range(46))
        art = Article(id=f"{prefix}{i}", text=text, source="x.txt", published=dt.date(2025, 1, 2))
        docs.append(Document(article=art))
    return docs


FLOOR_MB = 8.4  # RELEASE_FLOOR is 8 MB (DuckDB: 8,000,000 bytes); a little room above it


@pytest.mark.parametrize("limit", ["", "256MB"])
def test_release_cache_hands_memory_back_and_keeps_the_limit(tmp_path: Path, limit: str) -> None:
    with Database(tmp_path / "cache.duckdb", memory_limit=limit) as db:
        before = db.query("SELECT current_setting('memory_limit')")
        write_documents(db, _long_docs("a"))  # written blocks and indexes, not yet on disk
        assert _duckdb_mb(db) > 2 * FLOOR_MB
        db.release_cache()
        assert _duckdb_mb(db) <= FLOOR_MB
        db.query("SELECT * FROM articles")
        assert _duckdb_mb(db) > FLOOR_MB + 1  # the blocks read are cached again
        db.release_cache()
        db.release_cache()  # nothing left to evict: the limit is still set back
        assert _duckdb_mb(db) <= FLOOR_MB
        assert db.query("SELECT current_setting('memory_limit')") == before
        assert db.count("articles") == 6000  # reads go on, under the old limit


def test_written_releases_only_within_releasing(tmp_path: Path) -> None:
    with Database(tmp_path / "runs.duckdb") as db:
        write_documents(db, _long_docs("a"))
        db.written()  # outside a run's block (tocsin watch): the cache stays
        assert _duckdb_mb(db) > 2 * FLOOR_MB
        with db.releasing():
            with db.releasing(False):
                db.written()
                assert _duckdb_mb(db) > 2 * FLOOR_MB
            db.written()  # the outer block is back in force
            assert _duckdb_mb(db) <= FLOOR_MB
            write_documents(db, _long_docs("b"))
        db.written()
        assert _duckdb_mb(db) > 2 * FLOOR_MB


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_export_formats(db: Database, tmp_path: Path, suffix: str) -> None:
    write_documents(db, [_doc()])
    out = tmp_path / f"events.{suffix}"
    assert export_table(db, "events", out) == 1
    back = duckdb.connect().execute(f"SELECT count(*) FROM '{out}'").fetchone()
    assert back == (1,)


def test_plover_export_matches_contract(db: Database, tmp_path: Path) -> None:
    write_documents(db, [_doc()])
    out = tmp_path / "plover.jsonl"
    export_table(db, "events", out, plover=True)
    rec = json.loads(out.read_text().splitlines()[0])
    assert rec["doc_id"] == "a1"
    assert rec["actor"][0]["code"] == "RUS"
    assert rec["recipient"][0]["code"] == "UKR"
    assert rec["event"] == "ASSAULT"
