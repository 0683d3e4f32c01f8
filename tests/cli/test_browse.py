"""`tocsin events`, `errors` and `export` as an analyst reads them in an 80-column terminal
(the demo database: the real pipeline on examples/ plus tests/api/demo.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import tocsin
from tocsin.cli import app
from tocsin.errors import ConfigError, StoreError
from tocsin.records import IngestError
from tocsin.store import Database, record_errors

WIDTH = 80


def run(*args: str, width: int = WIDTH) -> str:
    """The command's stdout at ``width`` columns (exit status 0 asserted)."""
    result = CliRunner(env={"COLUMNS": str(width)}).invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def fails(*args: str) -> BaseException:
    """The error a command stops with."""
    result = CliRunner(env={"COLUMNS": str(WIDTH)}).invoke(app, list(args))
    assert result.exit_code != 0
    assert result.exception is not None
    return result.exception


def words_whole(text: str, out: str) -> list[str]:
    """The words of ``text`` that no line of ``out`` holds whole (split across lines)."""
    tokens = set(re.findall(r"\S+", out.replace("*", "")))
    return [w for w in text.split() if w not in tokens and not any(w in t for t in tokens)]


def test_events_read_well_at_80_columns(demo_db: Path) -> None:
    out = run("events", "--db", str(demo_db), "--source", "VEN", "--limit", "12")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    assert "None" not in out
    assert "['" not in out
    header = next(line for line in lines if line.startswith("day "))
    assert header.split() == ["day", "source", "target", "type", "flags", "int.", "outlets"]
    with tocsin.open(demo_db) as db:
        shown = db.events(source="VEN", limit=12).records()
    for ev in shown:
        assert words_whole(ev["text"], out) == [], ev["text"]  # no word broken across lines
        assert ev["outlet"] in out
        assert f"*{ev['event_text']}*" in out.replace("\n    ", " ")  # the trigger, marked


def test_events_use_a_wider_terminal(demo_db: Path) -> None:
    narrow = run("events", "--db", str(demo_db), "--limit", "10")
    wide = run("events", "--db", str(demo_db), "--limit", "10", width=160)
    assert len(wide.splitlines()) < len(narrow.splitlines())
    assert max(len(line) for line in wide.splitlines()) > WIDTH


def test_the_day_shown_is_the_day_rows_are_sorted_by(demo_db: Path) -> None:
    out = run("events", "--db", str(demo_db), "--limit", "200")
    days = re.findall(r"^(~?)(\d{4}-\d\d-\d\d) ", out, flags=re.MULTILINE)
    assert [d for _, d in days] == sorted(d for _, d in days)
    with tocsin.open(demo_db) as db:
        rows = db.events(limit=200).records()
    assert [(m, d) for m, d in days] == [
        ("" if e["event_date"] else "~", e["day"].isoformat()) for e in rows
    ]
    assert "~ the article's publication" in out


def test_one_flags_column(demo_db: Path) -> None:
    out = run("events", "--db", str(demo_db), "--limit", "300", "--actor", "RUS,VEN")
    assert re.search(r"THREATEN .*\bnuc\b", out)  # the hand-coded nuclear threats
    assert "neg" in out  # and the negated one
    assert "False" not in out
    assert "True" not in out


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (("--actor", "XYZ"), "unknown actor code 'XYZ'"),
        (("--actor", "VENN"), "closest: VEN"),
        (("--type", "THREATENS"), "unknown PLOVER type 'THREATENS' (closest: THREATEN"),
        (("--source", "GUYY"), "closest: GUY"),
    ],
)
def test_unknown_codes_are_errors(demo_db: Path, args: tuple[str, ...], wanted: str) -> None:
    exc = fails("events", "--db", str(demo_db), *args)
    assert isinstance(exc, ConfigError)
    assert exc.code == "C015"
    assert wanted in exc.message


def test_search_the_sentences(demo_db: Path) -> None:
    out = run("events", "--db", str(demo_db), "--search", '"act of war"', "-f", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows
    assert all("act of war" in r["text"].lower() for r in rows)


def test_jsonl_carries_the_export_columns(demo_db: Path) -> None:
    out = run("events", "--db", str(demo_db), "-n", "1", "-f", "jsonl")
    row = json.loads(out)
    for column in ("day", "outlet", "url", "quad_class", "goldstein", "cameo", "num_sources"):
        assert column in row


def test_export_takes_the_event_filters(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "assaults.csv"
    run("export", str(out), "--db", str(demo_db), "--type", "ASSAULT", "--source", "VEN")
    rows = duckdb.connect().execute(f"SELECT source_code, type, outlet FROM '{out}'").fetchall()
    assert rows
    assert {(s, t) for s, t, _ in rows} == {("VEN", "ASSAULT")}
    assert all(outlet for *_, outlet in rows)


def test_export_to_an_unsupported_format_says_so(demo_db: Path, tmp_path: Path) -> None:
    exc = fails("export", str(tmp_path / "ev.xlsx"), "--db", str(demo_db))
    assert isinstance(exc, StoreError)
    assert exc.code == "S004"
    assert "unsupported format 'xlsx'" in exc.message
    assert "csv" in exc.fix
    assert not (tmp_path / "ev.xlsx").exists()


def test_errors_have_a_limit(tmp_path: Path) -> None:
    path = tmp_path / "errors.duckdb"
    with Database(path) as db:
        record_errors(db, [
            IngestError(source=f"dump.jsonl#L{i}", code="I006", message=f"dump.jsonl#L{i}: bad "
                        "line (Expecting value at column 1), a message long enough to wrap")
            for i in range(30)
        ])  # fmt: skip
    out = run("errors", "--db", str(path), "--limit", "5")
    assert out.count("I006") == 5
    assert "25 more (--limit 30 shows them all)" in out
    assert max(len(line) for line in out.splitlines()) <= WIDTH
